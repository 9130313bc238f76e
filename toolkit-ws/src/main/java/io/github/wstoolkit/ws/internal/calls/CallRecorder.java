package io.github.wstoolkit.ws.internal.calls;

import io.github.wstoolkit.api.CallTimings;
import io.github.wstoolkit.api.Frame;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Measures one call over a WebSocket: connect time, the first answer after the request, the largest gap between
 * received frames, frames and bytes received, and the frames themselves (the first {@link #MAX_FRAMES}; later ones are
 * counted but not listed). Used by the WebSocket provider and the OpenAI Realtime provider. Thread-safe: frames may be
 * recorded from the socket's thread while the caller reads the timings.
 */
public final class CallRecorder {

    /** Frames kept per call; later frames are counted but not listed. */
    public static final int MAX_FRAMES = 10_000;

    private final long start = System.nanoTime();
    private long connectNanos;
    private long requestSentAt = -1;
    private long firstAnswerAt = -1;
    private long lastReceivedAt = -1;
    private long maxGap = -1;
    private long received;
    private long bytes;
    private final List<Frame> frames = new ArrayList<>();

    public synchronized void connected(Duration connect) {
        connectNanos = connect.toNanos();
    }

    /** A sent frame that is the request: the time to the first answer counts from the first such frame. */
    public synchronized void sent(String text) {
        Duration at = frame(Frame.Direction.SENT, text, utf8Length(text));
        if (requestSentAt < 0) {
            requestSentAt = start + at.toNanos();
        }
    }

    /** The request was sent (when the request frame was recorded with {@link #frame}). */
    public synchronized void requestSent() {
        if (requestSentAt < 0) {
            requestSentAt = System.nanoTime();
        }
    }

    /** The answer began (the first received frame, or for Realtime the first delta). */
    public synchronized void answerBegan() {
        if (firstAnswerAt < 0) {
            firstAnswerAt = System.nanoTime();
        }
    }

    /**
     * A received frame (text or {@code byte[]}) whose arrival is the answer beginning; returns its time since the call
     * started.
     */
    public synchronized Duration received(Object payload) {
        Duration at = payload instanceof byte[] b
                ? record(Frame.Direction.RECEIVED, b.length, Frame.binary(Frame.Direction.RECEIVED, elapsed(), b))
                : frame(Frame.Direction.RECEIVED, (String) payload, utf8Length((String) payload));
        if (firstAnswerAt < 0) {
            firstAnswerAt = start + at.toNanos();
        }
        return at;
    }

    /** A text frame in either direction, {@code size} bytes long; returns its time since the call started. */
    public synchronized Duration frame(Frame.Direction direction, String text, int size) {
        Duration at = elapsed();
        return record(direction, size, Frame.text(direction, at, text, size));
    }

    private Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private Duration record(Frame.Direction direction, int size, Frame frame) {
        if (direction == Frame.Direction.RECEIVED) {
            long now = start + frame.at().toNanos();
            if (lastReceivedAt >= 0) {
                maxGap = Math.max(maxGap, now - lastReceivedAt);
            }
            lastReceivedAt = now;
            received++;
            bytes += size;
        }
        if (frames.size() < MAX_FRAMES) {
            frames.add(frame);
        }
        return frame.at();
    }

    public synchronized CallTimings timings() {
        long end = System.nanoTime();
        return new CallTimings(
                Duration.ofNanos(connectNanos),
                firstAnswerAt < 0
                        ? Optional.empty()
                        : Optional.of(Duration.ofNanos(firstAnswerAt - (requestSentAt >= 0 ? requestSentAt : start))),
                Duration.ofNanos(end - start),
                received,
                bytes,
                maxGap < 0 ? Optional.empty() : Optional.of(Duration.ofNanos(maxGap)),
                frames);
    }

    /** The UTF-8 length of a string, without encoding it. */
    public static int utf8Length(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c)) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }
}
