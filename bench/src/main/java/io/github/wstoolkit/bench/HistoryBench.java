package io.github.wstoolkit.bench;

import io.github.wstoolkit.api.CallContext;
import io.github.wstoolkit.api.CallTimings;
import io.github.wstoolkit.api.Frame;
import io.github.wstoolkit.api.Provider;
import io.github.wstoolkit.api.ProviderRegistry;
import io.github.wstoolkit.api.ProviderResponse;
import io.github.wstoolkit.api.ProviderSpec;
import io.github.wstoolkit.api.spi.ProviderFactory;
import io.github.wstoolkit.eval.ConfigLoader;
import io.github.wstoolkit.eval.Eval;
import io.github.wstoolkit.eval.EvalConfig;
import io.github.wstoolkit.eval.EvalListener;
import io.github.wstoolkit.eval.EvalResult;
import io.github.wstoolkit.eval.EvalRun;
import io.github.wstoolkit.eval.GradingResult;
import io.github.wstoolkit.eval.PromptSpec;
import io.github.wstoolkit.eval.RunOptions;
import io.github.wstoolkit.eval.TestCase;
import io.github.wstoolkit.eval.report.Reports;
import io.github.wstoolkit.history.HistoryStore;
import io.github.wstoolkit.history.RunRecorder;
import io.github.wstoolkit.history.RunStart;
import io.github.wstoolkit.history.Viewer;
import java.lang.management.ManagementFactory;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code bench/run.sh history [CASES...]}: the results store, in this JVM (no network, so the store is what is
 * measured).
 *
 * <ol>
 *   <li><b>Writes</b>: finished results of 10 frames each (1 sent, 9 received, 40-70 bytes of JSON) handed straight
 *       to a {@link RunRecorder} as fast as it takes them: rows per second (a result row plus its frame rows),
 *       results per second, and the database's size per 1,000 cases (after a WAL checkpoint), beside the JSON
 *       report of the same results.
 *   <li><b>Memory</b>: the heap after a full GC while 100,000 results are recorded, every 20,000: it stays flat (the
 *       recorder's queue is bounded; nothing is kept).
 *   <li><b>In an eval</b>: the same cases run by {@code Eval} (an in-memory provider, -j 8) without the store (the
 *       baseline) and with it: wall time and the ratio.
 *   <li><b>Reads</b>: {@code wst view}'s run page and a case page of the largest run, fetched over loopback.
 * </ol>
 *
 * Defaults: 1,000 and 10,000 cases. Compare ratios, not absolute figures: the machines are shared.
 */
public final class HistoryBench {

    private static final int FRAMES = 10;

    private HistoryBench() {}

    public static void main(String[] args) throws Exception {
        java.util.logging.Logger.getLogger("org.glassfish").setLevel(java.util.logging.Level.WARNING);
        List<Integer> sizes = new ArrayList<>();
        for (String a : args) {
            sizes.add(Integer.parseInt(a));
        }
        if (sizes.isEmpty()) {
            sizes = List.of(1_000, 10_000);
        }
        Path dir = Files.createTempDirectory("wst-history-bench");
        System.out.println("Writes: results of " + FRAMES + " frames handed to a RunRecorder (one writer thread)");
        System.out.println();
        System.out.println(
                "  cases |  wall (s) | results/s |   rows/s | db size | db / 1,000 cases | JSON report / 1,000");
        System.out.println(
                "--------+-----------+-----------+----------+---------+------------------+--------------------");
        long biggestRun = -1;
        Path biggestDb = null;
        for (int n : sizes) {
            Path db = dir.resolve("writes-" + n + ".db");
            // warm up the JIT and SQLite on a small run first, in another file
            writes(dir.resolve("warm-" + n + ".db"), Math.min(n, 500));
            long t0 = System.nanoTime();
            long id = writes(db, n);
            double s = (System.nanoTime() - t0) / 1e9;
            long size = checkpointedSize(db);
            long json = jsonSize(Math.min(n, 1_000));
            System.out.printf(
                    Locale.ROOT,
                    "%7d | %9.2f | %9.0f | %8.0f | %5.1f MB | %13.0f kB | %15.0f kB%n",
                    n,
                    s,
                    n / s,
                    n * (1.0 + FRAMES) / s,
                    size / 1e6,
                    size / 1e3 / (n / 1000.0),
                    json / 1e3 / (Math.min(n, 1_000) / 1000.0));
            biggestRun = id;
            biggestDb = db;
        }

        System.out.println();
        System.out.println("Memory: live heap after a full GC while 200,000 results are recorded");
        memory(dir.resolve("memory.db"), 200_000);

        System.out.println();
        System.out.println("In an eval (in-memory provider, -j 8): without the store (baseline) and with it");
        System.out.println();
        System.out.println("  cases | no store (s) | with store (s) | ratio | cases/s with store");
        System.out.println("--------+--------------+----------------+-------+-------------------");
        for (int n : sizes) {
            EvalConfig config = config(n);
            evalOnce(config, null); // warm-up
            double base = evalOnce(config, null);
            double with = evalOnce(config, dir.resolve("eval-" + n + ".db"));
            System.out.printf(
                    Locale.ROOT, "%7d | %12.2f | %14.2f | %5.2f | %18.0f%n", n, base, with, with / base, n / with);
        }

        endToEnd(dir, sizes.getLast());

        System.out.println();
        System.out.println("Reads: wst view over loopback, the largest run (median of 5 fetches after a warm-up)");
        try (HistoryStore store = HistoryStore.open(biggestDb);
                Viewer viewer = Viewer.builder(store).port(0).start()) {
            HttpClient http = HttpClient.newHttpClient();
            long caseId;
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + biggestDb);
                    Statement st = c.createStatement();
                    var rs = st.executeQuery("SELECT MAX(id) FROM results")) {
                rs.next();
                caseId = rs.getLong(1);
            }
            for (String path : List.of(
                    "/", "/runs/" + biggestRun, "/runs/" + biggestRun + "?status=failing", "/cases/" + caseId)) {
                fetch(http, viewer, path);
                List<Double> ms = new ArrayList<>();
                int bytes = 0;
                for (int i = 0; i < 5; i++) {
                    long t = System.nanoTime();
                    bytes = fetch(http, viewer, path);
                    ms.add((System.nanoTime() - t) / 1e6);
                }
                ms.sort(null);
                System.out.printf(Locale.ROOT, "  %-28s %7.1f ms  (%d kB)%n", path, ms.get(2), bytes / 1000);
            }
        }
    }

    // ------------------------------------------------------------------ writes

    private static final PromptSpec PROMPT = PromptSpec.of("Answer: {{ q }}");

    /** A finished result as an eval makes it: a passing case with 10 frames. */
    static EvalResult result(int i) {
        String q = "case " + i + " alpha beta gamma delta";
        List<Frame> frames = new ArrayList<>(FRAMES);
        frames.add(Frame.text(Frame.Direction.SENT, Duration.ofMillis(1), "{\"input\":\"" + q + "\"}", 40));
        String[] words = ("You said: " + q).split(" ");
        for (int f = 1; f < FRAMES; f++) {
            String text = f == FRAMES - 1
                    ? "{\"type\":\"message\",\"message\":\"You said: " + q + "\"}"
                    : "{\"type\":\"delta\",\"delta\":\"" + words[(f - 1) % words.length] + " \"}";
            frames.add(Frame.text(Frame.Direction.RECEIVED, Duration.ofMillis(20L + 15L * f), text, text.length()));
        }
        CallTimings t = new CallTimings(
                Duration.ofMillis(1),
                Optional.of(Duration.ofMillis(34)),
                Duration.ofMillis(20L + 15L * FRAMES),
                FRAMES - 1,
                400,
                Optional.of(Duration.ofMillis(15)),
                frames);
        ProviderResponse r = ProviderResponse.of("You said: " + q).withTimings(t);
        TestCase test = TestCase.of(Map.of("q", q), List.of(io.github.wstoolkit.eval.AssertionSpec.of("contains", q)));
        GradingResult g = new GradingResult(
                true,
                1,
                "All assertions passed",
                Optional.empty(),
                List.of(GradingResult.pass("Assertion passed")
                        .withAssertion(io.github.wstoolkit.eval.AssertionSpec.of("contains", q))),
                Map.of());
        return new EvalResult(
                i,
                i,
                0,
                0,
                PROMPT,
                "Answer: " + q,
                "ws://127.0.0.1:8080/ws-stream",
                "bench",
                test,
                Map.of("q", q),
                Optional.of(r),
                Optional.empty(),
                true,
                1,
                Optional.of(g),
                170,
                EvalResult.FailureReason.NONE,
                1);
    }

    /** Records n results as fast as the recorder takes them; returns the run's id. */
    private static long writes(Path db, int n) {
        try (HistoryStore store = HistoryStore.open(db)) {
            RunRecorder rec = store.record(RunStart.of(config(1)));
            rec.started(n, 8);
            for (int i = 0; i < n; i++) {
                rec.finished(result(i));
            }
            rec.finish(new EvalRun(
                    "eval-bch-2026-01-01T00:00:00",
                    java.time.Instant.now(),
                    config(1),
                    List.of(),
                    io.github.wstoolkit.eval.EvalStats.of(List.of(), 0),
                    n,
                    false));
            if (rec.failure().isPresent()) {
                throw rec.failure().get();
            }
            return rec.runId();
        }
    }

    private static long checkpointedSize(Path db) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                Statement s = c.createStatement()) {
            s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        }
        long size = Files.size(db);
        Path wal = Path.of(db + "-wal");
        return size + (Files.exists(wal) ? Files.size(wal) : 0);
    }

    private static long jsonSize(int n) throws Exception {
        List<EvalResult> results = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            results.add(result(i));
        }
        EvalRun run = new EvalRun(
                "eval-bch-2026-01-01T00:00:00",
                java.time.Instant.now(),
                config(1),
                results,
                io.github.wstoolkit.eval.EvalStats.of(results, 0),
                n,
                false);
        java.io.StringWriter w = new java.io.StringWriter();
        Reports.write(run, io.github.wstoolkit.eval.report.ReportFormat.JSON, w);
        return w.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }

    /**
     * The heap in use right after the last collection, summed over the heap's pools: the live set after
     * {@code System.gc()}, without what threads allocated since (the writer keeps writing while this reads).
     */
    private static long liveHeap() {
        long used = 0;
        for (var pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == java.lang.management.MemoryType.HEAP && pool.getCollectionUsage() != null) {
                used += pool.getCollectionUsage().getUsed();
            }
        }
        return used;
    }

    private static void memory(Path db, int n) {
        try (HistoryStore store = HistoryStore.open(db)) {
            RunRecorder rec = store.record(RunStart.of(config(1)));
            rec.started(n, 8);
            StringBuilder line = new StringBuilder("  ");
            for (int i = 0; i < n; i++) {
                rec.finished(result(i));
                if (i % 40_000 == 0 || i == n - 1) {
                    System.gc();
                    line.append(String.format(Locale.ROOT, "%,d: %.1f MB   ", i + 1, liveHeap() / 1e6));
                }
            }
            rec.close();
            System.out.println(line.toString().stripTrailing());
        }
    }

    // ------------------------------------------------------------------ in an eval

    /** n cases of the in-memory provider, which answers each with the frames of {@link #result}. */
    static EvalConfig config(int n) {
        return ConfigLoader.parse(
                """
                description: history bench
                prompts: ['Answer: {{ q }}']
                providers: [{id: 'memory:', label: bench}]
                tests:
                  - vars: {q: %s}
                    assert: [{type: contains, value: 'You said'}]
                """
                        .formatted(range(n)),
                Path.of("").toAbsolutePath());
    }

    private static String range(int n) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : ", ").append("'case ").append(i).append(" alpha beta gamma delta'");
        }
        return sb.append(']').toString();
    }

    /** An in-memory streaming provider: no network, so the eval's own costs and the store's are what is measured. */
    private static final class Memory implements ProviderFactory {
        @Override
        public boolean supports(String id) {
            return id.startsWith("memory:");
        }

        @Override
        public String describe() {
            return "memory:";
        }

        @Override
        public Provider create(ProviderSpec spec) {
            return new Provider() {
                @Override
                public String id() {
                    return "memory:";
                }

                @Override
                public boolean supportsConcurrentConversations() {
                    return true;
                }

                @Override
                public ProviderResponse call(String prompt, CallContext context) {
                    String q = prompt.substring("Answer: ".length());
                    int i = Integer.parseInt(q.split(" ")[1]);
                    return result(i).response().orElseThrow();
                }
            };
        }
    }

    /** Seconds of one eval of the config, recorded in {@code db} when given. */
    private static double evalOnce(EvalConfig config, Path db) {
        long t0 = System.nanoTime();
        HistoryStore store = db == null ? null : HistoryStore.open(db);
        RunRecorder rec = store == null ? null : store.record(RunStart.of(config));
        try (Eval eval = Eval.builder()
                .config(config)
                .registry(ProviderRegistry.of(List.of(new Memory())))
                .options(RunOptions.builder().maxConcurrency(8).build())
                .env(Map.of())
                .listener(rec == null ? EvalListener.NONE : rec)
                .build()) {
            EvalRun run = eval.run();
            if (rec != null) {
                rec.finish(run);
            }
            if (run.stats().failures() + run.stats().errors() > 0) {
                throw new IllegalStateException(
                        "the bench's cases did not all pass: " + run.stats().summaryLine());
            }
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    /**
     * The runtime image's {@code wst eval} over n streaming cases against the mock server (as {@code bench/run.sh
     * eval} runs it, -j 32): with {@code --no-write} (the baseline) and recorded, alternately, best of two each.
     */
    private static void endToEnd(Path dir, int n) throws Exception {
        Path wst = Path.of("").toAbsolutePath().resolve("toolkit-shell/target/image/bin/wst");
        System.out.println();
        if (!Files.isExecutable(wst)) {
            System.out.println("End to end: skipped (no runtime image; ./wst --version links it)");
            return;
        }
        System.out.println("End to end: wst eval (the image) of " + n + " streaming cases against the mock server,"
                + " -j 32, best of two");
        try (io.github.wstoolkit.mockserver.MockServer server =
                io.github.wstoolkit.mockserver.MockServer.builder().port(0).start()) {
            Path config = dir.resolve("e2e.yaml");
            Files.writeString(config, EvalBench.config(n, "ws://127.0.0.1:" + server.port()));
            double[] best = {Double.MAX_VALUE, Double.MAX_VALUE};
            String[] summary = {"", ""};
            Path out = dir.resolve("e2e.out");
            for (int round = 0; round < 2; round++) {
                for (int write = 0; write < 2; write++) {
                    List<String> cmd = new ArrayList<>(List.of(
                            wst.toString(),
                            "eval",
                            "-c",
                            config.toString(),
                            "-j",
                            "32",
                            "--no-table",
                            "--no-progress-bar"));
                    if (write == 0) {
                        cmd.add("--no-write");
                    }
                    ProcessBuilder pb = new ProcessBuilder(cmd)
                            .redirectOutput(out.toFile())
                            .redirectError(ProcessBuilder.Redirect.DISCARD);
                    pb.environment().put("WST_HOME", dir.resolve("e2e-home").toString());
                    long t0 = System.nanoTime();
                    int exit = pb.start().waitFor();
                    double s = (System.nanoTime() - t0) / 1e9;
                    // on a loaded machine a case may time out: the summary says so, the time still counts
                    var m = java.util.regex.Pattern.compile("\\d+ passed, \\d+ failed, \\d+ errors")
                            .matcher(Files.readString(out));
                    String line = m.find() ? m.group() : "exit " + exit;
                    if (s < best[write]) {
                        best[write] = s;
                        summary[write] = line;
                    }
                }
            }
            System.out.println();
            System.out.println("  cases | --no-write (s) | recorded (s) | ratio | results (no-write / recorded)");
            System.out.println("--------+----------------+--------------+-------+------------------------------");
            System.out.printf(
                    Locale.ROOT,
                    "%7d | %14.2f | %12.2f | %5.2f | %s / %s%n",
                    n,
                    best[0],
                    best[1],
                    best[1] / best[0],
                    summary[0],
                    summary[1]);
        }
    }

    private static int fetch(HttpClient http, Viewer viewer, String path) throws Exception {
        HttpResponse<byte[]> r = http.send(
                HttpRequest.newBuilder(viewer.uri().resolve(path)).build(), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(path + " → " + r.statusCode());
        }
        return r.body().length;
    }
}
