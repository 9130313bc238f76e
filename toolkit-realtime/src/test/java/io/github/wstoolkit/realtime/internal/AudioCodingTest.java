package io.github.wstoolkit.realtime.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Audio sent as the user's turn is what the WAV file holds: G.711 μ-law and A-law samples decode (with the standard
 * G.711 expansion) to within half a quantisation step of the input, resampling interpolates, 8-bit WAV is read, and
 * the chunk walk copes with what real WAV writers put around the data (LIST chunks, odd sizes, the extensible
 * format, a data size beyond the file's end) and names what it cannot read.
 */
class AudioCodingTest {

    @TempDir
    Path dir;

    /** G.711 μ-law expansion (ITU-T G.711), in 16-bit units. */
    private static int ulawDecode(byte b) {
        int u = ~b & 0xFF;
        int exponent = (u >> 4) & 0x07;
        int mantissa = u & 0x0F;
        int magnitude = (((mantissa << 3) + 0x84) << exponent) - 0x84;
        return (u & 0x80) != 0 ? -magnitude : magnitude;
    }

    /** G.711 A-law expansion (ITU-T G.711), in 16-bit units. */
    private static int alawDecode(byte b) {
        int a = (b ^ 0x55) & 0xFF;
        int exponent = (a >> 4) & 0x07;
        int mantissa = a & 0x0F;
        int magnitude = exponent == 0 ? (mantissa << 4) + 8 : ((mantissa << 4) + 0x108) << (exponent - 1);
        return (a & 0x80) != 0 ? magnitude : -magnitude;
    }

    private static short[] sweep() {
        short[] s = new short[2 * 32000 / 7 + 1];
        for (int i = 0; i < s.length; i++) {
            s[i] = (short) (-32000 + 7 * i);
        }
        return s;
    }

    @Test
    void ulawSamplesDecodeToWithinHalfAStep() {
        short[] in = sweep();
        byte[] out = Audio.ulaw(in);
        assertEquals(in.length, out.length);
        for (int i = 0; i < in.length; i++) {
            int s = in[i];
            int tolerance = (Math.abs(s) + 0x84) / 32 + 1;
            int decoded = ulawDecode(out[i]);
            assertTrue(
                    Math.abs(decoded - s) <= tolerance, "sample " + s + " decodes to " + decoded + " (" + out[i] + ")");
        }
        // the ends of the scale and the sign of the smallest values
        assertEquals((byte) 0xFF, Audio.ulaw(new short[] {0})[0]);
        assertEquals((byte) 0x80, Audio.ulaw(new short[] {32767})[0]);
        assertEquals((byte) 0x00, Audio.ulaw(new short[] {-32768})[0]);
        assertEquals((byte) 0x7F, Audio.ulaw(new short[] {-1})[0]);
    }

    @Test
    void alawSamplesDecodeToWithinHalfAStep() {
        short[] in = sweep();
        byte[] out = Audio.alaw(in);
        assertEquals(in.length, out.length);
        for (int i = 0; i < in.length; i++) {
            int s = in[i];
            int tolerance = Math.abs(s) / 16 + 16;
            int decoded = alawDecode(out[i]);
            assertTrue(
                    Math.abs(decoded - s) <= tolerance, "sample " + s + " decodes to " + decoded + " (" + out[i] + ")");
        }
        assertEquals((byte) 0xD5, Audio.alaw(new short[] {0})[0]);
        assertEquals((byte) 0x55, Audio.alaw(new short[] {-1})[0]);
        assertEquals((byte) 0xAA, Audio.alaw(new short[] {32767})[0]);
        assertEquals((byte) 0x2A, Audio.alaw(new short[] {-32768})[0]);
    }

    @Test
    void resamplingInterpolatesBetweenSamplesAndHoldsTheLast() {
        short[] ramp = {0, 300, 600, 900};
        assertArrayEquals(
                new short[] {0, 100, 200, 300, 400, 500, 600, 700, 800, 900, 900, 900},
                Audio.resample(ramp, 8000, 24000));
        assertArrayEquals(new short[] {0, 600}, Audio.resample(ramp, 16000, 8000));
        short[] half = {0, 1};
        // 1.5 samples per sample: interpolated, rounded to the nearest
        assertArrayEquals(new short[] {0, 1, 1}, Audio.resample(half, 16000, 24000));
        short[] same = {5, 6};
        assertArrayEquals(same, Audio.resample(same, 24000, 24000));
        assertArrayEquals(new short[0], Audio.resample(new short[0], 8000, 24000));
    }

    private static byte[] chunk(String tag, byte[] body) {
        ByteBuffer b = ByteBuffer.allocate(8 + body.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(tag.getBytes()).putInt(body.length).put(body);
        return b.array();
    }

    private static byte[] fmt(int format, int channels, int rate, int bits, int extraBytes) {
        ByteBuffer b = ByteBuffer.allocate(16 + extraBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort((short) format).putShort((short) channels).putInt(rate);
        b.putInt(rate * channels * bits / 8)
                .putShort((short) (channels * bits / 8))
                .putShort((short) bits);
        return b.array();
    }

    private static byte[] riff(byte[]... chunks) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (byte[] c : chunks) {
            body.writeBytes(c);
            if (c.length % 2 == 1) {
                body.write(0); // RIFF pads odd chunks
            }
        }
        ByteBuffer b = ByteBuffer.allocate(12 + body.size()).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(4 + body.size()).put("WAVE".getBytes()).put(body.toByteArray());
        return b.array();
    }

    private static byte[] pcm(short... samples) {
        ByteBuffer b = ByteBuffer.allocate(samples.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (short s : samples) {
            b.putShort(s);
        }
        return b.array();
    }

    private byte[] read(String name, byte[] wav, String format) throws Exception {
        Path f = dir.resolve(name);
        Files.write(f, wav);
        return Audio.readWavAs(f, format);
    }

    @Test
    void eightBitWavIsCenteredAndWidened() throws Exception {
        byte[] data = {(byte) 128, (byte) 255, 0, (byte) 129};
        byte[] out = read("u8.wav", riff(chunk("fmt ", fmt(1, 1, 24000, 8, 0)), chunk("data", data)), "pcm16");
        assertArrayEquals(pcm((short) 0, (short) 32512, (short) -32768, (short) 256), out);
        // stereo 8-bit: the channels' mean
        byte[] stereo = {(byte) 130, (byte) 126, (byte) 138, (byte) 138};
        byte[] mixed = read("u8s.wav", riff(chunk("fmt ", fmt(1, 2, 24000, 8, 0)), chunk("data", stereo)), "pcm16");
        assertArrayEquals(pcm((short) 0, (short) (10 << 8)), mixed);
    }

    @Test
    void chunksAroundTheDataAreSkippedWithTheirPadding() throws Exception {
        byte[] list = chunk("LIST", "INFOISFTx".getBytes()); // 9 bytes: padded to 10
        byte[] wav = riff(
                chunk("fmt ", fmt(1, 1, 24000, 16, 0)),
                list,
                chunk("fact", new byte[] {1, 0, 0, 0}),
                chunk("data", pcm((short) 7, (short) -7)));
        assertArrayEquals(pcm((short) 7, (short) -7), read("list.wav", wav, "pcm16"));
        // WAVE_FORMAT_EXTENSIBLE whose sub-format is PCM
        byte[] ext = fmt(0xFFFE, 1, 24000, 16, 24);
        ByteBuffer.wrap(ext).order(ByteOrder.LITTLE_ENDIAN).putShort(24, (short) 1);
        assertArrayEquals(
                pcm((short) 3), read("ext.wav", riff(chunk("fmt ", ext), chunk("data", pcm((short) 3))), "pcm16"));
        ByteBuffer.wrap(ext).order(ByteOrder.LITTLE_ENDIAN).putShort(24, (short) 3);
        IllegalArgumentException fl = assertThrows(
                IllegalArgumentException.class,
                () -> read("extf.wav", riff(chunk("fmt ", ext), chunk("data", pcm((short) 3))), "pcm16"));
        assertEquals("extf.wav is not integer PCM (WAV format tag 3); convert it to 16-bit PCM WAV", fl.getMessage());
        // a streaming writer's data size (larger than what was written): the samples that are there
        byte[] streamed = riff(chunk("fmt ", fmt(1, 1, 24000, 16, 0)), chunk("data", pcm((short) 1, (short) 2)));
        ByteBuffer.wrap(streamed).order(ByteOrder.LITTLE_ENDIAN).putInt(streamed.length - 8, 0x7FFFFFF0);
        assertArrayEquals(pcm((short) 1, (short) 2), read("stream.wav", streamed, "pcm16"));
    }

    @Test
    void whatCannotBeReadIsNamed() {
        byte[] data = chunk("data", pcm((short) 1));
        assertEquals(
                "nofmt.wav has no fmt chunk",
                assertThrows(IllegalArgumentException.class, () -> read("nofmt.wav", riff(data), "pcm16"))
                        .getMessage());
        assertEquals(
                "nodata.wav has no data chunk",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> read("nodata.wav", riff(chunk("fmt ", fmt(1, 1, 24000, 16, 0))), "pcm16"))
                        .getMessage());
        assertEquals(
                "s24.wav has 24-bit samples; only 8- and 16-bit PCM WAV is read",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> read("s24.wav", riff(chunk("fmt ", fmt(1, 1, 24000, 24, 0)), data), "pcm16"))
                        .getMessage());
        byte[] shortFmt = chunk("fmt ", new byte[14]);
        assertEquals(
                "short.wav has a truncated fmt chunk",
                assertThrows(IllegalArgumentException.class, () -> read("short.wav", riff(shortFmt, data), "pcm16"))
                        .getMessage());
        // a fmt chunk cut off by the end of the file
        byte[] cut = java.util.Arrays.copyOf(riff(chunk("fmt ", fmt(1, 1, 24000, 16, 0))), 12 + 8 + 10);
        assertEquals(
                "cut.wav has a truncated fmt chunk",
                assertThrows(IllegalArgumentException.class, () -> read("cut.wav", cut, "pcm16"))
                        .getMessage());
        assertEquals(
                "tiny.wav is not a WAV file (no RIFF/WAVE header)",
                assertThrows(IllegalArgumentException.class, () -> read("tiny.wav", "RIFF".getBytes(), "pcm16"))
                        .getMessage());
        byte[] notWave = riff(data);
        notWave[8] = 'A';
        assertEquals(
                "avi.wav is not a WAV file (no RIFF/WAVE header)",
                assertThrows(IllegalArgumentException.class, () -> read("avi.wav", notWave, "pcm16"))
                        .getMessage());
    }

    @Test
    void g711InputIsResampledTo8kHzBeforeEncoding() throws Exception {
        // a 24 kHz ramp: every third sample survives the resampling to 8 kHz
        short[] ramp = new short[30];
        for (int i = 0; i < ramp.length; i++) {
            ramp[i] = (short) (i * 1000);
        }
        byte[] wav = riff(chunk("fmt ", fmt(1, 1, 24000, 16, 0)), chunk("data", pcm(ramp)));
        byte[] ulaw = read("r.wav", wav, "g711_ulaw");
        byte[] alaw = read("r.wav", wav, "g711_alaw");
        short[] expected = new short[10];
        for (int i = 0; i < 10; i++) {
            expected[i] = (short) (i * 3000);
        }
        assertArrayEquals(Audio.ulaw(expected), ulaw);
        assertArrayEquals(Audio.alaw(expected), alaw);
    }
}
