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
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import picocli.CommandLine;
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
                    + " assertions. Accepts promptfoo's eval flags (docs/eval.md maps each one).",
            "Exit code 0 when all pass, 100 when some fail or err, 1 for a config or usage error (nothing ran),"
                    + " 130 when interrupted."
        })
final class EvalCommand implements java.util.concurrent.Callable<Integer> {

    /** Kept strongly: java.util.logging forgets the level of a logger nobody references. */
    private static final List<java.util.logging.Logger> QUIETED = new ArrayList<>();

    @ParentCommand
    MainCommand parent;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

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

    @Option(
            names = "--filter-failing-only",
            paramLabel = "ID|FILE",
            description = "Only run the tests that failed an assertion (not those that errored) in run ID or in a"
                    + " JSON results FILE.")
    String filterFailingOnly;

    @Option(
            names = "--filter-prompts",
            paramLabel = "RE",
            description = "Only run prompts whose label or id matches this regular expression.")
    String filterPrompts;

    @Option(
            names = "--filter-metadata",
            paramLabel = "KEY=VALUE",
            description = "Only run tests whose metadata KEY contains VALUE. Repeatable (all must hold).")
    List<String> filterMetadata = new ArrayList<>();

    @Option(
            names = "--filter-range",
            paramLabel = "START:END",
            description = "Only run the tests whose zero-based index is in the range, END excluded (0:10, 10:, :5).")
    String filterRange;

    @Option(names = "--filter-sample", paramLabel = "N", description = "Only run a random sample of N tests.")
    Integer filterSample;

    @Option(
            names = "--filter-sample-seed",
            paramLabel = "N",
            description = "Seed of --filter-sample: the same seed picks the same tests (as promptfoo's does).")
    Long filterSampleSeed;

    @Option(
            names = {"-p", "--prompts"},
            arity = "1..*",
            paramLabel = "FILE",
            description = "Prompt files to use instead of the config's prompts.")
    List<String> promptFiles = new ArrayList<>();

    @Option(
            names = {"-r", "--providers"},
            arity = "1..*",
            paramLabel = "ID",
            description = "Providers to use instead of the config's: ids (ws://host/path, openai:chat:MODEL, echo)"
                    + " or labels of the config's providers.")
    List<String> providerIds = new ArrayList<>();

    @Option(
            names = {"-t", "--tests", "-v", "--vars"},
            paramLabel = "FILE",
            description = "Tests from this CSV, YAML or JSON file instead of the config's.")
    String testsFile;

    @Option(
            names = "--model-outputs",
            paramLabel = "FILE",
            description = "A JSON list of outputs (text, or {output, tags}) to check with --assertions, no provider"
                    + " called.")
    String modelOutputs;

    @Option(
            names = {"-a", "--assertions"},
            paramLabel = "FILE",
            description = "A YAML or JSON list of assertions to check --model-outputs with.")
    String assertionsFile;

    @Option(names = "--prompt-prefix", paramLabel = "TEXT", description = "Text put before every prompt.")
    String promptPrefix;

    @Option(names = "--prompt-suffix", paramLabel = "TEXT", description = "Text put after every prompt.")
    String promptSuffix;

    @Option(names = "--description", paramLabel = "TEXT", description = "The run's description (over the config's).")
    String description;

    @Option(
            names = {"--env-file", "--env-path"},
            paramLabel = "FILE",
            split = ",",
            description = "Read environment variables from FILE (over the environment; repeatable or comma-separated)."
                    + " .env in this folder and beside the config is read anyway, under the environment.")
    List<String> envFiles = new ArrayList<>();

    @Option(
            names = {"-w", "--watch"},
            description = "Run again whenever the config, a file it references or a transform changes (Ctrl-C ends).")
    boolean watch;

    @Option(
            names = "--verbose",
            description = "Say more: the environment files read, the mock server's and Grizzly's log lines.")
    boolean verbose;

    @Option(
            names = "--cache",
            negatable = true,
            defaultValue = "true",
            fallbackValue = "true",
            description = "Accepted for promptfoo command lines: wst keeps no response cache, every call goes to the"
                    + " provider.")
    boolean cache;

    @Option(
            names = "--share",
            negatable = true,
            description = "Accepted for promptfoo command lines: wst never uploads results (wst view shows them"
                    + " locally).")
    Boolean share;

    @Option(names = "--remote", description = "Accepted for promptfoo command lines: no remote inference here.")
    boolean remote;

    @Option(
            names = "--suggest-prompts",
            paramLabel = "N",
            description = "Accepted for promptfoo command lines: wst does not generate prompts.")
    Integer suggestPrompts;

    @Option(
            names = "--tag",
            paramLabel = "KEY=VALUE",
            description = "Accepted for promptfoo command lines; wst keeps the config's metadata, not tags.")
    List<String> tags = new ArrayList<>();

    @Option(
            names = {"-x", "--extension"},
            arity = "1..*",
            paramLabel = "HOOK",
            description = "promptfoo's extension hooks (JavaScript, Python) are not supported: a usage error.")
    List<String> extensions = new ArrayList<>();

    @Option(
            names = "--table-max-rows",
            paramLabel = "N",
            defaultValue = "25",
            description = "Rows the table shows before it says how many were left out (default 25, as promptfoo;"
                    + " 0 shows all).")
    int tableMaxRows;

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
        PrintStream err = io.err();
        if (!extensions.isEmpty()) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    "--extension: promptfoo's extension hooks (JavaScript or Python) are not supported here;"
                            + " nothing ran");
        }
        if (watch && (retryErrors != null || resume != null)) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--watch cannot be combined with --retry-errors or --resume");
        }
        if (assertionsFile != null && modelOutputs == null) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "You must provide --model-outputs when using --assertions");
        }
        notes(err);
        // --env-file: over the environment (and over the working folder's .env, read for every command)
        if (!envFiles.isEmpty()) {
            List<Path> paths = new ArrayList<>();
            for (String f : envFiles) {
                if (!f.isBlank()) {
                    paths.add(io.resolve(f.strip()));
                }
            }
            io = io.withEnv(DotEnv.over(io.env(), paths));
            if (verbose) {
                err.println("wst: environment read from " + EvalHistory.files(paths));
            }
        }
        if (!watch) {
            return runOnce(io);
        }
        return watchLoop(io);
    }

    /** The one-line notes for promptfoo flags that mean nothing here. */
    private void notes(PrintStream err) {
        if (!cache) {
            err.println("wst: note: --no-cache: wst keeps no response cache, every call goes to the provider");
        }
        if (Boolean.TRUE.equals(share)) {
            err.println("wst: note: --share: wst does not upload results; wst view shows them on this machine");
        }
        if (remote) {
            err.println("wst: note: --remote: there is no remote inference here; ignored");
        }
        if (suggestPrompts != null) {
            err.println("wst: note: --suggest-prompts: wst does not generate prompts; ignored");
        }
        if (!tags.isEmpty()) {
            err.println("wst: note: --tag: wst keeps no tags (use the config's metadata); ignored");
        }
    }

    /** --watch: runs, then runs again after every change of a watched file, until interrupted. */
    private int watchLoop(Io io) throws Exception {
        int code = 1;
        while (true) {
            List<Path> watched;
            try {
                code = runOnce(io);
            } catch (ConfigException | CommandLine.ParameterException e) {
                // a config being edited may be broken for a moment: say so and wait for the next change
                io.err().println("wst: " + e.getMessage());
                code = 1;
            }
            watched = lastWatched.isEmpty() ? configPaths(io) : lastWatched;
            Optional<Path> changed;
            try (ConfigWatcher watcher = ConfigWatcher.of(watched)) {
                // said once the folders are watched: a change from now on is seen
                io.err()
                        .println("wst: watching " + watched.size() + " file" + (watched.size() == 1 ? "" : "s")
                                + " for changes (Ctrl-C to stop)");
                changed = watcher.awaitChange();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return code;
            }
            if (changed.isEmpty()) {
                return code;
            }
            io.err().println("wst: " + changed.get() + " changed: running again");
        }
    }

    /** The files the last run read: its config files, their file:// references and transforms. */
    private List<Path> lastWatched = List.of();

    private List<Path> configPaths(Io io) {
        List<Path> out = new ArrayList<>();
        configs.forEach(c -> out.add(io.resolve(c)));
        if (out.isEmpty()) {
            out.add(io.resolve("promptfooconfig.yaml"));
        }
        return out;
    }

    private int runOnce(Io io) throws Exception {
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
        if (filterFirstN != null && filterFirstN < 0) {
            err.println("wst: --filter-first-n must be 0 or more");
            return 1;
        }
        if (filterSample != null && filterSample < 0) {
            err.println("wst: --filter-sample must be 0 or more");
            return 1;
        }
        try {
            if (filterProviders != null) {
                options.filterProviders(Pattern.compile(filterProviders));
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
        boolean fromCommandLine = modelOutputs != null || (!promptFiles.isEmpty() && !providerIds.isEmpty());
        if (configs.isEmpty() && !history.configFiles().isEmpty()) {
            files.addAll(history.configFiles());
            err.println("wst: run " + history.base().orElseThrow().id() + " again with its config "
                    + EvalHistory.files(files));
        } else if (configs.isEmpty()) {
            Path def = io.resolve("promptfooconfig.yaml");
            if (!Files.isRegularFile(def) && Files.isRegularFile(io.resolve("promptfooconfig.groovy"))) {
                def = io.resolve("promptfooconfig.groovy");
            }
            if (Files.isRegularFile(def)) {
                files.add(def);
            } else if (!fromCommandLine) {
                err.println("wst: no config given: use -c FILE (or put a promptfooconfig.yaml in this folder, or"
                        + " run wst init)");
                return 1;
            }
        } else {
            configs.forEach(c -> files.add(io.resolve(c)));
        }
        // .env beside each config, under what the environment already has
        Map<String, String> env = new LinkedHashMap<>(io.env());
        for (Path f : files) {
            Path dotEnv = f.toAbsolutePath().getParent().resolve(".env");
            if (!dotEnv.normalize().equals(io.resolve(".env")) && Files.isRegularFile(dotEnv)) {
                env = new LinkedHashMap<>(DotEnv.under(env, dotEnv));
                if (verbose) {
                    err.println("wst: environment read from " + dotEnv);
                }
            }
        }
        EvalConfig config = files.isEmpty() ? null : ConfigLoader.load(files, env);
        config = CommandLineConfig.apply(this, config, io, env);
        lastWatched = ConfigWatcher.referencedFiles(config, files);
        config.warnings().forEach(w -> err.println("wst: warning: " + w));
        if (grader != null) {
            Map<String, Object> opts = new LinkedHashMap<>(config.defaultTest().options());
            opts.put("provider", grader);
            config = config.withDefaultTest(config.defaultTest().withOptions(opts));
        }
        if (description != null) {
            config = config.toBuilder().description(description).build();
        }
        config = filters().apply(config);
        for (String o : config.outputPaths()) {
            Path p = io.resolve(o);
            ReportFormat.of(p);
            outputFiles.add(p);
        }
        // this machine's shard of the plan, then what to run again of it (--retry-errors, --resume,
        // --filter-failing): known before a server starts
        sharding = EvalShard.select(EvalShard.of(this, io.env()), files, options);
        history.select(options);
        // the table and the output files are what read the results back after the run (the store records each as
        // it finishes, the summary and exit code need only counts): without them no result is kept
        options.keepResults(table || !outputFiles.isEmpty());
        EmbeddedMock mock = null;
        if (config.mockServer().isPresent()) {
            quietServerLogs(io, verbose);
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

    /** promptfoo's test and prompt filters of this command line. */
    TestFilters filters() {
        if (filterSample != null && filterSampleSeed == null) {
            // a seed of our own, so that --resume picks the same sample (it is stored with the run's options)
            filterSampleSeed = java.util.concurrent.ThreadLocalRandom.current().nextLong(1, 1L << 40);
        }
        return new TestFilters(
                filterMetadata,
                Optional.ofNullable(filterPattern),
                Optional.ofNullable(filterRange),
                filterFirstN == null ? OptionalInt.empty() : OptionalInt.of(filterFirstN),
                filterSample == null ? OptionalInt.empty() : OptionalInt.of(filterSample),
                filterSampleSeed == null ? OptionalLong.empty() : OptionalLong.of(filterSampleSeed),
                Optional.ofNullable(filterPrompts));
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
        boolean terminal = io.err() == System.err
                && Ansi.isTerminal()
                && !noProgressBar
                && !"1".equals(env.get("WST_NO_PROGRESS"));
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
                ResultTable.print(io.out(), run.results(), cellMax, tableMaxRows, Ansi.forStream(io.out(), io));
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
        io.out().println(ResultTable.summary(run.stats(), Ansi.forStream(io.out(), io)));
        return exitCode(run, env);
    }

    /** The embedded mock's INFO lines (listener started, connection reports) would drown the table. */
    static void quietServerLogs(Io io) {
        quietServerLogs(io, false);
    }

    /** The same, unless {@code --verbose} (or {@code WST_DEBUG=1}) asks for the server's log lines. */
    static void quietServerLogs(Io io, boolean verbose) {
        if (verbose || "1".equals(io.env().get("WST_DEBUG"))) {
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
    static final class Progress implements EvalListener {
        private final PrintStream err;
        private final boolean draw;
        private final AtomicInteger done = new AtomicInteger();
        private final AtomicInteger failed = new AtomicInteger();
        private final AtomicInteger errors = new AtomicInteger();
        private volatile int total;
        private volatile long startNanos = System.nanoTime();

        Progress(PrintStream err, boolean draw) {
            this.err = err;
            this.draw = draw;
        }

        @Override
        public void started(int cases, int concurrency) {
            total = cases;
            startNanos = System.nanoTime();
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
                synchronized (err) {
                    err.print("\r\033[K" + line(n, total, failed.get(), errors.get(), System.nanoTime() - startNanos));
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

        /**
         * {@code [#########.....................] 90/300 (2 failed, 0 errors) 0:12 elapsed, 7.5 cases/s, ETA 0:28}:
         * the rate over the whole run so far, the ETA from it.
         */
        static String line(int n, int total, int failed, int errors, long elapsedNanos) {
            int width = 30;
            int filled = total == 0 ? width : (int) ((long) n * width / total);
            double seconds = elapsedNanos / 1e9;
            double rate = seconds > 0 ? n / seconds : 0;
            String eta = rate > 0 && n < total ? ", ETA " + clock((long) Math.ceil((total - n) / rate)) : "";
            return "[" + "#".repeat(filled) + ".".repeat(width - filled) + "] " + n + "/" + total + " (" + failed
                    + " failed, " + errors + " errors) " + clock((long) seconds) + " elapsed, "
                    + String.format(java.util.Locale.ROOT, "%.1f", rate) + " cases/s" + eta;
        }

        /** {@code 0:07}, {@code 12:30}, {@code 1:02:03}. */
        static String clock(long seconds) {
            long h = seconds / 3600;
            long m = (seconds % 3600) / 60;
            long sec = seconds % 60;
            return h > 0
                    ? String.format(java.util.Locale.ROOT, "%d:%02d:%02d", h, m, sec)
                    : String.format(java.util.Locale.ROOT, "%d:%02d", m, sec);
        }
    }
}
