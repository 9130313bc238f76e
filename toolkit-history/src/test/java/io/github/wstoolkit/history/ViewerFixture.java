package io.github.wstoolkit.history;

import io.github.wstoolkit.eval.EvalConfig;
import io.github.wstoolkit.eval.EvalRun;
import io.github.wstoolkit.eval.RunOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Three runs for the viewer's tests: run 1 has errors (a close mid-stream), a failure and metrics; run 2 retries its
 * errors (fixed); run 3 runs the config again with the "slow" provider echoing in lower case, so two cases regress.
 * Each run has 16 cases: 4 tests × 2 providers ({@code fast}, {@code slow}) × 2 prompts.
 */
final class ViewerFixture {

    static final int CASES = 16;

    private ViewerFixture() {}

    static final String CONFIG =
            """
            description: chat bot
            prompts: ['Say {{q}}', 'Shout {{q}}']
            providers:
              - {id: 'fake:stream?token=%s', label: fast, config: {frames: 3, ttft: 8, spread: 20, gap: 6, fixed: %s}}
              - {id: fake:stream, label: slow, config: {frames: 8, ttft: 40, spread: 60, gap: 25, fixed: %s, echo: %s}}
            tests:
              - description: greets
                vars: {q: hello}
                assert: [{type: icontains, value: hello, metric: polite}]
              - description: boom once
                vars: {q: boom}
              - description: wrong answer
                vars: {q: gamma}
                assert: [{type: equals, value: nope}]
              - description: counts
                vars: {q: one two three}
                assert: [{type: contains, value: TWO, metric: recall}]
            """;

    static EvalConfig config(Path dir, boolean fixed, boolean echo) {
        return Fake.config(CONFIG.formatted("sk-view-0123456789", fixed, fixed, echo), dir);
    }

    static final RunOptions FAST =
            RunOptions.builder().retryBaseDelay(Duration.ofMillis(1)).build();

    /** Records the three runs; returns their ids. */
    static long[] populate(HistoryStore store, Path dir) {
        long first = Fake.record(store, config(dir, false, false), Fake.registry(), FAST);
        Map<String, String> statuses = store.caseStatuses(first);
        Reruns.Selection sel = Reruns.selecting(k -> "error".equals(statuses.get(k)));
        long second;
        try (RunRecorder rec = store.retry(first, RunStart.of(config(dir, true, false)), sel::keys)) {
            EvalRun run = Fake.run(
                    config(dir, true, false),
                    Fake.registry(),
                    RunOptions.builder()
                            .retryBaseDelay(Duration.ofMillis(1))
                            .selectCases(sel)
                            .build(),
                    rec);
            rec.finish(run);
            second = rec.runId();
        }
        long third = Fake.record(store, config(dir, true, true), Fake.registry(), FAST);
        return new long[] {first, second, third};
    }
}
