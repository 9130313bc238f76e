package io.github.wstoolkit.history.internal;

import java.util.List;

/**
 * The numbered migrations of the results database, applied in order on open (Flyway's idea without the
 * dependency): {@code schema_version} records each one applied. A migration is never edited once released; a change
 * is a new migration. docs/history.md documents the resulting schema for {@code sqlite3} users.
 */
public final class Schema {

    private Schema() {}

    /** One step of the schema. */
    public record Migration(int version, String description, List<String> statements) {
        public Migration {
            statements = List.copyOf(statements);
        }
    }

    /** The table every migration is recorded in; created before the first migration. */
    static final String VERSION_TABLE =
            """
            CREATE TABLE IF NOT EXISTS schema_version (
              version     INTEGER PRIMARY KEY,
              description TEXT NOT NULL,
              applied_at  TEXT NOT NULL
            )""";

    public static final List<Migration> MIGRATIONS = List.of(
            new Migration(
                    1,
                    "runs, results and frames",
                    List.of(
                            """
                            CREATE TABLE runs (
                              id           INTEGER PRIMARY KEY AUTOINCREMENT,
                              eval_id      TEXT UNIQUE,
                              kind         TEXT NOT NULL DEFAULT 'eval' CHECK (kind IN ('eval', 'retry', 'import')),
                              parent_id    INTEGER REFERENCES runs(id) ON DELETE SET NULL,
                              description  TEXT,
                              status       TEXT NOT NULL CHECK (status IN ('running', 'complete', 'interrupted')),
                              started_at   TEXT NOT NULL,
                              finished_at  TEXT,
                              duration_ms  INTEGER,
                              planned      INTEGER,
                              successes    INTEGER NOT NULL DEFAULT 0,
                              failures     INTEGER NOT NULL DEFAULT 0,
                              errors       INTEGER NOT NULL DEFAULT 0,
                              token_usage  TEXT,
                              config       TEXT,
                              config_files TEXT,
                              options      TEXT,
                              source       TEXT,
                              pid          INTEGER,
                              pid_started  TEXT,
                              wst_version  TEXT
                            )""",
                            """
                            CREATE TABLE results (
                              id              INTEGER PRIMARY KEY AUTOINCREMENT,
                              run_id          INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
                              idx             INTEGER NOT NULL,
                              test_idx        INTEGER NOT NULL,
                              prompt_idx      INTEGER NOT NULL,
                              repeat_idx      INTEGER NOT NULL,
                              case_key        TEXT NOT NULL,
                              test_key        TEXT NOT NULL,
                              description     TEXT,
                              provider_id     TEXT NOT NULL,
                              provider_label  TEXT NOT NULL,
                              prompt_label    TEXT NOT NULL,
                              prompt_raw      TEXT NOT NULL,
                              prompt          TEXT NOT NULL,
                              vars            TEXT NOT NULL,
                              test            TEXT NOT NULL,
                              status          TEXT NOT NULL CHECK (status IN ('pass', 'fail', 'error')),
                              success         INTEGER NOT NULL,
                              score           REAL NOT NULL,
                              output          TEXT,
                              output_json     TEXT,
                              error           TEXT,
                              response_error  TEXT,
                              has_response    INTEGER NOT NULL,
                              grading         TEXT,
                              named_scores    TEXT,
                              metadata        TEXT,
                              token_usage     TEXT,
                              latency_ms      INTEGER NOT NULL,
                              attempts        INTEGER NOT NULL,
                              connect_ms      REAL,
                              ttft_ms         REAL,
                              total_ms        REAL,
                              frames_received INTEGER,
                              bytes_received  INTEGER,
                              max_gap_ms      REAL,
                              finished_at     TEXT,
                              carried_from    INTEGER
                            )""",
                            // two indexes only: every write pays for each (keys are matched within one run's rows)
                            "CREATE INDEX results_by_run ON results(run_id, idx)",
                            "CREATE INDEX results_by_status ON results(run_id, status)",
                            """
                            CREATE TABLE frames (
                              result_id INTEGER NOT NULL REFERENCES results(id) ON DELETE CASCADE,
                              seq       INTEGER NOT NULL,
                              direction TEXT NOT NULL CHECK (direction IN ('sent', 'received')),
                              at_ms     REAL NOT NULL,
                              binary    INTEGER NOT NULL,
                              size      INTEGER NOT NULL,
                              preview   TEXT NOT NULL,
                              PRIMARY KEY (result_id, seq)
                            ) WITHOUT ROWID""")),
            new Migration(
                    2,
                    "views for sqlite3 users: run_overview, result_overview",
                    List.of(
                            """
                            CREATE VIEW run_overview AS
                            SELECT id, eval_id, kind, parent_id, started_at, description, status,
                                   successes, failures, errors, successes + failures + errors AS total,
                                   ROUND(100.0 * successes / NULLIF(successes + failures + errors, 0), 1) AS pass_rate,
                                   duration_ms
                            FROM runs""",
                            """
                            CREATE VIEW result_overview AS
                            SELECT run_id, id AS result_id, idx, provider_label, description, status, score,
                                   latency_ms, ttft_ms, frames_received, max_gap_ms,
                                   substr(output, 1, 200) AS output, error
                            FROM results""")),
            new Migration(
                    3,
                    "runs split over machines: shard, config_hash, sharding",
                    List.of(
                            // 'i/n' for one shard (wst eval --shard), '1-4/4' for shards merged (wst merge)
                            "ALTER TABLE runs ADD COLUMN shard TEXT",
                            // the ConfigHash of the config files the shards ran
                            "ALTER TABLE runs ADD COLUMN config_hash TEXT",
                            // JSON, as the report's metadata: shard, configHash, planHash, plannedTotal, shardRuns
                            "ALTER TABLE runs ADD COLUMN sharding TEXT")),
            new Migration(
                    4,
                    "each attempt's error: results.attempt_errors",
                    List.of(
                            // a JSON array of {attempt, error, code, httpStatus, closeCode, latencyMs, retryDelayMs};
                            // null when the first call answered (and for runs recorded before this column)
                            "ALTER TABLE results ADD COLUMN attempt_errors TEXT")),
            new Migration(
                    5,
                    "run_overview counts a running run's results",
                    List.of(
                            // the recorder no longer adds to a run's counts as it writes (RunRecorder.flush): a
                            // running run's are counted from its results, as Runs.COLUMNS does (written out here: a
                            // migration stays what it was when it shipped)
                            "DROP VIEW IF EXISTS run_overview",
                            """
                            CREATE VIEW run_overview AS
                            SELECT id, eval_id, kind, parent_id, started_at, description, status,
                                   successes, failures, errors, successes + failures + errors AS total,
                                   ROUND(100.0 * successes / NULLIF(successes + failures + errors, 0), 1) AS pass_rate,
                                   duration_ms
                            FROM (SELECT id, eval_id, kind, parent_id, started_at, description, status, duration_ms,
                                    CASE WHEN runs.status = 'running' THEN (SELECT COUNT(*) FROM results l
                                      WHERE l.run_id = runs.id AND l.status = 'pass') ELSE runs.successes END
                                      AS successes,
                                    CASE WHEN runs.status = 'running' THEN (SELECT COUNT(*) FROM results l
                                      WHERE l.run_id = runs.id AND l.status = 'fail') ELSE runs.failures END
                                      AS failures,
                                    CASE WHEN runs.status = 'running' THEN (SELECT COUNT(*) FROM results l
                                      WHERE l.run_id = runs.id AND l.status = 'error') ELSE runs.errors END
                                      AS errors
                                  FROM runs)""")));

    /** The newest version this code knows. */
    public static int latest() {
        return MIGRATIONS.getLast().version();
    }
}
