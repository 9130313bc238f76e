package io.github.wstoolkit.eval;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * How to run a config, over what its {@code evaluateOptions} say: the command line's {@code -j}, {@code --repeat},
 * {@code --delay}, the filters and {@code --var}s, and the retry timing.
 *
 * @param maxConcurrency {@code -j}, over the config
 * @param repeat {@code --repeat}, over the config
 * @param delay {@code --delay} in milliseconds, over the config
 * @param timeoutMs the per-case limit, over the config's {@code evaluateOptions.timeoutMs}
 * @param filterProviders runs only providers whose id or label this finds
 * @param filterPattern runs only tests whose description this finds
 * @param filterFirstN runs only the first N tests
 * @param vars {@code --var k=v}: added to every test's vars (a test's own vars win, as in promptfoo)
 * @param retryBaseDelay the first retry's backoff (promptfoo: 1 s); doubled on each retry
 * @param retryMaxDelay the longest backoff (promptfoo: 60 s)
 * @param selectCases given the whole plan (after the other filters), the cases to run; a case keeps its plan index,
 *     so results of a run that resumes another line up with the first run's. It sees the whole plan at once, so it
 *     can keep every case of a conversation when one of them must run again. The plan makes each case (and its
 *     test) as it is read, so a large plan is not held: a selection that returns positions of it
 *     ({@link LazyLists#select}) keeps it so; the run keeps only the plan indices of what it returns
 * @param keepResults whether the returned run holds its results ({@link EvalRun#results()}); without them it keeps
 *     only their counts and its results list has the right size but cannot be read (a caller whose outputs need no
 *     result, such as {@code wst eval --no-table} without {@code -o}, saves writing each to a temporary file).
 *     Listeners see every result either way
 */
public record RunOptions(
        OptionalInt maxConcurrency,
        OptionalInt repeat,
        OptionalLong delay,
        OptionalLong timeoutMs,
        Optional<Pattern> filterProviders,
        Optional<Pattern> filterPattern,
        OptionalInt filterFirstN,
        Map<String, Object> vars,
        Duration retryBaseDelay,
        Duration retryMaxDelay,
        Optional<UnaryOperator<List<PlannedCase>>> selectCases,
        boolean keepResults) {

    /** promptfoo's default concurrency. */
    public static final int DEFAULT_MAX_CONCURRENCY = 4;

    /** promptfoo's default retry count for transient failures, when a provider sets no {@code maxRetries}. */
    public static final int DEFAULT_MAX_RETRIES = 3;

    public static final RunOptions DEFAULTS = builder().build();

    public RunOptions {
        Objects.requireNonNull(maxConcurrency, "maxConcurrency");
        Objects.requireNonNull(repeat, "repeat");
        Objects.requireNonNull(delay, "delay");
        Objects.requireNonNull(timeoutMs, "timeoutMs");
        Objects.requireNonNull(filterProviders, "filterProviders");
        Objects.requireNonNull(filterPattern, "filterPattern");
        Objects.requireNonNull(filterFirstN, "filterFirstN");
        vars = Collections.unmodifiableMap(new LinkedHashMap<>(vars));
        Objects.requireNonNull(retryBaseDelay, "retryBaseDelay");
        Objects.requireNonNull(retryMaxDelay, "retryMaxDelay");
        Objects.requireNonNull(selectCases, "selectCases");
    }

    /**
     * The four settings these options share with a config's {@code evaluateOptions} ({@code maxConcurrency},
     * {@code repeat}, {@code delay}, {@code timeoutMs}), to lay over the config's with
     * {@link EvaluateOptions#overriddenBy}.
     */
    public EvaluateOptions evaluateOptions() {
        return new EvaluateOptions(maxConcurrency, repeat, delay, timeoutMs, OptionalLong.empty());
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds {@link RunOptions}; everything starts unset (the config decides), retries at promptfoo's timing. */
    public static final class Builder {
        private OptionalInt maxConcurrency = OptionalInt.empty();
        private OptionalInt repeat = OptionalInt.empty();
        private OptionalLong delay = OptionalLong.empty();
        private OptionalLong timeoutMs = OptionalLong.empty();
        private Optional<Pattern> filterProviders = Optional.empty();
        private Optional<Pattern> filterPattern = Optional.empty();
        private OptionalInt filterFirstN = OptionalInt.empty();
        private final Map<String, Object> vars = new LinkedHashMap<>();
        private Duration retryBaseDelay = Duration.ofSeconds(1);
        private Duration retryMaxDelay = Duration.ofSeconds(60);
        private Optional<UnaryOperator<List<PlannedCase>>> selectCases = Optional.empty();
        private boolean keepResults = true;

        private Builder() {}

        public Builder maxConcurrency(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("maxConcurrency must be at least 1");
            }
            this.maxConcurrency = OptionalInt.of(n);
            return this;
        }

        public Builder repeat(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("repeat must be at least 1");
            }
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

        public Builder filterProviders(Pattern p) {
            this.filterProviders = Optional.of(p);
            return this;
        }

        public Builder filterPattern(Pattern p) {
            this.filterPattern = Optional.of(p);
            return this;
        }

        public Builder filterFirstN(int n) {
            this.filterFirstN = OptionalInt.of(n);
            return this;
        }

        public Builder var(String key, Object value) {
            vars.put(key, value);
            return this;
        }

        public Builder retryBaseDelay(Duration d) {
            this.retryBaseDelay = d;
            return this;
        }

        public Builder retryMaxDelay(Duration d) {
            this.retryMaxDelay = d;
            return this;
        }

        /**
         * Runs only the planned cases this accepts (a {@link #selectCases} that looks at one case at a time).
         *
         * @return this builder
         */
        public Builder filterCases(Predicate<PlannedCase> p) {
            Objects.requireNonNull(p, "p");
            return selectCases(plan -> {
                // positions, not the cases: the plan makes each case as it is read (see LazyLists)
                int[] kept = new int[plan.size()];
                int n = 0;
                for (int i = 0; i < plan.size(); i++) {
                    if (p.test(plan.get(i))) {
                        kept[n++] = i;
                    }
                }
                return LazyLists.select(plan, java.util.Arrays.copyOf(kept, n));
            });
        }

        /**
         * Runs the cases this picks from the whole plan; several calls apply one after another, each to what the
         * previous one kept.
         * @return this builder
         */
        public Builder selectCases(UnaryOperator<List<PlannedCase>> select) {
            Objects.requireNonNull(select, "select");
            UnaryOperator<List<PlannedCase>> before = selectCases.orElse(null);
            this.selectCases = Optional.of(before == null ? select : plan -> select.apply(before.apply(plan)));
            return this;
        }

        /** Whether the run holds its results for its caller (the default), or only their counts. */
        public Builder keepResults(boolean keep) {
            this.keepResults = keep;
            return this;
        }

        public RunOptions build() {
            return new RunOptions(
                    maxConcurrency,
                    repeat,
                    delay,
                    timeoutMs,
                    filterProviders,
                    filterPattern,
                    filterFirstN,
                    vars,
                    retryBaseDelay,
                    retryMaxDelay,
                    selectCases,
                    keepResults);
        }
    }
}
