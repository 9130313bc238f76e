package io.github.wstoolkit.mockserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wstoolkit.api.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The plain HTTP routes next to the WebSocket endpoints on the same port. */
class HttpRoutesTest {

    static MockServer server;
    static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() {
        server = MockServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(server.uri().resolve(path))
                        .timeout(Duration.ofSeconds(5))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /**
     * A TLS client hello on the plain port is answered as web servers answer it, with a plain 400 and a close, so a
     * {@code wss://} client fails at once (Grizzly's HTTP parser waited for a request line that never comes).
     */
    @Test
    void aTlsHelloOnThePlainPortIsAnsweredWith400() throws Exception {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(30_000);
            // the first bytes of a TLS 1.2 record carrying a handshake message (a client hello)
            s.getOutputStream().write(new byte[] {0x16, 0x03, 0x01, 0x00, 0x05, 0x01, 0x00, 0x00, 0x01, 0x00});
            s.getOutputStream().flush();
            String answer = new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(answer.startsWith("HTTP/1.1 400 Bad Request\r\n"), answer);
            assertTrue(answer.endsWith("not TLS: use ws:// or http://.\n"), answer);
        }
        assertEquals(200, get("/health").statusCode(), "plain HTTP on the same port is unaffected");
    }

    @Test
    void healthSaysOk() throws Exception {
        HttpResponse<String> r = get("/health");
        assertEquals(200, r.statusCode());
        assertEquals("{\"status\":\"ok\"}", r.body());
        assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("application/json"));
    }

    @Test
    void rootAndIndexServeTheWebPage() throws Exception {
        for (String p : List.of("/", "/index.html")) {
            HttpResponse<String> r = get(p);
            assertEquals(200, r.statusCode());
            assertTrue(r.body().contains("<title>wst mock"), r.body());
            assertTrue(r.body().contains("var WS_PATH = \"/\";"), "the page connects to the seed server on /");
        }
    }

    @Test
    void withLegacyRealtimeOnRootThePageTalksToTheSeedPath() throws Exception {
        try (MockServer legacy =
                MockServer.builder().root(RootBehaviour.LEGACY_REALTIME).start()) {
            HttpResponse<String> r =
                    HTTP.send(HttpRequest.newBuilder(legacy.uri()).build(), HttpResponse.BodyHandlers.ofString());
            assertTrue(r.body().contains("var WS_PATH = \"/seed\";"), "the page still reaches the seed server");
        }
    }

    @Test
    void otherPathsAre404NotFound() throws Exception {
        HttpResponse<String> r = get("/nope");
        assertEquals(404, r.statusCode());
        assertEquals("Not found", r.body());
    }

    @Test
    void otherMethodsAre405() throws Exception {
        HttpResponse<String> r = HTTP.send(
                HttpRequest.newBuilder(server.uri().resolve("/health"))
                        .POST(HttpRequest.BodyPublishers.ofString("x"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(405, r.statusCode());
        assertEquals("GET", r.headers().firstValue("allow").orElseThrow());
    }

    @Test
    void journalIsServedAsJsonWithSecretsRedactedAndCanBeCleared() throws Exception {
        server.clearJournal();
        try (WsClient c = WsClient.connect(
                server.wsUri("/ws?api_key=k-123456&model=m"),
                Map.of("Authorization", "Bearer sk-live-abcdef", "X-Trace", "t1"),
                List.of())) {
            c.send("{\"input\":\"journal me\"}");
            c.next();
        }
        server.awaitJournal(j -> j.size() == 1 && j.get(0).close().isPresent(), Duration.ofSeconds(5));
        HttpResponse<String> r = get("/__journal");
        assertEquals(200, r.statusCode());
        assertFalse(r.body().contains("sk-live-abcdef"), r.body());
        assertFalse(r.body().contains("k-123456"), r.body());
        Map<?, ?> doc = (Map<?, ?>) Json.parse(r.body());
        Map<?, ?> entry = (Map<?, ?>) ((List<?>) doc.get("connections")).get(0);
        assertEquals("/ws", entry.get("path"));
        assertEquals("/ws?api_key=%5BREDACTED%5D&model=m", entry.get("target"));
        Map<?, ?> headers = (Map<?, ?>) entry.get("headers");
        assertEquals(List.of("[REDACTED]"), headers.get("authorization"));
        assertEquals(List.of("t1"), headers.get("x-trace"));
        assertEquals("{\"input\":\"journal me\"}", ((Map<?, ?>) ((List<?>) entry.get("received")).get(0)).get("text"));
        assertEquals(1, ((Number) entry.get("sent")).intValue());

        HttpResponse<String> del = HTTP.send(
                HttpRequest.newBuilder(server.uri().resolve("/__journal"))
                        .DELETE()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(204, del.statusCode());
        assertEquals(List.of(), server.journal());
    }

    @Test
    void unknownWebSocketPathIsRefusedWith404() {
        assertEquals(404, WsClient.refusedStatus(server.wsUri("/no-such-endpoint"), Map.of()));
    }

    @Test
    void uriAndWsUriNameTheBoundLoopbackPort() {
        assertEquals(URI.create("http://127.0.0.1:" + server.port() + "/"), server.uri());
        assertEquals(
                URI.create("ws://127.0.0.1:" + server.port() + "/ws-stream?gap=1"), server.wsUri("/ws-stream?gap=1"));
        assertTrue(server.port() > 0);
    }
}
