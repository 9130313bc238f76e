package io.github.wstoolkit.realtime.internal;

/** WAV files for tests in other packages. */
public final class MediaTestSupport {

    private MediaTestSupport() {}

    /** A 16-bit PCM WAV file with these interleaved samples. */
    public static byte[] wav(int rate, int channels, short[] interleaved) {
        return MediaTest.wavFile(rate, channels, interleaved);
    }
}
