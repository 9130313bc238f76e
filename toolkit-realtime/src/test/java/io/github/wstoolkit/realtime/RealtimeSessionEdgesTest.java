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

    @Test
    void serverEventsReadTheFieldsEachShapeOffers() {
        ServerEvent.TextDone betaTranscript = assertInstanceOf(
                ServerEvent.TextDone.class,
                ServerEvent.of(Map.of("type", "response.audio_transcript.done", "item_id", "i", "text", "said")));
        assertEquals("said", betaTranscript.text());
        assertTrue(betaTranscript.transcript());
        // the error's own message, else the event's, else a fixed text; the code, else the error's type
        ServerEvent.ErrorEvent topLevel = assertInstanceOf(
                ServerEvent.ErrorEvent.class,
                ServerEvent.of(Map.of(
                        "type", "error", "message", "from the event", "error", Map.of("message", "", "type", "t1"))));
        assertEquals("from the event", topLevel.message());
        assertEquals("t1", topLevel.code().orElseThrow());
        ServerEvent.ErrorEvent both = assertInstanceOf(
                ServerEvent.ErrorEvent.class,
                ServerEvent.of(Map.of(
                        "type",
                        "error",
                        "message",
                        "outer",
                        "error",
                        Map.of("message", "inner", "code", "c1", "type", "t1"))));
        assertEquals("inner", both.message());
        assertEquals("c1", both.code().orElseThrow());
        ServerEvent.ErrorEvent empty =
                assertInstanceOf(ServerEvent.ErrorEvent.class, ServerEvent.of(Map.of("type", "error", "message", "")));
        assertEquals("Unknown WebSocket error", empty.message());
        assertTrue(empty.code().isEmpty());
        ServerEvent.OutputItem item = assertInstanceOf(
                ServerEvent.OutputItem.class,
                ServerEvent.of(Map.of(
                        "type",
                        "response.output_item.done",
                        "response_id",
                        "r",
                        "item",
                        Map.of("type", "function_call"))));
        assertEquals("function_call", item.itemType().orElseThrow());
        assertEquals("r", item.responseId());
        assertEquals(
                "response.created",
                ServerEvent.of(Map.of("type", "response.created")).type());
        assertEquals(
                "session.created",
                ServerEvent.of(Map.of("type", "session.created")).type());
        assertEquals(
                "session.updated",
                ServerEvent.of(Map.of("type", "session.updated")).type());
        assertEquals(
                "response.done", ServerEvent.of(Map.of("type", "response.done")).type());
        ServerEvent.FunctionCallArgumentsDelta delta = assertInstanceOf(
                ServerEvent.FunctionCallArgumentsDelta.class,
                ServerEvent.of(Map.of("type", "response.function_call_arguments.delta", "call_id", "c", "delta", "{")));
        assertEquals("response.function_call_arguments.delta", delta.type());
        assertEquals("{", delta.delta());
        java.util.List<Object> limits = new java.util.ArrayList<>();
        limits.add(Map.of("name", "tokens"));
        limits.add(null);
        Map<String, Object> rate = new LinkedHashMap<>();
        rate.put("type", "rate_limits.updated");
        rate.put("rate_limits", limits);
        ServerEvent.RateLimitsUpdated updated =
                assertInstanceOf(ServerEvent.RateLimitsUpdated.class, ServerEvent.of(rate));
        assertEquals(List.of(Map.of("name", "tokens")), updated.rateLimits());
        assertEquals("rate_limits.updated", updated.type());
        ServerEvent.ResponseDone usageOutside = assertInstanceOf(
                ServerEvent.ResponseDone.class,
                ServerEvent.of(Map.of("type", "response.done", "usage", Map.of("total_tokens", 3))));
        assertEquals(Map.of("total_tokens", 3), usageOutside.usage().orElseThrow());
    }

    @Test
    void secretsOfAnExplicitUriSessionAreScrubbedFromErrors() throws Exception {
        try (MockServer server = ScriptedRealtime.serve((c, e) -> c.send(
                "error", "error", Map.of("message", "token Bearer sk-uri-secret-42 refused for team qa-team")))) {
            try (RealtimeSession session = RealtimeSession.open(RealtimeOptions.builder()
                    .uri(java.net.URI.create("ws://127.0.0.1:" + server.port() + ScriptedRealtime.PATH))
                    .header("Authorization", "Bearer sk-uri-secret-42")
                    .header("X-Team", "qa-team")
                    .build())) {
                session.send(ClientEvent.ResponseCreate.withSessionDefaults());
                ProviderException e = assertThrows(ProviderException.class, () -> session.awaitResponse(WAIT));
                assertEquals("Error: token [REDACTED] refused for team qa-team", e.getMessage());
            }
        }
    }

    @Test
    void aClientSecretSessionsHeadersMayBeReplaced() throws Exception {
        MockServer server = MockServer.builder()
                .port(0)
                .handler("/scripted/v1/realtime/socket", ScriptedRealtime.of((c, e) -> c.text("ok", null)))
                .start();
        try (server;
                RealtimeSession session = RealtimeSession.open(RealtimeOptions.builder()
                        .apiBaseUrl(apiBase(server))
                        .env(Map.of())
                        .clientSecret("ek_test_secret")
                        .header("user-agent", "my-client/1.0")
                        .header("X-Trace", "t-9")
                        .build())) {
            var entry = server.awaitJournal(j -> !j.isEmpty(), WAIT).get(0);
            assertEquals("my-client/1.0", entry.header("User-Agent").orElseThrow());
            assertEquals("t-9", entry.header("X-Trace").orElseThrow());
            assertEquals(
                    "http://127.0.0.1:" + server.port(), entry.header("Origin").orElseThrow());
            assertTrue(session.isOpen());
        }
    }
}
