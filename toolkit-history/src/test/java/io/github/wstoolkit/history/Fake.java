package io.github.wstoolkit.history;

import static org.junit.jupiter.api.Assertions.fail;

import io.github.wstoolkit.api.CallContext;
import io.github.wstoolkit.api.CallTimings;
import io.github.wstoolkit.api.Frame;
import io.github.wstoolkit.api.Provider;
import io.github.wstoolkit.api.ProviderException;
import io.github.wstoolkit.api.ProviderRegistry;
import io.github.wstoolkit.api.ProviderResponse;
import io.github.wstoolkit.api.ProviderSpec;
import io.github.wstoolkit.api.Redaction;
import io.github.wstoolkit.api.spi.ProviderFactory;
import io.github.wstoolkit.eval.ConfigLoader;
import io.github.wstoolkit.eval.Eval;
import io.github.wstoolkit.eval.EvalConfig;
import io.github.wstoolkit.eval.EvalListener;
import io.github.wstoolkit.eval.EvalResult;
import io.github.wstoolkit.eval.EvalRun;
import io.github.wstoolkit.eval.RunOptions;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Test fixtures: {@code fake:stream} providers that answer with recorded frames at fixed times (no network), and
 * helpers to run an eval and read the database file with plain JDBC.
 *
 * <p>Behaviour by prompt: the output is the prompt in upper case, received as {@code frames} delta frames (config,
 * default 3) 10 ms apart; a prompt containing {@code boom} fails as a close mid-stream (one frame arrived); one
 * containing {@code gate:NAME} waits for {@link #open(String)} (or is interrupted); {@code fixed} in the config
 * makes {@code boom} succeed (the server was fixed).
 */
final class Fake implements ProviderFactory {

    static final Duration DEADLINE = Duration.ofSeconds(30);

    /** Default options, but retries of the transient closes after 1 ms instead of promptfoo's 1 s. */
    static final RunOptions FAST =
            RunOptions.builder().retryBaseDelay(Duration.ofMillis(1)).build();

    final Map<String, CountDownLatch> gates = new ConcurrentHashMap<>();

    static ProviderRegistry registry() {
        return ProviderRegistry.of(List.of(new Fake()));
    }

    ProviderRegistry registryOf() {
        return ProviderRegistry.of(List.of(this));
    }

    void open(String gate) {
        gates.computeIfAbsent(gate, k -> new CountDownLatch(1)).countDown();
    }

    @Override
    public boolean supports(String id) {
        return id.startsWith("fake:");
    }

    @Override
    public String describe() {
        return "fake:";
    }

    @Override
    public Provider create(ProviderSpec spec) {
        int n = spec.config().get("frames") instanceof Number x ? x.intValue() : 3;
        boolean fixed = Boolean.TRUE.equals(spec.config().get("fixed"));
        boolean echo = Boolean.TRUE.equals(spec.config().get("echo"));
        long baseTtft = spec.config().get("ttft") instanceof Number x ? x.longValue() : 10;
        long gap = spec.config().get("gap") instanceof Number x ? x.longValue() : 10;
        long spread = spec.config().get("spread") instanceof Number x ? x.longValue() : 0;
        return new Provider() {
            @Override
            public String id() {
                return Redaction.redactUrl(spec.id());
            }

            @Override
            public boolean supportsConcurrentConversations() {
                return true;
            }

            @Override
            public ProviderResponse call(String prompt, CallContext ctx)
                    throws ProviderException, InterruptedException {
                int g = prompt.indexOf("gate:");
                if (g >= 0) {
                    String name = prompt.substring(g + 5).split("\\s")[0];
                    CountDownLatch latch = gates.computeIfAbsent(name, k -> new CountDownLatch(1));
                    if (!latch.await(DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
                        throw new ProviderException(ProviderException.Kind.TIMEOUT, "gate " + name + " never opened");
                    }
                }
                List<Frame> frames = new ArrayList<>();
                frames.add(
                        Frame.text(Frame.Direction.SENT, Duration.ofMillis(1), "{\"input\":\"" + prompt + "\"}", 12));
                if (prompt.contains("boom") && !fixed) {
                    frames.add(Frame.text(Frame.Direction.RECEIVED, Duration.ofMillis(11), "{\"delta\":\"half\"}", 16));
                    throw new ProviderException(
                                    ProviderException.Kind.CLOSED,
                                    "WebSocket closed before the response was complete (code 1011)",
                                    null,
                                    true,
                                    "CLOSED 1011",
                                    null,
                                    1011)
                            .withTimings(new CallTimings(
                                    Duration.ofMillis(1),
                                    Optional.of(Duration.ofMillis(10)),
                                    Duration.ofMillis(12),
                                    1,
                                    16,
                                    Optional.empty(),
                                    frames));
                }
                String out = echo ? prompt : prompt.toUpperCase(java.util.Locale.ROOT);
                // the first frame comes ttft ms after the send (plus a spread fixed by the prompt), then one per gap
                long ttft = baseTtft + (spread == 0 ? 0 : Math.floorMod(prompt.hashCode(), spread + 1));
                for (int i = 0; i < n; i++) {
                    frames.add(Frame.text(
                            Frame.Direction.RECEIVED,
                            Duration.ofMillis(1 + ttft + gap * i),
                            "{\"type\":\"delta\",\"i\":" + i + ",\"text\":\"" + out + "\"}",
                            30));
                }
                CallTimings t = new CallTimings(
                        Duration.ofMillis(1),
                        Optional.of(Duration.ofMillis(ttft)),
                        Duration.ofMillis(1 + ttft + gap * (n - 1) + 4),
                        n,
                        30L * n,
                        n > 1 ? Optional.of(Duration.ofMillis(gap)) : Optional.empty(),
                        frames);
                return ProviderResponse.of(out).withTimings(t);
            }
        };
    }

    // ------------------------------------------------------------------ running

    static EvalConfig config(String yaml, Path dir) {
        return ConfigLoader.parse(yaml, dir);
    }

    /** Runs the config, recording it with this listener (plus {@code more}); the run as the eval returns it. */
    static EvalRun run(EvalConfig config, ProviderRegistry registry, RunOptions options, EvalListener listener) {
        try (Eval eval = Eval.builder()
                .config(config)
                .registry(registry)
                .options(options)
                .env(Map.of())
                .listener(listener)
                .build()) {
            return eval.run();
        }
    }

    /** Runs and records a config in the store; returns the run's id. */
    static long record(HistoryStore store, EvalConfig config, ProviderRegistry registry, RunOptions options) {
        try (RunRecorder rec = store.record(RunStart.of(config))) {
            EvalRun run = run(config, registry, options, rec);
            rec.finish(run);
            return rec.runId();
        }
    }

    /** A listener of several. */
    static EvalListener both(EvalListener a, EvalListener b) {
        return new EvalListener() {
            @Override
            public void started(int cases, int concurrency) {
                a.started(cases, concurrency);
                b.started(cases, concurrency);
            }

            @Override
            public void finished(EvalResult result) {
                a.finished(result);
                b.finished(result);
            }
        };
    }

    // ------------------------------------------------------------------ reading the file

    /** The first column of the first row of a query, read with a connection of its own. */
    static long queryLong(Path db, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : -1;
        }
    }

    static String queryString(Path db, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    /** Threads of their own for the tests' concurrent work (the common pool has one thread on a 2-core machine). */
    static final java.util.concurrent.ExecutorService POOL =
            java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();

    static <T> CompletableFuture<T> async(java.util.function.Supplier<T> work) {
        return CompletableFuture.supplyAsync(work, POOL);
    }

    /** Polls every 20 ms (a scheduled re-check, not a sleep) until the check holds or the deadline passes. */
    static void await(String what, CheckedBoolean check) throws Exception {
        await(what, DEADLINE, check);
    }

    static void await(String what, Duration limit, CheckedBoolean check) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        // the re-check runs on the scheduler's own thread, never on a pool the test may have filled
        var delayed = CompletableFuture.delayedExecutor(20, TimeUnit.MILLISECONDS, Runnable::run);
        while (!check.get()) {
            if (System.nanoTime() > deadline) {
                fail("timed out after " + limit.toSeconds() + " s waiting for " + what);
            }
            CompletableFuture.runAsync(() -> {}, delayed).get();
        }
    }

    @FunctionalInterface
    interface CheckedBoolean {
        boolean get() throws Exception;
    }
}
