package io.github.wstoolkit.history;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * A run as {@code wst list} shows it: its counts are kept up to date as cases finish, so a run still going (or one
 * whose process was killed) shows what finished.
 *
 * @param id the run's number in this database (never reused, even after a delete)
 * @param evalId the eval's id ({@code eval-XXX-2026-…}), once the run has finished or when imported
 * @param kind how the run came about
 * @param parentId the run this one retries or was resumed from
 * @param description the config's description
 * @param status where the run stands
 * @param startedAt when it started
 * @param finishedAt when it finished (or was stopped)
 * @param durationMs its wall time, when finished (a resumed run adds each session's)
 * @param planned how many cases its plan had, once known
 * @param successes cases that passed
 * @param failures cases whose assertions failed
 * @param errors cases that errored
 * @param configFiles the config files it ran, absolute (empty for imports)
 * @param options the command-line options it ran with (filters, repeat, vars…), as plain values
 * @param source for an imported run, the file it came from
 * @param shard for a run split over machines, the shards it holds: {@code 2/4} for one shard
 *     ({@code wst eval --shard 2/4}), {@code 1-4/4} for shards merged ({@code wst merge})
 * @param configHash for a sharded run, the content hash of its config files
 */
public record RunSummary(
        long id,
        Optional<String> evalId,
        Kind kind,
        OptionalLong parentId,
        Optional<String> description,
        Status status,
        Instant startedAt,
        Optional<Instant> finishedAt,
        OptionalLong durationMs,
        OptionalInt planned,
        int successes,
        int failures,
        int errors,
        List<Path> configFiles,
        Map<String, Object> options,
        Optional<String> source,
        Optional<String> shard,
        Optional<String> configHash) {

    /** How a run came about. */
    public enum Kind {
        /** {@code wst eval} */
        EVAL,
        /** {@code wst eval --retry-errors}: the errored cases of its parent run again, the others carried over */
        RETRY,
        /** {@code wst import FILE.json} */
        IMPORT
    }

    /** Where a run stands. */
    public enum Status {
        /** a live process is writing it */
        RUNNING,
        /** every planned case finished */
        COMPLETE,
        /** stopped (Ctrl-C, maxEvalTimeMs) before every case finished; {@code wst eval --resume} finishes it */
        INTERRUPTED,
        /** its process died while writing it (killed, crashed); {@code wst eval --resume} finishes it */
        INCOMPLETE;

        /** Lower case, as {@code wst list} prints it. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public RunSummary {
        Objects.requireNonNull(evalId, "evalId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(parentId, "parentId");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(finishedAt, "finishedAt");
        Objects.requireNonNull(durationMs, "durationMs");
        Objects.requireNonNull(planned, "planned");
        configFiles = List.copyOf(configFiles);
        options = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(options));
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(shard, "shard");
        Objects.requireNonNull(configHash, "configHash");
    }

    /** Cases finished. */
    public int total() {
        return successes + failures + errors;
    }

    /** Passed cases as a percentage of those finished (100 when none). */
    public double passRate() {
        return total() == 0 ? 100 : 100.0 * successes / total();
    }

    /** True when {@code --resume} can finish it. */
    public boolean resumable() {
        return status == Status.INTERRUPTED || status == Status.INCOMPLETE;
    }
}
