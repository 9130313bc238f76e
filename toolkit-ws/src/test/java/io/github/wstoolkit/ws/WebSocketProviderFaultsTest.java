package io.github.wstoolkit.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wstoolkit.api.CallContext;
import io.github.wstoolkit.api.Provider;
import io.github.wstoolkit.api.ProviderException;
import io.github.wstoolkit.api.ProviderRegistry;
import io.github.wstoolkit.api.ProviderSpec;
import io.github.wstoolkit.mockserver.JournalEntry;
import io.github.wstoolkit.mockserver.MockServer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Faults named for what they are, against the mock server's scripted faults: an oversized frame, a server close with
 * a "try again" code or a crash code, a refused handshake, and deadlines that hold when a Groovy transform loops or
 * waits forever.
 */
class WebSocketProviderFaultsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static MockServer server;

    @BeforeAll
    static void start() {
        server = MockServer.builder().port(0).start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Provider provider(String pathAndQuery, Object... kv) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("messageTemplate", "{\"input\": {{ prompt | dump }}}");
        config.put(
                "streamResponse",
                "{ acc, event, ctx -> def m = JSON.parse(event.data); m.type == 'message' ? [[output: m.message], true]"
                        + " : [acc, false] }");
        config.put("timeoutMs", 30_000);
        for (int i = 0; i < kv.length; i += 2) {
            config.put((String) kv[i], kv[i + 1]);
        }
        return ProviderRegistry.load()
                .create(ProviderSpec.of(server.wsUri(pathAndQuery).toString(), config));
    }

    private static ProviderException fails(Provider p) {
        return assertThrows(ProviderException.class, () -> p.call("hello", CallContext.EMPTY));
    }

    /** The last connection whose {@code fault} parameter contains {@code fault}, once it has closed. */
    private static JournalEntry connection(String fault) throws Exception {
        java.util.function.Predicate<JournalEntry> mine = e ->
                e.query().getOrDefault("fault", java.util.List.of()).toString().contains(fault);
        return server
                .awaitJournal(
                        l -> l.stream().anyMatch(e -> mine.test(e) && e.close().isPresent()), WAIT)
                .stream()
                .filter(mine)
                .reduce((a, b) -> b)
                .orElseThrow();
    }

    /** The defect: 1011 "Buffer overflow.", blamed on the server, retried. Now: 1009, our words, not retried. */
    @Test
    void aFrameOverMaxMessageSizeClosesWith1009AndIsNotRetried() throws Exception {
        ProviderException e = fails(provider("/ws-stream?fault=oversized:262144", "maxMessageSize", 65536));
        assertEquals("WebSocket message too big (262144 bytes > maxMessageSize 65536)", e.getMessage());
        assertEquals(ProviderException.Kind.CLOSED, e.kind());
        assertEquals(1009, e.closeCode().orElseThrow());
        assertFalse(e.isTransient());
        JournalEntry j = connection("oversized");
        assertEquals(1009, j.close().orElseThrow().code(), j.toString());
        assertFalse(j.close().orElseThrow().byServer(), j.toString());
    }

    @Test
    void aServerCloseWith1011FailsAtOnceAndIsNotTransient() {
        ProviderException e = fails(provider("/ws-stream?fault=close:1011:boom"));
        assertEquals("WebSocket closed before the response was complete (code 1011, reason: boom)", e.getMessage());
        assertEquals(1011, e.closeCode().orElseThrow());
        assertEquals(Optional.of("CLOSED 1011"), e.code());
        assertFalse(e.isTransient());
    }

    @Test
    void closeCodes1012And1013SayTryAgain() {
        for (int code : new int[] {1012, 1013}) {
            ProviderException e = fails(provider("/ws-stream?fault=close:" + code + ":later"));
            assertEquals(code, e.closeCode().orElseThrow());
            assertTrue(e.isTransient(), "close " + code);
        }
    }

    @Test
    void aRefusedHandshakeNamesItsStatusAndCarriesRetryAfter() {
        ProviderException e = fails(provider("/ws-stream?fault=refuse:401"));
        assertEquals("WebSocket connection failed (HTTP 401)", e.getMessage());
        assertEquals(401, e.httpStatus().orElseThrow());
        assertFalse(e.isTransient());
        ProviderException limited = fails(provider("/ws-stream?fault=refuse:429"));
        assertEquals("WebSocket connection failed (HTTP 429)", limited.getMessage());
        assertEquals(Optional.of(Duration.ofSeconds(1)), limited.retryAfter());
        assertTrue(limited.isTransient());
    }

    /** wss:// to the mock's plain port: the mock answers the TLS hello as a web server would; a TLS failure at once. */
    @Test
    void wssToThePlainPortIsATlsFailure() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("messageTemplate", "x");
        config.put("connectTimeoutMs", 60_000);
        config.put("timeoutMs", 60_000);
        Provider p = ProviderRegistry.load()
                .create(ProviderSpec.of("wss://127.0.0.1:" + server.port() + "/ws?token=secret-value", config));
        ProviderException e = fails(p);
        assertTrue(e.getMessage().startsWith("WebSocket connection failed (TLS: "), e.getMessage());
        assertEquals(Optional.of("TLS"), e.code());
        assertFalse(e.isTransient());
        assertFalse(e.getMessage().contains("127.0.0.1"));
    }

    /**
     * A transform that loops forever ends at the call's deadline: the provider interrupts its thread, and Groovy
     * transforms are compiled to stop on an interrupt. Before, the call never returned.
     */
    @Test
    void aLoopingTransformEndsAtTheDeadline() throws Exception {
        Provider p =
                provider("/ws-stream", "timeoutMs", 500, "streamResponse", "{ acc, event, ctx -> while (true) {} }");
        ProviderException e = callOffThread(p);
        assertEquals("WebSocket request timed out after 500ms", e.getMessage());
        assertEquals(ProviderException.Kind.TIMEOUT, e.kind());
        assertFalse(Thread.currentThread().isInterrupted());
    }

    @Test
    void aTransformThatWaitsForeverEndsAtTheDeadline() throws Exception {
        Provider p = provider(
                "/ws-stream",
                "timeoutMs",
                500,
                "streamResponse",
                "{ acc, event, ctx -> new java.util.concurrent.CountDownLatch(1).await(); [acc, true] }");
        ProviderException e = callOffThread(p);
        assertEquals("WebSocket request timed out after 500ms", e.getMessage());
    }

    /** The call runs on its own thread, so a hang fails this test at its timeout instead of hanging the build. */
    private static ProviderException callOffThread(Provider p) throws Exception {
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                p.call("hello", CallContext.EMPTY);
                outcome.complete(null);
            } catch (Throwable t) {
                outcome.complete(t);
            }
            // no interrupt may outlive the call
            if (Thread.currentThread().isInterrupted()) {
                outcome.obtrudeValue(new AssertionError("the call left its thread interrupted"));
            }
        });
        Throwable t = outcome.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        if (t instanceof ProviderException pe) {
            return pe;
        }
        throw new AssertionError("expected a ProviderException, got " + t, t);
    }
}
