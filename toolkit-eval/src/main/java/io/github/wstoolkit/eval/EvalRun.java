package io.github.wstoolkit.eval;

import io.github.wstoolkit.eval.internal.SpilledResults;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A finished (or interrupted) run: what reports are written from.
 *
 * @param evalId the run's id ({@code eval-XXXX-2026-11-21T00:00:00})
 * @param startedAt when it started
 * @param config the config it ran
 * @param results the results of the cases that finished, in plan order; of a large run ({@link Eval#run()}), those
 *     beyond the first 1,000 to finish are read back from a temporary file when asked for, as the JSON report holds
 *     them (the system property {@code wst.eval.resultsInMemory} sets how many are held)
 * @param stats the counts
 * @param planned how many cases the plan had
 * @param interrupted true when the run was stopped (Ctrl-C, maxEvalTimeMs) before every case finished
 * @param sharding for a run split over machines, the shard(s) this run holds ({@code wst eval --shard},
 *     {@code wst merge})
 */
public record EvalRun(
        String evalId,
        Instant startedAt,
        EvalConfig config,
        List<EvalResult> results,
        EvalStats stats,
        int planned,
        boolean interrupted,
        Optional<ShardInfo> sharding) {

    public EvalRun {
        Objects.requireNonNull(evalId, "evalId");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(config, "config");
        // a run's own list (SpilledResults: most of a large run's results in a temporary file) is not copied
        results = results instanceof SpilledResults ? results : List.copyOf(results);
        Objects.requireNonNull(stats, "stats");
        Objects.requireNonNull(sharding, "sharding");
    }

    /** A run that is not part of a sharded run. */
    public EvalRun(
            String evalId,
            Instant startedAt,
            EvalConfig config,
            List<EvalResult> results,
            EvalStats stats,
            int planned,
            boolean interrupted) {
        this(evalId, startedAt, config, results, stats, planned, interrupted, Optional.empty());
    }

    /** This run, recorded as (part of) a sharded run. */
    public EvalRun withSharding(ShardInfo s) {
        return new EvalRun(evalId, startedAt, config, results, stats, planned, interrupted, Optional.of(s));
    }

    /** The id and the counts: a run holds every response, too much to print (a failed script assert prints it). */
    @Override
    public String toString() {
        return "EvalRun[" + evalId + ": " + stats.summaryLine() + (interrupted ? ", interrupted" : "")
                + sharding.map(s -> ", shard " + s.label()).orElse("") + "]";
    }
}
