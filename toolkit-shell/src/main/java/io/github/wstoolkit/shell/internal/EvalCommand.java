package io.github.wstoolkit.shell.internal;

import io.github.wstoolkit.api.ConfigException;
import io.github.wstoolkit.eval.ConfigLoader;
import io.github.wstoolkit.eval.Eval;
import io.github.wstoolkit.eval.EvalConfig;
import io.github.wstoolkit.eval.EvalListener;
import io.github.wstoolkit.eval.EvalResult;
import io.github.wstoolkit.eval.EvalRun;
import io.github.wstoolkit.eval.RunOptions;
import io.github.wstoolkit.eval.report.ReportFormat;
import io.github.wstoolkit.eval.report.Reports;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code wst eval -c FILE…}: runs an eval config (promptfoo's shape) and prints a table and the summary line
 * {@code N passed, N failed, N errors}. Exit code 0 when the pass rate reaches the threshold (100% unless
 * {@code WST_PASS_RATE_THRESHOLD} / {@code PROMPTFOO_PASS_RATE_THRESHOLD} says otherwise), 100 (or
 * {@code WST_FAILED_TEST_EXIT_CODE} / {@code PROMPTFOO_FAILED_TEST_EXIT_CODE}) when not, 1 for a config or usage
 * error.
 */
@Command(
        name = "eval",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Run an eval: prompts x providers x tests from promptfoo-style YAML or a Groovy script, checked by"
                    + " assertions.",
            "Exit code 0 when all pass, 100 when some fail or err, 1 for a config or usage error."
        })
final class EvalCommand implements java.util.concurrent.Callable<Integer> {

    /** Kept strongly: java.util.logging forgets the level of a logger nobody references. */
    private static final List<java.util.logging.Logger> QUIETED = new ArrayList<>();

    @ParentCommand
    MainCommand parent;

    @Option(
            names = {"-c", "--config"},
            arity = "1..*",
            paramLabel = "FILE",
            description = "Config file(s), YAML or Groovy (.groovy); several are merged. Default: promptfooconfig.yaml"
                    + " (or promptfooconfig.groovy) in this folder.")
    List<String> configs = new ArrayList<>();

    @Option(
            names = {"-o", "--output"},
            arity = "1..*",
            paramLabel = "FILE",
            description = "Write results to FILE; the extension picks the format: json, jsonl, csv, yaml, yml, txt, "
                    + "xml, junit.xml, html.")
    List<String> outputs = new ArrayList<>();

    @Option(
            names = {"--filter-providers", "--filter-provider", "--filter-targets"},
            paramLabel = "RE",
            description = "Only run providers whose id or label matches this regular expression.")
    String filterProviders;

    @Option(
            names = "--filter-pattern",
            paramLabel = "RE",
            description = "Only run tests whose description matches this regular expression.")
    String filterPattern;

    @Option(
            names = {"-n", "--filter-first-n"},
            paramLabel = "N",
            description = "Only run the first N tests.")
    Integer filterFirstN;

    @Option(
            names = {"-j", "--max-concurrency"},
            paramLabel = "N",
            description = "Calls in flight at once (default: evaluateOptions.maxConcurrency, else 4).")
    Integer maxConcurrency;

    @Option(names = "--repeat", paramLabel = "N", description = "Run each case N times (default 1).")
    Integer repeat;

    @Option(
            names = "--delay",
            paramLabel = "MS",
            description = "Wait MS milliseconds after each call (forces concurrency 1).")
    Long delay;

    @Option(
            names = "--var",
            paramLabel = "KEY=VALUE",
            description = "Set a variable in every test (a test's own vars win). Repeatable.")
    List<String> vars = new ArrayList<>();

    @Option(names = "--grader", paramLabel = "PROVIDER", description = "The provider that grades llm-rubric.")
    String grader;

    @Option(
            names = "--table",
            negatable = true,
            defaultValue = "true",
            fallbackValue = "true",
            description = "Print the results table (default); --no-table to skip it.")
    boolean table;

    @Option(names = "--no-progress-bar", description = "Do not draw the progress bar.")
    boolean noProgressBar;

    @Option(
            names = "--table-cell-max-length",
            paramLabel = "N",
            defaultValue = "60",
            description = "Longest text in a table cell (default 60).")
    int cellMax;

    @Option(
            names = "--db",
            paramLabel = "FILE",
            description = "Record the run in FILE (default: WST_DB, else $WST_HOME/wst.db).")
    String db;

    @Option(names = "--no-write", description = "Do not record the run in the results database.")
    boolean noWrite;

    @Option(
            names = "--retry-errors",
            arity = "0..1",
            paramLabel = "ID",
            fallbackValue = "latest",
            description = "Run again only the cases that errored in run ID (default: the latest), as a new run"
                    + " that carries the other results over.")
    String retryErrors;

    @Option(
            names = "--resume",
            arity = "0..1",
            paramLabel = "ID",
            fallbackValue = "latest",
            description = "Finish an interrupted or killed run (default: the latest one): only its missing cases run,"
                    + " into the same run.")
    String resume;

    @Option(
            names = "--filter-failing",
            paramLabel = "ID|FILE",
            description = "Only run the tests that did not pass in run ID or in a JSON results FILE.")
    String filterFailing;

    @Option(
            names = "--filter-errors-only",
            paramLabel = "ID|FILE",
            description = "Only run the tests that errored in run ID or in a JSON results FILE.")
    String filterErrorsOnly;

    // ---- one shard of a run split over machines (EvalShard, docs/scaling.md)
    @Option(
            names = "--shard",
            paramLabel = "I/N",
            description = "Run only shard I of N (1-based): the plan is split the same way on every machine,"
                    + " conversations kept whole; wst merge joins the shards' JSON results. Default: WST_SHARD.")
    String shard;

    @Option(
            names = "--shard-index-env",
            paramLabel = "NAME",
            description = "Take the shard from the 0-based index in environment variable NAME (a Kubernetes"
                    + " Indexed Job's JOB_COMPLETION_INDEX), with --shard-count.")
    String shardIndexEnv;

    @Option(names = "--shard-count", paramLabel = "N", description = "How many shards, with --shard-index-env.")
    Integer shardCount;

    private EvalShard sharding;

    @Override
    public Integer call() throws Exception {
        Io io = parent.io;
        PrintStream out = io.out();
        PrintStream err = io.err();
        EvalShard.of(this, io.env()); // shard flags that are wrong fail before the store is opened
        // the results store first: a flag naming an earlier run may bring its config and options
        EvalHistory history = EvalHistory.prepare(this, io);
        history.restoreOptions();
        RunOptions.Builder options = RunOptions.builder();
        for (String v : vars) {
            int eq = v.indexOf('=');
            if (eq <= 0) {
                err.println("wst: --var must be specified in key=value format.");
                return 1;
            }
            options.var(v.substring(0, eq), v.substring(eq + 1));
        }
        try {
            if (maxConcurrency != null) {
                options.maxConcurrency(maxConcurrency);
            }
            if (repeat != null) {
                options.repeat(repeat);
            }
        } catch (IllegalArgumentException e) {
            err.println("wst: " + e.getMessage());
            return 1;
        }
        if (delay != null) {
            if (delay < 0) {
                err.println("wst: --delay must be 0 or more milliseconds");
                return 1;
            }
            options.delay(delay);
        }
        if (filterFirstN != null) {
            if (filterFirstN < 0) {
                err.println("wst: --filter-first-n must be 0 or more");
                return 1;
            }
            options.filterFirstN(filterFirstN);
        }
        try {
            if (filterProviders != null) {
                options.filterProviders(Pattern.compile(filterProviders));
            }
            if (filterPattern != null) {
                options.filterPattern(Pattern.compile(filterPattern));
            }
        } catch (PatternSyntaxException e) {
            err.println("wst: invalid regular expression: " + e.getDescription() + " in " + e.getPattern());
            return 1;
        }
        String base = io.env().get("WST_RETRY_BASE_MS");
        if (base != null && base.matches("\\d+")) {
            options.retryBaseDelay(Duration.ofMillis(Long.parseLong(base)));
        }
        List<Path> outputFiles = new ArrayList<>();
        for (String o : outputs) {
            Path p = io.resolve(o);
            ReportFormat.of(p); // an unknown extension fails now, before anything runs
            outputFiles.add(p);
        }
        List<Path> files = new ArrayList<>();
        if (configs.isEmpty() && !history.configFiles().isEmpty()) {
            files.addAll(history.configFiles());
            err.println("wst: run " + history.base().orElseThrow().id() + " again with its config "
                    + EvalHistory.files(files));
        } else if (configs.isEmpty()) {
            Path def = io.resolve("promptfooconfig.yaml");
            if (!Files.isRegularFile(def) && Files.isRegularFile(io.resolve("promptfooconfig.groovy"))) {
                def = io.resolve("promptfooconfig.groovy");
            }
            if (!Files.isRegularFile(def)) {
                err.println("wst: no config given: use -c FILE (or put a promptfooconfig.yaml in this folder)");
                return 1;
            }
            files.add(def);
        } else {
            configs.forEach(c -> files.add(io.resolve(c)));
        }
        EvalConfig config = ConfigLoader.load(files, io.env());
        config.warnings().forEach(w -> err.println("wst: warning: " + w));
        if (grader != null) {
            Map<String, Object> opts = new LinkedHashMap<>(config.defaultTest().options());
            opts.put("provider", grader);
            config = config.withDefaultTest(config.defaultTest().withOptions(opts));
        }
        for (String o : config.outputPaths()) {
            Path p = io.resolve(o);
            ReportFormat.of(p);
            outputFiles.add(p);
        }
        // this machine's shard of the plan, then what to run again of it (--retry-errors, --resume,
        // --filter-failing): known before a server starts
        sharding = EvalShard.select(EvalShard.of(this, io.env()), files, options);
        history.select(options);
        Map<String, String> env = new LinkedHashMap<>(io.env());
        EmbeddedMock mock = null;
        if (config.mockServer().isPresent()) {
            quietServerLogs(io);
            mock = EmbeddedMock.start(config.mockServer().get());
            env.put(EmbeddedMock.ENV, mock.url());
            env.put(EmbeddedMock.HOST_ENV, mock.hostAndPort());
            err.println("wst: mock server started at " + mock.url());
        }
        try {
            return run(io, config, options.build(), env, outputFiles, history);
        } finally {
            if (mock != null) {
                mock.close();
            }
        }
    }

    private int run(
            Io io,
            EvalConfig config,
            RunOptions options,
            Map<String, String> env,
            List<Path> outputFiles,
            EvalHistory history)
            throws IOException {
        PrintStream err = io.err();
        boolean terminal = System.console() != null && !noProgressBar && !"1".equals(env.get("WST_NO_PROGRESS"));
        Progress progress = new Progress(err, terminal);
        Forwarding listener = new Forwarding(progress);
        Eval eval = Eval.builder()
                .config(config)
                .options(options)
                .env(env)
                .listener(listener)
                .build();
        // the providers exist: now the run is recorded (a provider that cannot be created leaves no run behind)
        try {
            listener.to = history.listener(progress, config, env);
        } catch (RuntimeException e) {
            eval.close();
            throw e;
        }
        // Ctrl-C: stop the run, let this thread write what finished, then let the JVM exit
        CountDownLatch written = new CountDownLatch(1);
        Thread hook = new Thread(
                () -> {
                    eval.cancel();
                    try {
                        written.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "wst-eval-interrupt");
        boolean hooked = false;
        if (io.in() == System.in) {
            Runtime.getRuntime().addShutdownHook(hook);
            hooked = true;
        }
        EvalRun run = null;
        try {
            run = sharding.record(eval.run());
            progress.done();
            history.finish(run);
            // for --retry-errors and --resume: the whole stored run, not only the cases that ran now
            run = history.shown(run, !outputFiles.isEmpty());
            if (table && !run.results().isEmpty()) {
                ResultTable.print(io.out(), run.results(), cellMax);
            }
            for (Path p : outputFiles) {
                Reports.write(run, p);
                err.println("wst: wrote " + p);
            }
            history.report(err, run);
        } finally {
            if (run == null) {
                history.finish(null);
            }
            written.countDown();
            if (hooked) {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running: it waits for `written`
                }
            }
        }
        if (run.interrupted()) {
            err.println(
                    "wst: the run was stopped: " + run.results().size() + " of " + run.planned() + " cases finished");
        }
        sharding.report(err, run);
        io.out().println(run.stats().summaryLine());
        return exitCode(run, env);
    }

    /** The embedded mock's INFO lines (listener started, connection reports) would drown the table. */
    static void quietServerLogs(Io io) {
        if ("1".equals(io.env().get("WST_DEBUG"))) {
            return;
        }
        synchronized (QUIETED) {
            for (String name : List.of("org.glassfish", "io.github.wstoolkit.mockserver")) {
                java.util.logging.Logger l = java.util.logging.Logger.getLogger(name);
                l.setLevel(java.util.logging.Level.WARNING);
                QUIETED.add(l);
            }
        }
    }

    static int exitCode(EvalRun run, Map<String, String> env) {
        double threshold = number(env, 100, "WST_PASS_RATE_THRESHOLD", "PROMPTFOO_PASS_RATE_THRESHOLD");
        int failedCode = (int) number(env, 100, "WST_FAILED_TEST_EXIT_CODE", "PROMPTFOO_FAILED_TEST_EXIT_CODE");
        boolean ok = run.stats().passRate() >= threshold && !run.interrupted();
        if (run.interrupted()) {
            return 130;
        }
        return ok ? 0 : failedCode;
    }

    private static double number(Map<String, String> env, double dflt, String... names) {
        for (String n : names) {
            String v = env.get(n);
            if (v != null && !v.isBlank()) {
                try {
                    return Double.parseDouble(v.strip());
                } catch (NumberFormatException e) {
                    throw new ConfigException(n + " must be a number, got '" + v + "'", e);
                }
            }
        }
        return dflt;
    }

    /** A listener whose target is set after the eval is built. */
    private static final class Forwarding implements EvalListener {
        volatile EvalListener to;

        Forwarding(EvalListener to) {
            this.to = to;
        }

        @Override
        public void started(int cases, int concurrency) {
            to.started(cases, concurrency);
        }

        @Override
        public void finished(EvalResult result) {
            to.finished(result);
        }

        @Override
        public void note(String message) {
            to.note(message);
        }
    }

    /** The progress bar on stderr, drawn only on a terminal; notes (retries, forced concurrency) always. */
    private static final class Progress implements EvalListener {
        private final PrintStream err;
        private final boolean draw;
        private final AtomicInteger done = new AtomicInteger();
        private final AtomicInteger failed = new AtomicInteger();
        private final AtomicInteger errors = new AtomicInteger();
        private volatile int total;

        Progress(PrintStream err, boolean draw) {
            this.err = err;
            this.draw = draw;
        }

        @Override
        public void started(int cases, int concurrency) {
            total = cases;
            if (draw) {
                err.println("Running " + cases + " cases at concurrency " + concurrency + "…");
            }
        }

        @Override
        public void finished(EvalResult result) {
            switch (result.failureReason()) {
                case ASSERT -> failed.incrementAndGet();
                case ERROR -> errors.incrementAndGet();
                default -> {}
            }
            int n = done.incrementAndGet();
            if (draw) {
                int width = 30;
                int filled = total == 0 ? width : (int) ((long) n * width / total);
                synchronized (err) {
                    err.print("\r[" + "#".repeat(filled) + ".".repeat(width - filled) + "] " + n + "/" + total + " ("
                            + failed.get() + " failed, " + errors.get() + " errors)");
                    err.flush();
                }
            }
        }

        @Override
        public void note(String message) {
            synchronized (err) {
                if (draw) {
                    err.print("\r\033[K");
                }
                err.println("wst: " + message);
            }
        }

        void done() {
            if (draw) {
                err.println();
            }
        }
    }
}
