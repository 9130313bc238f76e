package io.github.wstoolkit.eval;

import io.github.wstoolkit.api.TokenUsage;
import java.util.List;

/**
 * The counts of a run, as promptfoo's {@code stats}.
 *
 * @param successes cases that passed
 * @param failures cases whose assertions failed
 * @param errors cases that errored
 * @param tokenUsage tokens used, summed over the responses that reported them
 * @param durationMs wall time of the run
 */
public record EvalStats(int successes, int failures, int errors, TokenUsage tokenUsage, long durationMs) {

    public int total() {
        return successes + failures + errors;
    }

    /** Passed cases as a percentage of all (100 when there are none). */
    public double passRate() {
        return total() == 0 ? 100 : 100.0 * successes / total();
    }

    /** The counts of these results. */
    public static EvalStats of(List<EvalResult> results, long durationMs) {
        int s = 0;
        int f = 0;
        int e = 0;
        TokenUsage usage = TokenUsage.NONE;
        for (EvalResult r : results) {
            switch (r.failureReason()) {
                case NONE -> s++;
                case ASSERT -> f++;
                case ERROR -> e++;
            }
            if (r.response().isPresent() && r.response().get().tokenUsage().isPresent()) {
                usage = usage.plus(r.response().get().tokenUsage().get());
            }
        }
        return new EvalStats(s, f, e, usage, durationMs);
    }

    /** {@code N passed, N failed, N errors}. */
    public String summaryLine() {
        return successes + " passed, " + failures + " failed, " + errors + " errors";
    }
}
