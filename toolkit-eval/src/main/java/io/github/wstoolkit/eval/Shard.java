package io.github.wstoolkit.eval;

import io.github.wstoolkit.api.json.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * One slice of a run spread over machines ({@code wst eval --shard 2/4}, 1-based as Playwright's): every machine
 * plans the whole run, then keeps the cases of its shard. The split depends only on the plan, so the same config
 * run with the same options gives the same shards on every machine, and shards 1..n together are the whole plan,
 * each case once.
 *
 * <p>How the plan is split: the cases of one conversation (those that share {@link PlannedCase#conversation()}: a
 * test's {@code metadata.conversationId}, or a prompt that reads {@code _conversation}) form one unit, so they stay on
 * one shard and run there in plan order; every other case is a unit of its own. Units are ordered by size (largest
 * first), then by a fixed bit-mix of their first case's plan index (a function of test, repetition, provider and
 * prompt positions, so no machine-dependent value enters it), and each is given to the shard with the fewest cases so
 * far (the lowest-numbered on a tie). Cases of a plan without conversations are thus spread to within one case of
 * each other, and interleaved rather than cut in blocks, so a slow provider or a slow stretch of tests is shared
 * out. A shard may get no case (more shards than cases): it runs nothing and writes an empty result.
 *
 * @param index which shard, from 1
 * @param count how many shards
 */
public record Shard(int index, int count) {

    public Shard {
        if (count < 1) {
            throw new IllegalArgumentException("the shard count must be at least 1, got " + count);
        }
        if (index < 1 || index > count) {
            throw new IllegalArgumentException("the shard index must be from 1 to " + count
                    + " (1-based, as in --shard 1/" + count + "), got " + index);
        }
    }

    /**
     * {@code "2/4"}: shard 2 of 4.
     *
     * @throws IllegalArgumentException naming what was expected, for anything else
     */
    public static Shard parse(String text) {
        String t = text == null ? "" : text.strip();
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("(\\d{1,9})\\s*/\\s*(\\d{1,9})").matcher(t);
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "a shard is written i/n, 1-based (1/4 is the first of four), got '" + text + "'");
        }
        return new Shard(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }

    /** Shard {@code index + 1} of {@code count}: for a 0-based index such as Kubernetes' JOB_COMPLETION_INDEX. */
    public static Shard zeroBased(int index, int count) {
        if (count >= 1 && (index < 0 || index >= count)) {
            throw new IllegalArgumentException(
                    "a 0-based shard index must be from 0 to " + (count - 1) + ", got " + index);
        }
        return new Shard(index + 1, count);
    }

    /** {@code i/n}. */
    @Override
    public String toString() {
        return index + "/" + count;
    }

    /** This shard's cases of the whole plan, in plan order. */
    public List<PlannedCase> select(List<PlannedCase> plan) {
        return split(plan, count).get(index - 1);
    }

    /**
     * The whole plan split into {@code count} shards (see the class comment): element {@code i - 1} is shard
     * {@code i}'s cases, in plan order.
     */
    public static List<List<PlannedCase>> split(List<PlannedCase> plan, int count) {
        if (count < 1) {
            throw new IllegalArgumentException("the shard count must be at least 1, got " + count);
        }
        // units: a conversation's cases together, every other case alone; held as positions in the plan (a plan
        // may make its cases as they are read: see LazyLists), each unit named by its first case's plan index
        Map<String, List<Integer>> conversations = new LinkedHashMap<>();
        List<int[]> units = new ArrayList<>(); // {first case's plan index, size, position of a lone case or -1}
        List<List<Integer>> grouped = new ArrayList<>();
        int[] indexAt = new int[plan.size()];
        for (int i = 0; i < plan.size(); i++) {
            PlannedCase c = plan.get(i);
            indexAt[i] = c.index();
            if (c.conversation().isPresent()) {
                List<Integer> unit = conversations.get(c.conversation().get());
                if (unit == null) {
                    unit = new ArrayList<>();
                    conversations.put(c.conversation().get(), unit);
                    units.add(new int[] {c.index(), 0, -1 - grouped.size()});
                    grouped.add(unit);
                }
                unit.add(i);
            } else {
                units.add(new int[] {c.index(), 1, i});
            }
        }
        for (int[] u : units) {
            if (u[2] < 0) {
                u[1] = grouped.get(-1 - u[2]).size();
            }
        }
        units.sort(Comparator.<int[]>comparingInt(u -> -u[1])
                .thenComparingLong(u -> mix(u[0]))
                .thenComparingInt(u -> u[0]));
        int[][] shards = new int[count][];
        int[] sizes = new int[count];
        // shards by how many cases they hold, then by number
        PriorityQueue<int[]> load =
                new PriorityQueue<>(Comparator.<int[]>comparingInt(s -> s[1]).thenComparingInt(s -> s[0]));
        for (int i = 0; i < count; i++) {
            shards[i] = new int[16];
            load.add(new int[] {i, 0});
        }
        for (int[] unit : units) {
            int[] least = load.poll();
            int k = least[0];
            if (unit[2] >= 0) {
                shards[k] = add(shards[k], sizes[k]++, unit[2]);
            } else {
                for (int position : grouped.get(-1 - unit[2])) {
                    shards[k] = add(shards[k], sizes[k]++, position);
                }
            }
            least[1] += unit[1];
            load.add(least);
        }
        List<List<PlannedCase>> out = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            // in plan order: by plan index (then by position, for a list that repeats an index)
            long[] keys = new long[sizes[k]];
            for (int j = 0; j < keys.length; j++) {
                int position = shards[k][j];
                keys[j] = ((long) indexAt[position] << 32) | position;
            }
            Arrays.sort(keys);
            int[] positions = new int[keys.length];
            for (int j = 0; j < keys.length; j++) {
                positions[j] = (int) keys[j];
            }
            out.add(LazyLists.select(plan, positions));
        }
        return List.copyOf(out);
    }

    private static int[] add(int[] array, int at, int value) {
        int[] a = at < array.length ? array : Arrays.copyOf(array, array.length * 2);
        a[at] = value;
        return a;
    }

    /** SplitMix64's finaliser: a fixed, seedless bit mix, so units are interleaved the same way everywhere. */
    private static long mix(long x) {
        long z = x + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * A fingerprint of a whole plan (SHA-256, hex): each case's plan index, test, prompt and repetition positions,
     * whether it belongs to a conversation, its test's description and its vars (keys sorted). Two machines that
     * plan differently (another {@code --repeat}, filter or {@code --var}, or a Groovy config that builds other
     * tests there) get different fingerprints. Provider ids are left out: an id built from the environment (an
     * embedded mock server's port) differs between machines running the same plan.
     */
    public static String planHash(List<PlannedCase> plan) {
        MessageDigest sha = sha256();
        for (PlannedCase c : plan) {
            String line = c.index() + "\t" + c.testIndex() + "\t" + c.promptIndex() + "\t" + c.repeatIndex() + "\t"
                    + (c.conversation().isPresent() ? "c" : "-") + "\t"
                    + c.test().description().orElse("") + "\t"
                    + canonical(c.test().vars()) + "\n";
            sha.update(line.getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    /** JSON with object keys sorted, so the order a map was built in does not matter. */
    private static String canonical(Object v) {
        try {
            return Json.stringify(sorted(v));
        } catch (RuntimeException notJson) {
            return String.valueOf(v);
        }
    }

    private static Object sorted(Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new TreeMap<>();
            m.forEach((k, x) -> out.put(String.valueOf(k), sorted(x)));
            return out;
        }
        if (v instanceof List<?> l) {
            return l.stream().map(Shard::sorted).toList();
        }
        return v;
    }

    /**
     * This shard's selection for {@link RunOptions.Builder#selectCases}: it sees the whole plan, so after the run it
     * knows the plan's size and fingerprint, which the run's {@link ShardInfo} records.
     */
    public Selection selection() {
        return new Selection(this);
    }

    /** A shard's selection of the plan; remembers what it saw. Safe to read from another thread after the run. */
    public static final class Selection implements UnaryOperator<List<PlannedCase>> {
        private final Shard shard;
        private volatile int plannedTotal = -1;
        private volatile String planHash;

        private Selection(Shard shard) {
            this.shard = shard;
        }

        @Override
        public List<PlannedCase> apply(List<PlannedCase> plan) {
            planHash = Shard.planHash(plan);
            plannedTotal = plan.size();
            return shard.select(plan);
        }

        public Shard shard() {
            return shard;
        }

        /** The whole plan's size, once the run has planned. */
        public OptionalInt plannedTotal() {
            return plannedTotal < 0 ? OptionalInt.empty() : OptionalInt.of(plannedTotal);
        }

        /** The whole plan's {@link Shard#planHash}, once the run has planned. */
        public Optional<String> planHash() {
            return Optional.ofNullable(planHash);
        }

        /** What a run of this shard records about it. */
        public ShardInfo info(String configHash) {
            return new ShardInfo(
                    shard.count(), List.of(shard.index()), configHash, planHash(), plannedTotal(), List.of());
        }
    }
}
