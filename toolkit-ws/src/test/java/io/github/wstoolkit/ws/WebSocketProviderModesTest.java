package io.github.wstoolkit.ws;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wstoolkit.api.CallContext;
import io.github.wstoolkit.api.ConfigException;
import io.github.wstoolkit.api.Provider;
import io.github.wstoolkit.api.ProviderException;
import io.github.wstoolkit.api.ProviderRegistry;
import io.github.wstoolkit.api.ProviderResponse;
import io.github.wstoolkit.api.ProviderSpec;
import io.github.wstoolkit.api.transform.StreamDecision;
import io.github.wstoolkit.api.transform.StreamStep;
import io.github.wstoolkit.mockserver.MockConnection;
import io.github.wstoolkit.mockserver.MockHandler;
import io.github.wstoolkit.mockserver.MockServer;
import io.github.wstoolkit.ws.internal.WebSocketProviderFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** transformStream, legacy stream, binary streaming, idle deadlines and persistent connections in detail. */
class WebSocketProviderModesTest {

    private static MockServer server;

    private static MockHandler frames(String... texts) {
        return new MockHandler() {
            @Override
            public void onMessage(MockConnection c, String text) {
                for (String t : texts) {
                    c.sendText(t);
                }
            }
        };
    }

    @BeforeAll
    static void start() {
        server = MockServer.builder()
                .port(0)
                .handler(
                        "/error-frame",
                        frames(
                                "{\"type\":\"chunk\",\"delta\":\"a\"}",
                                "{\"type\":\"error\",\"error\":\"model overloaded\"}"))
                .handler("/error-frame-empty", frames("{\"type\":\"error\"}"))
                .handler(
                        "/custom-legacy",
                        frames(
                                "{\"type\":\"message\",\"text\":\"Hel\"}",
                                "{\"type\":\"noise\"}",
                                "not json",
                                "{\"type\":\"message\",\"text\":\"lo\"}",
                                "{\"type\":\"finished\"}"))
                .handler(
                        "/done-no-output",
                        frames("{\"type\":\"chunk\",\"delta\":\"x\"}", "{\"type\":\"done\",\"content\":\"final\"}"))
                .handler("/mixed", new MockHandler() {
                    @Override
                    public void onMessage(MockConnection c, String text) {
                        c.sendBinary(new byte[] {9, 8});
                        c.sendText("end");
                    }
                })
                .handler("/paced", new MockHandler() {
                    @Override
                    public void onMessage(MockConnection c, String text) {
                        for (int i = 1; i <= 4; i++) {
                            int n = i;
                            c.schedule(
                                    Duration.ofMillis(60L * i),
                                    () -> c.sendText(
                                            n == 4
                                                    ? "{\"type\":\"done\"}"
                                                    : "{\"type\":\"chunk\",\"delta\":\"" + n + "\"}"));
                        }
                    }
                })
                .handler("/close-at-open", new MockHandler() {
                    @Override
                    public void onOpen(MockConnection c) {
                        c.close(4003, "go away");
                    }
                })
                .start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String url(String path) {
        return "ws://127.0.0.1:" + server.port() + path;
    }

    private static Provider provider(String path, Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("messageTemplate", "{{ prompt }}");
        m.put("timeoutMs", 10_000);
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return ProviderRegistry.load().create(ProviderSpec.of(url(path), m));
    }

    @Test
    void legacyErrorFrameResolvesWithItsError() throws Exception {
        assertEquals(
                Optional.of("model overloaded"),
                provider("/error-frame", "stream", true)
                        .call("x", CallContext.EMPTY)
                        .error());
        assertEquals(
                Optional.of("Unknown error occurred"),
                provider("/error-frame-empty", "stream", true)
                        .call("x", CallContext.EMPTY)
                        .error());
    }

    @Test
    void legacyCustomFieldNamesIgnoreOtherFrames() throws Exception {
        Provider p = provider(
                "/custom-legacy",
                "stream",
                true,
                "streamChunkType",
                "message",
                "streamDoneType",
                "finished",
                "streamDeltaField",
                "text");
        assertEquals("Hello", p.call("x", CallContext.EMPTY).output());
    }

    @Test
    void legacyDoneContentWinsOverTheDeltas() throws Exception {
        assertEquals(
                "final",
                provider("/done-no-output", "stream", true)
                        .call("x", CallContext.EMPTY)
                        .output());
    }

    @Test
    void transformStreamFallsBackToTheLastMessageAndFailsWithItsPrefix() throws Exception {
        ProviderResponse r = provider(
                        "/done-no-output", "transformStream", "message.type == 'done' ? [done: true] : [:]")
                .call("x", CallContext.EMPTY);
        assertEquals(Map.of("type", "done", "content", "final"), r.output());
        ProviderException e = assertThrows(ProviderException.class, () -> provider(
                        "/done-no-output", "transformStream", "{ ctx -> throw new IllegalStateException('nope') }")
                .call("x", CallContext.EMPTY));
        assertEquals("Stream transform error: nope", e.getMessage());
        ProviderException notMap =
                assertThrows(ProviderException.class, () -> provider("/done-no-output", "transformStream", "'text'")
                        .call("x", CallContext.EMPTY));
        assertTrue(notMap.getMessage().startsWith("Stream transform error: "), notMap.getMessage());
    }

    @Test
    void transformStreamErrorResolvesAndJavaLambdasWork() throws Exception {
        try (WebSocketProvider p = WebSocketProvider.builder()
                .url(url("/error-frame"))
                .messageTemplate("{{ prompt }}")
                .transformStream(
                        (message, messages, ctx) -> message instanceof Map<?, ?> m && "error".equals(m.get("type"))
                                ? StreamDecision.error(messages.size() + ": " + m.get("error"))
                                : StreamDecision.MORE)
                .build()) {
            assertEquals(
                    Optional.of("2: model overloaded"),
                    p.call("x", CallContext.EMPTY).error());
        }
    }

    @Test
    void streamResponseSeesBinaryFramesAsBytes() throws Exception {
        Provider p = provider(
                "/mixed",
                "streamResponse",
                "event.data instanceof byte[] ? [[output: event.data.length], false] : [[output: acc.output + ':' + event.data], true]");
        ProviderResponse r = p.call("x", CallContext.EMPTY);
        assertEquals("2:end", r.output());
        assertEquals("09 08", r.timings().frames().get(1).preview());
        assertTrue(r.timings().frames().get(1).binary());
        byte[] first = (byte[]) provider("/mixed").call("x", CallContext.EMPTY).output();
        assertArrayEquals(new byte[] {9, 8}, first);
    }

    @Test
    void idleTimeoutDoesNotFireWhileFramesKeepComing() throws Exception {
        Provider p = provider("/paced", "stream", true, "idleTimeoutMs", 2_000);
        ProviderResponse r = p.call("x", CallContext.EMPTY);
        assertEquals("123", r.output());
        assertEquals(4, r.timings().framesReceived());
    }

    @Test
    void serverCloseRightAfterTheHandshakeReportsItsCode() {
        ProviderException e = assertThrows(
                ProviderException.class, () -> provider("/close-at-open").call("x", CallContext.EMPTY));
        assertEquals(ProviderException.Kind.CLOSED, e.kind());
        assertEquals(4003, e.closeCode().orElseThrow());
        assertTrue(e.getMessage().contains("go away"), e.getMessage());
    }

    @Test
    void persistentConnectionReopensAfterAFailure() throws Exception {
        Provider p = provider("/close-at-open", "connection", "persistent");
        CallContext a = CallContext.builder()
                .test(Map.of("metadata", Map.of("conversationId", 0)))
                .build();
        assertThrows(ProviderException.class, () -> p.call("x", a));
        assertThrows(ProviderException.class, () -> p.call("y", a)); // a fresh connection, closed again by the server
        p.close();
        ProviderException closed = assertThrows(ProviderException.class, () -> p.call("z", a));
        assertEquals("the provider is closed", closed.getMessage());
    }

    @Test
    void badOptionsFailAtLoadNamingTheKey() {
        ConfigException timeout = assertThrows(ConfigException.class, () -> provider("/x", "timeoutMs", "soon"));
        assertEquals(Optional.of("config.timeoutMs"), timeout.key());
        ConfigException conn = assertThrows(ConfigException.class, () -> provider("/x", "connection", "sometimes"));
        assertEquals(Optional.of("config.connection"), conn.key());
        ConfigException type = assertThrows(ConfigException.class, () -> provider("/x", "streamResponse", 42));
        assertTrue(type.getMessage().contains("Unsupported request transform type: number"), type.getMessage());
        ConfigException tmpl =
                assertThrows(ConfigException.class, () -> provider("/x", "messageTemplate", "{{ prompt "));
        assertEquals(Optional.of("config.messageTemplate"), tmpl.key());
        assertEquals(WebSocketProvider.DEFAULT_TIMEOUT, WebSocketProviderFactory.timeout(0, Map.of()));
        assertEquals(
                Duration.ofMillis(1234), WebSocketProviderFactory.timeout(null, Map.of("REQUEST_TIMEOUT_MS", "1234")));
    }

    @Test
    void streamStepFromJavaCanCarryAnyAccumulator() throws Exception {
        try (WebSocketProvider p = WebSocketProvider.builder()
                .url(url("/custom-legacy"))
                .messageTemplate("{{ prompt }}")
                .streamResponse((acc, event, ctx) -> {
                    int n = acc instanceof Integer i ? i + 1 : 1;
                    return n == 5
                            ? StreamStep.done(Map.of("output", n, "metadata", Map.of("k", "v")))
                            : StreamStep.more(n);
                })
                .build()) {
            ProviderResponse r =
                    p.call(new String("x".getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8), CallContext.EMPTY);
            assertEquals(5, r.output());
            assertEquals(Map.of("k", "v"), r.metadata());
        }
    }

    @Test
    void conversationsMayRunConcurrentlyInEveryConnectionMode() throws Exception {
        // the eval engine serialises the conversations of providers that return false (toolkit-api Provider)
        try (Provider perCall = provider("/mixed");
                Provider persistent = provider("/mixed", "connection", "persistent")) {
            assertTrue(perCall.supportsConcurrentConversations());
            assertTrue(persistent.supportsConcurrentConversations());
        }
    }
}
