package io.github.wstoolkit.history;

import io.github.wstoolkit.api.Frame;
import io.github.wstoolkit.api.json.Json;
import io.github.wstoolkit.api.json.JsonException;
import io.github.wstoolkit.eval.EvalConfig;
import io.github.wstoolkit.eval.EvalResult;
import io.github.wstoolkit.eval.EvalRun;
import io.github.wstoolkit.eval.EvalStats;
import io.github.wstoolkit.eval.EvaluateOptions;
import io.github.wstoolkit.eval.ShardInfo;
import io.github.wstoolkit.eval.TestCase;
import io.github.wstoolkit.eval.report.Reports;
import io.github.wstoolkit.eval.report.ResultsFile;
import io.github.wstoolkit.history.internal.Db;
import io.github.wstoolkit.history.internal.Rows;
import io.github.wstoolkit.history.internal.Runs;
import io.github.wstoolkit.history.internal.Schema;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The results database: a SQLite file (by default {@code $WST_HOME/wst.db}) holding every run, its results and
 * their frames. Opening it creates it when missing (readable by its owner only) and applies the schema's
 * migrations; several processes may use one file at once (WAL journal, a busy timeout, one writer per run).
 *
 * <pre>{@code
 * try (HistoryStore store = HistoryStore.open(Path.of("wst.db"));
 *         RunRecorder rec = store.record(RunStart.of(config))) {
 *     EvalRun run = Eval.builder().config(config).listener(rec).build().run();
 *     rec.finish(run);
 * }
 * }</pre>
 *
 * <p>Every method may throw {@link HistoryException}: the file is locked by another process for longer than the busy
 * timeout, is not a wst database, is damaged, or was written by a newer wst. The store holds no connection between
 * calls, so it is safe to share between threads.
 */
public final class HistoryStore implements AutoCloseable {

    private final Db db;

    private HistoryStore(Db db) {
        this.db = db;
    }

    /** Opens the database, creating it (and its folder) when missing. */
    public static HistoryStore open(Path file) {
        return builder(file).open();
    }

    /** Opens a database that must already exist ({@link HistoryException.Kind#NOT_FOUND} otherwise). */
    public static HistoryStore openExisting(Path file) {
        return builder(file).create(false).open();
    }

    public static Builder builder(Path file) {
        return new Builder(file);
    }

    /** Options of {@link #open}. */
    public static final class Builder {
        private final Path file;
        private Duration busyTimeout = Db.DEFAULT_BUSY_TIMEOUT;
        private boolean create = true;
        private List<Schema.Migration> migrations = Schema.MIGRATIONS;

        private Builder(Path file) {
            this.file = Objects.requireNonNull(file, "file");
        }

        /**
         * How long a write waits for another process's lock before failing with LOCKED (default 10 s).
         *
         * @return this builder
         */
        public Builder busyTimeout(Duration d) {
            this.busyTimeout = Objects.requireNonNull(d, "d");
            return this;
        }

        /**
         * False to fail when the file does not exist instead of creating it.
         *
         * @return this builder
         */
        public Builder create(boolean c) {
            this.create = c;
            return this;
        }

        /** Only the first {@code n} migrations (tests of upgrades). */
        Builder migrationsUpTo(int n) {
            this.migrations = Schema.MIGRATIONS.subList(0, n);
            return this;
        }

        public HistoryStore open() {
            return new HistoryStore(Db.open(file, busyTimeout, create, migrations));
        }
    }

    /** The database file. */
    public Path file() {
        return db.file();
    }

    /** The schema version of the file. */
    public int schemaVersion() {
        return db.version();
    }

    /** The newest schema version this code knows. */
    public static int latestSchemaVersion() {
        return Schema.latest();
    }

    Db db() {
        return db;
    }

    // ------------------------------------------------------------------ writing runs

    /** Starts recording a new run; give the recorder to the eval as its listener. */
    public RunRecorder record(RunStart start) {
        return newRun(start, RunSummary.Kind.EVAL, null, null);
    }

    /**
     * Starts a run that retries some cases of {@code parent} ({@code --retry-errors}): when the plan is known, the
     * parent's results whose case keys are not in {@code rerunKeys} are carried over into the new run, so it is a
     * whole run with the errors run again.
     *
     * @param rerunKeys the keys of the cases the eval selected (known once it has planned)
     */
    public RunRecorder retry(long parent, RunStart start, Supplier<Set<String>> rerunKeys) {
        RunSummary p = run(parent).orElseThrow(() -> notFound(String.valueOf(parent)));
        return newRun(start, RunSummary.Kind.RETRY, p.id(), (c, runId) -> carry(c, p.id(), runId, rerunKeys.get()));
    }

    /**
     * Continues an interrupted or incomplete run ({@code --resume}): new results go into the same run; its results
     * whose case keys are in {@code rerunKeys} (earlier turns of a conversation that runs again) are replaced.
     *
     * @throws HistoryException CONFLICT when the run is complete or still being written
     */
    public RunRecorder resume(long runId, RunStart start, Supplier<Set<String>> rerunKeys) {
        RunSummary r = run(runId).orElseThrow(() -> notFound(String.valueOf(runId)));
        if (!r.resumable()) {
            throw new HistoryException(
                    HistoryException.Kind.CONFLICT,
                    file(),
                    "run " + runId + " is " + r.status().label() + ": only an interrupted or incomplete run can be"
                            + " resumed");
        }
        Rows.Scrubber scrubber = new Rows.Scrubber(start.secrets());
        db.write(
                c -> {
                    try (PreparedStatement ps = c.prepareStatement(
                            "UPDATE runs SET status = 'running', finished_at = NULL, pid = ?, pid_started = ?"
                                    + " WHERE id = ?")) {
                        ps.setLong(1, ProcessHandle.current().pid());
                        ps.setString(2, Runs.processStart());
                        ps.setLong(3, runId);
                        ps.executeUpdate();
                    }
                    return null;
                },
                "reopening run " + runId);
        return new RunRecorder(db, runId, scrubber, true, (c, id) -> {
            replace(c, id, rerunKeys.get());
            return 0;
        });
    }

    private RunRecorder newRun(RunStart start, RunSummary.Kind kind, Long parent, RunRecorder.Setup setup) {
        Rows.Scrubber scrubber = new Rows.Scrubber(start.secrets());
        long id = db.write(
                c -> {
                    try (PreparedStatement ps = c.prepareStatement(
                            """
                            INSERT INTO runs (kind, parent_id, description, status, started_at, config, config_files,
                              options, pid, pid_started, wst_version)
                            VALUES (?, ?, ?, 'running', ?, ?, ?, ?, ?, ?, ?)""")) {
                        ps.setString(1, kind.name().toLowerCase(java.util.Locale.ROOT));
                        ps.setObject(2, parent);
                        ps.setString(3, start.description().map(scrubber::text).orElse(null));
                        ps.setString(4, Instant.now().toString());
                        ps.setString(5, Json.stringify(scrubber.value(Reports.redact(start.config()))));
                        ps.setString(
                                6,
                                Json.stringify(start.configFiles().stream()
                                        .map(Path::toString)
                                        .toList()));
                        ps.setString(7, Json.stringify(scrubber.value(Reports.redact(start.options()))));
                        ps.setLong(8, ProcessHandle.current().pid());
                        ps.setString(9, Runs.processStart());
                        ps.setString(10, start.wstVersion());
                        ps.executeUpdate();
                    }
                    return lastId(c);
                },
                "starting a run");
        return new RunRecorder(db, id, scrubber, false, setup);
    }

    private static long lastId(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT last_insert_rowid()")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static final String COPIED_COLUMNS =
            "idx, test_idx, prompt_idx, repeat_idx, case_key, test_key, description, provider_id, provider_label,"
                    + " prompt_label, prompt_raw, prompt, vars, test, status, success, score, output, output_json,"
                    + " error, response_error, has_response, grading, named_scores, metadata, token_usage,"
                    + " latency_ms, attempts, attempt_errors, connect_ms, ttft_ms, total_ms, frames_received,"
                    + " bytes_received, max_gap_ms, finished_at";

    private static void keys(Connection c, Set<String> keys) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TEMP TABLE IF NOT EXISTS wst_keys (key TEXT PRIMARY KEY)");
            s.execute("DELETE FROM wst_keys");
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT OR IGNORE INTO wst_keys (key) VALUES (?)")) {
            for (String k : keys) {
                ps.setString(1, k);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Copies the parent's results (and frames) that are not run again; returns how many. */
    private static int carry(Connection c, long parent, long runId, Set<String> rerun) throws SQLException {
        keys(c, rerun);
        int n;
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO results (run_id, " + COPIED_COLUMNS
                + ", carried_from) SELECT ?, " + COPIED_COLUMNS + ", id FROM results WHERE run_id = ?"
                + " AND case_key NOT IN (SELECT key FROM wst_keys) ORDER BY idx, id")) {
            ps.setLong(1, runId);
            ps.setLong(2, parent);
            n = ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement(
                """
                INSERT INTO frames (result_id, seq, direction, at_ms, binary, size, preview)
                SELECT n.id, f.seq, f.direction, f.at_ms, f.binary, f.size, f.preview
                FROM results n JOIN frames f ON f.result_id = n.carried_from
                WHERE n.run_id = ? AND n.carried_from IS NOT NULL""")) {
            ps.setLong(1, runId);
            ps.executeUpdate();
        }
        return n;
    }

    /** Drops the run's results that are run again (a conversation replayed from its first turn). */
    private static void replace(Connection c, long runId, Set<String> rerun) throws SQLException {
        keys(c, rerun);
        try (PreparedStatement ps =
                c.prepareStatement("DELETE FROM results WHERE run_id = ? AND case_key IN (SELECT key FROM wst_keys)")) {
            ps.setLong(1, runId);
            ps.executeUpdate();
        }
        recount(c, runId);
    }

    /** Sets the run's counts and token usage from its results. */
    static void recount(Connection c, long runId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                """
                UPDATE runs SET
                  successes = (SELECT COUNT(*) FROM results WHERE run_id = ?1 AND status = 'pass'),
                  failures = (SELECT COUNT(*) FROM results WHERE run_id = ?1 AND status = 'fail'),
                  errors = (SELECT COUNT(*) FROM results WHERE run_id = ?1 AND status = 'error'),
                  token_usage = (SELECT CASE WHEN COUNT(*) = 0 THEN NULL ELSE json_object(
                      'total', SUM(json_extract(token_usage, '$.total')),
                      'prompt', SUM(json_extract(token_usage, '$.prompt')),
                      'completion', SUM(json_extract(token_usage, '$.completion')),
                      'cached', SUM(json_extract(token_usage, '$.cached')),
                      'numRequests', SUM(json_extract(token_usage, '$.numRequests'))) END
                    FROM results WHERE run_id = ?1 AND token_usage IS NOT NULL)
                WHERE id = ?1""")) {
            ps.setLong(1, runId);
            ps.executeUpdate();
        }
    }

    /** Records where a run stands in a run split over machines (a shard, or shards merged). */
    static void recordSharding(Connection c, long runId, ShardInfo s) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("UPDATE runs SET shard = ?, config_hash = ?, sharding = ? WHERE id = ?")) {
            ps.setString(1, s.label());
            ps.setString(2, s.configHash());
            ps.setString(3, Json.stringify(ResultsFile.shardingMap(s)));
            ps.setLong(4, runId);
            ps.executeUpdate();
        }
    }

    /** A stored run's sharding: its columns, with the plan and the shards' runs from the JSON when it is readable. */
    private static Optional<ShardInfo> sharding(String shard, String configHash, String json) {
        if (shard == null || configHash == null) {
            return Optional.empty();
        }
        try {
            Map<String, Object> meta = json == null ? new LinkedHashMap<>() : Rows.objectOf(json);
            meta.put("shard", shard);
            meta.put("configHash", configHash);
            return ResultsFile.sharding(meta);
        } catch (RuntimeException e) {
            // written by hand or damaged: the run reads as unsharded rather than not at all
            return Optional.empty();
        }
    }

    // ------------------------------------------------------------------ reading runs

    /** The newest runs, newest first ({@code limit} 0 for all). */
    public List<RunSummary> runs(int limit) {
        return db.read(c -> Runs.list(c, Runs.Query.latest(limit)), "listing runs");
    }

    /** One run. */
    public Optional<RunSummary> run(long id) {
        return db.read(c -> Runs.byId(c, id), "reading run " + id);
    }

    /** The newest run. */
    public Optional<RunSummary> latest() {
        return runs(1).stream().findFirst();
    }

    /** The newest run that {@code --resume} can finish. */
    public Optional<RunSummary> latestResumable() {
        return db.read(
                c -> {
                    try (PreparedStatement ps = c.prepareStatement("SELECT " + Runs.COLUMNS
                            + " FROM runs WHERE status IN ('interrupted', 'running') ORDER BY id DESC")) {
                        try (ResultSet rs = ps.executeQuery()) {
                            while (rs.next()) {
                                RunSummary r = Runs.byId(c, rs.getLong("id")).orElseThrow();
                                if (r.resumable()) {
                                    return Optional.of(r);
                                }
                            }
                        }
                    }
                    return Optional.<RunSummary>empty();
                },
                "looking for an interrupted run");
    }

    /**
     * The run a user named: {@code latest}, its number, or its eval id.
     *
     * @throws HistoryException NOT_FOUND naming what was asked for
     */
    public RunSummary resolve(String ref) {
        String r = ref.strip();
        if (r.equalsIgnoreCase("latest")) {
            return latest().orElseThrow(() -> new HistoryException(
                    HistoryException.Kind.NOT_FOUND,
                    file(),
                    "there is no run in " + file() + " yet (wst eval records each run)"));
        }
        if (r.matches("\\d{1,18}")) {
            return run(Long.parseLong(r)).orElseThrow(() -> notFound(r));
        }
        if (r.startsWith("eval-")) {
            return db.read(c -> Runs.byEvalId(c, r), "reading run " + r).orElseThrow(() -> notFound(r));
        }
        throw new HistoryException(
                HistoryException.Kind.BAD_INPUT,
                file(),
                "'" + ref + "' is not a run: give its number (wst list shows them), its eval id, or 'latest'");
    }

    private HistoryException notFound(String ref) {
        return new HistoryException(
                HistoryException.Kind.NOT_FOUND,
                file(),
                "no run " + ref + " in " + file() + " (wst list shows the runs)");
    }

    /**
     * The run with its results in plan order, for reports and tables.
     *
     * @param withFrames false to leave frames out (a table needs none; a 100,000-case run has a million)
     */
    public EvalRun load(long id, boolean withFrames) {
        RunSummary s = run(id).orElseThrow(() -> notFound(String.valueOf(id)));
        return db.read(
                c -> {
                    Map<Long, List<Frame>> frames = new HashMap<>();
                    if (withFrames) {
                        try (PreparedStatement ps = c.prepareStatement(
                                "SELECT f.result_id, f.direction, f.at_ms, f.binary, f.size, f.preview FROM frames f"
                                        + " JOIN results r ON r.id = f.result_id WHERE r.run_id = ?"
                                        + " ORDER BY f.result_id, f.seq")) {
                            ps.setLong(1, id);
                            try (ResultSet rs = ps.executeQuery()) {
                                while (rs.next()) {
                                    frames.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>())
                                            .add(Rows.frame(
                                                    rs.getString(2),
                                                    rs.getDouble(3),
                                                    rs.getInt(4) == 1,
                                                    rs.getInt(5),
                                                    rs.getString(6)));
                                }
                            }
                        }
                    }
                    List<EvalResult> results = new ArrayList<>();
                    try (PreparedStatement ps = c.prepareStatement(
                            "SELECT " + Rows.COLUMNS + " FROM results r WHERE r.run_id = ? ORDER BY r.idx, r.id")) {
                        ps.setLong(1, id);
                        try (ResultSet rs = ps.executeQuery()) {
                            while (rs.next()) {
                                results.add(Rows.toResult(rs, frames.getOrDefault(rs.getLong("id"), List.of())));
                            }
                        }
                    }
                    Map<String, Object> config = Map.of();
                    Optional<ShardInfo> sharding = Optional.empty();
                    try (PreparedStatement ps =
                            c.prepareStatement("SELECT config, shard, config_hash, sharding FROM runs WHERE id = ?")) {
                        ps.setLong(1, id);
                        try (ResultSet rs = ps.executeQuery()) {
                            if (rs.next()) {
                                if (rs.getString(1) != null) {
                                    config = Rows.objectOf(rs.getString(1));
                                }
                                sharding = sharding(rs.getString(2), rs.getString(3), rs.getString(4));
                            }
                        }
                    }
                    EvalConfig cfg = new EvalConfig(
                            s.description(),
                            List.of(),
                            List.of(),
                            List.of(),
                            TestCase.EMPTY,
                            Map.of(),
                            EvaluateOptions.NONE,
                            List.of(),
                            Map.of(),
                            Optional.empty(),
                            Map.of(),
                            config,
                            List.of(),
                            s.configFiles());
                    return new EvalRun(
                            s.evalId().orElse("run-" + s.id()),
                            s.startedAt(),
                            cfg,
                            results,
                            EvalStats.of(results, s.durationMs().orElse(0)),
                            s.planned().orElse(results.size()),
                            s.status() != RunSummary.Status.COMPLETE,
                            sharding);
                },
                "reading run " + id);
    }

    /** Case key → status (pass, fail, error) of a run's results: what {@link Reruns} selects from. */
    public Map<String, String> caseStatuses(long runId) {
        return db.read(
                c -> {
                    Map<String, String> out = new HashMap<>();
                    try (PreparedStatement ps =
                            c.prepareStatement("SELECT case_key, status FROM results WHERE run_id = ?")) {
                        ps.setLong(1, runId);
                        try (ResultSet rs = ps.executeQuery()) {
                            while (rs.next()) {
                                // a key seen twice (a duplicated test) counts as errored if any copy errored
                                out.merge(rs.getString(1), rs.getString(2), (a, b) -> a.equals("error") ? a : b);
                            }
                        }
                    }
                    return out;
                },
                "reading the results of run " + runId);
    }

    /** The vars of a run's results with one of these statuses: what {@code --filter-failing ID} matches tests by. */
    public List<Map<String, Object>> varsOf(long runId, Set<String> statuses) {
        return db.read(
                c -> {
                    List<Map<String, Object>> out = new ArrayList<>();
                    try (PreparedStatement ps =
                            c.prepareStatement("SELECT DISTINCT vars, status FROM results WHERE run_id = ?")) {
                        ps.setLong(1, runId);
                        try (ResultSet rs = ps.executeQuery()) {
                            while (rs.next()) {
                                if (statuses.contains(rs.getString(2))) {
                                    out.add(Rows.objectOf(rs.getString(1)));
                                }
                            }
                        }
                    }
                    return out;
                },
                "reading the results of run " + runId);
    }

    // ------------------------------------------------------------------ deleting

    /**
     * Deletes a run, its results and frames; the freed pages are zeroed ({@code secure_delete}), so what the run
     * recorded does not linger in the file.
     *
     * @throws HistoryException NOT_FOUND, or CONFLICT when a live process is still writing it
     */
    public void delete(long id) {
        RunSummary r = run(id).orElseThrow(() -> notFound(String.valueOf(id)));
        if (r.status() == RunSummary.Status.RUNNING) {
            throw new HistoryException(
                    HistoryException.Kind.CONFLICT,
                    file(),
                    "run " + id + " is still being written by a running wst; stop it first (Ctrl-C), then delete");
        }
        db.write(
                c -> {
                    try (Statement s = c.createStatement()) {
                        s.execute("PRAGMA secure_delete = ON");
                    }
                    try (PreparedStatement ps = c.prepareStatement("DELETE FROM runs WHERE id = ?")) {
                        ps.setLong(1, id);
                        ps.executeUpdate();
                    }
                    return null;
                },
                "deleting run " + id);
    }

    // ------------------------------------------------------------------ import

    /**
     * Imports a JSON results file ({@code wst eval -o results.json} from another machine or shard, or promptfoo's
     * output file) as a new run.
     *
     * @param secrets values to scrub from what is stored, as for a recorded run
     * @throws HistoryException BAD_INPUT when the file is not such a results file, CONFLICT when its eval id is
     *     already in the store
     */
    public RunSummary importReport(Path file, Set<String> secrets) {
        Object json;
        try {
            json = Json.parseDocument(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new HistoryException(HistoryException.Kind.BAD_INPUT, file(), "cannot read " + file + ": " + e, e);
        } catch (JsonException e) {
            throw new HistoryException(
                    HistoryException.Kind.BAD_INPUT, file(), file + " is not JSON: " + e.getMessage(), e);
        }
        return importReport(json, file.toAbsolutePath().normalize().toString(), secrets);
    }

    /**
     * Imports a JSON report already parsed (or built with {@link Reports#toMap} and parsed back) as a new run: what
     * {@code wst merge --into-store} does with the run it merged. A report of a sharded run keeps its
     * {@link ShardInfo} ({@code metadata.shard}, {@code configHash}, …).
     *
     * @param source where it came from, stored as the run's source and named in errors
     * @param secrets values to scrub from what is stored, as for a recorded run
     * @throws HistoryException BAD_INPUT when it is not such a report, CONFLICT when its eval id is already in the
     *     store
     */
    public RunSummary importReport(Object json, String source, Set<String> secrets) {
        String file = source;
        String shape = " is not a results file of wst eval -o or promptfoo eval -o"
                + " (expected {\"results\": {\"results\": [...]}})";
        if (!(json instanceof Map<?, ?> top) || !(top.get("results") instanceof Map<?, ?> results)) {
            throw new HistoryException(HistoryException.Kind.BAD_INPUT, file(), file + shape);
        }
        if (!(results.get("results") instanceof List<?> list)) {
            throw new HistoryException(HistoryException.Kind.BAD_INPUT, file(), file + shape);
        }
        Rows.Scrubber scrubber = new Rows.Scrubber(secrets);
        List<Rows.ResultRow> rows = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            try {
                rows.add(Rows.fromReport(list.get(i), i, scrubber));
            } catch (RuntimeException e) {
                throw new HistoryException(
                        HistoryException.Kind.BAD_INPUT,
                        file(),
                        file + ": result " + (i + 1) + ": " + e.getMessage(),
                        e);
            }
        }
        String evalId = top.get("evalId") instanceof String s && !s.isBlank() ? s : null;
        if (evalId != null) {
            Optional<RunSummary> existing = db.read(c -> Runs.byEvalId(c, evalId), "looking up " + evalId);
            if (existing.isPresent()) {
                throw new HistoryException(
                        HistoryException.Kind.CONFLICT,
                        file(),
                        file + " (" + evalId + ") is already in the store as run "
                                + existing.get().id());
            }
        }
        Map<?, ?> meta = top.get("metadata") instanceof Map<?, ?> m ? m : Map.of();
        Map<?, ?> config = top.get("config") instanceof Map<?, ?> m ? m : Map.of();
        Map<?, ?> stats = results.get("stats") instanceof Map<?, ?> m ? m : Map.of();
        String description = meta.get("description") instanceof String d
                ? d
                : config.get("description") instanceof String d2 ? d2 : null;
        Instant started = Instant.now();
        if (results.get("timestamp") instanceof String ts) {
            try {
                started = Instant.parse(ts);
            } catch (DateTimeParseException e) {
                // promptfoo writes ISO-8601 with a zone; anything else: the import time
            }
        }
        Instant startedAt = started;
        boolean interrupted = Boolean.TRUE.equals(meta.get("interrupted"));
        Optional<ShardInfo> sharding;
        try {
            sharding = ResultsFile.sharding(Rows.objectOf(meta));
        } catch (IllegalArgumentException e) {
            throw new HistoryException(HistoryException.Kind.BAD_INPUT, file(), file + ": " + e.getMessage(), e);
        }
        long id = db.write(
                c -> {
                    Map<String, Object> plainConfig = new LinkedHashMap<>();
                    config.forEach((k, v) -> plainConfig.put(String.valueOf(k), v));
                    try (PreparedStatement ps = c.prepareStatement(
                            """
                            INSERT INTO runs (eval_id, kind, description, status, started_at, finished_at, duration_ms,
                              planned, config, config_files, options, source, wst_version)
                            VALUES (?, 'import', ?, ?, ?, ?, ?, ?, ?, '[]', '{}', ?, '')""")) {
                        ps.setString(1, evalId);
                        ps.setString(2, scrubber.text(description));
                        ps.setString(3, interrupted ? "interrupted" : "complete");
                        ps.setString(4, startedAt.toString());
                        ps.setString(5, Instant.now().toString());
                        ps.setObject(6, stats.get("durationMs") instanceof Number n ? n.longValue() : null);
                        ps.setInt(7, meta.get("planned") instanceof Number n ? n.intValue() : rows.size());
                        ps.setString(8, Json.stringify(scrubber.value(Reports.redact(plainConfig))));
                        ps.setString(9, source);
                        ps.executeUpdate();
                    }
                    long runId = lastId(c);
                    if (sharding.isPresent()) {
                        recordSharding(c, runId, sharding.get());
                    }
                    try (PreparedStatement ins = c.prepareStatement(Rows.INSERT);
                            PreparedStatement last = c.prepareStatement("SELECT last_insert_rowid()");
                            PreparedStatement fr = c.prepareStatement(Rows.INSERT_FRAME)) {
                        for (Rows.ResultRow r : rows) {
                            Rows.bind(ins, runId, r, null);
                            ins.executeUpdate();
                            long rid;
                            try (ResultSet rs = last.executeQuery()) {
                                rs.next();
                                rid = rs.getLong(1);
                            }
                            int seq = 0;
                            for (Rows.FrameRow f : r.frames()) {
                                fr.setLong(1, rid);
                                fr.setInt(2, seq++);
                                fr.setString(3, f.direction());
                                fr.setDouble(4, f.atMs());
                                fr.setInt(5, f.binary() ? 1 : 0);
                                fr.setInt(6, f.size());
                                fr.setString(7, f.preview());
                                fr.addBatch();
                            }
                        }
                        fr.executeBatch();
                    }
                    recount(c, runId);
                    return runId;
                },
                "importing " + file);
        return run(id).orElseThrow();
    }

    /** Nothing to release: the store holds no connection between calls. */
    @Override
    public void close() {}
}
