package io.github.wstoolkit.ws.internal;

import io.github.wstoolkit.api.CallTimings;
import io.github.wstoolkit.api.Frame;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Measures one call: connect time, first frame after the send, frame gaps, sizes, and the frames themselves. */
public final class CallRecorder {

    /** Frames kept per call; later frames are counted but not listed. */
    public static final int MAX_FRAMES = 10_000;

    private final long start = System.nanoTime();
    private long connectNanos;
    private long sentAt = -1;
    private long firstFrameAt = -1;
    private long lastFrameAt = -1;
    private long maxGap = -1;
    private long frames;
    private long bytes;
    private final List<Frame> list = new ArrayList<>();

    public Duration sinceStart() {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    public void connected(Duration connect) {
        connectNanos = connect.toNanos();
    }

    public void sent(String text) {
        sentAt = System.nanoTime();
        if (list.size() < MAX_FRAMES) {
            list.add(Frame.text(Frame.Direction.SENT, Duration.ofNanos(sentAt - start), text, utf8Length(text)));
        }
    }

    /** A received frame; returns its time since the call started. */
    public Duration received(Object payload) {
        long now = System.nanoTime();
        if (firstFrameAt < 0) {
            firstFrameAt = now;
        } else {
            maxGap = Math.max(maxGap, now - lastFrameAt);
        }
        lastFrameAt = now;
        frames++;
        Duration at = Duration.ofNanos(now - start);
        if (payload instanceof byte[] b) {
            bytes += b.length;
            if (list.size() < MAX_FRAMES) {
                list.add(Frame.binary(Frame.Direction.RECEIVED, at, b));
            }
        } else {
            String s = (String) payload;
            int n = utf8Length(s);
            bytes += n;
            if (list.size() < MAX_FRAMES) {
                list.add(Frame.text(Frame.Direction.RECEIVED, at, s, n));
            }
        }
        return at;
    }

    public CallTimings timings() {
        long end = System.nanoTime();
        return new CallTimings(
                Duration.ofNanos(connectNanos),
                firstFrameAt < 0
                        ? Optional.empty()
                        : Optional.of(Duration.ofNanos(firstFrameAt - Math.max(sentAt, start))),
                Duration.ofNanos(end - start),
                frames,
                bytes,
                maxGap < 0 ? Optional.empty() : Optional.of(Duration.ofNanos(maxGap)),
                list);
    }

    private static int utf8Length(String s) {
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
