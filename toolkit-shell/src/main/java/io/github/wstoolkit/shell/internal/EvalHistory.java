package io.github.wstoolkit.shell.internal;

import io.github.wstoolkit.api.ConfigException;
import io.github.wstoolkit.api.Redaction;
import io.github.wstoolkit.eval.EvalConfig;
import io.github.wstoolkit.eval.EvalListener;
import io.github.wstoolkit.eval.EvalResult;
import io.github.wstoolkit.eval.EvalRun;
import io.github.wstoolkit.eval.RunOptions;
import io.github.wstoolkit.history.HistoryException;
import io.github.wstoolkit.history.HistoryStore;
import io.github.wstoolkit.history.Reruns;
import io.github.wstoolkit.history.RunRecorder;
import io.github.wstoolkit.history.RunStart;
import io.github.wstoolkit.history.RunSummary;
import io.github.wstoolkit.history.Secrets;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What {@code wst eval} does with the results store: records the run as its cases finish (unless
 * {@code --no-write}), and the flags that build on earlier runs: {@code --retry-errors [ID]} (a new run with the
 * errored cases run again and the others carried over), {@code --resume [ID]} (the missing cases of an interrupted
 * run, into that run), {@code --filter-failing ID|FILE} and {@code --filter-errors-only ID|FILE} (promptfoo's:
 * only the tests whose vars did not pass).
 */
final class EvalHistory {

    private enum Mode {
        PLAIN,
        RETRY,
        RESUME
    }

    private final EvalCommand cmd;
    private final Io io;
    private final HistoryStore store;
    private final boolean write;
    private final Mode mode;
    private final RunSummary base;
    private Reruns.Selection selection;
    private RunRecorder recorder;

    private EvalHistory(EvalCommand cmd, Io io, HistoryStore store, boolean write, Mode mode, RunSummary base) {
        this.cmd = cmd;
        this.io = io;
        this.store = store;
        this.write = write;
        this.mode = mode;
        this.base = base;
    }

    /**
     * Checks the flags, opens the store and finds the run the flags name, before anything runs.
     *
     * @throws ConfigException for flags that do not go together
     * @throws HistoryException when the store cannot be used or the run does not exist
     */
    static EvalHistory prepare(EvalCommand cmd, Io io) {
        if (cmd.retryErrors != null && cmd.resume != null) {
            throw new ConfigException("--retry-errors and --resume cannot be used together");
        }
        if (cmd.filterFailingOnly != null
                && cmd.filterErrorsOnly != null
                && cmd.filterFailing == null
                && cmd.filterFailingOnly.equals(cmd.filterErrorsOnly)) {
            // promptfoo: both together are --filter-failing
            cmd.filterFailing = cmd.filterFailingOnly;
            cmd.filterFailingOnly = null;
            cmd.filterErrorsOnly = null;
        }
        if ((cmd.filterFailing != null ? 1 : 0)
                        + (cmd.filterErrorsOnly != null ? 1 : 0)
                        + (cmd.filterFailingOnly != null ? 1 : 0)
                > 1) {
            throw new ConfigException(
                    "--filter-failing, --filter-failing-only and --filter-errors-only cannot be used together");
        }
        if (cmd.filterFailing != null && cmd.filterErrorsOnly != null) {
            throw new ConfigException("--filter-failing and --filter-errors-only cannot be used together");
        }
        boolean rerun = cmd.retryErrors != null || cmd.resume != null;
        if (rerun && (cmd.filterFailing != null || cmd.filterErrorsOnly != null || cmd.filterFailingOnly != null)) {
            throw new ConfigException(
                    "--filter-failing and --filter-errors-only cannot be combined with --retry-errors or --resume");
        }
        if (rerun && cmd.noWrite) {
            throw new ConfigException((cmd.retryErrors != null ? "--retry-errors" : "--resume")
                    + " records into the results database: it cannot be used with --no-write");
        }
        String filterRef = cmd.filterFailing != null
                ? cmd.filterFailing
                : cmd.filterErrorsOnly != null ? cmd.filterErrorsOnly : cmd.filterFailingOnly;
        boolean filterFromStore = filterRef != null && !isFile(io, filterRef);
        HistoryStore store = null;
        if (!cmd.noWrite) {
            store = HistoryDb.open(io, cmd.db);
        } else if (filterFromStore) {
            store = HistoryDb.openExisting(io, cmd.db);
        }
        Mode mode = Mode.PLAIN;
        RunSummary base = null;
        if (cmd.retryErrors != null) {
            mode = Mode.RETRY;
            base = store.resolve(cmd.retryErrors);
            if (base.errors() == 0) {
                throw new HistoryException(
                        HistoryException.Kind.CONFLICT,
                        store.file(),
                        "run " + base.id() + " has no errored case: nothing to retry");
            }
        } else if (cmd.resume != null) {
            mode = Mode.RESUME;
            if (cmd.resume.equalsIgnoreCase("latest")) {
                base = store.latestResumable()
                        .orElseThrow(() -> new HistoryException(
                                HistoryException.Kind.NOT_FOUND,
                                null,
                                "no interrupted or incomplete run to resume (wst list shows the runs)"));
            } else {
                base = store.resolve(cmd.resume);
                if (!base.resumable()) {
                    throw new HistoryException(
                            HistoryException.Kind.CONFLICT,
                            store.file(),
                            "run " + base.id() + " is " + base.status().label()
                                    + ": only an interrupted or incomplete run can be resumed");
                }
            }
        }
        return new EvalHistory(cmd, io, store, !cmd.noWrite, mode, base);
    }

    private static boolean isFile(Io io, String ref) {
        return ref.toLowerCase(java.util.Locale.ROOT).endsWith(".json") || Files.isRegularFile(io.resolve(ref));
    }

    /** For {@code --retry-errors} and {@code --resume} without {@code -c}: the config files the run was made from. */
    List<Path> configFiles() {
        if (base == null || base.configFiles().isEmpty()) {
            return List.of();
        }
        for (Path p : base.configFiles()) {
            if (!Files.isRegularFile(p)) {
                throw new HistoryException(
                        HistoryException.Kind.NOT_FOUND,
                        store.file(),
                        "run " + base.id() + " was made from " + p
                                + ", which no longer exists: give the config with -c");
            }
        }
        return base.configFiles();
    }

    /** The run a rerun builds on, for messages. */
    Optional<RunSummary> base() {
        return Optional.ofNullable(base);
    }

    /**
     * For {@code --retry-errors} and {@code --resume}: the command-line options of the first run, where this command
     * line does not set them, so the plan (and so each case's key) is the same.
     */
    void restoreOptions() {
        if (base == null) {
            return;
        }
        Map<String, Object> o = base.options();
        if (cmd.filterProviders == null && o.get("filterProviders") instanceof String s) {
            cmd.filterProviders = s;
        }
        if (cmd.filterPattern == null && o.get("filterPattern") instanceof String s) {
            cmd.filterPattern = s;
        }
        if (cmd.filterFirstN == null && o.get("filterFirstN") instanceof Number n) {
            cmd.filterFirstN = n.intValue();
        }
        if (cmd.filterPrompts == null && o.get("filterPrompts") instanceof String s) {
            cmd.filterPrompts = s;
        }
        if (cmd.filterRange == null && o.get("filterRange") instanceof String s) {
            cmd.filterRange = s;
        }
        if (cmd.filterSample == null && o.get("filterSample") instanceof Number n) {
            cmd.filterSample = n.intValue();
        }
        if (cmd.filterSampleSeed == null && o.get("filterSampleSeed") instanceof Number n) {
            cmd.filterSampleSeed = n.longValue();
        }
        if (cmd.filterMetadata.isEmpty() && o.get("filterMetadata") instanceof List<?> l) {
            l.forEach(x -> cmd.filterMetadata.add(String.valueOf(x)));
        }
        if (cmd.repeat == null && o.get("repeat") instanceof Number n) {
            cmd.repeat = n.intValue();
        }
        if (cmd.maxConcurrency == null && o.get("maxConcurrency") instanceof Number n) {
            cmd.maxConcurrency = n.intValue();
        }
        if (cmd.delay == null && o.get("delay") instanceof Number n) {
            cmd.delay = n.longValue();
        }
        if (cmd.grader == null && o.get("grader") instanceof String s) {
            cmd.grader = s;
        }
        // a shard's run resumes or retries as that shard (its cases keep their keys only within its plan)
        if (cmd.shard == null && cmd.shardIndexEnv == null && o.get("shard") instanceof String s) {
            cmd.shard = s;
        }
        if (cmd.vars.isEmpty() && o.get("vars") instanceof Map<?, ?> vars) {
            vars.forEach((k, v) -> {
                if (Redaction.REDACTED.equals(v)) {
                    throw new HistoryException(
                            HistoryException.Kind.BAD_INPUT,
                            store.file(),
                            "run " + base.id() + " was started with --var " + k + "=…, a secret the store does not"
                                    + " keep: give it again with --var " + k + "=VALUE");
                }
                cmd.vars.add(k + "=" + v);
            });
        }
    }

    /** The options of this command line, as the store keeps them (for a later --resume). */
    Map<String, Object> optionsOf() {
        Map<String, Object> o = new LinkedHashMap<>();
        if (cmd.filterProviders != null) {
            o.put("filterProviders", cmd.filterProviders);
        }
        if (cmd.filterPattern != null) {
            o.put("filterPattern", cmd.filterPattern);
        }
        if (cmd.filterFirstN != null) {
            o.put("filterFirstN", cmd.filterFirstN);
        }
        if (cmd.filterPrompts != null) {
            o.put("filterPrompts", cmd.filterPrompts);
        }
        if (cmd.filterRange != null) {
            o.put("filterRange", cmd.filterRange);
        }
        if (cmd.filterSample != null) {
            o.put("filterSample", cmd.filterSample);
            o.put("filterSampleSeed", cmd.filterSampleSeed);
        }
        if (!cmd.filterMetadata.isEmpty()) {
            o.put("filterMetadata", List.copyOf(cmd.filterMetadata));
        }
        if (cmd.repeat != null) {
            o.put("repeat", cmd.repeat);
        }
        if (cmd.maxConcurrency != null) {
            o.put("maxConcurrency", cmd.maxConcurrency);
        }
        if (cmd.delay != null) {
            o.put("delay", cmd.delay);
        }
        if (cmd.grader != null) {
            o.put("grader", cmd.grader);
        }
        EvalShard.of(cmd, io.env()).ifPresent(s -> o.put("shard", s.toString()));
        if (!cmd.vars.isEmpty()) {
            Map<String, Object> vars = new LinkedHashMap<>();
            for (String v : cmd.vars) {
                int eq = v.indexOf('=');
                if (eq > 0) {
                    vars.put(v.substring(0, eq), v.substring(eq + 1));
                }
            }
            o.put("vars", vars);
        }
        return o;
    }

    /** Adds the case selection of the flags to the run's options. */
    void select(RunOptions.Builder options) {
        switch (mode) {
            case RETRY -> {
                Map<String, String> statuses = store.caseStatuses(base.id());
                selection = Reruns.selecting(k -> "error".equals(statuses.get(k)));
                options.selectCases(selection);
            }
            case RESUME -> {
                Map<String, String> statuses = store.caseStatuses(base.id());
                selection = Reruns.selecting(k -> !statuses.containsKey(k));
                options.selectCases(selection);
            }
            case PLAIN -> {}
        }
        String ref = cmd.filterFailing != null
                ? cmd.filterFailing
                : cmd.filterErrorsOnly != null ? cmd.filterErrorsOnly : cmd.filterFailingOnly;
        if (ref != null) {
            boolean errors = cmd.filterFailingOnly == null;
            boolean failures = cmd.filterErrorsOnly == null;
            List<Map<String, Object>> vars;
            if (isFile(io, ref)) {
                vars = Reruns.varsFromReport(io.resolve(ref), errors, failures);
            } else {
                RunSummary r = store.resolve(ref);
                Set<String> kinds =
                        errors && failures ? Set.of("fail", "error") : errors ? Set.of("error") : Set.of("fail");
                vars = store.varsOf(r.id(), kinds);
            }
            if (vars.isEmpty()) {
                String what = errors && failures ? "failing" : errors ? "errored" : "failed";
                throw new HistoryException(
                        HistoryException.Kind.CONFLICT, null, ref + " has no " + what + " result: nothing to run");
            }
            options.filterCases(Reruns.matchingVars(vars));
        }
    }

    /** The eval's listener: the progress bar, and the recorder when the run is recorded. */
    EvalListener listener(EvalListener progress, EvalConfig config, Map<String, String> env) {
        if (!write) {
            return progress;
        }
        RunStart start = RunStart.of(config)
                .withOptions(optionsOf())
                .withSecrets(Secrets.of(env, config))
                .withVersion(VersionProvider.version());
        recorder = switch (mode) {
            case PLAIN -> store.record(start);
            case RETRY -> store.retry(base.id(), start, selection::keys);
            case RESUME -> store.resume(base.id(), start, selection::keys);
        };
        RunRecorder rec = recorder;
        return new EvalListener() {
            @Override
            public void started(int cases, int concurrency) {
                rec.started(cases, concurrency);
                progress.started(cases, concurrency);
            }

            @Override
            public void finished(EvalResult result) {
                rec.finished(result);
                progress.finished(result);
            }

            @Override
            public void note(String message) {
                progress.note(message);
            }
        };
    }

    /** Ends recording after the eval (or after it failed, with {@code run} null). */
    void finish(EvalRun run) {
        if (recorder == null) {
            return;
        }
        if (run == null) {
            recorder.close();
        } else {
            recorder.finish(run);
        }
    }

    /**
     * The run to print and report: this eval's, or for {@code --retry-errors} and {@code --resume} the whole stored
     * run (the cases carried over or finished before included), so its table, summary and exit code cover it all.
     */
    EvalRun shown(EvalRun run, boolean withFrames) {
        if (recorder == null || mode == Mode.PLAIN || recorder.failure().isPresent()) {
            return run;
        }
        if (store.run(recorder.runId()).isEmpty()) {
            return run;
        }
        EvalRun whole = store.load(recorder.runId(), withFrames);
        return new EvalRun(
                whole.evalId(),
                whole.startedAt(),
                whole.config(),
                whole.results(),
                whole.stats(),
                whole.planned(),
                run.interrupted() || whole.interrupted(),
                run.sharding().or(whole::sharding));
    }

    /** One line on stderr: where the run is, and how to see it; or why it is not all there. */
    void report(PrintStream err, EvalRun run) {
        if (recorder == null) {
            return;
        }
        if (recorder.failure().isPresent()) {
            err.println("wst: warning: the run was not fully recorded (" + recorder.written() + " cases written): "
                    + recorder.failure().get().getMessage());
            return;
        }
        Optional<RunSummary> r = store.run(recorder.runId());
        if (r.isEmpty()) {
            err.println("wst: nothing ran, so nothing was recorded");
            return;
        }
        String what =
                switch (mode) {
                    case PLAIN -> "recorded as run " + r.get().id();
                    case RETRY -> "recorded as run " + r.get().id() + " (retry of run " + base.id() + ")";
                    case RESUME -> "run " + r.get().id() + " resumed";
                };
        err.println("wst: " + what + " in " + store.file() + " (wst show "
                + r.get().id() + ", wst view " + r.get().id() + ")");
        if (run.planned() == 0 && mode != Mode.PLAIN) {
            err.println("wst: no case of this config matched what was to run again (has the config changed?)");
        }
    }

    /** The secret values of the environment alone (for imports, which have no config). */
    static Set<String> envSecrets(Map<String, String> env) {
        Set<String> out = new LinkedHashSet<>();
        out.addAll(Secrets.of(env, EvalConfig.of(List.of(), List.of(), List.of())));
        return out;
    }

    /** Files the stored run was made from, shown when they are used again. */
    static String files(List<Path> files) {
        List<String> names = new ArrayList<>();
        files.forEach(f -> names.add(f.toString()));
        return String.join(", ", names);
    }
}
