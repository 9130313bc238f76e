package io.github.wstoolkit.realtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Chat-style tools keep their extra fields but not {@code strict}; audio formats read back from either spelling. */
class PayloadsEdgesTest {

    @Test
    void flattenedToolsKeepExtraFieldsButNotStrict() {
        Map<String, Object> function = new LinkedHashMap<>();
        function.put("name", "lookup");
        function.put("strict", true);
        function.put("x-owner", "search team");
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("type", "function");
        expected.put("name", "lookup");
        expected.put("x-owner", "search team");
        assertEquals(
                List.of(expected), Payloads.normalizeTools(List.of(Map.of("type", "function", "function", function))));
    }

    @Test
    void formatNamesReadBackFromGaObjectsAndNames() {
        assertEquals("g711_ulaw", Payloads.inputFormatName(Map.of("input_audio_format", Map.of("type", "audio/pcmu"))));
        assertEquals("g711_alaw", Payloads.inputFormatName(Map.of("input_audio_format", Map.of("type", "audio/pcma"))));
        assertEquals(
                "pcm16",
                Payloads.inputFormatName(Map.of("input_audio_format", Map.of("type", "audio/pcm", "rate", 24000))));
        assertEquals("g711_ulaw", Payloads.inputFormatName(Map.of("input_audio_format", "G711_ULAW")));
        assertEquals("pcm16", Payloads.inputFormatName(Map.of()));
        assertEquals(
                "g711_alaw", Payloads.outputFormatName(Map.of("output_audio_format", Map.of("type", "audio/pcma"))));
        assertEquals(
                "g711_ulaw", Payloads.outputFormatName(Map.of("output_audio_format", Map.of("type", "audio/pcmu"))));
        assertEquals("pcm16", Payloads.outputFormatName(Map.of("output_audio_format", Map.of("type", "audio/pcm"))));
        assertEquals("g711_alaw", Payloads.outputFormatName(Map.of("output_audio_format", "G711_ALAW")));
        assertEquals("pcm16", Payloads.outputFormatName(Map.of()));
    }
}
