package io.github.wstoolkit.realtime;

import io.github.wstoolkit.api.ConfigException;
import io.github.wstoolkit.api.Frame;
import io.github.wstoolkit.api.ProviderException;
import io.github.wstoolkit.realtime.internal.Endpoint;
import io.github.wstoolkit.realtime.internal.Models;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How to open a {@link RealtimeSession}: the endpoint and handshake headers, computed from a model, an API key and
 * an API base URL as the provider does (see docs/openai-realtime.md), or given outright.
 *
 * <pre>{@code
 * RealtimeOptions options = RealtimeOptions.builder()
 *         .model("gpt-realtime")
 *         .apiKey(System.getenv("OPENAI_API_KEY"))
 *         .build(); // wss://api.openai.com/v1/realtime?model=gpt-realtime, Authorization: Bearer ...
 * }</pre>
 */
public final class RealtimeOptions {

    /** The handshake may take this long by default (promptfoo's {@code handshakeTimeout}). */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final URI uri;
    private final Map<String, String> headers;
    private final Duration connectTimeout;
    private final Optional<RealtimeSession.Listener> listener;
    private final Optional<FrameObserver> frameObserver;
    private final List<String> secrets;

    private RealtimeOptions(Builder b, URI uri, Map<String, String> headers, List<String> secrets) {
        this.uri = uri;
        this.headers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        this.connectTimeout = b.connectTimeout;
        this.listener = Optional.ofNullable(b.listener);
        this.frameObserver = Optional.ofNullable(b.frameObserver);
        this.secrets = List.copyOf(secrets);
    }

    /** The WebSocket URL; may hold a gateway's query credentials, so do not print it. */
    public URI uri() {
        return uri;
    }

    /** The handshake headers; may hold secrets, so do not print them. */
    public Map<String, String> headers() {
        return headers;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** The listener that receives events instead of {@link RealtimeSession#next}, if any. */
    public Optional<RealtimeSession.Listener> listener() {
        return listener;
    }

    public Optional<FrameObserver> frameObserver() {
        return frameObserver;
    }

    /** Values to keep out of messages (the key, secret header values). */
    List<String> secrets() {
        return secrets;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Sees every frame sent and received, on the thread that sends or receives it. */
    @FunctionalInterface
    public interface FrameObserver {
        /**
         * @param direction sent or received
         * @param text the frame's text (a binary frame is previewed as hex)
         * @param size the payload size in bytes
         */
        void onFrame(Frame.Direction direction, String text, int size);
    }

    /**
     * Builds {@link RealtimeOptions}. Without {@link #uri(URI)} the URL and headers are computed from the model, key,
     * base URL and headers (the environment's {@code OPENAI_API_KEY} and {@code OPENAI_BASE_URL} apply when not
     * given).
     */
    public static final class Builder {
        private final Map<String, Object> config = new LinkedHashMap<>();
        private final Map<String, String> extraHeaders = new LinkedHashMap<>();
        private String model = Models.DEFAULT_MODEL;
        private URI uri;
        private Map<String, String> env = System.getenv();
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private RealtimeSession.Listener listener;
        private FrameObserver frameObserver;
        private String clientSecret;

        private Builder() {}

        /**
         * The model ({@code gpt-realtime-1.5} by default).
         *
         * @return this builder
         */
        public Builder model(String model) {
            this.model = Objects.requireNonNull(model, "model");
            return this;
        }

        public Builder apiKey(String apiKey) {
            config.put("apiKey", apiKey);
            return this;
        }

        /**
         * The API base ({@code https://api.openai.com/v1} by default); {@code https} becomes {@code wss}.
         *
         * @return this builder
         */
        public Builder apiBaseUrl(String apiBaseUrl) {
            config.put("apiBaseUrl", apiBaseUrl);
            return this;
        }

        public Builder organization(String organization) {
            config.put("organization", organization);
            return this;
        }

        /**
         * A handshake header; replaces a computed one of the same name (case-insensitive).
         *
         * @return this builder
         */
        public Builder header(String name, String value) {
            extraHeaders.put(Objects.requireNonNull(name), Objects.requireNonNull(value));
            return this;
        }

        /**
         * The environment the key and base URL are read from when not given (the process environment by default).
         *
         * @return this builder
         */
        public Builder env(Map<String, String> env) {
            this.env = Map.copyOf(env);
            return this;
        }

        /**
         * Connect with an ephemeral client secret instead of an API key: {@code <base>/realtime/socket?client_secret=}
         * with no {@code Authorization} header (the secret is in the URL, which is never printed).
         * @return this builder
         */
        public Builder clientSecret(String clientSecret) {
            this.clientSecret = Objects.requireNonNull(clientSecret, "clientSecret");
            return this;
        }

        /**
         * Connect exactly here, with only the {@link #header headers} given (no computed ones).
         *
         * @return this builder
         */
        public Builder uri(URI uri) {
            this.uri = uri;
            return this;
        }

        public Builder connectTimeout(Duration connectTimeout) {
            if (connectTimeout.isNegative() || connectTimeout.isZero()) {
                throw new IllegalArgumentException("connectTimeout must be positive");
            }
            this.connectTimeout = connectTimeout;
            return this;
        }

        /**
         * Deliver events to this listener (on the socket's thread) instead of queueing them for {@code next}.
         *
         * @return this builder
         */
        public Builder listener(RealtimeSession.Listener listener) {
            this.listener = listener;
            return this;
        }

        public Builder frameObserver(FrameObserver frameObserver) {
            this.frameObserver = frameObserver;
            return this;
        }

        /**
         * @throws ConfigException when no API key is set (promptfoo's message) or the base URL is not a URL
         */
        public RealtimeOptions build() {
            if (uri != null) {
                List<String> secrets = new ArrayList<>();
                extraHeaders.forEach((k, v) -> {
                    if (io.github.wstoolkit.api.Redaction.isSecretHeader(k)) {
                        secrets.add(v);
                    }
                });
                return new RealtimeOptions(this, uri, extraHeaders, secrets);
            }
            if (clientSecret != null) {
                try {
                    URI secretUri = Endpoint.clientSecretUri(Endpoint.apiBaseUrl(config, env), clientSecret);
                    Map<String, String> headers = new LinkedHashMap<>();
                    headers.put("User-Agent", Endpoint.USER_AGENT);
                    headers.put(
                            "Origin",
                            (secretUri.getScheme().equals("ws") ? "http://" : "https://")
                                    + secretUri.getRawAuthority());
                    extraHeaders.forEach((k, v) -> {
                        headers.keySet().removeIf(existing -> existing.equalsIgnoreCase(k));
                        headers.put(k, v);
                    });
                    return new RealtimeOptions(this, secretUri, headers, List.of(clientSecret));
                } catch (IllegalArgumentException e) {
                    throw ConfigException.forKey("apiBaseUrl", e.getMessage(), e);
                }
            }
            Map<String, Object> c = new LinkedHashMap<>(config);
            c.put("headers", extraHeaders);
            try {
                Endpoint endpoint = Endpoint.resolve(c, Map.of(), env, model);
                return new RealtimeOptions(this, endpoint.uri(), endpoint.headers(), endpoint.secrets());
            } catch (ProviderException e) {
                throw new ConfigException(e.getMessage(), e);
            } catch (IllegalArgumentException e) {
                throw ConfigException.forKey("apiBaseUrl", e.getMessage(), e);
            }
        }
    }
}
