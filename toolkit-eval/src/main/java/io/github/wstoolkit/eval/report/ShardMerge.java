package io.github.wstoolkit.eval.report;

import io.github.wstoolkit.api.ConfigException;
import io.github.wstoolkit.eval.EvalResult;
import io.github.wstoolkit.eval.EvalRun;
import io.github.wstoolkit.eval.EvalStats;
import io.github.wstoolkit.eval.ShardInfo;
import io.github.wstoolkit.eval.internal.EvalIds;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * Merges the runs of a run's shards ({@code wst eval --shard i/n}, read back with {@link ResultsFile}) into the one
 * run an unsharded {@code wst eval} would have made: its results in plan order, its counts, and a {@link ShardInfo}
 * that lists the shards' own runs. Shards already merged may be merged further (1-2/4 with 3-4/4).
 *
 * <p>It refuses, naming the files: a result that is not a shard's; shards of different counts, configs
 * ({@link ShardInfo#configHash}) or plans ({@link ShardInfo#planHash}); a shard given twice; a missing shard (unless
 * partial merges are allowed); shards whose plans do not add up to the whole plan; one case in two files.
 */
public final class ShardMerge {

    private ShardMerge() {}

    /**
     * One shard's run and where it was read from.
     *
     * @param file the results file (for messages)
     * @param run its run
     */
    public record Input(Path file, EvalRun run) {
        public Input {
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(run, "run");
        }
    }

    /**
     * The merged run.
     *
     * @param run the run, as an unsharded eval of the shards given would have made it; {@link EvalRun#interrupted()}
     *     when a shard was stopped before its last case or is missing
     * @param missing the shards that were not given (a partial merge), ascending
     */
    public record Result(EvalRun run, List<Integer> missing) {
        public Result {
            Objects.requireNonNull(run, "run");
            missing = List.copyOf(missing);
        }

        /** The cases of the whole plan that are in no shard given (0 unless the merge is partial). */
        public int casesMissing() {
            return Math.max(0, run.planned() - run.results().size());
        }
    }

    /**
     * Merges shards' runs.
     *
     * @param allowPartial true to merge even when some shards are missing
     * @throws ConfigException when the inputs are not the shards of one run (see the class comment)
     */
    public static Result merge(List<Input> inputs, boolean allowPartial) {
        if (inputs.isEmpty()) {
            throw new ConfigException("nothing to merge: give the shards' JSON results files");
        }
        for (Input in : inputs) {
            if (in.run().sharding().isEmpty()) {
                throw new ConfigException(in.file() + " is not a shard's results (its metadata has no shard): write"
                        + " shards with wst eval --shard i/n -o FILE.json");
            }
        }
        Input first = inputs.getFirst();
        ShardInfo a = first.run().sharding().orElseThrow();
        Map<Integer, Input> byShard = new TreeMap<>();
        for (Input in : inputs) {
            ShardInfo s = in.run().sharding().orElseThrow();
            if (s.count() != a.count()) {
                throw new ConfigException(in.file() + " is shard " + s.label() + " but " + first.file() + " is shard "
                        + a.label() + ": the shards of one run are split the same number of ways");
            }
            if (!s.configHash().equals(a.configHash())) {
                throw new ConfigException(in.file() + " ran another config than " + first.file() + " (config hash "
                        + shortHash(s.configHash()) + " vs " + shortHash(a.configHash())
                        + "): every shard must run the same config files");
            }
            if (s.planHash().isPresent()
                    && a.planHash().isPresent()
                    && !s.planHash().get().equals(a.planHash().get())) {
                throw new ConfigException(in.file() + " planned another run than " + first.file() + " (plan hash "
                        + shortHash(s.planHash().get()) + " vs "
                        + shortHash(a.planHash().get())
                        + "): run every shard with the same options (--repeat, --filter-*, -n, --var) and the same"
                        + " environment");
            }
            if (s.plannedTotal().isPresent()
                    && a.plannedTotal().isPresent()
                    && s.plannedTotal().getAsInt() != a.plannedTotal().getAsInt()) {
                throw new ConfigException(
                        in.file() + " planned " + s.plannedTotal().getAsInt() + " cases in all but "
                                + first.file() + " planned " + a.plannedTotal().getAsInt()
                                + ": run every shard with the same options and environment");
            }
            for (int shard : s.shards()) {
                Input other = byShard.putIfAbsent(shard, in);
                if (other != null) {
                    throw new ConfigException("shard " + shard + "/" + s.count() + " is in both " + other.file()
                            + " and " + in.file() + ": give each shard once");
                }
            }
        }
        List<Integer> missing = new ArrayList<>();
        for (int i = 1; i <= a.count(); i++) {
            if (!byShard.containsKey(i)) {
                missing.add(i);
            }
        }
        if (!missing.isEmpty() && !allowPartial) {
            throw new ConfigException(ShardInfo.describe(missing, a.count())
                    + (missing.size() == 1 ? " is" : " are")
                    + " missing (given: " + ShardInfo.ranges(new ArrayList<>(byShard.keySet()))
                    + "): give " + (missing.size() == 1 ? "its" : "their")
                    + " results too, or --allow-partial to merge without " + (missing.size() == 1 ? "it" : "them"));
        }
        // results: each case once, in plan order
        Map<Integer, Input> byCase = new HashMap<>();
        List<EvalResult> results = new ArrayList<>();
        for (Input in : inputs) {
            for (EvalResult r : in.run().results()) {
                Input other = byCase.putIfAbsent(r.index(), in);
                if (other != null) {
                    throw new ConfigException("case #" + r.index() + " is in both " + other.file() + " and " + in.file()
                            + ": these are not the shards of one run");
                }
                results.add(r);
            }
        }
        results.sort(Comparator.comparingInt(EvalResult::index));
        OptionalInt total = OptionalInt.empty();
        for (Input in : inputs) {
            OptionalInt t = in.run().sharding().orElseThrow().plannedTotal();
            if (t.isPresent()) {
                total = t;
            }
        }
        // a merged input counts what its shards planned, not the whole plan it names
        int plannedHere = 0;
        for (Input in : inputs) {
            List<ShardInfo.Part> parts = in.run().sharding().orElseThrow().parts();
            plannedHere += parts.isEmpty()
                    ? in.run().planned()
                    : parts.stream().mapToInt(ShardInfo.Part::planned).sum();
        }
        if (missing.isEmpty() && total.isPresent() && plannedHere != total.getAsInt()) {
            throw new ConfigException("the shards planned " + plannedHere + " cases together but the whole plan has "
                    + total.getAsInt() + ": these are not the shards of one run");
        }
        Instant start = inputs.stream()
                .map(in -> in.run().startedAt())
                .min(Comparator.naturalOrder())
                .orElseThrow();
        Instant end = inputs.stream()
                .map(in -> in.run().startedAt().plusMillis(in.run().stats().durationMs()))
                .max(Comparator.naturalOrder())
                .orElseThrow();
        long wallMs = Math.max(0, end.toEpochMilli() - start.toEpochMilli());
        List<ShardInfo.Part> parts = new ArrayList<>();
        Optional<String> planHash = Optional.empty();
        for (Input in : inputs) {
            EvalRun r = in.run();
            ShardInfo s = r.sharding().orElseThrow();
            if (s.planHash().isPresent()) {
                planHash = s.planHash();
            }
            if (s.parts().isEmpty()) {
                parts.add(new ShardInfo.Part(
                        s.label(),
                        r.evalId(),
                        r.startedAt(),
                        r.stats().durationMs(),
                        r.planned(),
                        r.results().size(),
                        r.interrupted()));
            } else {
                parts.addAll(s.parts());
            }
        }
        parts.sort(Comparator.comparing(
                p -> ShardInfo.parse(p.shard(), "-").shards().getFirst()));
        ShardInfo merged =
                new ShardInfo(a.count(), new ArrayList<>(byShard.keySet()), a.configHash(), planHash, total, parts);
        // as an eval's: a run some of whose planned cases did not finish (a shard stopped, or one missing)
        boolean interrupted = inputs.stream().anyMatch(in -> in.run().interrupted()) || !missing.isEmpty();
        EvalRun run = new EvalRun(
                        EvalIds.next(start),
                        start,
                        inputs.stream()
                                .min(Comparator.comparingInt(in -> in.run()
                                        .sharding()
                                        .orElseThrow()
                                        .shards()
                                        .getFirst()))
                                .orElseThrow()
                                .run()
                                .config(),
                        results,
                        EvalStats.of(results, wallMs),
                        total.orElse(plannedHere),
                        interrupted)
                .withSharding(merged);
        return new Result(run, missing);
    }

    private static String shortHash(String h) {
        return h.length() > 12 ? h.substring(0, 12) + "…" : h;
    }
}
