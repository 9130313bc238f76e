package io.github.wstoolkit.realtime;

import static io.github.wstoolkit.realtime.ScriptedRealtime.apiBase;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wstoolkit.api.ConfigException;
import io.github.wstoolkit.api.ProviderException;
import io.github.wstoolkit.mockserver.MockServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The Java session API: typed client events out, typed server events in, whole responses collected. */
class RealtimeSessionTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private static RealtimeOptions.Builder options(MockServer server) {
        return RealtimeOptions.builder()
                .model("gpt-realtime")
                .apiKey("sk-session-test-1234")
                .apiBaseUrl(apiBase(server))
                .env(Map.of());
    }

    private static ServerEvent next(RealtimeSession s) throws Exception {
        return s.next(WAIT).orElseThrow(() -> new AssertionError("no event within " + WAIT));
    }

    @Test
    void typedEventsRoundTrip() throws Exception {
        try (MockServer server = ScriptedRealtime.serve((c, e) -> c.text("Hi from the session", c.usage(3, 2)));
                RealtimeSession session = RealtimeSession.open(options(server).build())) {
            assertInstanceOf(ServerEvent.SessionCreated.class, next(session));
            String id = session.send(
                    new ClientEvent.SessionUpdate(Map.of("type", "realtime", "output_modalities", List.of("text"))));
            assertTrue(id.startsWith("event_"));
            ServerEvent.SessionUpdated updated = assertInstanceOf(ServerEvent.SessionUpdated.class, next(session));
            assertEquals(List.of("text"), updated.session().get("output_modalities"));

            session.send(ClientEvent.ConversationItemCreate.userText("Hello"));
            ServerEvent.ConversationItem added = assertInstanceOf(ServerEvent.ConversationItem.class, next(session));
            assertEquals("conversation.item.added", added.type());
            assertEquals("user", added.role().orElseThrow());
            assertEquals("message", added.itemType().orElseThrow());
            assertEquals("conversation.item.done", next(session).type());

            session.send(ClientEvent.ResponseCreate.withSessionDefaults());
            RealtimeResponse response = session.awaitResponse(WAIT);
            assertEquals("Hi from the session", response.text());
            assertEquals("resp_1_1", response.responseId());
            assertEquals("completed", response.status());
            assertEquals(5, response.usage().orElseThrow().get("total_tokens"));
            assertTrue(response.events().stream().anyMatch(ServerEvent.TextDelta.class::isInstance));
            assertTrue(session.framesReceived() > 5);
        }
    }

    @Test
    void awaitResponseCollectsFunctionCallsAndAudio() throws Exception {
        byte[] pcm = {1, 2, 3, 4, 5, 6};
        try (MockServer server = ScriptedRealtime.serve((c, e) -> {
                    if (c.responses == 1) {
                        c.functionCall("call_9", "get_weather", "{\"location\":\"Oslo\"}", null);
                    } else {
                        c.audio(pcm, "Cold in Oslo", null);
                    }
                });
                RealtimeSession session = RealtimeSession.open(options(server).build())) {
            session.send(ClientEvent.ConversationItemCreate.userText("Weather in Oslo?"));
            session.send(ClientEvent.ResponseCreate.of(Map.of("output_modalities", List.of("audio"))));
            RealtimeResponse call = session.awaitResponse(WAIT);
            assertEquals(
                    List.of(new RealtimeResponse.FunctionCall("call_9", "get_weather", "{\"location\":\"Oslo\"}")),
                    call.functionCalls());
            session.send(new ClientEvent.FunctionCallOutput("call_9", "{\"temp\":-3}"));
            session.send(ClientEvent.ResponseCreate.withSessionDefaults());
            RealtimeResponse spoken = session.awaitResponse(WAIT);
            assertEquals("Cold in Oslo", spoken.text());
            assertArrayEquals(pcm, spoken.audio());
        }
    }

    @Test
    void serverErrorEventFailsAwaitResponseWithItsCode() throws Exception {
        try (MockServer server = ScriptedRealtime.serve((c, e) -> c.send(
                        "error",
                        "error",
                        Map.of("type", "invalid_request_error", "code", "bad_voice", "message", "No such voice")));
                RealtimeSession session = RealtimeSession.open(options(server).build())) {
            session.send(ClientEvent.ResponseCreate.withSessionDefaults());
            ProviderException e = assertThrows(ProviderException.class, () -> session.awaitResponse(WAIT));
            assertEquals("Error: No such voice", e.getMessage());
            assertEquals("bad_voice", e.code().orElseThrow());
            assertTrue(session.isOpen());
        }
    }

    @Test
    void malformedFrameFailsOneReadAndTheSessionGoesOn() throws Exception {
        try (MockServer server = ScriptedRealtime.serve((c, e) -> {
                    c.c.sendText("not json at all");
                    c.text("still here", null);
                });
                RealtimeSession session = RealtimeSession.open(options(server).build())) {
            assertInstanceOf(ServerEvent.SessionCreated.class, next(session));
            session.send(ClientEvent.ResponseCreate.withSessionDefaults());
            ProviderException bad = assertThrows(ProviderException.class, () -> session.next(WAIT));
            assertTrue(bad.getMessage().startsWith("Error processing WebSocket message: "), bad.getMessage());
            assertEquals("still here", session.awaitResponse(WAIT).text());
        }
    }

    @Test
    void serverCloseEndsReadingWithTheCloseCode() throws Exception {
        try (MockServer server = ScriptedRealtime.serve((c, e) -> c.c.close(4000, "gone"));
                RealtimeSession session = RealtimeSession.open(options(server).build())) {
            assertInstanceOf(ServerEvent.SessionCreated.class, next(session));
            try {
                session.send(ClientEvent.ResponseCreate.withSessionDefaults());
            } catch (ProviderException e) {
                // the server closes in answer to this very frame, sometimes before the send has returned
                assertEquals(ProviderException.Kind.CLOSED, e.kind());
            }
            ProviderException closed = assertThrows(ProviderException.class, () -> session.next(WAIT));
            assertEquals(ProviderException.Kind.CLOSED, closed.kind());
            assertEquals(4000, closed.closeCode().orElseThrow());
            assertEquals("WebSocket closed with code 4000: gone", closed.getMessage());
            assertEquals(
                    new RealtimeSession.CloseStatus(4000, "gone"),
                    session.closeStatus().orElseThrow());
            // and it stays closed
            assertThrows(ProviderException.class, () -> session.next(Duration.ZERO));
        }
    }

    @Test
    void listenerReceivesEventsInOrderAndTheClose() throws Exception {
        List<String> types = new CopyOnWriteArrayList<>();
        CompletableFuture<Integer> closed = new CompletableFuture<>();
        try (MockServer server = ScriptedRealtime.serve((c, e) -> {
            c.text("a b", null);
            c.c.close(1000, "done");
        })) {
            RealtimeSession session = RealtimeSession.open(options(server)
                    .listener(new RealtimeSession.Listener() {
                        @Override
                        public void onEvent(ServerEvent event) {
                            types.add(event.type());
                        }

                        @Override
                        public void onClose(int code, String reason) {
                            closed.complete(code);
                        }
                    })
                    .build());
            session.send(ClientEvent.ResponseCreate.withSessionDefaults());
            assertEquals(1000, closed.get(5, TimeUnit.SECONDS));
            assertEquals("session.created", types.get(0));
            assertEquals("response.done", types.get(types.size() - 1));
            assertTrue(types.indexOf("response.output_text.delta") < types.indexOf("response.output_text.done"));
            assertThrows(IllegalStateException.class, () -> session.next(Duration.ZERO));
            session.close();
        }
    }

    @Test
    void handshakeCarriesTheComputedHeaders() throws Exception {
        try (MockServer server = ScriptedRealtime.serve((c, e) -> {});
                RealtimeSession session = RealtimeSession.open(
                        options(server).header("X-Trace", "t-1").build())) {
            assertTrue(session.isOpen());
            var entry = server.awaitJournal(j -> !j.isEmpty(), WAIT).get(0);
            assertEquals(
                    "Bearer sk-session-test-1234", entry.header("Authorization").orElseThrow());
            assertEquals("t-1", entry.header("X-Trace").orElseThrow());
            assertEquals("gpt-realtime", entry.query().get("model").get(0));
        }
    }

    @Test
    void clientSecretGoesInTheUrlAndNoAuthorizationIsSent() throws Exception {
        MockServer server = MockServer.builder()
                .port(0)
                .handler("/scripted/v1/realtime/socket", ScriptedRealtime.of((c, e) -> c.text("via secret", null)))
                .start();
        try (server;
                RealtimeSession session = RealtimeSession.open(RealtimeOptions.builder()
                        .apiBaseUrl(apiBase(server))
                        .env(Map.of())
                        .clientSecret("ek_test_secret")
                        .build())) {
            session.send(ClientEvent.ResponseCreate.withSessionDefaults());
            assertEquals("via secret", session.awaitResponse(WAIT).text());
            var entry = server.journal().get(0);
            assertEquals("ek_test_secret", entry.query().get("client_secret").get(0));
            assertTrue(entry.header("Authorization").isEmpty());
        }
    }

    @Test
    void optionsWithoutAKeyFailWithPromptfoosMessage() {
        ConfigException e = assertThrows(
                ConfigException.class,
                () -> RealtimeOptions.builder().env(Map.of()).build());
        assertEquals(
                "API key is not set. Set the OPENAI_API_KEY environment variable or add `apiKey` to the provider config.",
                e.getMessage());
    }

    @Test
    void clientEventsSerializeInWireOrder() {
        assertEquals(
                "{\"type\":\"conversation.item.create\",\"previous_item_id\":\"msg_1\",\"item\":{\"type\":\"message\","
                        + "\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":\"hi\"}]},\"event_id\":\"e1\"}",
                io.github.wstoolkit.api.json.Json.stringify(ClientEvent.ConversationItemCreate.userText("hi")
                        .after("msg_1")
                        .toJson("e1")));
        assertEquals(
                "{\"type\":\"input_audio_buffer.append\",\"audio\":\"AQI=\",\"event_id\":\"e2\"}",
                io.github.wstoolkit.api.json.Json.stringify(
                        ClientEvent.InputAudioBufferAppend.of(new byte[] {1, 2}).toJson("e2")));
        assertEquals(
                "{\"type\":\"response.cancel\",\"response_id\":\"resp_1\",\"event_id\":\"e3\"}",
                io.github.wstoolkit.api.json.Json.stringify(
                        new ClientEvent.ResponseCancel(java.util.Optional.of("resp_1")).toJson("e3")));
        assertEquals(
                "{\"type\":\"input_audio_buffer.commit\",\"event_id\":\"e4\"}",
                io.github.wstoolkit.api.json.Json.stringify(new ClientEvent.InputAudioBufferCommit().toJson("e4")));
        assertEquals(
                "{\"type\":\"x.custom\",\"event_id\":\"e5\"}",
                io.github.wstoolkit.api.json.Json.stringify(
                        new ClientEvent.Raw(new java.util.LinkedHashMap<>(Map.of("type", "x.custom"))).toJson("e5")));
    }

    @Test
    void serverEventsParseGaAndBetaNames() {
        ServerEvent ga = ServerEvent.of(Map.of("type", "response.output_audio_transcript.done", "transcript", "hey"));
        assertEquals("hey", assertInstanceOf(ServerEvent.TextDone.class, ga).text());
        ServerEvent beta = ServerEvent.of(Map.of("type", "response.audio.delta", "audio", "AQI="));
        assertArrayEquals(
                new byte[] {1, 2},
                assertInstanceOf(ServerEvent.AudioDelta.class, beta).audio());
        ServerEvent unknown = ServerEvent.of(Map.of("type", "input_audio_buffer.speech_started", "audio_start_ms", 5));
        assertEquals(
                "input_audio_buffer.speech_started",
                assertInstanceOf(ServerEvent.Unknown.class, unknown).type());
        ServerEvent.ErrorEvent noMessage =
                assertInstanceOf(ServerEvent.ErrorEvent.class, ServerEvent.of(Map.of("type", "error")));
        assertEquals("Unknown WebSocket error", noMessage.message());
    }
}
