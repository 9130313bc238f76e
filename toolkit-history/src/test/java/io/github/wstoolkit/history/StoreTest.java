package io.github.wstoolkit.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wstoolkit.api.json.Json;
import io.github.wstoolkit.eval.EvalConfig;
import io.github.wstoolkit.eval.EvalResult;
import io.github.wstoolkit.eval.EvalRun;
import io.github.wstoolkit.eval.RunOptions;
import io.github.wstoolkit.eval.report.Reports;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store against real SQLite files in temporary folders. */
class StoreTest {

    @TempDir
    Path dir;

    private static final String FIVE =
            """
            description: five cases
            prompts: ['{{q}}']
            providers: [{id: fake:stream, label: streamer, config: {frames: 4}}]
            tests:
              - {description: one, vars: {q: alpha}, assert: [{type: contains, value: ALPHA}]}
              - {description: two, vars: {q: boom one}}
              - {description: three, vars: {q: gamma}, assert: [{type: equals, value: nope}]}
              - {description: four, vars: {q: boom two}}
              - {description: five, vars: {q: epsilon}, assert: [{type: icontains, value: eps, metric: recall}]}
            """;

    private EvalConfig five() {
        return Fake.config(FIVE, dir);
    }

    // ------------------------------------------------------------------ schema

    @Test
    void aNewDatabaseIsOwnerOnlyInWalModeAtTheLatestSchema() throws Exception {
        Path db = dir.resolve("sub/wst.db");
        try (HistoryStore store = HistoryStore.open(db)) {
            assertEquals(HistoryStore.latestSchemaVersion(), store.schemaVersion());
        }
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(db)));
        assertEquals("wal", Fake.queryString(db, "PRAGMA journal_mode"));
        assertEquals(5, Fake.queryLong(db, "SELECT COUNT(*) FROM schema_version"));
        assertEquals(0, Fake.queryLong(db, "SELECT COUNT(*) FROM run_overview"), "the views of migration 2 exist");
        assertEquals(0, Fake.queryLong(db, "SELECT COUNT(shard) FROM runs"), "the columns of migration 3 exist");
        assertEquals(
                0, Fake.queryLong(db, "SELECT COUNT(attempt_errors) FROM results"), "the column of migration 4 exists");
    }

    @Test
    void anOldDatabaseIsMigratedOnOpenAndKeepsItsRuns() throws Exception {
        Path db = dir.resolve("old.db");
        long id;
        try (HistoryStore now = HistoryStore.open(db)) {
            id = Fake.record(now, five(), Fake.registry(), Fake.FAST);
        }
        // the database as wst wrote it at schema 1: without the views of migration 2, the columns of migrations 3
        // and 4
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                Statement s = c.createStatement()) {
            s.execute("DROP VIEW run_overview");
            s.execute("DROP VIEW result_overview");
            s.execute("ALTER TABLE results DROP COLUMN attempt_errors");
            s.execute("ALTER TABLE runs DROP COLUMN shard");
            s.execute("ALTER TABLE runs DROP COLUMN config_hash");
            s.execute("ALTER TABLE runs DROP COLUMN sharding");
            s.execute("DELETE FROM schema_version WHERE version > 1");
        }
        try (HistoryStore v1 = HistoryStore.builder(db).migrationsUpTo(1).open()) {
            assertEquals(1, v1.schemaVersion());
        }
        assertThrows(Exception.class, () -> Fake.queryLong(db, "SELECT COUNT(*) FROM run_overview"));
        try (HistoryStore v2 = HistoryStore.open(db)) {
            assertEquals(5, v2.schemaVersion());
            RunSummary r = v2.run(id).orElseThrow();
            assertEquals(5, r.total());
            assertEquals(RunSummary.Status.COMPLETE, r.status());
        }
        assertEquals(40, Fake.queryLong(db, "SELECT pass_rate FROM run_overview WHERE id = " + id));
        assertEquals(5, Fake.queryLong(db, "SELECT COUNT(*) FROM result_overview WHERE run_id = " + id));
        // opening again applies nothing twice
        try (HistoryStore again = HistoryStore.open(db)) {
            assertEquals(5, again.schemaVersion());
            assertEquals(Optional.empty(), again.run(id).orElseThrow().shard(), "an old run is not a shard");
        }
        assertEquals(5, Fake.queryLong(db, "SELECT COUNT(*) FROM schema_version"));
    }

    @Test
    void aDatabaseOfANewerWstIsRefusedWithItsVersion() throws Exception {
        Path db = dir.resolve("new.db");
        HistoryStore.open(db).close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                Statement s = c.createStatement()) {
            s.execute("INSERT INTO schema_version VALUES (99, 'from the future', '2030-01-01T00:00:00Z')");
        }
        HistoryException e = assertThrows(HistoryException.class, () -> HistoryStore.open(db));
        assertEquals(HistoryException.Kind.NEWER_SCHEMA, e.kind());
        assertTrue(
                e.getMessage().contains("schema version 99") && e.getMessage().contains(db.toString()), e::getMessage);
    }

    @Test
    void aFileThatIsNotADatabaseSaysSoAndIsLeftAlone() throws Exception {
        Path db = dir.resolve("garbage.db");
        byte[] junk = "this is not sqlite, just text that a user saved here by mistake\n"
                .repeat(100)
                .getBytes(StandardCharsets.UTF_8);
        Files.write(db, junk);
        HistoryException e = assertThrows(HistoryException.class, () -> HistoryStore.open(db));
        assertEquals(HistoryException.Kind.CORRUPT, e.kind());
        assertTrue(e.getMessage().contains(db.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("not a wst results database or is damaged"), e.getMessage());
        assertTrue(java.util.Arrays.equals(junk, Files.readAllBytes(db)), "the file was not touched");
    }

    @Test
    void aDatabaseOfAnotherProgramIsRefused() throws Exception {
        Path db = dir.resolve("other.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)");
        }
        HistoryException e = assertThrows(HistoryException.class, () -> HistoryStore.open(db));
        assertEquals(HistoryException.Kind.CORRUPT, e.kind());
        assertTrue(e.getMessage().contains("another program (tables customers)"), e.getMessage());
        assertEquals(-1, Fake.queryLong(db, "SELECT 1 FROM sqlite_master WHERE name = 'runs'"));
    }

    @Test
    void aLockHeldTooLongByAnotherWriterSaysLocked() throws Exception {
        Path db = dir.resolve("locked.db");
        HistoryStore.open(db).close();
        try (Connection holder = DriverManager.getConnection("jdbc:sqlite:" + db);
                Statement s = holder.createStatement()) {
            s.execute("BEGIN IMMEDIATE");
            HistoryStore store =
                    HistoryStore.builder(db).busyTimeout(Duration.ofMillis(200)).open();
            HistoryException e = assertThrows(HistoryException.class, () -> store.record(RunStart.of(five())));
            assertEquals(HistoryException.Kind.LOCKED, e.kind());
            assertTrue(e.getMessage().contains("is locked by another process"), e.getMessage());
            assertEquals(List.of(), store.runs(0), "reads go on while another process writes (WAL)");
            s.execute("ROLLBACK");
        }
    }

    @Test
    void aMissingDatabaseIsNotCreatedByReaders() {
        Path db = dir.resolve("absent.db");
        HistoryException e = assertThrows(HistoryException.class, () -> HistoryStore.openExisting(db));
        assertEquals(HistoryException.Kind.NOT_FOUND, e.kind());
        assertFalse(Files.exists(db));
    }

    // ------------------------------------------------------------------ writing

    /** Each attempt's error goes to results.attempt_errors (migration 4) and comes back in the run and its report. */
    @Test
    void everyAttemptsErrorIsStoredAndReadBack() throws Exception {
        Path db = dir.resolve("wst.db");
        EvalConfig retried = Fake.config(
                FIVE.replace(
                        "config: {frames: 4}", "config: {frames: 4, retry: {maxRetries: 2, onCloseCodes: [1011]}}"),
                dir);
        try (HistoryStore store = HistoryStore.open(db)) {
            RunRecorder rec = store.record(RunStart.of(retried));
            EvalRun run = Fake.run(retried, Fake.registry(), Fake.FAST, rec);
            rec.finish(run);
            EvalResult boom = run.results().get(1);
            assertEquals(3, boom.attempts());
            assertEquals(3, boom.attemptErrors().size());
            EvalRun loaded = store.load(rec.runId(), false);
            assertEquals(boom.attemptErrors(), loaded.results().get(1).attemptErrors());
            assertEquals(List.of(), loaded.results().get(0).attemptErrors());
            assertEquals(
                    2, Fake.queryLong(db, "SELECT COUNT(*) FROM results WHERE json_array_length(attempt_errors) = 3"));
            assertEquals(
                    "CLOSED 1011",
                    Fake.queryString(
                            db,
                            "SELECT json_extract(attempt_errors, '$[0].code') FROM results WHERE status = 'error'"
                                    + " ORDER BY idx LIMIT 1"));
        }
    }

    @Test
    void aRunIsStoredWithCountsKeysAndFramesAndReadsBackAsTheSameReport() throws Exception {
        Path db = dir.resolve("wst.db");
        try (HistoryStore store = HistoryStore.open(db)) {
            RunRecorder rec = store.record(RunStart.of(five()).withOptions(Map.of("repeat", 1)));
            EvalRun run = Fake.run(five(), Fake.registry(), Fake.FAST, rec);
            rec.finish(run);
            assertTrue(rec.failure().isEmpty());
            RunSummary s = store.run(rec.runId()).orElseThrow();
            assertEquals(2, s.successes());
            assertEquals(1, s.failures());
            assertEquals(2, s.errors());
            assertEquals(5, s.planned().orElseThrow());
            assertEquals(RunSummary.Status.COMPLETE, s.status());
            assertEquals(run.evalId(), s.evalId().orElseThrow());
            assertEquals(Map.of("repeat", 1), s.options());
            // 5 frames for each of the 3 answers (1 sent + 4 received), 2 for each of the 2 closes mid-stream
            assertEquals(3 * 5 + 2 * 2, Fake.queryLong(db, "SELECT COUNT(*) FROM frames"));
            assertEquals(
                    2,
                    Fake.queryLong(
                            db,
                            "SELECT COUNT(*) FROM results r JOIN frames f ON f.result_id = r.id"
                                    + " WHERE r.status = 'error' AND f.direction = 'received'"),
                    "errored cases keep the frame that arrived before the close");
            EvalRun loaded = store.load(rec.runId(), true);
            Map<String, Object> a = Reports.toMap(run);
            Map<String, Object> b = Reports.toMap(loaded);
            assertEquals(
                    Json.stringify(((Map<?, ?>) a.get("results")).get("results")),
                    Json.stringify(((Map<?, ?>) b.get("results")).get("results")));
            assertEquals(Json.stringify(a.get("config")), Json.stringify(b.get("config")));
            assertEquals(run.stats().summaryLine(), loaded.stats().summaryLine());
            EvalResult withMetric = loaded.results().get(4);
            assertEquals(
                    Map.of("recall", 1.0), withMetric.grading().orElseThrow().namedScores());
        }
    }

    @Test
    void resultsAreCommittedAsCasesFinishNotAtTheEnd() throws Exception {
        Path db = dir.resolve("stream.db");
        Fake fake = new Fake();
        EvalConfig config = Fake.config(
                """
                prompts: ['{{q}}']
                providers: [fake:stream]
                tests:
                  - vars: {q: a}
                  - vars: {q: b}
                  - vars: {q: c}
                  - vars: {q: 'gate:last'}
                """,
                dir);
        try (HistoryStore store = HistoryStore.open(db)) {
            RunRecorder rec = store.record(RunStart.of(config));
            CompletableFuture<EvalRun> running = Fake.async(() -> Fake.run(
                    config,
                    fake.registryOf(),
                    RunOptions.builder().maxConcurrency(1).build(),
                    rec));
            // the run is still going (the last case waits at its gate) and three results are already in the file
            Fake.await(
                    "three committed results",
                    () -> Fake.queryLong(db, "SELECT COUNT(*) FROM results WHERE run_id = " + rec.runId()) == 3);
            assertFalse(running.isDone());
            assertEquals(
                    RunSummary.Status.RUNNING,
                    store.run(rec.runId()).orElseThrow().status());
            assertEquals(3, store.run(rec.runId()).orElseThrow().successes(), "counts follow the rows");
            assertEquals(
                    3,
                    Fake.queryLong(db, "SELECT successes FROM run_overview WHERE id = " + rec.runId()),
                    "and so does the view for sqlite3 users (migration 5)");
            assertEquals(
                    0,
                    Fake.queryLong(db, "SELECT successes FROM runs WHERE id = " + rec.runId()),
                    "the row itself gets its counts when the run ends");
            assertEquals(4, store.run(rec.runId()).orElseThrow().planned().orElseThrow());
            fake.open("last");
            EvalRun run = running.get(Fake.DEADLINE.toSeconds(), TimeUnit.SECONDS);
            rec.finish(run);
            assertEquals(4, store.run(rec.runId()).orElseThrow().successes());
            assertEquals(4, Fake.queryLong(db, "SELECT successes FROM runs WHERE id = " + rec.runId()));
            assertEquals(100, Fake.queryLong(db, "SELECT pass_rate FROM run_overview WHERE id = " + rec.runId()));
        }
    }

    @Test
    void twoRunsWritingToOneDatabaseAtOnceLoseNoRows() throws Exception {
        Path db = dir.resolve("shared.db");
        HistoryStore.open(db).close();
        int cases = 300;
        EvalConfig config = streamedCases(cases);
        Fake fake = new Fake();
        // both runs wait at the start line, so their writers really overlap
        java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(2);
        java.util.function.Supplier<Long> one = () -> {
            try (HistoryStore store = HistoryStore.open(db)) {
                RunRecorder rec = store.record(RunStart.of(config));
                start.await(Fake.DEADLINE.toSeconds(), TimeUnit.SECONDS);
                EvalRun run = Fake.run(
                        config,
                        fake.registryOf(),
                        RunOptions.builder().maxConcurrency(8).build(),
                        rec);
                rec.finish(run);
                assertTrue(rec.failure().isEmpty(), () -> rec.failure().get().getMessage());
                return rec.runId();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        CompletableFuture<Long> a = Fake.async(one);
        CompletableFuture<Long> b = Fake.async(one);
        long ida = a.get(60, TimeUnit.SECONDS);
        long idb = b.get(60, TimeUnit.SECONDS);
        assertTrue(ida != idb);
        for (long id : List.of(ida, idb)) {
            assertEquals(cases, Fake.queryLong(db, "SELECT COUNT(*) FROM results WHERE run_id = " + id));
            assertEquals(
                    cases * 11L,
                    Fake.queryLong(
                            db,
                            "SELECT COUNT(*) FROM frames f JOIN results r ON r.id = f.result_id WHERE r.run_id = "
                                    + id));
            assertEquals(cases, Fake.queryLong(db, "SELECT successes FROM runs WHERE id = " + id));
            assertEquals(cases, Fake.queryLong(db, "SELECT COUNT(DISTINCT idx) FROM results WHERE run_id = " + id));
        }
        assertEquals("ok", Fake.queryString(db, "PRAGMA integrity_check"));
    }

    @Test
    void resultsThatFinishTogetherShareATransaction() throws Exception {
        Path db = dir.resolve("batched.db");
        int cases = 300;
        EvalConfig config = streamedCases(cases);
        try (HistoryStore store = HistoryStore.open(db)) {
            RunRecorder rec = store.record(RunStart.of(config));
            EvalRun run = Fake.run(
                    config,
                    new Fake().registryOf(),
                    RunOptions.builder().maxConcurrency(8).build(),
                    rec);
            rec.finish(run);
            assertEquals(cases, Fake.queryLong(db, "SELECT COUNT(*) FROM results WHERE run_id = " + rec.runId()));
            // a commit per row or two rewrote the same pages in the log thousands of times in a large run; the
            // writer lingers after a transaction's first row so that the rows finishing meanwhile join it
            int tx = rec.transactions();
            assertTrue(tx >= 2 && tx <= cases / 10, () -> tx + " transactions for " + cases + " results");
        }
    }

    @Test
    void noSecretReachesTheDatabaseFiles() throws Exception {
        String secret = "sk-live-7f3a9c2e5b1d4e6f";
        String bearer = "tok_4d5e6f7a8b9c0d1e";
        Path db = dir.resolve("secrets.db");
        EvalConfig config = Fake.config(
                """
                description: secrets
                prompts: ['key {{ env.CHAT_API_KEY }} and {{q}}']
                providers:
                  - id: fake:stream?api_key=%s
                    label: leaky
                    config:
                      echo: true
                      apiKey: %s
                      headers: {Authorization: 'Bearer %s'}
                tests:
                  - vars: {q: hello}
                    assert: [{type: contains, value: hello}]
                  - vars: {q: boom}
                """
                        .formatted(secret, secret, bearer),
                dir);
        Map<String, String> env = Map.of("CHAT_API_KEY", secret, "PATH", "/usr/bin");
        try (HistoryStore store = HistoryStore.open(db)) {
            RunRecorder rec = store.record(RunStart.of(config)
                    .withSecrets(Secrets.of(env, config))
                    .withOptions(Map.of("vars", Map.of("api_key", secret))));
            EvalRun run;
            try (io.github.wstoolkit.eval.Eval eval = io.github.wstoolkit.eval.Eval.builder()
                    .config(config)
                    .registry(Fake.registry())
                    .options(Fake.FAST)
                    .env(env)
                    .listener(rec)
                    .build()) {
                run = eval.run();
            }
            rec.finish(run);
            // the secret was really sent and echoed: it is in what the eval returned, frames and output
            assertTrue(run.results().getFirst().renderedPrompt().contains(secret));
            assertTrue(run.results().getFirst().outputText().contains(secret));
            assertTrue(run.results().get(1).frames().getFirst().preview().contains(secret));
        }
        for (String suffix : List.of("", "-wal", "-shm")) {
            Path f = Path.of(db + suffix);
            if (Files.exists(f)) {
                String bytes = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                for (String s : List.of(secret, bearer)) {
                    assertFalse(bytes.contains(s), f.getFileName() + " holds a secret");
                }
            }
        }
        assertTrue(Fake.queryString(db, "SELECT prompt FROM results ORDER BY idx LIMIT 1")
                .contains("[REDACTED]"));
        assertTrue(
                Fake.queryString(db, "SELECT provider_id FROM results LIMIT 1").contains("%5BREDACTED%5D"));
    }

    // ------------------------------------------------------------------ delete

    @Test
    void deleteRemovesTheRunItsResultsAndFramesButNotARunStillBeingWritten() throws Exception {
        Path db = dir.resolve("del.db");
        try (HistoryStore store = HistoryStore.open(db)) {
            long keep = Fake.record(store, five(), Fake.registry(), Fake.FAST);
            long gone = Fake.record(store, five(), Fake.registry(), Fake.FAST);
            store.delete(gone);
            assertTrue(store.run(gone).isEmpty());
            assertEquals(0, Fake.queryLong(db, "SELECT COUNT(*) FROM results WHERE run_id = " + gone));
            assertEquals(
                    19, Fake.queryLong(db, "SELECT COUNT(*) FROM frames"), "only the frames of the run kept remain");
            assertEquals(5, store.run(keep).orElseThrow().total());
            HistoryException missing = assertThrows(HistoryException.class, () -> store.delete(gone));
            assertEquals(HistoryException.Kind.NOT_FOUND, missing.kind());
            assertEquals("no run " + gone + " in " + db + " (wst list shows the runs)", missing.getMessage());
            RunRecorder live = store.record(RunStart.of(five()));
            HistoryException busy = assertThrows(HistoryException.class, () -> store.delete(live.runId()));
            assertEquals(HistoryException.Kind.CONFLICT, busy.kind());
            live.close();
            assertEquals(
                    RunSummary.Status.INTERRUPTED,
                    store.run(live.runId()).orElseThrow().status());
            store.delete(live.runId());
            long next = Fake.record(store, five(), Fake.registry(), Fake.FAST);
            assertTrue(next > live.runId(), "ids are never reused");
        }
    }

    @Test
    void resolveNamesLatestNumbersAndEvalIds() {
        try (HistoryStore store = HistoryStore.open(dir.resolve("r.db"))) {
            HistoryException none = assertThrows(HistoryException.class, () -> store.resolve("latest"));
            assertTrue(none.getMessage().startsWith("there is no run in "), none.getMessage());
            long a = Fake.record(store, five(), Fake.registry(), Fake.FAST);
            long b = Fake.record(store, five(), Fake.registry(), Fake.FAST);
            assertEquals(b, store.resolve("latest").id());
            assertEquals(a, store.resolve(String.valueOf(a)).id());
            assertEquals(
                    a,
                    store.resolve(store.run(a).orElseThrow().evalId().orElseThrow())
                            .id());
            assertEquals(
                    HistoryException.Kind.NOT_FOUND,
                    assertThrows(HistoryException.class, () -> store.resolve("999"))
                            .kind());
            assertEquals(
                    HistoryException.Kind.BAD_INPUT,
                    assertThrows(HistoryException.class, () -> store.resolve("yesterday"))
                            .kind());
        }
    }

    /** {@code cases} cases of the fake streaming provider (ten frames each), one test whose var is a list. */
    private EvalConfig streamedCases(int cases) {
        String yaml = "prompts: ['{{q}}']\nproviders: [{id: fake:stream, config: {frames: 10}}]\ntests:\n"
                + "  - vars: {q: ["
                + String.join(
                        ", ",
                        java.util.stream.IntStream.range(0, cases)
                                .mapToObj(i -> "c" + i)
                                .toList()) + "]}\n";
        return Fake.config(yaml, dir);
    }
}
