package io.github.wstoolkit.mockserver.internal;

import io.github.wstoolkit.mockserver.Scenario;
import java.time.Duration;
import java.util.SplittableRandom;

/**
 * Draws the delays of one connection's frames under a {@link Scenario}, in order: the same seed gives the same
 * delays. Thread-safe.
 */
public final class Pacer {
    private final long ttfb;
    private final long gap;
    private final long jitter;
    private final SplittableRandom random;

    /**
     * @param s the connection's scenario
     * @param defaultGap the gap when the scenario names none (the endpoint's default)
     */
    public Pacer(Scenario s, Duration defaultGap) {
        ttfb = s.ttfb().map(Duration::toMillis).orElse(0L);
        gap = s.gap().map(Duration::toMillis).orElse(defaultGap.toMillis());
        jitter = s.jitter().map(Duration::toMillis).orElse(0L);
        random = new SplittableRandom(s.seed().orElse(0));
    }

    /**
     * The delay before the next frame: {@code ttfb} for an answer's first frame, {@code gap} for the others, each
     * moved by a seeded random amount in [-jitter, +jitter] and never below zero.
     *
     * @param firstOfAnswer true for an answer's first frame
     * @return the delay
     */
    public synchronized Duration next(boolean firstOfAnswer) {
        long d = firstOfAnswer ? ttfb : gap;
        if (jitter > 0) {
            // saturating: a jitter or delay of Long.MAX_VALUE ms must not overflow into an error or a negative
            long shift = random.nextLong(-jitter, jitter == Long.MAX_VALUE ? jitter : jitter + 1);
            d = shift > 0 && d > Long.MAX_VALUE - shift ? Long.MAX_VALUE : d + shift;
        }
        return Duration.ofMillis(Math.max(0, d));
    }
}
