package io.github.wstoolkit.history;

import io.github.wstoolkit.eval.EvalConfig;
import io.github.wstoolkit.eval.EvalRun;
import io.github.wstoolkit.eval.RunOptions;
import java.nio.file.Path;

/**
 * The process {@link KilledRunTest} kills: records a run of {@value #QUICK} quick cases and {@value #STUCK} cases
 * that wait at a gate nobody opens, so it is still running (with exactly {@value #QUICK} results committed) when
 * it is killed. Runs on the class path, as {@code java -cp … KilledRunChild DB DIR}.
 */
public final class KilledRunChild {

    static final int QUICK = 20;
    static final int STUCK = 6;

    private KilledRunChild() {}

    static EvalConfig config(Path dir) {
        StringBuilder quick = new StringBuilder();
        for (int i = 0; i < QUICK; i++) {
            quick.append(i == 0 ? "" : ", ").append("q").append(i);
        }
        StringBuilder stuck = new StringBuilder();
        for (int i = 0; i < STUCK; i++) {
            stuck.append(i == 0 ? "" : ", ").append("'gate:never s").append(i).append("'");
        }
        return Fake.config(
                """
                description: killed mid-run
                prompts: ['{{q}}']
                providers: [{id: fake:stream, config: {frames: 10}}]
                tests:
                  - vars: {q: [%s]}
                  - vars: {q: [%s]}
                """
                        .formatted(quick, stuck),
                dir);
    }

    public static void main(String[] args) {
        Path db = Path.of(args[0]);
        EvalConfig config = config(Path.of(args[1]));
        HistoryStore store = HistoryStore.open(db);
        RunRecorder rec = store.record(RunStart.of(config));
        System.out.println("recording run " + rec.runId());
        System.out.flush();
        EvalRun run = Fake.run(
                config, Fake.registry(), RunOptions.builder().maxConcurrency(4).build(), rec);
        rec.finish(run); // never reached: the test kills this process first
    }
}
