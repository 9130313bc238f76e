package io.github.wstoolkit.realtime;

import static io.github.wstoolkit.realtime.ScriptedRealtime.apiBase;
import static io.github.wstoolkit.realtime.ScriptedRealtime.asMap;
import static io.github.wstoolkit.realtime.ScriptedRealtime.sent;
import static io.github.wstoolkit.realtime.ScriptedRealtime.types;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wstoolkit.api.CallContext;
import io.github.wstoolkit.api.ProviderException;
import io.github.wstoolkit.api.ProviderResponse;
import io.github.wstoolkit.api.TokenUsage;
import io.github.wstoolkit.api.json.Json;
import io.github.wstoolkit.mockserver.JournalEntry;
import io.github.wstoolkit.mockserver.MockServer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Direct (one socket per call) mode against a scripted GA endpoint on loopback: the turn's events, the
 * output, errors and timeouts, usage sums. */
class DirectModeTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    private static OpenAiRealtimeProvider.Builder provider(MockServer server) {
        return OpenAiRealtimeProvider.builder()
                .apiKey("sk-test-secret-1234")
                .apiBaseUrl(apiBase(server))
                .env(Map.of())
                // generous for answers (a cold JVM is slow); the timeout tests set 300 ms themselves
                .websocketTimeout(Duration.ofSeconds(10));
    }

    private static JournalEntry onlyConnection(MockServer server) throws Exception {
        List<JournalEntry> j =
                server.awaitJournal(l -> l.size() == 1 && l.get(0).close().isPresent(), WAIT);
        return j.get(0);
    }

    @Test
    void textTurnSendsSessionItemAndResponseInOrderAndReturnsTheText() throws Exception {
        try (MockServer server = ScriptedRealtime.serve((c, e) -> c.text("Hello there", c.usage(12, 5)))) {
            ProviderResponse r = provider(server).modalities("text").build().call("Say hi", CallContext.EMPTY);
            assertEquals("Hello there", r.output());
            assertTrue(r.error().isEmpty());
            JournalEntry entry = onlyConnection(server);
            assertEquals(List.of("session.update", "conversation.item.create", "response.create"), types(entry));
            List<Map<String, Object>> events = sent(entry);
            assertEquals(
                    "{\"type\":\"message\",\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":\"Say hi\"}]}",
                    Json.stringify(events.get(1).get("item")));
            assertTrue(events.get(1).containsKey("previous_item_id"));
            assertNull(events.get(1).get("previous_item_id"));
            assertEquals(
                    "{\"output_modalities\":[\"text\"],\"instructions\":\"You are a helpful assistant.\","
                            + "\"audio\":{\"output\":{\"format\":{\"type\":\"audio/pcm\",\"rate\":24000},\"voice\":\"alloy\"}},"
                            + "\"max_output_tokens\":\"inf\"}",
                    Json.stringify(events.get(2).get("response")));
            for (Map<String, Object> e : events) {
                assertTrue(String.valueOf(e.get("event_id")).matches("event_[0-9a-f-]{36}"), e.toString());
            }
            assertEquals("resp_1_1", r.metadata().get("responseId"));
            assertEquals("item_1_1", r.metadata().get("messageId"));
            assertEquals(new TokenUsage(17, 12, 5, 0, 1), r.tokenUsage().orElseThrow());
            assertEquals(false, r.metadata().get("functionCallOccurred"));
            assertEquals(List.of(), r.metadata().get("functionCallResults"));
            assertTrue(r.timings().firstFrame().isPresent());
            assertTrue(
                    r.timings().framesReceived() >= 10, "frames: " + r.timings().framesReceived());
            assertTrue(r.timings().bytesReceived() > 0);
            assertEquals(1000, entry.close().orElseThrow().code());
        }
    }

    @Test
    void handshakeCarriesBearerOriginAndNoBetaHeader() throws Exception {
        try (MockServer server = ScriptedRealtime.serve((c, e) -> c.text("ok", null))) {
            provider(server)
                    .model("gpt-realtime-2.1")
                    .headers(Map.of("X-Team", "qa"))
                    .build()
                    .call("hi", CallContext.EMPTY);
            JournalEntry entry = onlyConnection(server);
            assertEquals(
                    "Bearer sk-test-secret-1234", entry.header("Authorization").orElseThrow());
            assertEquals(
                    "http://127.0.0.1:" + server.port(), entry.header("Origin").orElseThrow());
            assertEquals("qa", entry.header("X-Team").orElseThrow());
            assertTrue(entry.header("OpenAI-Beta").isEmpty());
            assertTrue(entry.header("X-OpenAI-Originator").isEmpty());
            assertEquals("gpt-realtime-2.1", entry.query().get("model").get(0));
            assertEquals(
                    "gpt-realtime-2.1", asMap(sent(entry).get(0).get("session")).get("model"));
        }
    }

    @Test
    void missingKeyThrowsBeforeAnyConnection() throws Exception {
        try (MockServer server = ScriptedRealtime.serve((c, e) -> c.text("never", null))) {
            OpenAiRealtimeProvider p = OpenAiRealtimeProvider.builder()
                    .apiBaseUrl(apiBase(server))
                    .env(Map.of())
                    .apiKeyEnvar("TEAM_REALTIME_KEY")
                    .build();
            ProviderException e = assertThrows(ProviderException.class, () -> p.call("hi", CallContext.EMPTY));
            assertEquals(
                    "API key is not set. Set the TEAM_REALTIME_KEY environment variable or add `apiKey` to the"
                            + " provider config.",
                    e.getMessage());
            assertEquals(List.of(), server.journal());
        }
    }

    @Test
    void serverErrorEventBecomesAnErrorResponse() throws Exception {
        try (MockServer server = ScriptedRealtime.serve(
                (c, e) -> c.send("error", "error", Map.of("type", "invalid_request_error", "message", "Bad voice")))) {
            ProviderResponse r = provider(server).build().call("hi", CallContext.EMPTY);
            assertEquals("WebSocket error: Error: Error: Bad voice", r.error().orElseThrow());
            assertNull(r.output());
        }
    }

    @Test
    void closeBeforeDoneFailsFastWithCloseCode() throws Exception {
        try (MockServer server = ScriptedRealtime.serve((c, e) -> {
            c.send("response.created", "response", Map.of("id", "resp_x"));
            c.c.close(1011, "server policy violation");
        })) {
            OpenAiRealtimeProvider p =
                    provider(server).websocketTimeout(Duration.ofSeconds(30)).build();
            // a close is a protocol failure: thrown, with its close code as data (the eval's retry policy reads it)
            ProviderException e = assertThrows(ProviderException.class, () -> p.call("hi", CallContext.EMPTY));
            assertEquals(
                    "WebSocket closed unexpectedly with code 1011: server policy violation. This"
                            + " may indicate a networking issue, firewall restriction, or API access limitation.",
                    e.getMessage());
            assertEquals(ProviderException.Kind.CLOSED, e.kind());
            assertEquals(1011, e.closeCode().orElseThrow());
            assertFalse(e.isTransient());
            // what arrived before the close travels with the failure: the response id among it
            assertTrue(
                    e.timings().orElseThrow().frames().stream()
                            .anyMatch(f -> f.preview().contains("resp_x")),
                    e.timings().orElseThrow().frames().toString());
        }
    }

    @Test
    void silentServerTimesOutFromConnect() throws Exception {
        try (MockServer server = ScriptedRealtime.serve((c, e) -> {})) {
            OpenAiRealtimeProvider p =
                    provider(server).websocketTimeout(Duration.ofMillis(300)).build();
            ProviderException e = assertThrows(ProviderException.class, () -> p.call("hi", CallContext.EMPTY));
            assertEquals("WebSocket connection timed out", e.getMessage());
            assertEquals(ProviderException.Kind.TIMEOUT, e.kind());
            assertEquals(java.util.Optional.of("TIMEOUT"), e.code());
            assertTrue(onlyConnection(server).close().isPresent());
        }
    }

    @Test
    void refusedHandshakeThrowsItsStatusWithoutSecrets() throws Exception {
        try (MockServer server = MockServer.builder()
                .port(0)
                .handler(ScriptedRealtime.PATH, ScriptedRealtime.refusing(401))
                .start()) {
            OpenAiRealtimeProvider p = provider(server).build();
            ProviderException e = assertThrows(ProviderException.class, () -> p.call("hi", CallContext.EMPTY));
            assertEquals("WebSocket connection failed (HTTP 401)", e.getMessage());
            assertEquals(401, e.httpStatus().orElseThrow());
            assertFalse(e.isTransient());
            assertTrue(server.journal().stream().allMatch(j -> j.refused().isPresent()));
            java.io.StringWriter trace = new java.io.StringWriter();
            e.printStackTrace(new java.io.PrintWriter(trace));
            assertFalse(trace.toString().contains("sk-test-secret-1234"), trace.toString());
        }
    }

    @Test
    void emptyResponseIsAnErrorWithTheWireShapeHint() throws Exception {
        try (MockServer server = ScriptedRealtime.serve((c, e) -> {
            String id = c.responseCreated();
            // audio tokens are reported, but no audio bytes arrive
            c.done(
                    id,
                    Map.of(
                            "total_tokens",
                            9,
                            "input_tokens",
                            4,
                            "output_tokens",
                            5,
                            "output_token_details",
                            Map.of("audio_tokens", 5)));
        })) {
            ProviderResponse r = provider(server).build().call("hi", CallContext.EMPTY);
            assertEquals(
                    "OpenAI Realtime returned an empty response. No text, audio, or function-call output was returned."
                            + " This often indicates a wire-shape mismatch with the Realtime API.",
                    r.error().orElseThrow());
            assertNull(r.output());
            assertFalse(r.metadata().containsKey("audio"));
            assertEquals(9, r.tokenUsage().orElseThrow().total());
        }
    }

    @Test
    void functionCallWithoutHandlerNamesTheAttemptedTools() throws Exception {
        try (MockServer server = ScriptedRealtime.serve(
                (c, e) -> c.functionCall("call_1", "get_weather", "{\"location\":\"Paris\"}", null))) {
            ProviderResponse r = provider(server)
                    .tools(List.of(Map.of("type", "function", "name", "get_weather", "parameters", Map.of())))
                    .build()
                    .call("weather?", CallContext.EMPTY);
            assertEquals(
                    "OpenAI Realtime returned an empty response. A function_call was emitted by the model but no"
                            + " functionCallHandler was configured to respond. Attempted: get_weather.",
                    r.error().orElseThrow());
            assertEquals(List.of("get_weather"), r.metadata().get("attemptedFunctionCalls"));
            assertEquals(true, r.metadata().get("functionCallOccurred"));
        }
    }

    private static byte[] pcm(int samples) {
        ByteBuffer b = ByteBuffer.allocate(samples * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < samples; i++) {
            b.putShort((short) (i * 7));
        }
        return b.array();
    }

    @Test
    void pcmAudioIsReturnedAsWavWithTheTranscriptAndWrittenToTheOutputDir() throws Exception {
        byte[] audio = pcm(480);
        try (MockServer server = ScriptedRealtime.serve((c, e) -> c.audio(audio, "Hello in audio", c.usage(3, 4)))) {
            ProviderResponse r = provider(server)
                    .audioOutputDir(dir.resolve("audio"))
                    .build()
                    .call("speak", CallContext.EMPTY);
            assertEquals("Hello in audio", r.output());
            Map<String, Object> meta = asMap(r.metadata().get("audio"));
            assertEquals("wav", meta.get("format"));
            assertEquals("Hello in audio", meta.get("transcript"));
            byte[] wav = Base64.getDecoder().decode((String) meta.get("data"));
            assertEquals("RIFF", new String(wav, 0, 4));
            assertEquals("WAVE", new String(wav, 8, 4));
            assertEquals(
                    24000, ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN).getInt(24));
            assertArrayEquals(audio, java.util.Arrays.copyOfRange(wav, 44, wav.length));
            Path file = Path.of((String) meta.get("path"));
            assertEquals(dir.resolve("audio").resolve("realtime-resp_1_1.wav").toAbsolutePath(), file);
            assertArrayEquals(wav, Files.readAllBytes(file));
        }
    }

    @Test
    void g711AudioIsReturnedRawWithItsFormatName() throws Exception {
        byte[] audio = {(byte) 0xFF, 0x7F, 0x10, 0x20};
        for (String format : List.of("g711_ulaw", "g711_alaw")) {
            try (MockServer server = ScriptedRealtime.serve((c, e) -> c.audio(audio, "", null))) {
                ProviderResponse r =
                        provider(server).outputAudioFormat(format).build().call("speak", CallContext.EMPTY);
                assertEquals("[Audio response received]", r.output());
                Map<String, Object> meta = asMap(r.metadata().get("audio"));
                assertEquals(format, meta.get("format"));
                assertArrayEquals(audio, Base64.getDecoder().decode((String) meta.get("data")));
            }
        }
    }

    @Test
    void multimodalContentIsPreserved() throws Exception {
        try (MockServer server = ScriptedRealtime.serve((c, e) -> c.text("seen", null))) {
            String prompt = "[{\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":\"look\"},"
                    + "{\"type\":\"input_audio\",\"audio\":\"AAAA\"},"
                    + "{\"type\":\"input_image\",\"image_url\":\"https://img/a.png\"},"
                    + "{\"type\":\"input_image\",\"image_url\":{\"url\":\"https://img/b.png\"}}]}]";
            provider(server).build().call(prompt, CallContext.EMPTY);
            Map<String, Object> item = asMap(sent(onlyConnection(server)).get(1).get("item"));
            assertEquals(
                    "[{\"type\":\"input_text\",\"text\":\"look\"},{\"type\":\"input_audio\",\"audio\":\"AAAA\"},"
                            + "{\"type\":\"input_image\",\"image_url\":\"https://img/a.png\"},"
                            + "{\"type\":\"input_image\",\"image_url\":\"https://img/b.png\"}]",
                    Json.stringify(item.get("content")));
        }
    }

    @Test
    void audioInputVarNamesAWavFileThatIsSentAsPcm16() throws Exception {
        short[] samples = new short[160]; // 10 ms at 16 kHz
        java.util.Arrays.fill(samples, (short) 500);
        Files.write(
                dir.resolve("question.wav"),
                io.github.wstoolkit.realtime.internal.MediaTestSupport.wav(16000, 1, samples));
        try (MockServer server = ScriptedRealtime.serve((c, e) -> c.text("heard", null))) {
            ProviderResponse r = provider(server)
                    .option("inputAudioVar", "audio_file")
                    .baseDir(dir)
                    .build()
                    .call("", CallContext.ofVars(Map.of("audio_file", "question.wav")));
            assertEquals("heard", r.output(), r.error().orElse(""));
            List<?> content = (List<?>)
                    asMap(sent(onlyConnection(server)).get(1).get("item")).get("content");
            assertEquals(1, content.size());
            Map<String, Object> part = asMap(content.get(0));
            assertEquals("input_audio", part.get("type"));
            byte[] pcm = Base64.getDecoder().decode((String) part.get("audio"));
            assertEquals(240 * 2, pcm.length);
            assertEquals(
                    500, ByteBuffer.wrap(pcm).order(ByteOrder.LITTLE_ENDIAN).getShort(100));
        }
    }

    @Test
    void missingToolsFileFailsTheCallAndNothingConnects() throws Exception {
        try (MockServer server = ScriptedRealtime.serve((c, e) -> c.text("never", null))) {
            OpenAiRealtimeProvider p = provider(server)
                    .baseDir(dir)
                    .tools("file://missing-tools.json")
                    .build();
            ProviderException e = assertThrows(ProviderException.class, () -> p.call("hi", CallContext.EMPTY));
            assertEquals("File does not exist: " + dir.resolve("missing-tools.json"), e.getMessage());
            assertEquals(ProviderException.Kind.CONFIG, e.kind());
            assertEquals(List.of(), server.journal());
        }
    }
}
