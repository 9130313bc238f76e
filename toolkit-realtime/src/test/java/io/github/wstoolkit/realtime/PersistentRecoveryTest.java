package io.github.wstoolkit.realtime;

import static io.github.wstoolkit.realtime.PersistentModeTest.conversation;
import static io.github.wstoolkit.realtime.ScriptedRealtime.apiBase;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wstoolkit.api.ProviderException;
import io.github.wstoolkit.api.ProviderResponse;
import io.github.wstoolkit.mockserver.Handshake;
import io.github.wstoolkit.mockserver.MockConnection;
import io.github.wstoolkit.mockserver.MockHandler;
import io.github.wstoolkit.mockserver.MockServer;
import io.github.wstoolkit.mockserver.Refusal;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BiPredicate;
import org.junit.jupiter.api.Test;

/**
 * How persistent sockets recover: a socket the server closed while idle is replaced once, silently, and only when it
 * had served a turn; sockets torn down by a failure stop counting against {@code maxPersistentSockets}; an evicted
 * conversation resumes from any thread; a refused handshake keeps what the retry policy needs; the timings of a turn
 * are its own.
 */
class PersistentRecoveryTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    /** Answers each turn with the connection's number. */
    private static final ScriptedRealtime.Script ANSWER = (c, e) -> c.text("answer " + c.c.id(), null);

    private static OpenAiRealtimeProvider.Builder provider(MockServer server) {
        return OpenAiRealtimeProvider.builder()
                .apiKey("sk-test-secret-1234")
                .apiBaseUrl(apiBase(server))
                .env(Map.of())
                .modalities("text")
                .websocketTimeout(Duration.ofSeconds(10));
    }

    /**
     * The scripted endpoint, except that a connection closes (1001) without a word at the session.update for which
     * {@code closeAt(connection id, how many session.updates it has had)} holds; with {@code greet} false the
     * connection does not send session.created either.
     */
    private static MockServer serveClosing(boolean greet, BiPredicate<Long, Integer> closeAt) {
        MockHandler inner = ScriptedRealtime.of(ANSWER);
        MockHandler handler = new MockHandler() {
            @Override
            public void onOpen(MockConnection c) throws Exception {
                if (greet) {
                    inner.onOpen(c);
                }
            }

            @Override
            public void onMessage(MockConnection c, String text) throws Exception {
                if (text.contains("\"type\":\"session.update\"")) {
                    int n = (Integer) c.attributes().merge("updates", 1, (a, b) -> (Integer) a + (Integer) b);
                    if (closeAt.test(c.id(), n)) {
                        c.close(1001, "idle timeout");
                        return;
                    }
                }
                inner.onMessage(c, text);
            }
        };
        return MockServer.builder()
                .port(0)
                .handler(ScriptedRealtime.PATH, handler)
                .start();
    }

    @Test
    void aSocketThatClosedWhileIdleIsReplacedOnceAndTheTurnSucceeds() throws Exception {
        // the first connection serves one turn, then closes when the second turn begins, before answering anything
        try (MockServer server = serveClosing(true, (id, n) -> id == 1 && n == 2)) {
            try (OpenAiRealtimeProvider p = provider(server).build()) {
                ProviderResponse first = p.call("a", conversation("idle"));
                assertEquals("answer 1", first.output());
                ProviderResponse second = p.call("b", conversation("idle"));
                assertEquals("answer 2", second.output(), second.error().orElse(""));
                assertEquals(2, server.journal().size());
                assertTrue(p.hasOpenSocket());
            }
        }
    }

    @Test
    void aFreshSocketThatClosesAtOnceFailsTheTurnWithoutARetry() throws Exception {
        try (MockServer server = serveClosing(false, (id, n) -> true)) {
            try (OpenAiRealtimeProvider p = provider(server).build()) {
                ProviderException e = assertThrows(ProviderException.class, () -> p.call("a", conversation("gone")));
                assertEquals("Persistent WebSocket closed mid-turn (code=1001, reason=idle timeout)", e.getMessage());
                assertEquals(1001, e.closeCode().orElseThrow());
                assertEquals(1, server.journal().size());
                assertFalse(p.hasOpenSocket());
            }
        }
    }

    @Test
    void eachTurnOnAReusedSocketRecordsItsOwnFramesAndNoConnectTime() throws Exception {
        try (MockServer server = ScriptedRealtime.serve(ANSWER)) {
            try (OpenAiRealtimeProvider p = provider(server).build()) {
                ProviderResponse first = p.call("a", conversation("t"));
                ProviderResponse second = p.call("b", conversation("t"));
                assertEquals("answer 1", second.output());
                assertTrue(
                        first.timings().connect().compareTo(Duration.ZERO) > 0,
                        first.timings().toString());
                assertEquals(Duration.ZERO, second.timings().connect());
                // session.updated, two item events, the text response's events: its own frames, not none
                assertTrue(
                        second.timings().framesReceived() >= 8, second.timings().toString());
                assertTrue(second.timings().firstFrame().isPresent());
            }
        }
    }

    @Test
    void aDirectCallReportsItsConnectTime() throws Exception {
        try (MockServer server = ScriptedRealtime.serve(ANSWER)) {
            ProviderResponse r = provider(server).build().call("a", io.github.wstoolkit.api.CallContext.EMPTY);
            assertEquals("answer 1", r.output());
            assertTrue(
                    r.timings().connect().compareTo(Duration.ZERO) > 0,
                    r.timings().toString());
        }
    }

    @Test
    void socketsTornDownByAFailureDoNotCountAgainstTheLimit() throws Exception {
        try (MockServer server = ScriptedRealtime.serve((c, e) -> {
            if (c.lastUserText().equals("fail")) {
                c.c.close(1011, "boom");
            } else {
                c.text("ok", null);
            }
        })) {
            try (OpenAiRealtimeProvider p =
                    provider(server).maxPersistentSockets(2).build()) {
                assertEquals("ok", p.call("hi", conversation("b")).output());
                assertEquals("ok", p.call("hi", conversation("c")).output());
                assertThrows(ProviderException.class, () -> p.call("fail", conversation("a")));
                // a's socket is gone: b and c (two, the limit) stay open
                assertEquals(2, p.openSockets());
                assertEquals("ok", p.call("again", conversation("b")).output());
                assertEquals(3, server.journal().size());
                assertTrue(server.journal().get(0).close().isEmpty(), "b's socket was closed");
            }
        }
    }

    @Test
    void anEvictedConversationResumesFromAnotherThread() throws Exception {
        try (MockServer server = ScriptedRealtime.serve(ANSWER)) {
            try (OpenAiRealtimeProvider p =
                            provider(server).maxPersistentSockets(1).build();
                    ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                assertEquals("answer 1", p.call("a", conversation("first")).output());
                assertEquals("answer 2", p.call("b", conversation("second")).output()); // evicts "first"
                assertEquals(1, p.openSockets());
                Future<ProviderResponse> resumed = pool.submit(() -> p.call("c", conversation("first")));
                assertEquals("answer 3", resumed.get(30, TimeUnit.SECONDS).output());
            }
        }
    }

    @Test
    void aRefusedPersistentHandshakeKeepsItsStatusRetryAfterAndCode() throws Exception {
        MockHandler limited = new MockHandler() {
            @Override
            public Optional<Refusal> onHandshake(Handshake handshake) {
                return Optional.of(
                        new Refusal(429, "application/json", "{\"error\":\"slow down\"}", Map.of("Retry-After", "7")));
            }
        };
        try (MockServer server = MockServer.builder()
                .port(0)
                .handler(ScriptedRealtime.PATH, limited)
                .start()) {
            try (OpenAiRealtimeProvider p = provider(server).build()) {
                ProviderException e = assertThrows(ProviderException.class, () -> p.call("a", conversation("r")));
                assertTrue(
                        e.getMessage().startsWith("Persistent WebSocket closed before OPEN (code=1006, reason="),
                        e.getMessage());
                assertEquals(429, e.httpStatus().orElseThrow());
                assertEquals(Duration.ofSeconds(7), e.retryAfter().orElseThrow());
                assertTrue(e.isTransient());
                assertTrue(e.code().isPresent());
                assertFalse(e.getMessage().contains("slow down"));
            }
        }
    }

    @Test
    void aPersistentConnectionRefusedNamesNoStatus() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (OpenAiRealtimeProvider p = OpenAiRealtimeProvider.builder()
                .apiKey("sk-test-secret-1234")
                .apiBaseUrl("http://127.0.0.1:" + port + "/v1")
                .env(Map.of())
                .build()) {
            ProviderException e = assertThrows(ProviderException.class, () -> p.call("a", conversation("down")));
            assertTrue(
                    e.getMessage().startsWith("Persistent WebSocket closed before OPEN (code=1006, reason="),
                    e.getMessage());
            assertFalse(e.getMessage().contains("HTTP"), e.getMessage());
            assertEquals(ProviderException.Kind.CONNECTION, e.kind());
            assertTrue(e.httpStatus().isEmpty());
            assertTrue(e.code().isPresent());
            assertTrue(e.isTransient());
        }
    }
}
