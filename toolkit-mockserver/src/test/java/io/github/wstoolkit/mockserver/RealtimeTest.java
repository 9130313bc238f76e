package io.github.wstoolkit.mockserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wstoolkit.api.json.Json;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code /v1/realtime}: the OpenAI Realtime API, GA shape (event names and payloads as
 * docs/mock-server.md lists them). */
class RealtimeTest {

    static final Map<String, String> AUTH = Map.of("Authorization", "Bearer sk-test-123456");
    static final String TEXT_SESSION = "{\"type\":\"session.update\",\"session\":{\"type\":\"realtime\","
            + "\"model\":\"gpt-realtime\",\"output_modalities\":[\"text\"],\"instructions\":\"Be brief.\"}}";
    static final String WEATHER_TOOL = "{\"type\":\"function\",\"name\":\"get_weather\",\"description\":\"Get the"
            + " weather\",\"parameters\":{\"type\":\"object\",\"properties\":{\"location\":{\"type\":\"string\"}},"
            + "\"required\":[\"location\"]}}";

    static MockServer server;

    @BeforeAll
    static void start() {
        server = MockServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static WsClient connect() throws Exception {
        WsClient c = WsClient.connect(server.wsUri("/v1/realtime?model=gpt-realtime-1.5"), AUTH, List.of());
        Map<?, ?> created = parse(c.next());
        assertEquals("session.created", created.get("type"));
        return c;
    }

    static Map<?, ?> parse(String frame) {
        return (Map<?, ?>) Json.parse(frame);
    }

    static String userItem(String text) {
        return Json.stringify(Map.of(
                "type",
                "conversation.item.create",
                "item",
                Map.of(
                        "type",
                        "message",
                        "role",
                        "user",
                        "content",
                        List.of(Map.of("type", "input_text", "text", text)))));
    }

    /** Events up to and including the first of this type. */
    static List<Map<?, ?>> until(WsClient c, String type) throws Exception {
        List<Map<?, ?>> out = new ArrayList<>();
        for (String f : c.until(f -> type.equals(parse(f).get("type")))) {
            out.add(parse(f));
        }
        return out;
    }

    static List<Object> types(List<Map<?, ?>> events) {
        return events.stream().map(e -> (Object) e.get("type")).toList();
    }

    static String text(List<Map<?, ?>> events, String deltaType) {
        StringBuilder sb = new StringBuilder();
        events.stream().filter(e -> deltaType.equals(e.get("type"))).forEach(e -> sb.append(e.get("delta")));
        return sb.toString();
    }

    static Map<?, ?> first(List<Map<?, ?>> events, String type) {
        return events.stream()
                .filter(e -> type.equals(e.get("type")))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void handshakeWithoutBearerIs401AndAConfiguredKeyMustMatch() throws Exception {
        assertEquals(401, WsClient.refusedStatus(server.wsUri("/v1/realtime"), Map.of()));
        assertEquals(401, WsClient.refusedStatus(server.wsUri("/v1/realtime"), Map.of("Authorization", "Basic abc")));
        try (MockServer keyed = MockServer.builder().realtimeApiKey("sk-right").start()) {
            assertEquals(
                    401,
                    WsClient.refusedStatus(keyed.wsUri("/v1/realtime"), Map.of("Authorization", "Bearer sk-wrong")));
            try (WsClient c = WsClient.connect(keyed.wsUri("/v1/realtime"), Map.of("api-key", "sk-right"), List.of())) {
                assertEquals("session.created", parse(c.next()).get("type"));
            }
            assertTrue(keyed.journal().get(0).toJson().toString().contains("[REDACTED]"));
        }
    }

    @Test
    void betaHeaderIsAcceptedThenClosedWith4000() throws Exception {
        try (WsClient c = WsClient.connect(
                server.wsUri("/v1/realtime"),
                Map.of("Authorization", "Bearer sk-x", "OpenAI-Beta", "realtime=v1"),
                List.of())) {
            var reason = c.awaitClose();
            assertEquals(4000, reason.getCloseCode().getCode());
            assertTrue(reason.getReasonPhrase().startsWith("The Realtime Beta API is no longer supported"));
            assertEquals(List.of(), c.drain(), "no session.created for beta clients");
        }
    }

    @Test
    void sessionCreatedThenSessionUpdateMergesAndAnswersSessionUpdated() throws Exception {
        try (WsClient c = WsClient.connect(server.wsUri("/v1/realtime?model=gpt-realtime-2"), AUTH, List.of())) {
            Map<?, ?> session = (Map<?, ?>) parse(c.next()).get("session");
            assertEquals("realtime", session.get("type"));
            assertEquals("gpt-realtime-2", session.get("model"));
            assertEquals(List.of("audio"), session.get("output_modalities"));
            c.send(TEXT_SESSION);
            Map<?, ?> updated = parse(c.next());
            assertEquals("session.updated", updated.get("type"));
            Map<?, ?> s = (Map<?, ?>) updated.get("session");
            assertEquals(List.of("text"), s.get("output_modalities"));
            assertEquals("Be brief.", s.get("instructions"));
            assertEquals("alloy", ((Map<?, ?>) ((Map<?, ?>) s.get("audio")).get("output")).get("voice"), "merged");
        }
    }

    @Test
    void sessionUpdateWithoutTypeOrWithBetaFieldsIsAnErrorEvent() throws Exception {
        try (WsClient c = connect()) {
            c.send("{\"type\":\"session.update\",\"event_id\":\"e1\",\"session\":{\"instructions\":\"x\"}}");
            Map<?, ?> error = (Map<?, ?>) parse(c.next()).get("error");
            assertEquals("Missing required parameter: 'session.type'.", error.get("message"));
            assertEquals("e1", error.get("event_id"));
            c.send("{\"type\":\"session.update\",\"session\":{\"type\":\"realtime\",\"modalities\":[\"text\"]}}");
            error = (Map<?, ?>) parse(c.next()).get("error");
            assertEquals("unknown_parameter", error.get("code"));
            assertEquals("Unknown parameter: 'session.modalities'.", error.get("message"));
        }
    }

    @Test
    void textTurnFollowsTheGaEventSequence() throws Exception {
        try (WsClient c = connect()) {
            c.send(TEXT_SESSION);
            c.next();
            c.send(userItem("Hello there"));
            Map<?, ?> added = parse(c.next());
            Map<?, ?> done = parse(c.next());
            assertEquals("conversation.item.added", added.get("type"));
            assertEquals("conversation.item.done", done.get("type"));
            Map<?, ?> item = (Map<?, ?>) added.get("item");
            assertEquals("user", item.get("role"));
            assertEquals(item.get("id"), ((Map<?, ?>) done.get("item")).get("id"));
            c.send("{\"type\":\"response.create\"}");
            List<Map<?, ?>> events = until(c, "response.done");
            assertEquals(
                    List.of(
                            "response.created",
                            "response.output_item.added",
                            "conversation.item.added",
                            "response.content_part.added",
                            "response.output_text.delta",
                            "response.output_text.delta",
                            "response.output_text.delta",
                            "response.output_text.delta",
                            "response.output_text.delta",
                            "response.output_text.delta",
                            "response.output_text.delta",
                            "response.output_text.done",
                            "response.content_part.done",
                            "response.output_item.done",
                            "conversation.item.done",
                            "response.done"),
                    types(events));
            assertEquals("Hello! How can I help you today?", text(events, "response.output_text.delta"));
            assertEquals(
                    "Hello! How can I help you today?",
                    first(events, "response.output_text.done").get("text"));
            Map<?, ?> response = (Map<?, ?>) first(events, "response.done").get("response");
            assertEquals("completed", response.get("status"));
            assertEquals(((Map<?, ?>) first(events, "response.created").get("response")).get("id"), response.get("id"));
            Map<?, ?> usage = (Map<?, ?>) response.get("usage");
            // instructions "Be brief." (3 tokens) + "Hello there" (3); reply 32 characters (8)
            assertEquals(6, ((Number) usage.get("input_tokens")).intValue());
            assertEquals(8, ((Number) usage.get("output_tokens")).intValue());
            assertEquals(14, ((Number) usage.get("total_tokens")).intValue());
            assertEquals(0, ((Number) ((Map<?, ?>) usage.get("input_token_details")).get("cached_tokens")).intValue());
            Map<?, ?> out = (Map<?, ?>) ((List<?>) response.get("output")).get(0);
            assertEquals("assistant", out.get("role"));
        }
    }

    @Test
    void audioOutputStreamsTranscriptDeltasWithPcm16Audio() throws Exception {
        try (WsClient c = connect()) {
            c.send(userItem("Say hello clearly"));
            c.next(2);
            c.send("{\"type\":\"response.create\",\"response\":{\"output_modalities\":[\"audio\"]}}");
            List<Map<?, ?>> events = until(c, "response.done");
            assertEquals("Hello! How can I help you today?", text(events, "response.output_audio_transcript.delta"));
            List<Map<?, ?>> audio = events.stream()
                    .filter(e -> "response.output_audio.delta".equals(e.get("type")))
                    .toList();
            assertEquals(7, audio.size(), "100 ms of audio per transcript delta");
            byte[] pcm = Base64.getDecoder().decode((String) audio.get(0).get("delta"));
            assertEquals(4800, pcm.length, "2400 samples of PCM16 at 24 kHz");
            assertTrue(pcm[2] != 0 || pcm[3] != 0, "a tone, not silence");
            assertEquals(
                    "Hello! How can I help you today?",
                    first(events, "response.output_audio_transcript.done").get("transcript"));
            first(events, "response.output_audio.done");
            Map<?, ?> part =
                    (Map<?, ?>) first(events, "response.content_part.done").get("part");
            assertEquals("output_audio", part.get("type"));
            Map<?, ?> usage =
                    (Map<?, ?>) ((Map<?, ?>) first(events, "response.done").get("response")).get("usage");
            assertEquals(14, ((Number) ((Map<?, ?>) usage.get("output_token_details")).get("audio_tokens")).intValue());
        }
    }

    @Test
    void functionCallRoundTripAnswersFromTheToolOutput() throws Exception {
        try (WsClient c = connect()) {
            c.send("{\"type\":\"session.update\",\"session\":{\"type\":\"realtime\",\"output_modalities\":[\"text\"],"
                    + "\"tools\":[" + WEATHER_TOOL + "],\"tool_choice\":\"auto\"}}");
            c.next();
            c.send(userItem("What's the weather like in San Francisco?"));
            c.next(2);
            c.send("{\"type\":\"response.create\"}");
            List<Map<?, ?>> events = until(c, "response.done");
            Map<?, ?> item =
                    (Map<?, ?>) first(events, "response.output_item.added").get("item");
            assertEquals("function_call", item.get("type"));
            assertEquals("get_weather", item.get("name"));
            String callId = (String) item.get("call_id");
            assertEquals("{\"location\":\"San Francisco\"}", text(events, "response.function_call_arguments.delta"));
            Map<?, ?> argsDone = first(events, "response.function_call_arguments.done");
            assertEquals(callId, argsDone.get("call_id"));
            assertEquals("get_weather", argsDone.get("name"));
            assertEquals("{\"location\":\"San Francisco\"}", argsDone.get("arguments"));
            Map<?, ?> done = (Map<?, ?>) first(events, "response.done").get("response");
            assertEquals("function_call", ((Map<?, ?>) ((List<?>) done.get("output")).get(0)).get("type"));

            c.send(Json.stringify(Map.of(
                    "type",
                    "conversation.item.create",
                    "item",
                    Map.of(
                            "type",
                            "function_call_output",
                            "call_id",
                            callId,
                            "output",
                            "{\"location\":\"San Francisco\",\"temperature\":\"72 F\",\"condition\":\"sunny\"}"))));
            Map<?, ?> outputAdded = parse(c.next());
            assertEquals("function_call_output", ((Map<?, ?>) outputAdded.get("item")).get("type"));
            c.next();
            c.send("{\"type\":\"response.create\"}");
            events = until(c, "response.done");
            assertEquals(
                    "The weather in San Francisco is 72 F and sunny.",
                    first(events, "response.output_text.done").get("text"));
        }
    }

    @Test
    void toolChoiceNoneAnswersWithTextEvenForAWeatherQuestion() throws Exception {
        try (WsClient c = connect()) {
            c.send("{\"type\":\"session.update\",\"session\":{\"type\":\"realtime\",\"output_modalities\":[\"text\"],"
                    + "\"tools\":[" + WEATHER_TOOL + "],\"tool_choice\":\"none\"}}");
            c.next();
            c.send(userItem("weather in Paris?"));
            c.next(2);
            c.send("{\"type\":\"response.create\"}");
            assertEquals(
                    "You said: weather in Paris?",
                    first(until(c, "response.done"), "response.output_text.done")
                            .get("text"));
        }
    }

    @Test
    void secondTurnRecallsTheFirstOnTheSameConnection() throws Exception {
        try (WsClient c = connect()) {
            c.send(TEXT_SESSION);
            c.next();
            c.send(userItem("My name is Ada"));
            c.next(2);
            c.send("{\"type\":\"response.create\"}");
            List<Map<?, ?>> first = until(c, "response.done");
            assertEquals(
                    "Nice to meet you, Ada!",
                    first(first, "response.output_text.done").get("text"));
            String assistantId = (String)
                    ((Map<?, ?>) first(first, "response.output_item.done").get("item")).get("id");
            c.send(Json.stringify(Map.of(
                    "type",
                    "conversation.item.create",
                    "previous_item_id",
                    assistantId,
                    "item",
                    Map.of(
                            "type",
                            "message",
                            "role",
                            "user",
                            "content",
                            List.of(Map.of("type", "input_text", "text", "What is my name?"))))));
            assertEquals(assistantId, parse(c.next()).get("previous_item_id"));
            c.next();
            c.send("{\"type\":\"response.create\"}");
            List<Map<?, ?>> second = until(c, "response.done");
            assertEquals(
                    "Your name is Ada.",
                    first(second, "response.output_text.done").get("text"));
            Map<?, ?> usage =
                    (Map<?, ?>) ((Map<?, ?>) first(second, "response.done").get("response")).get("usage");
            assertTrue(
                    ((Number) ((Map<?, ?>) usage.get("input_token_details")).get("cached_tokens")).intValue() > 0,
                    "the second turn reuses the first turn's input: " + usage);
        }
        try (WsClient fresh = connect()) {
            fresh.send(userItem("What is my name?"));
            fresh.next(2);
            fresh.send("{\"type\":\"response.create\",\"response\":{\"output_modalities\":[\"text\"]}}");
            assertEquals(
                    "I don't know your name yet.",
                    first(until(fresh, "response.done"), "response.output_text.done")
                            .get("text"),
                    "state is per connection");
        }
    }

    @Test
    void malformedOrUnknownClientEventsGetErrorEvents() throws Exception {
        try (WsClient c = connect()) {
            c.send("{not json");
            Map<?, ?> e = parse(c.next());
            assertEquals("error", e.get("type"));
            assertEquals("invalid_json", ((Map<?, ?>) e.get("error")).get("code"));
            c.send("{\"type\":\"response.explode\",\"event_id\":\"evt_9\"}");
            Map<?, ?> err = (Map<?, ?>) parse(c.next()).get("error");
            assertEquals("invalid_value", err.get("code"));
            assertEquals("evt_9", err.get("event_id"));
            c.send("{\"type\":\"conversation.item.create\",\"previous_item_id\":\"item_nope\",\"item\":{\"type\":"
                    + "\"message\",\"role\":\"user\",\"content\":[]}}");
            assertEquals("item_not_found", ((Map<?, ?>) parse(c.next()).get("error")).get("code"));
            c.send("{\"type\":\"conversation.item.create\",\"item\":{\"type\":\"function_call_output\","
                    + "\"call_id\":\"call_unknown\",\"output\":\"x\"}}");
            assertTrue(((String) ((Map<?, ?>) parse(c.next()).get("error")).get("message")).contains("call_unknown"));
        }
    }

    @Test
    void committedInputAudioBecomesAUserItemAndItemsCanBeRetrievedAndDeleted() throws Exception {
        try (WsClient c = connect()) {
            c.send("{\"type\":\"input_audio_buffer.append\",\"audio\":\""
                    + Base64.getEncoder().encodeToString(new byte[100]) + "\"}");
            c.send("{\"type\":\"input_audio_buffer.commit\"}");
            Map<?, ?> tooSmall = (Map<?, ?>) parse(c.next()).get("error");
            assertEquals("input_audio_buffer_commit_empty", tooSmall.get("code"));
            c.send("{\"type\":\"input_audio_buffer.append\",\"audio\":\""
                    + Base64.getEncoder().encodeToString(new byte[4800]) + "\"}");
            c.send("{\"type\":\"input_audio_buffer.commit\"}");
            Map<?, ?> committed = parse(c.next());
            assertEquals("input_audio_buffer.committed", committed.get("type"));
            Map<?, ?> added = (Map<?, ?>) parse(c.next()).get("item");
            assertEquals("user", added.get("role"));
            assertEquals("input_audio", ((Map<?, ?>) ((List<?>) added.get("content")).get(0)).get("type"));
            assertEquals(committed.get("item_id"), added.get("id"));
            c.next();
            c.send("{\"type\":\"conversation.item.retrieve\",\"item_id\":\"" + added.get("id") + "\"}");
            assertEquals(added.get("id"), ((Map<?, ?>) parse(c.next()).get("item")).get("id"));
            c.send("{\"type\":\"conversation.item.delete\",\"item_id\":\"" + added.get("id") + "\"}");
            assertEquals("conversation.item.deleted", parse(c.next()).get("type"));
            c.send("{\"type\":\"conversation.item.retrieve\",\"item_id\":\"" + added.get("id") + "\"}");
            assertEquals("item_not_found", ((Map<?, ?>) parse(c.next()).get("error")).get("code"));
        }
    }

    @Test
    void secondResponseCreateWhileOneIsActiveIsAnError() throws Exception {
        try (WsClient c = WsClient.connect(server.wsUri("/v1/realtime?ttfb=3000"), AUTH, List.of())) {
            c.next();
            c.send(userItem("hi"));
            c.next(2);
            c.send("{\"type\":\"response.create\"}");
            c.send("{\"type\":\"response.create\"}");
            Map<?, ?> err = (Map<?, ?>) parse(c.next()).get("error");
            assertEquals("conversation_already_has_active_response", err.get("code"));
        }
    }

    @Test
    void errorFaultSendsARealtimeErrorEventMidResponse() throws Exception {
        try (WsClient c =
                WsClient.connect(server.wsUri("/v1/realtime?fault=error:rate%20limited&after=2"), AUTH, List.of())) {
            c.next();
            c.send(userItem("hi"));
            c.next(2);
            c.send("{\"type\":\"response.create\"}");
            List<Map<?, ?>> events = until(c, "error");
            assertEquals(List.of("response.created", "response.output_item.added", "error"), types(events));
            Map<?, ?> err = (Map<?, ?>) events.get(2).get("error");
            assertEquals("server_error", err.get("type"));
            assertEquals("rate limited", err.get("message"));
        }
    }
}
