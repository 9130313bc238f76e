package io.github.wstoolkit.mockserver.internal.realtime;

/**
 * The mock's deterministic "speech": a 440 Hz sine tone, PCM16 little-endian, 24 kHz, mono, 100 ms per transcript
 * delta, with a continuous phase so the chunks join without clicks.
 */
final class Tone {

    static final int RATE = 24_000;
    static final int SAMPLES_PER_CHUNK = RATE / 10;
    private static final double STEP = 2 * Math.PI * 440 / RATE;
    private static final double AMPLITUDE = 0.2 * Short.MAX_VALUE;

    private long sample;

    /** The next 100 ms of the tone: {@value #SAMPLES_PER_CHUNK} samples, 2 bytes each. */
    byte[] nextChunk() {
        byte[] out = new byte[SAMPLES_PER_CHUNK * 2];
        for (int i = 0; i < SAMPLES_PER_CHUNK; i++) {
            short v = (short) Math.round(AMPLITUDE * Math.sin(STEP * sample++));
            out[2 * i] = (byte) v;
            out[2 * i + 1] = (byte) (v >> 8);
        }
        return out;
    }
}
