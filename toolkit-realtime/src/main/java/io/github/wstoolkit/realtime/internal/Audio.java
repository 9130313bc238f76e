package io.github.wstoolkit.realtime.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** WAV files and the audio formats the Realtime API speaks: PCM16 24 kHz mono, G.711 μ-law and A-law 8 kHz. */
public final class Audio {

    /** The Realtime API's PCM rate. */
    public static final int PCM_RATE = 24000;

    /** The G.711 rate. */
    public static final int G711_RATE = 8000;

    private Audio() {}

    /** PCM16 little-endian mono samples wrapped in a 44-byte RIFF/WAVE header. */
    public static byte[] wav(byte[] pcm, int sampleRate) {
        ByteBuffer b = ByteBuffer.allocate(44 + pcm.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {'R', 'I', 'F', 'F'}).putInt(36 + pcm.length).put(new byte[] {'W', 'A', 'V', 'E'});
        b.put(new byte[] {'f', 'm', 't', ' '}).putInt(16).putShort((short) 1).putShort((short) 1);
        b.putInt(sampleRate).putInt(sampleRate * 2).putShort((short) 2).putShort((short) 16);
        b.put(new byte[] {'d', 'a', 't', 'a'}).putInt(pcm.length).put(pcm);
        return b.array();
    }

    /**
     * Reads a PCM WAV file (8- or 16-bit integer PCM, any rate, any number of channels) and returns the audio in
     * the given input format: {@code pcm16} (24 kHz mono PCM16), {@code g711_ulaw} or {@code g711_alaw} (8 kHz).
     *
     * @throws IOException when the file cannot be read
     * @throws IllegalArgumentException when the file is not a WAV file or not integer PCM
     */
    public static byte[] readWavAs(Path file, String format) throws IOException {
        Samples in = readWavMono(file);
        return switch (format) {
            case "g711_ulaw" -> ulaw(resample(in.mono(), in.rate(), G711_RATE));
            case "g711_alaw" -> alaw(resample(in.mono(), in.rate(), G711_RATE));
            default -> pcm16(resample(in.mono(), in.rate(), PCM_RATE));
        };
    }

    /** Mono samples at their rate. */
    private record Samples(short[] mono, int rate) {}

    private static Samples readWavMono(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        String name = file.getFileName().toString();
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < 12 || !tag(bytes, 0, "RIFF") || !tag(bytes, 8, "WAVE")) {
            throw new IllegalArgumentException(name + " is not a WAV file (no RIFF/WAVE header)");
        }
        int channels = 0;
        int rate = 0;
        int bits = 0;
        int pos = 12;
        int dataStart = -1;
        int dataLength = 0;
        while (pos + 8 <= bytes.length) {
            int size = b.getInt(pos + 4);
            if (size < 0) {
                break;
            }
            if (tag(bytes, pos, "fmt ")) {
                if (size < 16 || pos + 8 + 16 > bytes.length) {
                    throw new IllegalArgumentException(name + " has a truncated fmt chunk");
                }
                int audioFormat = b.getShort(pos + 8) & 0xFFFF;
                channels = b.getShort(pos + 10) & 0xFFFF;
                rate = b.getInt(pos + 12);
                bits = b.getShort(pos + 22) & 0xFFFF;
                if (audioFormat == 0xFFFE && size >= 40) {
                    audioFormat = b.getShort(pos + 8 + 24) & 0xFFFF; // the sub-format GUID starts with the tag
                }
                if (audioFormat != 1) {
                    throw new IllegalArgumentException(name + " is not integer PCM (WAV format tag " + audioFormat
                            + "); convert it to 16-bit PCM WAV");
                }
            } else if (tag(bytes, pos, "data")) {
                dataStart = pos + 8;
                dataLength = Math.min(size, bytes.length - dataStart);
                break;
            }
            pos += 8 + size + (size & 1);
        }
        if (channels == 0 || rate <= 0) {
            throw new IllegalArgumentException(name + " has no fmt chunk");
        }
        if (bits != 16 && bits != 8) {
            throw new IllegalArgumentException(
                    name + " has " + bits + "-bit samples; only 8- and 16-bit PCM WAV is read");
        }
        if (dataStart < 0) {
            throw new IllegalArgumentException(name + " has no data chunk");
        }
        int frameSize = channels * bits / 8;
        int frames = dataLength / frameSize;
        short[] mono = new short[frames];
        for (int i = 0; i < frames; i++) {
            int sum = 0;
            for (int c = 0; c < channels; c++) {
                int at = dataStart + i * frameSize + c * bits / 8;
                sum += bits == 16 ? b.getShort(at) : ((bytes[at] & 0xFF) - 128) << 8;
            }
            mono[i] = (short) (sum / channels);
        }
        return new Samples(mono, rate);
    }

    private static boolean tag(byte[] bytes, int at, String tag) {
        for (int i = 0; i < 4; i++) {
            if (bytes[at + i] != tag.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Linear-interpolation resampling. */
    public static short[] resample(short[] in, int from, int to) {
        if (from == to || in.length == 0) {
            return in;
        }
        int n = (int) ((long) in.length * to / from);
        short[] out = new short[n];
        double step = (double) from / to;
        for (int i = 0; i < n; i++) {
            double x = i * step;
            int j = (int) x;
            double frac = x - j;
            int a = in[Math.min(j, in.length - 1)];
            int c = in[Math.min(j + 1, in.length - 1)];
            out[i] = (short) Math.round(a + (c - a) * frac);
        }
        return out;
    }

    /** Samples as little-endian bytes. */
    public static byte[] pcm16(short[] samples) {
        ByteBuffer b = ByteBuffer.allocate(samples.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (short s : samples) {
            b.putShort(s);
        }
        return b.array();
    }

    /** G.711 μ-law encoding. */
    public static byte[] ulaw(short[] samples) {
        byte[] out = new byte[samples.length];
        for (int i = 0; i < samples.length; i++) {
            int s = samples[i];
            int sign = s < 0 ? 0x80 : 0;
            int mag = Math.min(Math.abs(s), 32635) + 0x84;
            int exponent = 7;
            for (int mask = 0x4000; (mag & mask) == 0 && exponent > 0; mask >>= 1) {
                exponent--;
            }
            int mantissa = (mag >> (exponent + 3)) & 0x0F;
            out[i] = (byte) ~(sign | (exponent << 4) | mantissa);
        }
        return out;
    }

    /** G.711 A-law encoding. */
    public static byte[] alaw(short[] samples) {
        byte[] out = new byte[samples.length];
        for (int i = 0; i < samples.length; i++) {
            int s = samples[i];
            int sign = s >= 0 ? 0x80 : 0;
            int mag = Math.min(s >= 0 ? s : -s - 1, 32767) >> 3;
            int value;
            if (mag < 32) {
                value = mag >> 1;
            } else {
                int exponent = 1;
                int m = mag >> 5;
                while (m > 1) {
                    m >>= 1;
                    exponent++;
                }
                value = (exponent << 4) | ((mag >> exponent) & 0x0F);
            }
            out[i] = (byte) ((sign | value) ^ 0x55);
        }
        return out;
    }
}
