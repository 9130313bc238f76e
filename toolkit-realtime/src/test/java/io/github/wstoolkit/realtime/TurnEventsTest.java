package io.github.wstoolkit.realtime;

import static io.github.wstoolkit.realtime.PersistentModeTest.conversation;
import static io.github.wstoolkit.realtime.ScriptedRealtime.apiBase;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wstoolkit.api.CallContext;
import io.github.wstoolkit.api.ProviderException;
import io.github.wstoolkit.api.ProviderResponse;
import io.github.wstoolkit.mockserver.MockServer;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * How a turn reads the server's events when they come in the less common shapes the API allows: the response id from
 * {@code response.created} or else {@code response.done}, a {@code .done} text that is empty, output only in
 * {@code response.done}, audio that finishes after the response, function calls in pieces, a tool round that starts
 * the answer afresh, and the failures of a persistent turn (a close with no reason, a close after the server spoke,
 * a frame that is not JSON, a handler past its time).
 */
class TurnEventsTest {

    private static OpenAiRealtimeProvider.Builder provider(MockServer server) {
        return OpenAiRealtimeProvider.builder()
                .apiKey("sk-test-secret-1234")
                .apiBaseUrl(apiBase(server))
                .env(Map.of())
                .modalities("text")
                .websocketTimeout(Duration.ofSeconds(10));
    }

    private static Map<String, Object> response(String id) {
        Map<String, Object> r = new LinkedHashMap<>();
        if (id != null) {
            r.put("id", id);
        }
        r.put("status", "completed");
        return r;
    }

    private static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** The PCM of a response's audio (the WAV's data after its 44-byte header). */
    private static byte[] pcmOf(ProviderResponse r) {
        Map<?, ?> audio = (Map<?, ?>) r.metadata().get("audio");
        byte[] wav = Base64.getDecoder().decode((String) audio.get("data"));
        return Arrays.copyOfRange(wav, 44, wav.length);
    }

    @Test
    void theResponseIdComesFromResponseCreatedElseFromResponseDone() throws Exception {
        try (MockServer server = ScriptedRealtime.serve((c, e) -> {
            switch (c.lastUserText()) {
                case "done only" -> {
                    c.send("response.output_text.delta", "item_id", "m1", "delta", "a");
                    c.send("response.done", "response", response("resp_done"));
                }
                case "both" -> {
                    c.send("response.created", "response", response("resp_created"));
                    c.send("response.output_text.delta", "item_id", "m1", "delta", "b");
                    c.send("response.done", "response", response("resp_other"));
                }
                default -> {
                    c.send("response.created", "response", response("resp_first"));
                    c.send("response.output_text.delta", "item_id", "m1", "delta", "c");
                    c.send("response.done", "response", response(null));
                }
            }
        })) {
            OpenAiRealtimeProvider p = provider(server).build();
            assertEquals(
                    "resp_done",
                    p.call("done only", CallContext.EMPTY).metadata().get("responseId"));
            assertEquals(
                    "resp_created", p.call("both", CallContext.EMPTY).metadata().get("responseId"));
            assertEquals(
                    "resp_first",
                    p.call("created only", CallContext.EMPTY).metadata().get("responseId"));
        }
    }

    @Test
    void aDoneTextReplacesTheDeltasUnlessItIsEmpty() throws Exception {
        try (MockServer server = ScriptedRealtime.serve((c, e) -> {
            String id = c.responseCreated();
            boolean empty = c.lastUserText().equals("empty");
            c.send("response.output_text.delta", "item_id", "m1", "delta", empty ? "Hel" : "garbled");
            c.send("response.output_text.delta", "item_id", "m1", "delta", empty ? "lo" : " text");
            c.send("response.output_text.done", "item_id", "m1", "text", empty ? "" : "Hello there");
            c.done(id, null);
        })) {
            OpenAiRealtimeProvider p = provider(server).build();
            assertEquals("Hello", p.call("empty", CallContext.EMPTY).output());
            assertEquals("Hello there", p.call("full", CallContext.EMPTY).output());
        }
    }

    @Test
    void withoutDeltasTheOutputIsTheFirstTextPartOfResponseDone() throws Exception {
        List<Object> ga = List.of(
                "not an item",
                Map.of("type", "message", "content", "not a list"),
                Map.of(
                        "type",
                        "message",
                        "content",
                        List.of(
                                "not a part",
                                Map.of("type", "output_audio", "transcript", "spoken"),
                                Map.of("type", "output_text", "text", 42),
                                Map.of("type", "output_text", "text", "from done"),
                                Map.of("type", "output_text", "text", "second part"))));
        List<Object> beta = List.of(Map.of("content", List.of(Map.of("type", "text", "text", "beta text"))));
        try (MockServer server = ScriptedRealtime.serve((c, e) -> {
            Map<String, Object> r = response("resp_" + c.c.id());
            r.put("output", c.lastUserText().equals("ga") ? ga : beta);
            c.send("response.done", "response", r);
        })) {
            OpenAiRealtimeProvider p = provider(server).build();
            assertEquals("from done", p.call("ga", CallContext.EMPTY).output());
            assertEquals("beta text", p.call("beta", CallContext.EMPTY).output());
        }
    }

    @Test
    void anAudioOnlyAnswerHasATimeToFirstAnswer() throws Exception {
        byte[] pcm = {1, 0, 2, 0};
        try (MockServer server = ScriptedRealtime.serve((c, e) -> {
            String id = c.responseCreated();
            c.send("response.output_audio.delta", "item_id", "m1", "delta", b64(pcm));
            c.send("response.output_audio.done", "item_id", "m1");
            c.done(id, null);
        })) {
            ProviderResponse r = provider(server).modalities("audio").build().call("speak", CallContext.EMPTY);
            assertEquals("[Audio response received]", r.output());
            assertArrayEquals(pcm, pcmOf(r));
            assertTrue(r.timings().firstFrame().isPresent(), r.timings().toString());
        }
    }

    @Test
    void aPersistentTurnWaitsForAudioThatFinishesAfterTheResponse() throws Exception {
        byte[] first = {1, 0, 2, 0};
        byte[] late = {3, 0, 4, 0};
        try (MockServer server = ScriptedRealtime.serve((c, e) -> {
            if (c.lastUserText().equals("late")) {
                String id = c.responseCreated();
                c.send("response.output_audio.delta", "item_id", "m1", "delta", b64(first));
                c.done(id, ScriptedRealtime.Ctx.usage(3, 4));
                c.send("response.output_audio.delta", "item_id", "m1", "delta", b64(late));
                c.send("response.output_audio.done", "item_id", "m1");
            } else {
                c.audio(first, "in order", ScriptedRealtime.Ctx.usage(5, 6));
            }
        })) {
            try (OpenAiRealtimeProvider p = provider(server).modalities("audio").build()) {
                ProviderResponse inOrder = p.call("in order", conversation("audio"));
                assertEquals("in order", inOrder.output());
                assertEquals(11, inOrder.tokenUsage().orElseThrow().total());
                ProviderResponse r = p.call("late", conversation("audio"));
                assertArrayEquals(new byte[] {1, 0, 2, 0, 3, 0, 4, 0}, pcmOf(r));
                assertEquals(7, r.tokenUsage().orElseThrow().total());
                assertEquals(1, server.journal().size());
            }
        }
    }

    @Test
    void functionCallsArriveInPieces() throws Exception {
        List<String> handled = new CopyOnWriteArrayList<>();
        try (MockServer server = ScriptedRealtime.serve((c, e) -> {
            if (c.responses > 1) {
                c.text("ok", null);
                return;
            }
            String id = c.responseCreated();
            String variant = c.lastUserText();
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("id", "fc_1");
            item.put("type", "function_call");
            item.put("call_id", "call_" + variant);
            item.put("name", "lookup");
            item.put("arguments", variant.equals("added with arguments") ? "{\"y\":2}" : "");
            switch (variant) {
                case "arguments without a name" -> {
                    c.send("response.output_item.added", "response_id", id, "item", item);
                    c.send(
                            "response.function_call_arguments.done",
                            "call_id",
                            "call_" + variant,
                            "arguments",
                            "{\"x\":1}");
                    c.send("response.output_item.done", "response_id", id, "item", item);
                }
                case "arguments only" ->
                    c.send(
                            "response.function_call_arguments.done",
                            "call_id",
                            "call_" + variant,
                            "name",
                            "find",
                            "arguments",
                            "{\"z\":3}");
                default -> c.send("response.output_item.added", "response_id", id, "item", item);
            }
            c.done(id, null);
        })) {
            OpenAiRealtimeProvider p = provider(server)
                    .functionCallHandler((name, args) -> {
                        handled.add(name + " " + args);
                        return "done";
                    })
                    .build();
            for (String variant : List.of(
                    "arguments without a name", "added with arguments", "added without arguments", "arguments only")) {
                ProviderResponse r = p.call(variant, CallContext.EMPTY);
                assertEquals("ok\n\n[Function calls were made during processing]", r.output(), variant);
            }
            assertEquals(List.of("lookup {\"x\":1}", "lookup {\"y\":2}", "lookup {}", "find {\"z\":3}"), handled);
        }
    }

    @Test
    void aToolRoundStartsTheAnswerAfresh() throws Exception {
        byte[] before = {9, 0, 9, 0};
        byte[] after = {5, 0, 6, 0};
        try (MockServer server = ScriptedRealtime.serve((c, e) -> {
            String id = c.responseCreated();
            if (c.responses == 1) {
                c.send("response.output_text.delta", "item_id", "m1", "delta", "Let me check. ");
                c.send("response.output_audio.delta", "item_id", "m1", "delta", b64(before));
                c.functionCall("call_1", "weather", "{}", null);
            } else {
                c.send("response.output_text.delta", "item_id", "m2", "delta", "It is 20 C");
                c.send("response.output_audio.delta", "item_id", "m2", "delta", b64(after));
                c.done(id, null);
            }
        })) {
            ProviderResponse r = provider(server)
                    .functionCallHandler((name, args) -> "{\"c\":20}")
                    .build()
                    .call("weather?", CallContext.EMPTY);
            assertEquals("It is 20 C\n\n[Function calls were made during processing]", r.output());
            assertArrayEquals(after, pcmOf(r));
        }
    }

    @Test
    void aCloseWithoutAReasonAfterTheServerSpokeFailsTheTurnWithoutARetry() throws Exception {
        try (MockServer server = ScriptedRealtime.serve((c, e) -> {
            if (c.responses == 1) {
                c.text("first", null);
            } else {
                c.c.close(1011, "");
            }
        })) {
            try (OpenAiRealtimeProvider p = provider(server).build()) {
                assertEquals("first", p.call("a", conversation("c")).output());
                ProviderException e = assertThrows(ProviderException.class, () -> p.call("b", conversation("c")));
                assertEquals("Persistent WebSocket closed mid-turn (code=1011)", e.getMessage());
                assertEquals(1, server.journal().size());
            }
        }
    }

    @Test
    void aFrameThatIsNotJsonFailsTheTurnAndAPersistentSocketStays() throws Exception {
        try (MockServer server = ScriptedRealtime.serve((c, e) -> {
            if (c.lastUserText().equals("garbage")) {
                c.c.sendText("{not json");
            } else {
                c.text("fine", null);
            }
        })) {
            try (OpenAiRealtimeProvider p = provider(server).build()) {
                ProviderException e = assertThrows(ProviderException.class, () -> p.call("garbage", conversation("g")));
                assertEquals(ProviderException.Kind.RESPONSE, e.kind());
                assertTrue(e.getMessage().startsWith("Error processing WebSocket message: "), e.getMessage());
                assertTrue(p.hasOpenSocket());
                assertEquals("fine", p.call("next", conversation("g")).output());
                assertEquals(1, server.journal().size());
            }
            server.clearJournal();
            // a direct call's socket closes with it
            ProviderException direct = assertThrows(
                    ProviderException.class, () -> provider(server).build().call("garbage", CallContext.EMPTY));
            assertEquals(ProviderException.Kind.RESPONSE, direct.kind());
            assertTrue(
                    server.awaitJournal(j -> j.size() == 1 && j.get(0).close().isPresent(), Duration.ofSeconds(5))
                            .get(0)
                            .close()
                            .isPresent());
        }
    }

    @Test
    void aHandlerPastItsTimeoutIsInterrupted() throws Exception {
        CountDownLatch interrupted = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        try (MockServer server = ScriptedRealtime.serve((c, e) -> {
            if (c.responses == 1) {
                c.functionCall("call_1", "stuck", "{}", null);
            } else {
                c.text("went on", null);
            }
        })) {
            ProviderResponse r = provider(server)
                    .toolCallTimeout(Duration.ofMillis(200))
                    .functionCallHandler((name, args) -> {
                        try {
                            never.await();
                            return "never";
                        } catch (InterruptedException ie) {
                            interrupted.countDown();
                            throw ie;
                        }
                    })
                    .build()
                    .call("go", CallContext.EMPTY);
            assertEquals("went on\n\n[Function calls were made during processing]", r.output());
            assertEquals(
                    List.of("{\"error\":\"Tool execution failed\"}"),
                    r.metadata().get("functionCallResults"));
            assertTrue(interrupted.await(10, TimeUnit.SECONDS), "the abandoned handler was not interrupted");
        }
    }

    @Test
    void aCallInterruptedWhileItsHandlerRunsInterruptsTheHandler() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        try (MockServer server = ScriptedRealtime.serve((c, e) -> c.functionCall("call_1", "stuck", "{}", null));
                java.util.concurrent.ExecutorService pool =
                        java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            OpenAiRealtimeProvider p = provider(server)
                    .functionCallHandler((name, args) -> {
                        running.countDown();
                        try {
                            never.await();
                            return "never";
                        } catch (InterruptedException ie) {
                            interrupted.countDown();
                            throw ie;
                        }
                    })
                    .build();
            java.util.concurrent.Future<ProviderResponse> call = pool.submit(() -> p.call("go", CallContext.EMPTY));
            assertTrue(running.await(10, TimeUnit.SECONDS));
            call.cancel(true);
            assertTrue(
                    interrupted.await(10, TimeUnit.SECONDS), "the handler of an interrupted call was not interrupted");
        }
    }
}
