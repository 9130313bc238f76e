package io.github.wstoolkit.realtime.internal;

import io.github.wstoolkit.api.CallTimings;
import io.github.wstoolkit.api.Frame;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Records the frames and timings of one call; frames arrive from the socket's thread. */
public final class CallRecorder {

    private final long start = System.nanoTime();
    private final List<Frame> frames = new ArrayList<>();
    private long received;
    private long bytes;
    private long lastReceived = -1;
    private long maxGap = -1;
    private long requestSent = -1;
    private long firstDelta = -1;
    private Duration connect = Duration.ZERO;

    public synchronized void frame(Frame.Direction direction, String text, int size) {
        long now = System.nanoTime();
        frames.add(Frame.text(direction, Duration.ofNanos(now - start), text, size));
        if (direction == Frame.Direction.RECEIVED) {
            received++;
            bytes += size;
            if (lastReceived >= 0) {
                maxGap = Math.max(maxGap, now - lastReceived);
            }
            lastReceived = now;
        }
    }

    public synchronized void connected(Duration took) {
        connect = took;
    }

    /** The user item was sent: time to first delta counts from here. */
    public synchronized void requestSent() {
        if (requestSent < 0) {
            requestSent = System.nanoTime();
        }
    }

    /** A text or audio delta arrived. */
    public synchronized void delta() {
        if (firstDelta < 0) {
            firstDelta = System.nanoTime();
        }
    }

    public synchronized CallTimings timings() {
        long now = System.nanoTime();
        Optional<Duration> first = firstDelta >= 0
                ? Optional.of(Duration.ofNanos(firstDelta - (requestSent >= 0 ? requestSent : start)))
                : Optional.empty();
        return new CallTimings(
                connect,
                first,
                Duration.ofNanos(now - start),
                received,
                bytes,
                maxGap >= 0 ? Optional.of(Duration.ofNanos(maxGap)) : Optional.empty(),
                frames);
    }
}
