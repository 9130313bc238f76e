package io.github.wstoolkit.realtime;

import static io.github.wstoolkit.realtime.ScriptedRealtime.apiBase;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wstoolkit.api.Frame;
import io.github.wstoolkit.api.ProviderException;
import io.github.wstoolkit.api.json.Json;
import io.github.wstoolkit.mockserver.MockServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The session API at its edges: {@code awaitResponse}'s limit and how it merges a function call that arrives in pieces,
 * binary and non-object frames, what a frame observer sees, and a listener told of bad frames.
 */
class RealtimeSessionEdgesTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private static RealtimeOptions.Builder options(MockServer server) {
        return RealtimeOptions.builder()
                .model("gpt-realtime")
                .apiKey("sk-session-test-1234")
                .apiBaseUrl(apiBase(server))
                .env(Map.of());
    }

    private static Map<String, Object> call(String callId, String name, String arguments) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("type", "function_call");
        item.put("call_id", callId);
        if (name != null) {
            item.put("name", name);
        }
        item.put("arguments", arguments);
        return item;
    }

    @Test
    void awaitResponseGivesUpAtItsLimitAsATransientTimeout() throws Exception {
        try (MockServer server = ScriptedRealtime.serve((c, e) -> {});
                RealtimeSession session = RealtimeSession.open(options(server).build())) {
            session.send(ClientEvent.ResponseCreate.withSessionDefaults());
            ProviderException e =
                    assertThrows(ProviderException.class, () -> session.awaitResponse(Duration.ofMillis(300)));
            assertEquals("No response.done within 300 ms", e.getMessage());
            assertEquals(ProviderException.Kind.TIMEOUT, e.kind());
            assertTrue(e.isTransient());
            assertEquals("TIMEOUT", e.code().orElseThrow());
            // a limit already spent does not wait at all
            assertThrows(ProviderException.class, () -> session.awaitResponse(Duration.ZERO));
            assertTrue(session.isOpen());
        }
    }

    @Test
    void awaitResponseMergesAFunctionCallThatArrivesInPieces() throws Exception {
        try (MockServer server = ScriptedRealtime.serve((c, e) -> {
                    c.send("response.created", "response", Map.of("id", "resp_pieces"));
                    // a: added without arguments, its arguments in .done without a name, a second .added ignored
                    c.send("response.output_item.added", "item", call("a", "lookup", ""));
                    c.send("response.output_item.added", "item", call("a", "renamed", "{\"bad\":1}"));
                    c.send("response.function_call_arguments.done", "call_id", "a", "arguments", "{\"q\":1}");
                    // b: added, then the item's .done (which wins) without a name
                    c.send("response.output_item.added", "item", call("b", "find", "{\"k\":1}"));
                    c.send("response.output_item.done", "item", call("b", null, "{\"k\":2}"));
                    // c: only its arguments' .done, with a name
                    c.send("response.function_call_arguments.done", "call_id", "c", "name", "fetch", "arguments", "{}");
                    // d: only its arguments' .done, without a name
                    c.send("response.function_call_arguments.done", "call_id", "d", "arguments", "{\"d\":4}");
                    c.send("response.done", "response", Map.of("status", "completed"));
                });
                RealtimeSession session = RealtimeSession.open(options(server).build())) {
            session.send(ClientEvent.ResponseCreate.withSessionDefaults());
            RealtimeResponse r = session.awaitResponse(WAIT);
            assertEquals(
                    List.of(
                            new RealtimeResponse.FunctionCall("a", "lookup", "{\"q\":1}"),
                            new RealtimeResponse.FunctionCall("b", "find", "{\"k\":2}"),
                            new RealtimeResponse.FunctionCall("c", "fetch", "{}"),
                            new RealtimeResponse.FunctionCall("d", "", "{\"d\":4}")),
                    r.functionCalls());
            assertEquals("resp_pieces", r.responseId());
            assertEquals("completed", r.status());
            assertEquals("", r.text());
        }
    }

    @Test
    void aDoneTextReplacesTheDeltasInAwaitResponseUnlessItIsEmpty() throws Exception {
        try (MockServer server = ScriptedRealtime.serve((c, e) -> {
                    c.send("response.output_text.delta", "item_id", "m", "delta", "Hel");
                    c.send("response.output_text.delta", "item_id", "m", "delta", "lo");
                    c.send("response.output_text.done", "item_id", "m", "text", "");
                    c.send("response.done", "response", Map.of("id", "r1", "status", "completed"));
                    c.send("response.output_text.delta", "item_id", "m", "delta", "garbled");
                    c.send("response.output_text.done", "item_id", "m", "text", "Clean");
                    c.send("response.done", "response", Map.of("id", "r2", "status", "completed"));
                });
                RealtimeSession session = RealtimeSession.open(options(server).build())) {
            session.send(ClientEvent.ResponseCreate.withSessionDefaults());
            RealtimeResponse first = session.awaitResponse(WAIT);
            assertEquals("Hello", first.text());
            assertEquals("r1", first.responseId());
            assertEquals("Clean", session.awaitResponse(WAIT).text());
        }
    }

    @Test
    void binaryAndNonObjectFramesAreCountedAndNamed() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        byte[] blob = {1, 2, 3, 4, 5, 6, 7};
        try (MockServer server = ScriptedRealtime.serve((c, e) -> {
                    c.c.sendBinary(blob);
                    c.c.sendText("[1,2]");
                    c.text("after", null);
                });
                RealtimeSession session = RealtimeSession.open(options(server)
                        .frameObserver((direction, text, size) -> seen.add(direction + " " + size))
                        .build())) {
            assertInstanceOf(
                    ServerEvent.SessionCreated.class, session.next(WAIT).orElseThrow());
            long frames = session.framesReceived();
            long bytes = session.bytesReceived();
            String id = session.send(ClientEvent.ResponseCreate.withSessionDefaults());
            int sentSize = Json.stringify(
                            ClientEvent.ResponseCreate.withSessionDefaults().toJson(id))
                    .getBytes(StandardCharsets.UTF_8)
                    .length;
            // the binary frame is no event: the next read is the array, which is no event object either
            ProviderException notObject = assertThrows(ProviderException.class, () -> session.next(WAIT));
            assertEquals(
                    "Error processing WebSocket message: a server event must be a JSON object", notObject.getMessage());
            assertEquals(ProviderException.Kind.RESPONSE, notObject.kind());
            assertEquals("after", session.awaitResponse(WAIT).text());
            assertTrue(session.framesReceived() >= frames + 2);
            assertTrue(
                    session.bytesReceived() >= bytes + blob.length + "[1,2]".length(),
                    session.bytesReceived() + " after " + bytes);
            assertTrue(seen.contains(Frame.Direction.RECEIVED + " " + blob.length), seen.toString());
            assertTrue(seen.contains(Frame.Direction.RECEIVED + " 5"), seen.toString());
            assertTrue(seen.contains(Frame.Direction.SENT + " " + sentSize), seen.toString());
        }
    }

    @Test
    void aListenerIsToldOfAFrameThatIsNotJson() throws Exception {
        CompletableFuture<ProviderException> error = new CompletableFuture<>();
        CompletableFuture<String> close = new CompletableFuture<>();
        try (MockServer server = ScriptedRealtime.serve((c, e) -> {
            c.c.sendText("{oops");
            c.c.close(4001, "bye");
        })) {
            try (RealtimeSession session = RealtimeSession.open(options(server)
                    .listener(new RealtimeSession.Listener() {
                        @Override
                        public void onError(ProviderException e) {
                            error.complete(e);
                        }

                        @Override
                        public void onClose(int code, String reason) {
                            close.complete(code + " " + reason);
                        }
                    })
                    .build())) {
                session.send(ClientEvent.ResponseCreate.withSessionDefaults());
                ProviderException e = error.get(5, TimeUnit.SECONDS);
                assertTrue(e.getMessage().startsWith("Error processing WebSocket message: "), e.getMessage());
                assertEquals("4001 bye", close.get(5, TimeUnit.SECONDS));
                assertEquals(
                        new RealtimeSession.CloseStatus(4001, "bye"),
                        session.closeStatus().orElseThrow());
            }
        }
    }
}
