package io.github.wstoolkit.realtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.wstoolkit.api.ConfigException;
import io.github.wstoolkit.api.json.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The GA {@code session.update} and {@code response.create} bodies promptfoo builds from provider options. */
class PayloadsTest {

    private static Map<String, Object> config(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void defaultSessionIsTheDocumentedBodyInKeyOrder() {
        assertEquals(
                "{\"type\":\"realtime\",\"model\":\"gpt-realtime-1.5\",\"output_modalities\":[\"audio\"],"
                        + "\"instructions\":\"You are a helpful assistant.\","
                        + "\"audio\":{\"input\":{\"format\":{\"type\":\"audio/pcm\",\"rate\":24000}},"
                        + "\"output\":{\"format\":{\"type\":\"audio/pcm\",\"rate\":24000},\"voice\":\"alloy\"}},"
                        + "\"max_output_tokens\":\"inf\"}",
                Json.stringify(Payloads.session("gpt-realtime-1.5", Map.of(), List.of())));
    }

    @Test
    void textSessionDropsTemperatureAndKeepsMaxTokens() {
        Map<String, Object> c = config(
                "modalities",
                List.of("text"),
                "voice",
                "echo",
                "instructions",
                "Test instructions",
                "temperature",
                0.7,
                "max_response_output_tokens",
                100);
        assertEquals(
                "{\"type\":\"realtime\",\"model\":\"gpt-realtime-1.5\",\"output_modalities\":[\"text\"],"
                        + "\"instructions\":\"Test instructions\","
                        + "\"audio\":{\"input\":{\"format\":{\"type\":\"audio/pcm\",\"rate\":24000}},"
                        + "\"output\":{\"format\":{\"type\":\"audio/pcm\",\"rate\":24000},\"voice\":\"echo\"}},"
                        + "\"max_output_tokens\":100}",
                Json.stringify(Payloads.session("gpt-realtime-1.5", c, List.of())));
    }

    @Test
    void transcriptionAndTurnDetectionGoInsideAudioInput() {
        Map<String, Object> transcription = config("model", "whisper-1", "language", "en", "prompt", "names");
        Map<String, Object> vad = config("type", "semantic_vad", "eagerness", "low");
        Map<String, Object> c = config(
                "modalities", List.of("text", "audio"),
                "input_audio_transcription", transcription,
                "turn_detection", vad);
        Map<String, Object> s = Payloads.session("gpt-realtime-1.5", c, List.of());
        assertEquals(List.of("audio"), s.get("output_modalities"));
        assertEquals("inf", s.get("max_output_tokens"));
        assertEquals(
                "{\"format\":{\"type\":\"audio/pcm\",\"rate\":24000},"
                        + "\"transcription\":{\"model\":\"whisper-1\",\"language\":\"en\",\"prompt\":\"names\"},"
                        + "\"turn_detection\":{\"type\":\"semantic_vad\",\"eagerness\":\"low\"}}",
                Json.stringify(((Map<?, ?>) s.get("audio")).get("input")));
    }

    @Test
    void nullTurnDetectionIsSentAsNull() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("turn_detection", null);
        Map<String, Object> s = Payloads.session("m", c, List.of());
        assertEquals(
                "{\"format\":{\"type\":\"audio/pcm\",\"rate\":24000},\"turn_detection\":null}",
                Json.stringify(((Map<?, ?>) s.get("audio")).get("input")));
    }

    @Test
    void parallelToolCallsAndReasoningPassThrough() {
        Map<String, Object> c = config(
                "input_audio_transcription",
                config("model", "gpt-realtime-whisper", "language", "en", "delay", "low"),
                "parallel_tool_calls",
                true,
                "reasoning",
                config("effort", "high"));
        Map<String, Object> s = Payloads.session("gpt-realtime-2", c, List.of());
        assertEquals(true, s.get("parallel_tool_calls"));
        assertEquals(Map.of("effort", "high"), s.get("reasoning"));
        assertEquals(
                "{\"model\":\"gpt-realtime-whisper\",\"language\":\"en\",\"delay\":\"low\"}",
                Json.stringify(((Map<?, ?>) ((Map<?, ?>) s.get("audio")).get("input")).get("transcription")));
    }

    @Test
    void maxOutputTokensKeepsOnlyIntegersOneTo4096() {
        for (Object bad : new Object[] {0, -1, 1.5, 4097, "0", "1", "inf", null, true}) {
            assertEquals("inf", Payloads.maxOutputTokens(bad), "for " + bad);
        }
        assertEquals(1, Payloads.maxOutputTokens(1));
        assertEquals(4096, Payloads.maxOutputTokens(4096));
        assertEquals(4096, Payloads.maxOutputTokens(4096L));
        assertEquals(
                4096,
                Payloads.session("m", config("max_response_output_tokens", 4096), List.of())
                        .get("max_output_tokens"));
    }

    @Test
    void chatStyleToolsAreFlattenedAndNativeOnesKept() {
        Map<String, Object> params = config("type", "object", "properties", Map.of());
        Map<String, Object> chat = config(
                "type",
                "function",
                "function",
                config("name", "get_weather", "description", "Weather", "parameters", params));
        Map<String, Object> nativeTool = config("type", "function", "name", "lookup", "parameters", params);
        List<Object> tools = Payloads.normalizeTools(List.of(chat, nativeTool));
        assertEquals(
                "[{\"type\":\"function\",\"name\":\"get_weather\",\"description\":\"Weather\","
                        + "\"parameters\":{\"type\":\"object\",\"properties\":{}}},"
                        + "{\"type\":\"function\",\"name\":\"lookup\",\"parameters\":{\"type\":\"object\","
                        + "\"properties\":{}}}]",
                Json.stringify(tools));
    }

    @Test
    void toolChoiceDefaultsToAutoAndForcedChoiceIsFlattened() {
        List<Object> tools = List.of(config("type", "function", "name", "get_weather"));
        assertEquals("auto", Payloads.session("m", Map.of(), tools).get("tool_choice"));
        Map<String, Object> forced = config("type", "function", "function", config("name", "get_weather"));
        Map<String, Object> response = Payloads.response(config("tool_choice", forced), tools);
        assertEquals(Map.of("type", "function", "name", "get_weather"), response.get("tool_choice"));
        assertEquals(tools, response.get("tools"));
        // without tools neither key is sent, even when tool_choice is configured
        assertEquals(
                false,
                Payloads.session("m", config("tool_choice", "required"), List.of())
                        .containsKey("tool_choice"));
    }

    @Test
    void responseIsTheSessionWithoutTypeModelAndInputAudio() {
        assertEquals(
                "{\"output_modalities\":[\"text\"],\"instructions\":\"Be brief.\","
                        + "\"audio\":{\"output\":{\"format\":{\"type\":\"audio/pcmu\"},\"voice\":\"cedar\"}},"
                        + "\"max_output_tokens\":\"inf\"}",
                Json.stringify(Payloads.response(
                        config(
                                "modalities", List.of("text"),
                                "instructions", "Be brief.",
                                "voice", "cedar",
                                "output_audio_format", "g711_ulaw",
                                "input_audio_format", "g711_alaw"),
                        List.of())));
    }

    @Test
    void g711FormatsMapToTheGaFormatObjects() {
        assertEquals(Map.of("type", "audio/pcmu"), Payloads.audioFormat("g711_ulaw"));
        assertEquals(Map.of("type", "audio/pcma"), Payloads.audioFormat("g711_alaw"));
        ConfigException e = assertThrows(ConfigException.class, () -> Payloads.audioFormat("mp3"));
        assertEquals("unknown audio format \"mp3\"; use one of [pcm16, g711_ulaw, g711_alaw]", e.getMessage());
    }
}
