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
}
