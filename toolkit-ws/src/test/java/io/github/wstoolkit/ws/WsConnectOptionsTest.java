package io.github.wstoolkit.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a {@link WsConnectOptions} takes, its defaults, and how it reads an {@code http(s)://} URL. */
class WsConnectOptionsTest {

    private static String refusal(Runnable r) {
        return assertThrows(IllegalArgumentException.class, r::run).getMessage();
    }

    private static WsConnectOptions.Builder builder(String uri) {
        return WsConnectOptions.builder(URI.create(uri));
    }

    @Test
    void defaultsAreThirtySecondsSixteenMebibytesAndTenSeconds() {
        WsConnectOptions o = builder("ws://h/x").build();
        assertEquals(Duration.ofSeconds(30), o.connectTimeout());
        assertEquals(16 * 1024 * 1024, o.maxMessageSize());
        assertEquals(Duration.ofSeconds(10), o.tlsHandshakeTimeout());
        assertEquals(Map.of(), o.headers());
        assertEquals(List.of(), o.subprotocols());
        WsConnectOptions five =
                new WsConnectOptions(URI.create("wss://h"), Map.of(), List.of(), Duration.ofSeconds(3), 1);
        assertEquals(WsConnectOptions.DEFAULT_TLS_HANDSHAKE_TIMEOUT, five.tlsHandshakeTimeout());
    }

    @Test
    void limitsMustBePositive() {
        assertEquals(
                "connectTimeout must be positive",
                refusal(() -> builder("ws://h").connectTimeout(Duration.ZERO).build()));
        assertEquals("connectTimeout must be positive", refusal(() -> builder("ws://h")
                .connectTimeout(Duration.ofMillis(-1))
                .build()));
        assertEquals(
                "maxMessageSize must be positive",
                refusal(() -> builder("ws://h").maxMessageSize(0).build()));
        assertEquals(
                "maxMessageSize must be positive",
                refusal(() -> builder("ws://h").maxMessageSize(-8).build()));
        assertEquals("tlsHandshakeTimeout must be positive", refusal(() -> builder("wss://h")
                .tlsHandshakeTimeout(Duration.ZERO)
                .build()));
        assertEquals("tlsHandshakeTimeout must be positive", refusal(() -> builder("wss://h")
                .tlsHandshakeTimeout(Duration.ofSeconds(-1))
                .build()));
        // the smallest values are taken
        WsConnectOptions o = builder("ws://h")
                .connectTimeout(Duration.ofNanos(1))
                .maxMessageSize(1)
                .tlsHandshakeTimeout(Duration.ofNanos(1))
                .build();
        assertEquals(1, o.maxMessageSize());
        assertEquals(Duration.ofNanos(1), o.connectTimeout());
        assertEquals(Duration.ofNanos(1), o.tlsHandshakeTimeout());
    }

    @Test
    void onlyWebSocketAndHttpUrlsWithAHostAreTaken() {
        String schemes = "The URL's protocol must be one of \"ws:\", \"wss:\", \"http:\", or \"https:\"";
        assertEquals(schemes, refusal(() -> builder("ftp://h/").build()));
        assertEquals(schemes, refusal(() -> builder("websocket://h/").build()));
        assertEquals(schemes, refusal(() -> builder("/relative/path").build()));
        assertEquals("The URL has no host", refusal(() -> builder("ws:///x").build()));
        for (String ok : List.of("WS://h", "Wss://h", "HTTP://h", "https://h")) {
            builder(ok).build();
        }
    }

    @Test
    void httpSchemesInAnyCaseBecomeWebSocketSchemes() {
        assertEquals(
                URI.create("ws://h:1/p?q=HTTP"),
                builder("HTTP://h:1/p?q=HTTP").build().webSocketUri());
        assertEquals(
                URI.create("wss://h/https"), builder("Https://h/https").build().webSocketUri());
        URI ws = URI.create("WSS://h/p");
        assertSame(ws, WsConnectOptions.builder(ws).build().webSocketUri());
    }

    @Test
    void headersAndSubprotocolsAreCopiedInOrder() {
        java.util.LinkedHashMap<String, String> headers = new java.util.LinkedHashMap<>();
        headers.put("B", "2");
        headers.put("A", "1");
        java.util.ArrayList<String> protocols = new java.util.ArrayList<>(List.of("json", "chat"));
        WsConnectOptions o =
                builder("ws://h").headers(headers).subprotocols(protocols).build();
        headers.put("C", "3");
        protocols.add("later");
        assertEquals(List.of("B", "A"), List.copyOf(o.headers().keySet()));
        assertEquals(List.of("json", "chat"), o.subprotocols());
        assertThrows(UnsupportedOperationException.class, () -> o.headers().put("X", "y"));
    }
}
