package io.github.wstoolkit.realtime;

import static io.github.wstoolkit.realtime.ScriptedRealtime.apiBase;
import static io.github.wstoolkit.realtime.ScriptedRealtime.sent;
import static io.github.wstoolkit.realtime.ScriptedRealtime.types;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wstoolkit.api.CallContext;
import io.github.wstoolkit.api.ProviderException;
import io.github.wstoolkit.api.ProviderResponse;
import io.github.wstoolkit.mockserver.JournalEntry;
import io.github.wstoolkit.mockserver.MockServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Persistent mode (maintainContext + conversationId) against a scripted GA endpoint: one socket per
 * conversation, kept across turns. */
class PersistentModeTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    /** Answers with the user's text and, from the second turn on, what the first user said (the socket's memory). */
    private static final ScriptedRealtime.Script RECALLING = (c, e) -> {
        String first = String.valueOf(c.userItems.get(0).get("content")).replaceAll(".*text=([^}]*)}.*", "$1");
        c.text(c.userItems.size() == 1 ? "Hello" : "You first said: " + first, c.usage(5, 2));
    };

    private static OpenAiRealtimeProvider.Builder provider(MockServer server) {
        return OpenAiRealtimeProvider.builder()
                .apiKey("sk-test-secret-1234")
                .apiBaseUrl(apiBase(server))
                .env(Map.of())
                .modalities("text")
                .websocketTimeout(Duration.ofSeconds(10));
    }

    static CallContext conversation(Object id) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("conversationId", id);
        return CallContext.builder().test(Map.of("metadata", metadata)).build();
    }

    private static CallContext withHeaders(CallContext context, Map<String, String> headers) {
        return context.toBuilder()
                .prompt(Map.of("config", Map.of("headers", headers)))
                .build();
    }

    @Test
    void secondTurnReusesTheSocketAndFollowsTheAssistantItem() throws Exception {
        try (MockServer server = ScriptedRealtime.serve(RECALLING)) {
            try (OpenAiRealtimeProvider p = provider(server).build()) {
                ProviderResponse first = p.call("My name is Ada", conversation("japan"));
                assertEquals("Hello", first.output());
                assertEquals("resp_1_1", first.metadata().get("responseId"));
                assertEquals("item_1_1", first.metadata().get("messageId"));
                ProviderResponse second = p.call("What is my name?", conversation("japan"));
                assertEquals("You first said: My name is Ada", second.output());
                assertTrue(p.hasOpenSocket());
                assertEquals(java.time.Duration.ZERO, second.timings().connect());

                List<JournalEntry> journal = server.journal();
                assertEquals(1, journal.size());
                assertTrue(journal.get(0).close().isEmpty(), "socket kept open between turns");
                assertEquals(
                        List.of(
                                "session.update",
                                "conversation.item.create",
                                "response.create",
                                "session.update",
                                "conversation.item.create",
                                "response.create"),
                        types(journal.get(0)));
                List<Map<String, Object>> events = sent(journal.get(0));
                assertNull(events.get(1).get("previous_item_id"));
                assertEquals("msg_1_2", events.get(4).get("previous_item_id")); // turn 1's assistant item
            }
            JournalEntry closed = server.awaitClosed(1, WAIT);
            assertEquals(1000, closed.close().orElseThrow().code());
        }
    }

    @Test
    void headerChangeRotatesTheSocketAndAnotherConversationGetsItsOwn() throws Exception {
        try (MockServer server = ScriptedRealtime.serve(RECALLING)) {
            try (OpenAiRealtimeProvider p = provider(server).build()) {
                p.call("a", conversation("one"));
                p.call("b", withHeaders(conversation("one"), Map.of("X-Tenant", "t2")));
                ProviderResponse third = p.call("c", withHeaders(conversation("two"), Map.of("X-Tenant", "t2")));
                assertEquals("Hello", third.output(), "a new conversation starts without memory");
                List<JournalEntry> journal = server.awaitJournal(
                        j -> j.size() == 3 && j.get(0).close().isPresent(), WAIT);
                assertTrue(journal.get(1).close().isEmpty(), "conversation one keeps its rotated socket");
                assertTrue(journal.get(2).close().isEmpty());
                assertEquals("t2", journal.get(1).header("X-Tenant").orElseThrow());
                assertEquals(2, p.openSockets());
            }
            server.awaitJournal(j -> j.stream().allMatch(e -> e.close().isPresent()), WAIT);
        }
    }

    @Test
    void interleavedConversationsEachKeepTheirMemory() throws Exception {
        try (MockServer server = ScriptedRealtime.serve(RECALLING)) {
            try (OpenAiRealtimeProvider p = provider(server).build()) {
                p.call("I am in thread A", conversation("A"));
                p.call("I am in thread B", conversation("B"));
                assertEquals(
                        "You first said: I am in thread A",
                        p.call("and now?", conversation("A")).output());
                assertEquals(
                        "You first said: I am in thread B",
                        p.call("and now?", conversation("B")).output());
                assertEquals(2, server.journal().size());
            }
        }
    }

    @Test
    void socketsBeyondTheLimitCloseLeastRecentlyUsedFirst() throws Exception {
        try (MockServer server = ScriptedRealtime.serve(RECALLING)) {
            try (OpenAiRealtimeProvider p =
                    provider(server).maxPersistentSockets(1).build()) {
                p.call("I am A", conversation("A"));
                p.call("I am B", conversation("B"));
                assertEquals(1, p.openSockets());
                assertTrue(server.awaitClosed(1, WAIT).close().isPresent(), "A's socket was the idle one");
                // A starts over on a new socket
                assertEquals("Hello", p.call("back to A", conversation("A")).output());
            }
        }
    }

    @Test
    void concurrentConversationsRunInParallelOnTheirOwnSockets() throws Exception {
        try (MockServer server = ScriptedRealtime.serve(
                (c, e) -> c.c.schedule(Duration.ofMillis(20), () -> c.text("turn " + c.responses, null)))) {
            try (OpenAiRealtimeProvider p = provider(server).build();
                    ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                assertTrue(p.supportsConcurrentConversations(), "the eval engine may run its conversations at once");
                List<Future<List<Object>>> threads = new ArrayList<>();
                for (String id : List.of("x", "y", "z")) {
                    threads.add(pool.submit(() -> {
                        List<Object> outputs = new ArrayList<>();
                        for (int i = 0; i < 3; i++) {
                            outputs.add(p.call("q" + i, conversation(id)).output());
                        }
                        return outputs;
                    }));
                }
                for (Future<List<Object>> t : threads) {
                    assertEquals(List.of("turn 1", "turn 2", "turn 3"), t.get(10, TimeUnit.SECONDS));
                }
                assertEquals(3, server.journal().size());
            }
        }
    }

    @Test
    void numericZeroIsAConversationAndEmptyStringIsNot() throws Exception {
        try (MockServer server = ScriptedRealtime.serve(RECALLING)) {
            try (OpenAiRealtimeProvider p = provider(server).build()) {
                p.call("a", conversation(0));
                p.call("b", conversation(0));
                assertEquals(1, server.journal().size());
                p.call("c", conversation(""));
                List<JournalEntry> j = server.awaitJournal(
                        l -> l.size() == 2 && l.get(1).close().isPresent(), WAIT);
                assertTrue(j.get(0).close().isEmpty(), "the persistent socket is untouched by a direct call");
            }
        }
    }

    @Test
    void maintainContextFalseUsesOneSocketPerCall() throws Exception {
        try (MockServer server = ScriptedRealtime.serve(RECALLING)) {
            try (OpenAiRealtimeProvider p =
                    provider(server).maintainContext(false).build()) {
                p.call("a", conversation("x"));
                ProviderResponse second = p.call("b", conversation("x"));
                assertEquals("Hello", second.output(), second.error().orElse(""));
                server.awaitJournal(
                        l -> l.size() == 2 && l.stream().allMatch(e -> e.close().isPresent()), WAIT);
                assertFalse(p.hasOpenSocket());
            }
        }
    }

    @Test
    void concurrentTurnsOfOneProviderAreSerialized() throws Exception {
        // each answer is delayed, so unserialized turns would interleave their events
        try (MockServer server = ScriptedRealtime.serve(
                (c, e) -> c.c.schedule(Duration.ofMillis(30), () -> c.text("ok " + c.responses, null)))) {
            try (OpenAiRealtimeProvider p = provider(server).build();
                    ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<ProviderResponse>> futures = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    String prompt = "q" + i;
                    futures.add(pool.submit(() -> p.call(prompt, conversation("shared"))));
                }
                for (Future<ProviderResponse> f : futures) {
                    assertTrue(f.get(10, TimeUnit.SECONDS).error().isEmpty());
                }
                List<JournalEntry> journal = server.journal();
                assertEquals(1, journal.size());
                List<String> types = types(journal.get(0));
                assertEquals(12, types.size());
                for (int i = 0; i < 12; i += 3) {
                    assertEquals(
                            List.of("session.update", "conversation.item.create", "response.create"),
                            types.subList(i, i + 3));
                }
            }
        }
    }

    @Test
    void silentServerTimesOutTheTurnAfterWebsocketTimeoutAndClosesTheSocket() throws Exception {
        // the timeout is what is tested here: every path to it (even a slow session.updated) ends in the same error
        try (MockServer server = ScriptedRealtime.serve((c, e) -> {})) {
            try (OpenAiRealtimeProvider p =
                    provider(server).websocketTimeout(Duration.ofMillis(300)).build()) {
                ProviderException timedOut =
                        assertThrows(ProviderException.class, () -> p.call("a", conversation("silent")));
                assertEquals("WebSocket response timed out", timedOut.getMessage());
                assertEquals(ProviderException.Kind.TIMEOUT, timedOut.kind());
                assertFalse(p.hasOpenSocket());
                assertEquals(
                        1000, server.awaitClosed(1, WAIT).close().orElseThrow().code());
            }
        }
    }

    @Test
    void responseTimeoutTearsDownAndTheNextTurnStartsFresh() throws Exception {
        try (MockServer server = ScriptedRealtime.serve((c, e) -> {
            if (c.c.id() == 1 && c.responses == 2) {
                return; // the second turn on the first socket never gets an answer
            }
            c.text("fine", null);
        })) {
            // the answered turns keep the generous websocketTimeout (a loaded machine may be slow); the unanswered
            // one is limited by its call's deadline, which ends the wait the same way
            try (OpenAiRealtimeProvider p = provider(server).build()) {
                ProviderResponse first = p.call("a", conversation("t"));
                assertEquals("fine", first.output(), first.error().orElse(""));
                CallContext shortCall = conversation("t").toBuilder()
                        .deadline(java.time.Instant.now().plusMillis(300))
                        .build();
                ProviderException timedOut = assertThrows(ProviderException.class, () -> p.call("b", shortCall));
                assertEquals("WebSocket response timed out", timedOut.getMessage());
                assertFalse(p.hasOpenSocket());
                server.awaitClosed(1, WAIT);
                ProviderResponse third = p.call("c", conversation("t"));
                assertEquals("fine", third.output(), third.error().orElse(""));
                List<JournalEntry> journal = server.journal();
                assertEquals(2, journal.size());
                assertNull(sent(journal.get(1)).get(1).get("previous_item_id"), "a fresh socket starts a fresh chain");
            }
        }
    }

    /** Runs the steps one gap apart (each step is scheduled by the one before, so its frames leave first). */
    private static void paced(ScriptedRealtime.Ctx c, Duration gap, List<Runnable> steps) {
        if (steps.isEmpty()) {
            return;
        }
        c.c.schedule(gap, () -> {
            steps.get(0).run();
            paced(c, gap, steps.subList(1, steps.size()));
        });
    }

    @Test
    void inactivityTimerIsResetByEveryEvent() throws Exception {
        // five events 500 ms apart: longer in total than the 2 s timeout, but never 2 s of silence (a 1.5 s margin
        // for a loaded machine)
        try (MockServer server = ScriptedRealtime.serve((c, e) -> {
            String id = c.responseCreated();
            String item = c.assistantItem(id);
            paced(
                    c,
                    Duration.ofMillis(500),
                    List.of(
                            () -> c.send("response.output_text.delta", "item_id", item, "delta", "slow "),
                            () -> c.send("response.output_text.delta", "item_id", item, "delta", "but "),
                            () -> c.send("response.output_text.delta", "item_id", item, "delta", "steady"),
                            () -> c.send("response.output_text.done", "item_id", item, "text", "slow but steady"),
                            () -> c.done(id, null)));
        })) {
            try (OpenAiRealtimeProvider p =
                    provider(server).websocketTimeout(Duration.ofSeconds(2)).build()) {
                ProviderResponse r = p.call("go", conversation("slow"));
                assertEquals("slow but steady", r.output(), r.error().orElse(""));
                assertTrue(r.timings().maxFrameGap().isPresent());
            }
        }
    }

    @Test
    void closeMidTurnReportsCodeAndReasonAndTheNextTurnReconnects() throws Exception {
        try (MockServer server = ScriptedRealtime.serve((c, e) -> {
            if (c.c.id() == 1) {
                c.c.close(1011, "server policy violation");
            } else {
                c.text("back", null);
            }
        })) {
            try (OpenAiRealtimeProvider p = provider(server).build()) {
                ProviderException e = assertThrows(ProviderException.class, () -> p.call("a", conversation("m")));
                assertEquals(
                        "Persistent WebSocket closed mid-turn (code=1011, reason=server policy violation)",
                        e.getMessage());
                assertEquals(1011, e.closeCode().orElseThrow());
                assertFalse(e.isTransient());
                assertFalse(p.hasOpenSocket());
                assertEquals("back", p.call("b", conversation("m")).output());
            }
        }
    }

    @Test
    void serverErrorEventFailsTheTurnButKeepsTheSocket() throws Exception {
        try (MockServer server = ScriptedRealtime.serve((c, e) -> {
            if (c.responses == 1) {
                c.send("error", "error", Map.of("type", "invalid_request_error", "message", "Conversation busy"));
            } else {
                c.text("recovered", null);
            }
        })) {
            try (OpenAiRealtimeProvider p = provider(server).build()) {
                assertEquals(
                        "WebSocket error: Error: Conversation busy",
                        p.call("a", conversation("e")).error().orElseThrow());
                assertEquals("recovered", p.call("b", conversation("e")).output());
                assertEquals(1, server.journal().size());
            }
        }
    }

    @Test
    void idleServerCloseIsSilentAndTheNextTurnReconnects() throws Exception {
        try (MockServer server = ScriptedRealtime.serve((c, e) -> {
            c.text("first", null);
            if (c.c.id() == 1) {
                c.c.close(1000, "idle");
            }
        })) {
            try (OpenAiRealtimeProvider p = provider(server).build()) {
                assertEquals("first", p.call("a", conversation("i")).output());
                server.awaitClosed(1, WAIT);
                ProviderResponse second = p.call("b", conversation("i"));
                assertEquals("first", second.output(), second.error().orElse(""));
                assertEquals(2, server.journal().size());
            }
        }
    }

    @Test
    void refusedHandshakeIsClosedBeforeOpen() throws Exception {
        try (MockServer server = MockServer.builder()
                .port(0)
                .handler(ScriptedRealtime.PATH, ScriptedRealtime.refusing(401))
                .start()) {
            try (OpenAiRealtimeProvider p = provider(server).build()) {
                ProviderException e = assertThrows(ProviderException.class, () -> p.call("a", conversation("r")));
                assertEquals(
                        "Persistent WebSocket closed before OPEN (code=1006, reason=WebSocket connection failed (HTTP"
                                + " 401))",
                        e.getMessage());
                assertEquals(401, e.httpStatus().orElseThrow());
                assertFalse(e.isTransient());
                assertFalse(e.getMessage().contains("sk-test-secret-1234"));
                assertFalse(p.hasOpenSocket());
            }
        }
    }

    @Test
    void interruptedTurnThrowsAndDropsItsSocket() throws Exception {
        java.util.concurrent.CountDownLatch asked = new java.util.concurrent.CountDownLatch(1);
        try (MockServer server = ScriptedRealtime.serve((c, e) -> asked.countDown())) {
            try (OpenAiRealtimeProvider p = provider(server).build();
                    ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                Future<ProviderResponse> call = pool.submit(() -> p.call("never answered", conversation("int")));
                assertTrue(asked.await(5, TimeUnit.SECONDS));
                call.cancel(true);
                assertEquals(
                        1000, server.awaitClosed(1, WAIT).close().orElseThrow().code());
                assertFalse(p.hasOpenSocket());
            }
        }
    }

    @Test
    void closeEndsThePersistentSocket() throws Exception {
        try (MockServer server = ScriptedRealtime.serve(RECALLING)) {
            OpenAiRealtimeProvider p = provider(server).build();
            p.call("a", conversation("z"));
            p.close();
            p.close(); // idempotent
            assertEquals(1000, server.awaitClosed(1, WAIT).close().orElseThrow().code());
            assertFalse(p.hasOpenSocket());
        }
    }
}
