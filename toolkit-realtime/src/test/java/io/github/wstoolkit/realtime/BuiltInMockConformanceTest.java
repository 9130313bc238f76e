package io.github.wstoolkit.realtime;

import static io.github.wstoolkit.realtime.PersistentModeTest.conversation;
import static io.github.wstoolkit.realtime.ScriptedRealtime.asMap;
import static io.github.wstoolkit.realtime.ScriptedRealtime.types;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wstoolkit.api.CallContext;
import io.github.wstoolkit.api.ProviderException;
import io.github.wstoolkit.api.ProviderResponse;
import io.github.wstoolkit.mockserver.JournalEntry;
import io.github.wstoolkit.mockserver.MockServer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The provider and the session against the mock server's own GA {@code /v1/realtime}, the one examples use. */
class BuiltInMockConformanceTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String KEY = "sk-mock-realtime-key";
    private static MockServer server;

    @BeforeAll
    static void start() {
        server = MockServer.builder().port(0).realtimeApiKey(KEY).start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String apiBase() {
        return "http://127.0.0.1:" + server.port() + "/v1";
    }

    private static OpenAiRealtimeProvider.Builder provider() {
        return OpenAiRealtimeProvider.builder()
                .apiKey(KEY)
                .apiBaseUrl(apiBase())
                .env(Map.of())
                .modalities("text")
                .websocketTimeout(WAIT);
    }

    private static JournalEntry lastConnection() {
        List<JournalEntry> j = server.journal();
        return j.get(j.size() - 1);
    }

    @Test
    void textTurnFollowsTheGaEventOrder() throws Exception {
        ProviderResponse r = provider().build().call("Hello there", CallContext.EMPTY);
        assertEquals("Hello! How can I help you today?", r.output(), r.error().orElse(""));
        assertTrue(r.tokenUsage().orElseThrow().total() > 0);
        assertTrue(r.metadata().get("responseId") instanceof String);
        assertTrue(r.metadata().get("messageId") instanceof String);
        assertEquals(List.of("session.update", "conversation.item.create", "response.create"), types(lastConnection()));
    }

    @Test
    void persistentConversationRemembersAcrossTurns() throws Exception {
        try (OpenAiRealtimeProvider p = provider().build()) {
            assertEquals(
                    "Nice to meet you, Ada!",
                    p.call("My name is Ada", conversation("c1")).output());
            assertEquals(
                    "Your name is Ada.",
                    p.call("What is my name?", conversation("c1")).output());
            // another conversation is another socket, without the memory
            assertEquals(
                    "I don't know your name yet.",
                    p.call("What is my name?", conversation("c2")).output());
        }
    }

    @Test
    void weatherToolRoundTripThroughAJavaHandler() throws Exception {
        ProviderResponse r = provider()
                .tools(List.of(Map.of(
                        "type",
                        "function",
                        "function",
                        Map.of(
                                "name",
                                "get_weather",
                                "parameters",
                                Map.of(
                                        "type", "object",
                                        "properties", Map.of("location", Map.of("type", "string")),
                                        "required", List.of("location"))))))
                .functionCallHandler((name, args) -> {
                    String location = String.valueOf(
                            asMap(io.github.wstoolkit.api.json.Json.parse(args)).get("location"));
                    return "{\"location\":\"" + location + "\",\"temperature\":\"72 F\",\"condition\":\"sunny\"}";
                })
                .build()
                .call("What's the weather like in San Francisco?", CallContext.EMPTY);
        assertTrue(r.outputText().startsWith("The weather in San Francisco is 72 F and sunny."), r.outputText());
        assertTrue(r.outputText().endsWith("\n\n[Function calls were made during processing]"));
        assertEquals(2, r.tokenUsage().orElseThrow().numRequests());
        assertEquals(
                "{\"location\":\"San Francisco\",\"temperature\":\"72 F\",\"condition\":\"sunny\"}",
                ((List<?>) r.metadata().get("functionCallResults")).get(0));
    }

    @Test
    void audioAnswerBecomesAWavFile() throws Exception {
        ProviderResponse r =
                provider().modalities("text", "audio").build().call("Say hello clearly", CallContext.EMPTY);
        assertTrue(r.outputText().toLowerCase(java.util.Locale.ROOT).contains("hello"), r.outputText());
        Map<String, Object> audio = asMap(r.metadata().get("audio"));
        assertEquals("wav", audio.get("format"));
        byte[] wav = Base64.getDecoder().decode((String) audio.get("data"));
        assertTrue(wav.length > 44);
        assertEquals("RIFF", new String(wav, 0, 4));
        assertEquals(24000, ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN).getInt(24));
        assertEquals(r.outputText(), audio.get("transcript"));
    }

    @Test
    void wrongKeyIsRefusedWithoutLeakingIt() throws Exception {
        OpenAiRealtimeProvider p = provider().apiKey("sk-wrong-key-5678").build();
        ProviderException e = assertThrows(ProviderException.class, () -> p.call("hi", CallContext.EMPTY));
        assertEquals("WebSocket connection failed (HTTP 401)", e.getMessage());
        assertEquals(401, e.httpStatus().orElseThrow());
        assertFalse(e.getMessage().contains("sk-wrong-key-5678"));
    }

    @Test
    void sessionApiSpeaksToTheMock() throws Exception {
        RealtimeOptions options = RealtimeOptions.builder()
                .model("gpt-realtime")
                .apiKey(KEY)
                .apiBaseUrl(apiBase())
                .env(Map.of())
                .build();
        try (RealtimeSession session = RealtimeSession.open(options)) {
            session.send(new ClientEvent.SessionUpdate(
                    Map.of("type", "realtime", "model", "gpt-realtime", "output_modalities", List.of("text"))));
            session.send(ClientEvent.ConversationItemCreate.userText("Tell me a joke"));
            session.send(ClientEvent.ResponseCreate.withSessionDefaults());
            RealtimeResponse response = session.awaitResponse(WAIT);
            assertEquals("Why did the programmer quit his job? Because he didn't get arrays!", response.text());
            assertTrue(response.usage().isPresent());
        }
    }

    @Test
    void betaHeaderGetsTheBetaClose() throws Exception {
        RealtimeOptions options = RealtimeOptions.builder()
                .apiKey(KEY)
                .apiBaseUrl(apiBase())
                .env(Map.of())
                .header("OpenAI-Beta", "realtime=v1")
                .build();
        try (RealtimeSession session = RealtimeSession.open(options)) {
            ProviderException closed = null;
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (closed == null && System.nanoTime() < deadline) {
                try {
                    session.next(WAIT);
                } catch (ProviderException e) {
                    closed = e;
                }
            }
            assertEquals(4000, closed.closeCode().orElseThrow());
        }
    }
}
