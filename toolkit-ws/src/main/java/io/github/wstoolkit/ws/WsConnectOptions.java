package io.github.wstoolkit.ws;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * How to open a {@link WsConnection}.
 *
 * @param uri the endpoint; {@code ws://} or {@code wss://} ({@code http://} and {@code https://} are taken as
 *     {@code ws://} and {@code wss://}, as Node's {@code ws} library does)
 * @param headers handshake request headers, sent as given (a {@code Sec-WebSocket-Protocol} entry is an ordinary
 *     header, not a subprotocol)
 * @param subprotocols subprotocols offered in the handshake, in preference order
 * @param connectTimeout how long the TCP connect, TLS and HTTP upgrade may take together
 * @param maxMessageSize the largest text or binary message accepted, in bytes; a bigger one closes the connection
 *     with 1009 as soon as its frame header announces it
 * @param tlsHandshakeTimeout for {@code wss://}: how long the TLS handshake may take once the TCP connection is up
 *     (never more than {@code connectTimeout}); a server that does not answer it in time (a plain port, for
 *     instance) fails the connect as a TLS failure instead of waiting for the whole connect timeout
 */
public record WsConnectOptions(
        URI uri,
        Map<String, String> headers,
        List<String> subprotocols,
        Duration connectTimeout,
        int maxMessageSize,
        Duration tlsHandshakeTimeout) {

    /** Default {@link #connectTimeout()}: 30 seconds. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(30);

    /** Default {@link #maxMessageSize()}: 16 MiB. */
    public static final int DEFAULT_MAX_MESSAGE_SIZE = 16 * 1024 * 1024;

    /** Default {@link #tlsHandshakeTimeout()}: 10 seconds. */
    public static final Duration DEFAULT_TLS_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

    public WsConnectOptions {
        Objects.requireNonNull(uri, "uri");
        headers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        subprotocols = List.copyOf(subprotocols);
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("connectTimeout must be positive");
        }
        if (maxMessageSize <= 0) {
            throw new IllegalArgumentException("maxMessageSize must be positive");
        }
        Objects.requireNonNull(tlsHandshakeTimeout, "tlsHandshakeTimeout");
        if (tlsHandshakeTimeout.isNegative() || tlsHandshakeTimeout.isZero()) {
            throw new IllegalArgumentException("tlsHandshakeTimeout must be positive");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!List.of("ws", "wss", "http", "https").contains(scheme)) {
            throw new IllegalArgumentException(
                    "The URL's protocol must be one of \"ws:\", \"wss:\", \"http:\", or \"https:\"");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("The URL has no host");
        }
    }

    /** Options with the default {@link #tlsHandshakeTimeout()}. */
    public WsConnectOptions(
            URI uri,
            Map<String, String> headers,
            List<String> subprotocols,
            Duration connectTimeout,
            int maxMessageSize) {
        this(uri, headers, subprotocols, connectTimeout, maxMessageSize, DEFAULT_TLS_HANDSHAKE_TIMEOUT);
    }

    /** The URI with {@code http(s)} replaced by {@code ws(s)}. */
    public URI webSocketUri() {
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("http") || scheme.equals("https")) {
            return URI.create(
                    (scheme.equals("http") ? "ws" : "wss") + uri.toString().substring(scheme.length()));
        }
        return uri;
    }

    public static Builder builder(URI uri) {
        return new Builder(uri);
    }

    /** Builds {@link WsConnectOptions}: no headers, no subprotocols, the default timeout and size limit. */
    public static final class Builder {
        private final URI uri;
        private Map<String, String> headers = Map.of();
        private List<String> subprotocols = List.of();
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private int maxMessageSize = DEFAULT_MAX_MESSAGE_SIZE;
        private Duration tlsHandshakeTimeout = DEFAULT_TLS_HANDSHAKE_TIMEOUT;

        private Builder(URI uri) {
            this.uri = Objects.requireNonNull(uri, "uri");
        }

        public Builder headers(Map<String, String> headers) {
            this.headers = Objects.requireNonNull(headers, "headers");
            return this;
        }

        public Builder subprotocols(List<String> subprotocols) {
            this.subprotocols = Objects.requireNonNull(subprotocols, "subprotocols");
            return this;
        }

        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout");
            return this;
        }

        public Builder maxMessageSize(int maxMessageSize) {
            this.maxMessageSize = maxMessageSize;
            return this;
        }

        /**
         * See {@link WsConnectOptions#tlsHandshakeTimeout()}.
         *
         * @return this builder
         */
        public Builder tlsHandshakeTimeout(Duration tlsHandshakeTimeout) {
            this.tlsHandshakeTimeout = Objects.requireNonNull(tlsHandshakeTimeout, "tlsHandshakeTimeout");
            return this;
        }

        /** @throws IllegalArgumentException for a scheme other than ws, wss, http, https, or no host */
        public WsConnectOptions build() {
            return new WsConnectOptions(
                    uri, headers, subprotocols, connectTimeout, maxMessageSize, tlsHandshakeTimeout);
        }
    }
}
