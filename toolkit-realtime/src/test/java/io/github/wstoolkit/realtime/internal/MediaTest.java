package io.github.wstoolkit.realtime.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wstoolkit.api.TokenUsage;
import io.github.wstoolkit.api.json.Json;
import java.io.FileNotFoundException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A rendered prompt as message content parts, usage sums over response.done events, WAV in and out, tools files. */
class MediaTest {

    @TempDir
    Path dir;

    @Test
    void lastUserMessageOfAnArrayIsTheContentAndEverythingElseIsIgnored() {
        String prompt = "[{\"role\":\"system\",\"content\":\"sys\"},"
                + "{\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":\"first\"}]},"
                + "{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"answer\"}]},"
                + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"second\"},"
                + "{\"type\":\"input_audio\",\"audio\":\"QUJD\"},"
                + "{\"type\":\"input_image\",\"image_url\":\"https://x/a.png\"},"
                + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://x/b.png\"}},"
                + "{\"type\":\"video\",\"url\":\"dropped\"}]}]";
        assertEquals(
                "[{\"type\":\"input_text\",\"text\":\"second\"},{\"type\":\"input_audio\",\"audio\":\"QUJD\"},"
                        + "{\"type\":\"input_image\",\"image_url\":\"https://x/a.png\"},"
                        + "{\"type\":\"input_image\",\"image_url\":\"https://x/b.png\"}]",
                Json.stringify(PromptContent.of(prompt)));
    }

    @Test
    void userMessageWithNothingUsableFallsBackToAnEarlierOne() {
        String prompt = "[{\"role\":\"user\",\"content\":\"earlier\"},{\"role\":\"user\",\"content\":[]}]";
        assertEquals("[{\"type\":\"input_text\",\"text\":\"earlier\"}]", Json.stringify(PromptContent.of(prompt)));
    }

    @Test
    void objectPromptAndPlainTextBecomeOneTextPart() {
        assertEquals(
                "[{\"type\":\"input_text\",\"text\":\"hi\"}]", Json.stringify(PromptContent.of("{\"prompt\":\"hi\"}")));
        assertEquals(
                "[{\"type\":\"input_text\",\"text\":\"just text\"}]", Json.stringify(PromptContent.of("just text")));
        assertEquals(
                "[{\"type\":\"input_text\",\"text\":\"[{\\\"role\\\":\\\"system\\\",\\\"content\\\":\\\"s\\\"}]\"}]",
                Json.stringify(PromptContent.of("[{\"role\":\"system\",\"content\":\"s\"}]")));
    }

    @Test
    void usageIsSummedAsPromptfooDoes() {
        TokenUsage u = Usage.sum(List.of(
                Map.of(
                        "total_tokens",
                        11,
                        "input_tokens",
                        7,
                        "output_tokens",
                        4,
                        "input_token_details",
                        Map.of("cached_tokens", 2)),
                Map.of("prompt_tokens", 5, "completion_tokens", 3)));
        assertEquals(new TokenUsage(19, 12, 7, 2, 2), u);
    }

    @Test
    void wavHeaderIs44BytesMono16Bit24kHz() {
        byte[] pcm = {1, 2, 3, 4};
        byte[] wav = Audio.wav(pcm, 24000);
        ByteBuffer b = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(48, wav.length);
        assertEquals("RIFF", new String(wav, 0, 4));
        assertEquals(40, b.getInt(4));
        assertEquals("WAVE", new String(wav, 8, 4));
        assertEquals(1, b.getShort(20)); // PCM
        assertEquals(1, b.getShort(22)); // mono
        assertEquals(24000, b.getInt(24));
        assertEquals(48000, b.getInt(28));
        assertEquals(16, b.getShort(34));
        assertEquals("data", new String(wav, 36, 4));
        assertEquals(4, b.getInt(40));
        assertArrayEquals(pcm, java.util.Arrays.copyOfRange(wav, 44, 48));
    }

    static byte[] wavFile(int rate, int channels, short[] interleaved) {
        ByteBuffer data = ByteBuffer.allocate(interleaved.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (short s : interleaved) {
            data.putShort(s);
        }
        ByteBuffer b = ByteBuffer.allocate(44 + data.capacity()).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(36 + data.capacity()).put("WAVE".getBytes());
        b.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) channels);
        b.putInt(rate)
                .putInt(rate * channels * 2)
                .putShort((short) (channels * 2))
                .putShort((short) 16);
        b.put("data".getBytes()).putInt(data.capacity()).put(data.array());
        return b.array();
    }

    @Test
    void stereo16kWavIsDownmixedAndResampledTo24kMono() throws Exception {
        // 160 stereo frames at 16 kHz (10 ms): left 1000, right 3000 → mono 2000
        short[] frames = new short[320];
        for (int i = 0; i < 160; i++) {
            frames[2 * i] = 1000;
            frames[2 * i + 1] = 3000;
        }
        Path f = dir.resolve("in.wav");
        Files.write(f, wavFile(16000, 2, frames));
        byte[] pcm = Audio.readWavAs(f, "pcm16");
        assertEquals(240 * 2, pcm.length); // 10 ms at 24 kHz
        ByteBuffer b = ByteBuffer.wrap(pcm).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 240; i++) {
            assertEquals(2000, b.getShort());
        }
    }

    @Test
    void g711InputIsEncodedAt8kHz() throws Exception {
        Path f = dir.resolve("in.wav");
        Files.write(f, wavFile(24000, 1, new short[240]));
        byte[] ulaw = Audio.readWavAs(f, "g711_ulaw");
        byte[] alaw = Audio.readWavAs(f, "g711_alaw");
        assertEquals(80, ulaw.length);
        assertEquals((byte) 0xFF, ulaw[0]); // μ-law silence
        assertEquals((byte) 0xD5, alaw[0]); // A-law silence
    }

    @Test
    void nonPcmWavIsRejectedClearly() throws Exception {
        byte[] wav = wavFile(8000, 1, new short[8]);
        wav[20] = 3; // IEEE float
        Path f = dir.resolve("float.wav");
        Files.write(f, wav);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Audio.readWavAs(f, "pcm16"));
        assertEquals("float.wav is not integer PCM (WAV format tag 3); convert it to 16-bit PCM WAV", e.getMessage());
        Path notWav = dir.resolve("x.wav");
        Files.writeString(notWav, "hello, not audio");
        assertEquals(
                "x.wav is not a WAV file (no RIFF/WAVE header)",
                assertThrows(IllegalArgumentException.class, () -> Audio.readWavAs(notWav, "pcm16"))
                        .getMessage());
    }

    @Test
    void inputAudioPartNamingAWavFileIsReplacedByItsAudio() throws Exception {
        Files.write(dir.resolve("hello.wav"), wavFile(24000, 1, new short[] {1, 2, 3}));
        List<Map<String, Object>> content = PromptContent.resolveAudioFiles(
                PromptContent.of(
                        "[{\"role\":\"user\",\"content\":[{\"type\":\"input_audio\",\"audio\":\"hello.wav\"}]}]"),
                dir,
                "pcm16");
        assertEquals("input_audio", content.get(0).get("type"));
        assertArrayEquals(new byte[] {1, 0, 2, 0, 3, 0}, Base64.getDecoder().decode((String)
                content.get(0).get("audio")));
        FileNotFoundException missing = assertThrows(
                FileNotFoundException.class,
                () -> PromptContent.resolveAudioFiles(
                        List.of(Map.of("type", "input_audio", "audio", "file://nope.wav")), dir, "pcm16"));
        assertEquals("Audio file does not exist: " + dir.resolve("nope.wav"), missing.getMessage());
    }

    @Test
    void toolsLoadFromJsonAndYamlFiles() throws Exception {
        Files.writeString(
                dir.resolve("tools.json"),
                "[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"parameters\":{}}}]");
        Files.writeString(dir.resolve("tools.yaml"), "- type: function\n  name: get_time\n  parameters: {}\n");
        assertEquals(
                "[{\"type\":\"function\",\"name\":\"get_weather\",\"parameters\":{}}]",
                Json.stringify(Tools.load("file://tools.json", dir)));
        assertEquals(
                "[{\"type\":\"function\",\"name\":\"get_time\",\"parameters\":{}}]",
                Json.stringify(Tools.load("file://tools.yaml", dir)));
        FileNotFoundException e = assertThrows(FileNotFoundException.class, () -> Tools.load("file://none.json", dir));
        assertTrue(e.getMessage().startsWith("File does not exist: "), e.getMessage());
    }
}
