package io.github.wstoolkit.mockserver.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * A seeded, structure-aware fuzzer for text parsers, in plain JUnit (docs/testing.md says why not Jazzer): it runs
 * every input of a committed corpus ({@code src/test/resources/fuzz/TARGET/}, one input per file), then mutates
 * corpus inputs with the target's dictionary of grammar tokens, splices, range copies and line edits, and feeds each
 * input to a property. Inputs the target accepts join the pool, so mutations reach deeper than the seeds.
 *
 * <p>The property returns when the input gave a result or the typed error it may give (and checks that error's
 * location itself); anything else it throws, an input that runs past the per-input timeout, and an
 * {@link OutOfMemoryError} fail the test, naming the seed and the input, which is also written to
 * {@code target/fuzz-failures/TARGET/} so it can become a regression test.
 *
 * <p>System properties (Maven passes {@code -D} options to the test JVM): {@code fuzz.iterations} (mutated inputs per
 * target), {@code fuzz.seconds} (time cap per target), {@code fuzz.seed} (a number, or {@code random}),
 * {@code fuzz.timeoutMs} (per input). CI runs the defaults: a few thousand inputs and a few seconds per target.
 */
public final class Fuzzer {

    private final String target;
    private final List<String> pool;
    private final int seeds;
    private final List<String> dictionary;
    private final long seed;
    private final int iterations;
    private final Duration budget;
    private Duration timeout;
    private final int maxChars;

    private Fuzzer(String target, List<String> corpus, List<String> dictionary, int defaultIterations, int maxChars) {
        if (corpus.isEmpty()) {
            throw new IllegalArgumentException("the corpus of " + target + " is empty");
        }
        this.target = target;
        this.pool = new ArrayList<>(corpus);
        this.seeds = corpus.size();
        this.dictionary = List.copyOf(dictionary);
        String s = System.getProperty("fuzz.seed", "20261201");
        this.seed = s.equals("random") ? System.nanoTime() : Long.parseLong(s);
        this.iterations = Integer.getInteger("fuzz.iterations", defaultIterations);
        this.budget = Duration.ofSeconds(Long.getLong("fuzz.seconds", 8));
        this.timeout = Duration.ofMillis(Long.getLong("fuzz.timeoutMs", 5000));
        this.maxChars = maxChars;
    }

    /**
     * A fuzzer over the committed corpus {@code src/test/resources/fuzz/TARGET/} plus {@code extraSeeds}.
     *
     * @param dictionary tokens of the target's grammar that mutations insert
     * @param defaultIterations mutated inputs when {@code fuzz.iterations} is not set
     * @param maxChars inputs are cut to this length (parsers are linear at best; the point is structure, not size)
     */
    public static Fuzzer of(
            String target, List<String> extraSeeds, List<String> dictionary, int defaultIterations, int maxChars) {
        List<String> corpus = new ArrayList<>(corpus(target));
        corpus.addAll(extraSeeds);
        return new Fuzzer(target, corpus, dictionary, defaultIterations, maxChars);
    }

    /**
     * The time one input may take when {@code fuzz.timeoutMs} is not set (default 5 s); a target that compiles code
     * (Groovy) needs more on a loaded machine.
     */
    public Fuzzer defaultTimeout(Duration perInput) {
        if (System.getProperty("fuzz.timeoutMs") == null) {
            this.timeout = perInput;
        }
        return this;
    }

    /** The committed corpus of a target, sorted by file name. */
    public static List<String> corpus(String target) {
        Path dir = Path.of("src/test/resources/fuzz", target);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).sorted().map(Fuzzer::read).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What a run did: inputs run, and how many of them the target accepted. */
    public record Report(int inputs, int accepted, int poolSize) {}

    /**
     * Runs the corpus, then mutated inputs, through {@code property}; fails the test at the first input that breaks
     * it, hangs or exhausts memory.
     *
     * @param property runs the target on one input; returns normally on a result or an expected typed error, and
     *     returns {@code true} through {@code accepted} when the input gave a result
     */
    public Report run(Property property) {
        SplittableRandom random = new SplittableRandom(seed);
        ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fuzz-" + target);
            t.setDaemon(true); // a hung input must not keep the test JVM alive
            return t;
        });
        long deadline = System.nanoTime() + budget.toNanos();
        int inputs = 0;
        int accepted = 0;
        try {
            for (int i = 0; i < seeds; i++) {
                inputs++;
                if (check(worker, property, pool.get(i))) {
                    accepted++;
                }
            }
            for (int i = 0; i < iterations && System.nanoTime() < deadline; i++) {
                String input = mutate(random);
                inputs++;
                if (check(worker, property, input)) {
                    accepted++;
                    if (pool.size() < seeds + 512 && !input.isEmpty()) {
                        pool.add(input);
                    } else if (!input.isEmpty()) {
                        pool.set(seeds + random.nextInt(pool.size() - seeds), input);
                    }
                }
            }
        } finally {
            worker.shutdownNow();
        }
        Report report = new Report(inputs, accepted, pool.size());
        System.out.println("fuzz " + target + " (fuzz.seed=" + seed + "): " + report);
        return report;
    }

    /** The target run on one input. */
    @FunctionalInterface
    public interface Property {
        /**
         * @return whether the input gave a result (rather than the expected typed error)
         * @throws Throwable anything else is a defect
         */
        boolean test(String input) throws Throwable;
    }

    private boolean check(ExecutorService worker, Property property, String input) {
        Future<Boolean> f = worker.submit(() -> {
            try {
                return property.test(input);
            } catch (Throwable t) {
                throw new Failure(t);
            }
        });
        try {
            return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw failure(input, "did not finish within " + timeout.toMillis() + " ms", null);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof Failure fe ? fe.getCause() : e.getCause();
            String what = cause instanceof OutOfMemoryError ? "ran out of memory" : "failed: " + cause;
            throw failure(input, what, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure(input, "was interrupted", e);
        }
    }

    private static final class Failure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Failure(Throwable cause) {
            super(cause);
        }
    }

    private AssertionError failure(String input, String what, Throwable cause) {
        String name = "crash-" + HexFormat.of().toHexDigits(input.hashCode());
        Path saved = Path.of("target/fuzz-failures", target, name);
        try {
            Files.createDirectories(saved.getParent());
            Files.writeString(saved, input, StandardCharsets.UTF_8);
        } catch (IOException e) {
            saved = null;
        }
        String message = target + " (fuzz.seed=" + seed + ") " + what + " on input " + escape(input)
                + (saved == null ? "" : "\n  saved to " + saved.toAbsolutePath());
        return new AssertionError(message, cause);
    }

    /** The input as a Java string literal, so it can be pasted into a regression test. */
    public static String escape(String s) {
        StringBuilder sb = new StringBuilder("\"");
        s.codePoints().forEach(c -> {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        for (char ch : Character.toChars(c)) {
                            sb.append(String.format("\\u%04x", (int) ch));
                        }
                    } else {
                        sb.append((char) c);
                    }
                }
            }
        });
        return sb.append('"').toString();
    }

    // ---- mutations ------------------------------------------------------------------------------------------------

    private static final String[] INTERESTING = {
        "0",
        "-1",
        "1",
        "-0",
        "2147483647",
        "2147483648",
        "-2147483649",
        "9223372036854775807",
        "9223372036854775808",
        "1e309",
        "-1e309",
        "1e-400",
        "0.1",
        "NaN",
        "Infinity",
        "1.5",
        "1e21",
        "00",
        "0x10",
        "1_000",
        "99999999999"
    };

    private static final String[] ODD = {
        "\u0000",
        "\t",
        "\r\n",
        "\n\n",
        " ",
        "\u00e9",
        "\u20ac",
        "\ud83d\ude00",
        "\ud800",
        "\udc00",
        "\ufeff",
        "\u2028",
        "\u00a0",
        "\\",
        "\\u",
        "\\x",
        "%",
        "%2",
        "%zz",
        "%00",
        "'",
        "\"",
        "`",
        "#",
        "&",
        "*",
        "!",
        "|",
        "{",
        "}",
        "[",
        "]"
    };

    private String mutate(SplittableRandom r) {
        String s = pool.get(r.nextInt(pool.size()));
        int rounds = 1 + r.nextInt(r.nextBoolean() ? 2 : 6);
        for (int i = 0; i < rounds; i++) {
            s = mutateOnce(s, r);
        }
        return s.length() > maxChars ? s.substring(0, maxChars) : s;
    }

    private String mutateOnce(String s, SplittableRandom r) {
        int n = s.length();
        int at = n == 0 ? 0 : r.nextInt(n + 1);
        switch (r.nextInt(12)) {
            case 0, 1, 2 -> {
                return dictionary.isEmpty() ? s : insert(s, at, dictionary.get(r.nextInt(dictionary.size())));
            }
            case 3 -> {
                return insert(s, at, INTERESTING[r.nextInt(INTERESTING.length)]);
            }
            case 4 -> {
                return insert(s, at, ODD[r.nextInt(ODD.length)]);
            }
            case 5 -> { // delete a range
                if (n == 0) {
                    return s;
                }
                int len = 1 + r.nextInt(Math.min(n - Math.min(at, n - 1), 1 + r.nextInt(16)));
                int from = Math.min(at, n - 1);
                return s.substring(0, from) + s.substring(Math.min(n, from + len));
            }
            case 6 -> { // repeat a range: nesting, long runs
                if (n == 0) {
                    return s;
                }
                int from = r.nextInt(n);
                int to = Math.min(n, from + 1 + r.nextInt(Math.min(32, n - from)));
                String part = s.substring(from, to);
                return s.substring(0, to) + part.repeat(1 + r.nextInt(r.nextInt(10) == 0 ? 64 : 4)) + s.substring(to);
            }
            case 7 -> { // copy a range elsewhere
                if (n == 0) {
                    return s;
                }
                int from = r.nextInt(n);
                int to = Math.min(n, from + 1 + r.nextInt(Math.min(48, n - from)));
                return insert(s, at, s.substring(from, to));
            }
            case 8 -> { // splice with another input
                String other = pool.get(r.nextInt(pool.size()));
                int cut = other.isEmpty() ? 0 : r.nextInt(other.length() + 1);
                return s.substring(0, at) + other.substring(cut);
            }
            case 9 -> { // replace one character
                if (n == 0) {
                    return s;
                }
                int i = Math.min(at, n - 1);
                char c = r.nextInt(4) == 0 ? (char) r.nextInt(0x80) : s.charAt(r.nextInt(n));
                return s.substring(0, i) + c + s.substring(i + 1);
            }
            case 10 -> { // line edits: duplicate, drop or re-indent a line (YAML structure)
                List<String> lines = new ArrayList<>(List.of(s.split("\n", -1)));
                int li = r.nextInt(lines.size());
                switch (r.nextInt(3)) {
                    case 0 -> lines.add(r.nextInt(lines.size() + 1), lines.get(li));
                    case 1 -> lines.remove(li);
                    default ->
                        lines.set(li, " ".repeat(r.nextInt(6)) + lines.get(li).stripLeading());
                }
                return String.join("\n", lines);
            }
            default -> { // truncate
                return s.substring(0, at);
            }
        }
    }

    private static String insert(String s, int at, String what) {
        return s.substring(0, at) + what + s.substring(at);
    }
}
