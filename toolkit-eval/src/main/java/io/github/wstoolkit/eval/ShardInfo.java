package io.github.wstoolkit.eval;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeSet;

/**
 * Where a run stands in a run split over machines: one shard of it ({@code wst eval --shard 2/4}) or several shards
 * merged ({@code wst merge}). Reports and the results store record it, and {@code wst merge} checks it.
 *
 * @param count how many shards the run was split into
 * @param shards the shards this run holds, 1-based, ascending: one for a shard's run, all of them (or those that were
 *     there, for a partial merge) for a merged one
 * @param configHash the {@link ConfigHash} of the config files the shards ran
 * @param planHash the whole plan's {@link Shard#planHash}, when known (a run read back from the store before it
 *     finished planning has none)
 * @param plannedTotal how many cases the whole plan has, when known
 * @param parts for a merged run, the shards' own runs
 */
public record ShardInfo(
        int count,
        List<Integer> shards,
        String configHash,
        Optional<String> planHash,
        OptionalInt plannedTotal,
        List<Part> parts) {

    /**
     * One shard's run inside a merged run.
     *
     * @param shard its shard, {@code i/n}
     * @param evalId its eval id
     * @param startedAt when it started
     * @param durationMs its wall time
     * @param planned how many cases its plan gave it
     * @param cases how many of them finished
     * @param interrupted whether it was stopped before its last case
     */
    public record Part(
            String shard,
            String evalId,
            Instant startedAt,
            long durationMs,
            int planned,
            int cases,
            boolean interrupted) {
        public Part {
            Objects.requireNonNull(shard, "shard");
            Objects.requireNonNull(evalId, "evalId");
            Objects.requireNonNull(startedAt, "startedAt");
        }
    }

    public ShardInfo {
        if (count < 1) {
            throw new IllegalArgumentException("a run is split into at least 1 shard, got " + count);
        }
        shards = List.copyOf(new TreeSet<>(shards));
        if (shards.isEmpty()) {
            throw new IllegalArgumentException("a sharded run holds at least one shard");
        }
        if (shards.getFirst() < 1 || shards.getLast() > count) {
            throw new IllegalArgumentException("shards are numbered 1 to " + count + ", got " + shards);
        }
        Objects.requireNonNull(configHash, "configHash");
        Objects.requireNonNull(planHash, "planHash");
        Objects.requireNonNull(plannedTotal, "plannedTotal");
        parts = List.copyOf(parts);
    }

    /** True when this run holds every shard. */
    public boolean complete() {
        return shards.size() == count;
    }

    /** The shards this run does not hold. */
    public List<Integer> missing() {
        List<Integer> out = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            if (!shards.contains(i)) {
                out.add(i);
            }
        }
        return out;
    }

    /**
     * The shards held, over the count: {@code 2/4} for one shard, {@code 1-4/4} for all four merged, {@code 1-2,4/4}
     * when the third is missing. {@link #parse} reads it back.
     */
    public String label() {
        return ranges(shards) + "/" + count;
    }

    /** {@code shard 3/4}, {@code shards 2,4 of 4}: some shards of n, for messages. */
    public static String describe(List<Integer> shards, int count) {
        return shards.size() == 1
                ? "shard " + shards.getFirst() + "/" + count
                : "shards " + ranges(shards) + " of " + count;
    }

    /** {@code 1-2,4}: ascending numbers, consecutive ones as ranges. */
    public static String ranges(List<Integer> numbers) {
        StringBuilder sb = new StringBuilder();
        int i = 0;
        while (i < numbers.size()) {
            int j = i;
            while (j + 1 < numbers.size() && numbers.get(j + 1) == numbers.get(j) + 1) {
                j++;
            }
            if (!sb.isEmpty()) {
                sb.append(',');
            }
            sb.append(numbers.get(i));
            if (j > i) {
                sb.append('-').append(numbers.get(j));
            }
            i = j + 1;
        }
        return sb.toString();
    }

    /**
     * The run of these shards that a {@link #label()} names ({@code 2/4}, {@code 1-4/4}, {@code 1-2,4/4}), with no plan
     * fingerprint and no parts.
     *
     * @throws IllegalArgumentException when it is not such a label
     */
    public static ShardInfo parse(String label, String configHash) {
        String t = label == null ? "" : label.strip();
        IllegalArgumentException bad =
                new IllegalArgumentException("not a shard label (i/n, or i-j,k/n as a merged run's): '" + label + "'");
        int slash = t.lastIndexOf('/');
        if (slash <= 0 || !t.substring(slash + 1).matches("\\d{1,9}")) {
            throw bad;
        }
        int count = Integer.parseInt(t.substring(slash + 1));
        TreeSet<Integer> out = new TreeSet<>();
        for (String part : t.substring(0, slash).split(",")) {
            String p = part.strip();
            if (p.matches("\\d{1,9}")) {
                out.add(Integer.parseInt(p));
            } else if (p.matches("\\d{1,9}-\\d{1,9}")) {
                int a = Integer.parseInt(p.substring(0, p.indexOf('-')));
                int b = Integer.parseInt(p.substring(p.indexOf('-') + 1));
                if (a > b || b > count) {
                    throw bad;
                }
                for (int i = a; i <= b; i++) {
                    out.add(i);
                }
            } else {
                throw bad;
            }
        }
        if (count < 1 || out.isEmpty() || out.first() < 1 || out.last() > count) {
            throw bad;
        }
        return new ShardInfo(count, List.copyOf(out), configHash, Optional.empty(), OptionalInt.empty(), List.of());
    }

    /** This run with the whole plan's fingerprint and size. */
    public ShardInfo withPlan(Optional<String> hash, OptionalInt total) {
        return new ShardInfo(count, shards, configHash, hash, total, parts);
    }

    /** This run with these shards' runs. */
    public ShardInfo withParts(List<Part> p) {
        return new ShardInfo(count, shards, configHash, planHash, plannedTotal, p);
    }
}
