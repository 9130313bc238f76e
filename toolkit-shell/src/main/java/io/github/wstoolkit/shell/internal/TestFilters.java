package io.github.wstoolkit.shell.internal;

import io.github.wstoolkit.api.ConfigException;
import io.github.wstoolkit.eval.EvalConfig;
import io.github.wstoolkit.eval.LazyLists;
import io.github.wstoolkit.eval.PromptSpec;
import io.github.wstoolkit.eval.TestCase;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.IntStream;

/**
 * promptfoo's test and prompt filters of {@code wst eval}, applied to the config before the run, in promptfoo's
 * order: {@code --filter-metadata} (every {@code key=value} must hold: the test's metadata value, or one item of a
 * list value, contains the value), {@code --filter-pattern} (on the description), {@code --filter-range a:b}
 * (zero-based, end excluded), {@code --filter-first-n}, {@code --filter-sample N} (a random sample, repeatable with
 * {@code --filter-sample-seed}: the same sample promptfoo draws for that seed); and {@code --filter-prompts} on the
 * prompts' labels and ids.
 *
 * <p>A filter that leaves nothing to run is a usage error (exit 1) naming the filter, whatever the filter: a CI line
 * whose filter matches nothing has a typo, and passing it silently would hide that. (promptfoo warns and runs
 * nothing for some filters, and exits 0.)
 */
record TestFilters(
        List<String> metadata,
        Optional<String> pattern,
        Optional<String> range,
        OptionalInt firstN,
        OptionalInt sample,
        OptionalLong sampleSeed,
        Optional<String> prompts) {

    /** The config with only the tests and prompts the filters keep. */
    EvalConfig apply(EvalConfig config) {
        EvalConfig out = config;
        if (prompts.isPresent()) {
            Pattern p = regex(prompts.get(), "--filter-prompts");
            List<PromptSpec> kept = config.prompts().stream()
                    .filter(q ->
                            p.matcher(q.label()).find() || p.matcher(q.id()).find())
                    .toList();
            if (kept.isEmpty()) {
                throw new ConfigException("no prompt matches --filter-prompts " + prompts.get() + " (prompts: "
                        + String.join(
                                ", ",
                                config.prompts().stream()
                                        .map(q -> abbreviate(q.label()))
                                        .toList())
                        + ")");
            }
            out = out.toBuilder().prompts(kept).build();
        }
        List<TestCase> tests = config.tests();
        if (!hasTestFilter()) {
            return out;
        }
        int before = tests.size();
        if (tests.isEmpty()) {
            // promptfoo filters the implicit test of a config without tests (with defaultTest's metadata)
            tests = List.of(TestCase.EMPTY.withMetadata(config.defaultTest().metadata()));
        }
        // the filters keep positions in the config's tests, each test read once and let go: tests read from a CSV
        // file are made as they are asked for, and the filtered config stays a view of them (LazyLists)
        List<TestCase> all = tests;
        int[] kept = metadata(all, IntStream.range(0, all.size()).toArray());
        if (pattern.isPresent()) {
            Pattern p = regex(pattern.get(), "--filter-pattern");
            Optional<String> fallback = config.defaultTest().description();
            kept = Arrays.stream(kept)
                    .filter(i -> all.get(i)
                            .description()
                            .or(() -> fallback)
                            .map(d -> p.matcher(d).find())
                            .orElse(false))
                    .toArray();
            empty(kept, "--filter-pattern " + pattern.get(), before);
        }
        if (range.isPresent()) {
            int[] r = parseRange(range.get());
            int from = Math.min(r[0], kept.length);
            int to = r[1] < 0 ? kept.length : Math.min(r[1], kept.length);
            kept = Arrays.copyOfRange(kept, from, Math.max(from, to));
            empty(kept, "--filter-range " + range.get(), before);
        }
        if (firstN.isPresent()) {
            kept = Arrays.copyOf(kept, Math.min(kept.length, firstN.getAsInt()));
            empty(kept, "--filter-first-n " + firstN.getAsInt(), before);
        }
        if (sample.isPresent()) {
            kept = sample(kept, sample.getAsInt(), sampleSeed);
            empty(kept, "--filter-sample " + sample.getAsInt(), before);
        }
        return out.toBuilder().tests(LazyLists.select(all, kept)).build();
    }

    boolean hasTestFilter() {
        return !metadata.isEmpty()
                || pattern.isPresent()
                || range.isPresent()
                || firstN.isPresent()
                || sample.isPresent();
    }

    private int[] metadata(List<TestCase> tests, int[] positions) {
        if (metadata.isEmpty()) {
            return positions;
        }
        List<String[]> pairs = new ArrayList<>();
        for (String f : metadata) {
            int eq = f.indexOf('=');
            if (eq <= 0 || eq == f.length() - 1) {
                throw new ConfigException("--filter-metadata must be specified in key=value format");
            }
            pairs.add(new String[] {f.substring(0, eq), f.substring(eq + 1)});
        }
        int[] kept = Arrays.stream(positions)
                .filter(i -> {
                    TestCase t = tests.get(i);
                    return pairs.stream().allMatch(kv -> matches(t.metadata().get(kv[0]), kv[1]));
                })
                .toArray();
        empty(kept, "--filter-metadata " + String.join(" --filter-metadata ", metadata), positions.length);
        return kept;
    }

    private static boolean matches(Object value, String wanted) {
        if (value instanceof List<?> l) {
            return l.stream().anyMatch(v -> v != null && text(v).contains(wanted));
        }
        return value != null && text(value).contains(wanted);
    }

    private static String text(Object v) {
        if (v instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d)) {
            return String.valueOf(d.longValue());
        }
        if (v instanceof Map<?, ?> || v instanceof List<?>) {
            return io.github.wstoolkit.api.json.Json.stringify(v);
        }
        return String.valueOf(v);
    }

    private static void empty(int[] tests, String filter, int before) {
        if (tests.length == 0) {
            throw new ConfigException("no test matches " + filter + " (of " + before + " test"
                    + (before == 1 ? "" : "s") + "): nothing to run");
        }
    }

    /** promptfoo's {@code start:end}: zero-based, end excluded, either side may be left out. */
    static int[] parseRange(String option) {
        String t = option.strip();
        int colon = t.indexOf(':');
        String bad = "--filter-range must be specified in start:end format using zero-based indices, got: " + option;
        if (colon < 0 || colon != t.lastIndexOf(':')) {
            throw new ConfigException(bad);
        }
        String a = t.substring(0, colon).strip();
        String b = t.substring(colon + 1).strip();
        if ((a.isEmpty() && b.isEmpty()) || !a.matches("\\d*") || !b.matches("\\d*")) {
            throw new ConfigException(bad);
        }
        try {
            int start = a.isEmpty() ? 0 : Integer.parseInt(a);
            int end = b.isEmpty() ? -1 : Integer.parseInt(b);
            if (end >= 0 && start > end) {
                throw new ConfigException("--filter-range start must be less than or equal to end, got: " + option);
            }
            return new int[] {start, end};
        } catch (NumberFormatException e) {
            throw new ConfigException("--filter-range bounds must be safe integers, got: " + option, e);
        }
    }

    /**
     * promptfoo's sample: a Fisher–Yates shuffle of the tests (their positions), the first N kept (in the shuffled
     * order). With a seed, the generator is promptfoo's {@code createSeededRandom}, so a seed picks the same tests in
     * both tools.
     */
    static int[] sample(int[] tests, int n, OptionalLong seed) {
        java.util.function.DoubleSupplier random;
        if (seed.isPresent()) {
            SeededRandom r = new SeededRandom(String.valueOf(seed.getAsLong()));
            random = r::next;
        } else {
            java.util.Random r = new java.util.Random();
            random = r::nextDouble;
        }
        int[] shuffled = tests.clone();
        for (int i = shuffled.length - 1; i > 0; i--) {
            int j = (int) Math.floor(random.getAsDouble() * (i + 1));
            int tmp = shuffled[i];
            shuffled[i] = shuffled[j];
            shuffled[j] = tmp;
        }
        return Arrays.copyOf(shuffled, Math.min(n, shuffled.length));
    }

    /** promptfoo's {@code createSeededRandom}: an FNV-1a hash of the seed's text feeding a 32-bit mixer. */
    static final class SeededRandom {
        private int state = 0x811C9DC5; // 2166136261

        SeededRandom(String seed) {
            for (int i = 0; i < seed.length(); i++) {
                state = (state ^ seed.charAt(i)) * 16777619;
            }
        }

        double next() {
            state = state + 1831565813;
            int value = state;
            value = (value ^ (value >>> 15)) * (value | 1);
            value ^= value + (value ^ (value >>> 7)) * (value | 61);
            return Integer.toUnsignedLong(value ^ (value >>> 14)) / 4294967296.0;
        }
    }

    private static Pattern regex(String re, String flag) {
        try {
            return Pattern.compile(re);
        } catch (PatternSyntaxException e) {
            throw new ConfigException(
                    "invalid regular expression for " + flag + ": " + e.getDescription() + " in " + e.getPattern(), e);
        }
    }

    private static String abbreviate(String s) {
        String one = s.replace('\n', ' ');
        return one.length() <= 40 ? one : one.substring(0, 39) + "…";
    }
}
