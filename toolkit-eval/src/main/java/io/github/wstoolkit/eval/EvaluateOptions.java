package io.github.wstoolkit.eval;

import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * A config's {@code evaluateOptions}; each is absent when the config did not set it.
 *
 * @param maxConcurrency calls in flight at once (promptfoo's default 4)
 * @param repeat how many times each case runs (default 1)
 * @param delay milliseconds to wait after each call (default 0)
 * @param timeoutMs the limit of one case, provider call and grading (default none)
 * @param maxEvalTimeMs the limit of the whole run (default none)
 */
public record EvaluateOptions(
        OptionalInt maxConcurrency,
        OptionalInt repeat,
        OptionalLong delay,
        OptionalLong timeoutMs,
        OptionalLong maxEvalTimeMs) {

    public static final EvaluateOptions NONE = new EvaluateOptions(
            OptionalInt.empty(), OptionalInt.empty(), OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty());

    /** These options with the other's present values on top. */
    public EvaluateOptions overriddenBy(EvaluateOptions o) {
        return new EvaluateOptions(
                o.maxConcurrency.isPresent() ? o.maxConcurrency : maxConcurrency,
                o.repeat.isPresent() ? o.repeat : repeat,
                o.delay.isPresent() ? o.delay : delay,
                o.timeoutMs.isPresent() ? o.timeoutMs : timeoutMs,
                o.maxEvalTimeMs.isPresent() ? o.maxEvalTimeMs : maxEvalTimeMs);
    }

    /** A builder of options that are all absent. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds {@link EvaluateOptions}; what is not set stays absent. */
    public static final class Builder {
        private OptionalInt maxConcurrency = OptionalInt.empty();
        private OptionalInt repeat = OptionalInt.empty();
        private OptionalLong delay = OptionalLong.empty();
        private OptionalLong timeoutMs = OptionalLong.empty();
        private OptionalLong maxEvalTimeMs = OptionalLong.empty();

        private Builder() {}

        public Builder maxConcurrency(int n) {
            this.maxConcurrency = OptionalInt.of(n);
            return this;
        }

        public Builder repeat(int n) {
            this.repeat = OptionalInt.of(n);
            return this;
        }

        public Builder delay(long ms) {
            this.delay = OptionalLong.of(ms);
            return this;
        }

        public Builder timeoutMs(long ms) {
            this.timeoutMs = OptionalLong.of(ms);
            return this;
        }

        public Builder maxEvalTimeMs(long ms) {
            this.maxEvalTimeMs = OptionalLong.of(ms);
            return this;
        }

        public EvaluateOptions build() {
            return new EvaluateOptions(maxConcurrency, repeat, delay, timeoutMs, maxEvalTimeMs);
        }
    }
}
