package io.github.wstoolkit.api;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How long a call took and how much came back: the figures behind the {@code latency}, {@code ttft},
 * {@code frames} and {@code max-frame-gap} assertions.
 *
 * @param connect time to open the connection (handshake); zero when an open connection was reused
 * @param firstFrame time from sending the request to the first frame received, when one arrived
 * @param total time of the whole call, from its start to its response
 * @param framesReceived frames received during the call
 * @param bytesReceived payload bytes received during the call
 * @param maxFrameGap the longest time between two consecutive received frames, when at least two arrived
 * @param frames the frames of the call, sent and received, in order (may be empty when not recorded)
 */
public record CallTimings(
        Duration connect,
        Optional<Duration> firstFrame,
        Duration total,
        long framesReceived,
        long bytesReceived,
        Optional<Duration> maxFrameGap,
        List<Frame> frames) {

    /** Timings of a call that measured nothing (a provider that does not speak WebSocket). */
    public static final CallTimings NONE =
            new CallTimings(Duration.ZERO, Optional.empty(), Duration.ZERO, 0, 0, Optional.empty(), List.of());

    /** Checks that no component is null (absent figures are empty Optionals) and copies {@code frames}. */
    public CallTimings {
        Objects.requireNonNull(connect, "connect");
        Objects.requireNonNull(firstFrame, "firstFrame");
        Objects.requireNonNull(total, "total");
        Objects.requireNonNull(maxFrameGap, "maxFrameGap");
        frames = List.copyOf(frames);
    }

    /**
     * The same timings with another total (a provider that measures only the whole call).
     *
     * @param newTotal the time of the whole call
     * @return a copy with {@code newTotal}
     */
    public CallTimings withTotal(Duration newTotal) {
        return new CallTimings(connect, firstFrame, newTotal, framesReceived, bytesReceived, maxFrameGap, frames);
    }
}
