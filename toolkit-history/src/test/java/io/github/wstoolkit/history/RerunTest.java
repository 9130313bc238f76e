package io.github.wstoolkit.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wstoolkit.eval.Eval;
import io.github.wstoolkit.eval.EvalConfig;
import io.github.wstoolkit.eval.EvalResult;
import io.github.wstoolkit.eval.EvalRun;
import io.github.wstoolkit.eval.RunOptions;
import io.github.wstoolkit.eval.report.Reports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --retry-errors, --resume, --filter-failing and import, through the store. */
class RerunTest {

    @TempDir
    Path dir;

    private static final String FIVE =
            """
            description: five cases
            prompts: ['{{q}}']
            providers: [{id: fake:stream, label: streamer, config: {frames: 4, fixed: %s}}]
            tests:
              - {description: one, vars: {q: alpha}, assert: [{type: contains, value: ALPHA}]}
              - {description: two, vars: {q: boom one}}
              - {description: three, vars: {q: gamma}, assert: [{type: equals, value: nope}]}
              - {description: four, vars: {q: boom two}}
              - {description: five, vars: {q: epsilon}}
            """;

    private EvalConfig five(boolean fixed) {
        return Fake.config(FIVE.formatted(fixed), dir);
    }

    @Test
    void retryErrorsRunsOnlyTheErroredCasesAsANewRunThatCarriesTheOthersOver() throws Exception {
        Path db = dir.resolve("wst.db");
        try (HistoryStore store = HistoryStore.open(db)) {
            long parent = Fake.record(store, five(false), Fake.registry(), Fake.FAST);
            assertEquals(2, store.run(parent).orElseThrow().errors());
            Map<String, String> statuses = store.caseStatuses(parent);
            Reruns.Selection sel = Reruns.selecting(k -> "error".equals(statuses.get(k)));
            EvalRun retried;
            long id;
            try (RunRecorder rec = store.retry(parent, RunStart.of(five(true)), sel::keys)) {
                retried = Fake.run(
                        five(true),
                        Fake.registry(),
                        RunOptions.builder().selectCases(sel).build(),
                        rec);
                rec.finish(retried);
                id = rec.runId();
            }
            assertEquals(
                    List.of("two", "four"),
                    retried.results().stream()
                            .map(r -> r.test().description().orElseThrow())
                            .toList(),
                    "only the errored cases ran");
            assertEquals(2, sel.keys().size());
            RunSummary r = store.run(id).orElseThrow();
            assertEquals(RunSummary.Kind.RETRY, r.kind());
            assertEquals(parent, r.parentId().orElseThrow());
            assertEquals(5, r.total());
            assertEquals(4, r.successes());
            assertEquals(1, r.failures());
            assertEquals(0, r.errors());
            assertEquals(5, r.planned().orElseThrow());
            assertEquals(RunSummary.Status.COMPLETE, r.status());
            assertEquals(
                    3, Fake.queryLong(db, "SELECT COUNT(*) FROM results WHERE run_id = " + id + " AND carried_from"));
            assertEquals(
                    25,
                    Fake.queryLong(
                            db,
                            "SELECT COUNT(*) FROM frames f JOIN results x ON x.id = f.result_id WHERE x.run_id = "
                                    + id),
                    "carried results keep their frames, the new ones have theirs");
            EvalRun loaded = store.load(id, false);
            assertEquals(
                    List.of(0, 1, 2, 3, 4),
                    loaded.results().stream().map(EvalResult::index).toList());
            // the parent is untouched
            assertEquals(2, store.run(parent).orElseThrow().errors());
        }
    }

    @Test
    void resumeFinishesAnInterruptedRunInTheSameRunWithoutDuplicates() throws Exception {
        Path db = dir.resolve("wst.db");
        EvalConfig config = Fake.config(
                """
                prompts: ['{{q}}']
                providers: [fake:stream]
                tests:
                  - vars: {q: [a, b, c, d, e]}
                  - vars: {q: 'gate:late'}
                """,
                dir);
        Fake fake = new Fake();
        try (HistoryStore store = HistoryStore.open(db)) {
            RunRecorder rec = store.record(RunStart.of(config));
            Eval eval = Eval.builder()
                    .config(config)
                    .registry(fake.registryOf())
                    .options(RunOptions.builder().maxConcurrency(1).build())
                    .env(Map.of())
                    .listener(rec)
                    .build();
            CompletableFuture<EvalRun> running = Fake.async(eval::run);
            Fake.await(
                    "five results",
                    () -> Fake.queryLong(db, "SELECT COUNT(*) FROM results WHERE run_id = " + rec.runId()) == 5);
            eval.cancel();
            EvalRun stopped = running.get(Fake.DEADLINE.toSeconds(), TimeUnit.SECONDS);
            assertTrue(stopped.interrupted());
            rec.finish(stopped);
            long id = rec.runId();
            RunSummary interrupted = store.run(id).orElseThrow();
            assertEquals(RunSummary.Status.INTERRUPTED, interrupted.status());
            assertEquals(5, interrupted.total());
            assertEquals(6, interrupted.planned().orElseThrow());
            assertEquals(id, store.latestResumable().orElseThrow().id());

            Map<String, String> statuses = store.caseStatuses(id);
            Reruns.Selection sel = Reruns.selecting(k -> !statuses.containsKey(k));
            fake.open("late");
            try (RunRecorder again = store.resume(id, RunStart.of(config), sel::keys)) {
                EvalRun rest = Fake.run(
                        config,
                        fake.registryOf(),
                        RunOptions.builder().selectCases(sel).build(),
                        again);
                assertEquals(1, rest.results().size(), "only the case that had not finished ran");
                again.finish(rest);
            }
            RunSummary done = store.run(id).orElseThrow();
            assertEquals(RunSummary.Status.COMPLETE, done.status());
            assertEquals(6, done.total());
            assertEquals(6, done.planned().orElseThrow());
            assertEquals(6, Fake.queryLong(db, "SELECT COUNT(DISTINCT idx) FROM results WHERE run_id = " + id));
            assertTrue(store.latestResumable().isEmpty());
            HistoryException twice =
                    assertThrows(HistoryException.class, () -> store.resume(id, RunStart.of(config), Set::of));
            assertEquals(HistoryException.Kind.CONFLICT, twice.kind());
            assertEquals(
                    "run " + id + " is complete: only an interrupted or incomplete run can be resumed",
                    twice.getMessage());
        }
    }

    @Test
    void aConversationWithAnUnfinishedTurnRunsAgainWholeOnResume() throws Exception {
        Path db = dir.resolve("wst.db");
        EvalConfig config = Fake.config(
                """
                prompts: ['{{q}}']
                providers: [fake:stream]
                tests:
                  - {description: alone, vars: {q: solo}}
                  - {description: t1, vars: {q: hi}, metadata: {conversationId: c1}}
                  - {description: t2, vars: {q: more}, metadata: {conversationId: c1}}
                  - {description: t3, vars: {q: 'gate:t3'}, metadata: {conversationId: c1}}
                """,
                dir);
        Fake fake = new Fake();
        try (HistoryStore store = HistoryStore.open(db)) {
            RunRecorder rec = store.record(RunStart.of(config));
            Eval eval = Eval.builder()
                    .config(config)
                    .registry(fake.registryOf())
                    .env(Map.of())
                    .listener(rec)
                    .build();
            CompletableFuture<EvalRun> running = Fake.async(eval::run);
            Fake.await(
                    "three results",
                    () -> Fake.queryLong(db, "SELECT COUNT(*) FROM results WHERE run_id = " + rec.runId()) == 3);
            eval.cancel();
            rec.finish(running.get(Fake.DEADLINE.toSeconds(), TimeUnit.SECONDS));
            long id = rec.runId();
            long t1Before = Fake.queryLong(db, "SELECT id FROM results WHERE description = 't1'");

            Map<String, String> statuses = store.caseStatuses(id);
            Reruns.Selection sel = Reruns.selecting(k -> !statuses.containsKey(k));
            fake.open("t3");
            EvalRun rest;
            try (RunRecorder again = store.resume(id, RunStart.of(config), sel::keys)) {
                rest = Fake.run(
                        config,
                        fake.registryOf(),
                        RunOptions.builder().selectCases(sel).build(),
                        again);
                again.finish(rest);
            }
            assertEquals(
                    List.of("t1", "t2", "t3"),
                    rest.results().stream()
                            .map(r -> r.test().description().orElseThrow())
                            .toList(),
                    "t3 needs t1 and t2 in its history: the whole conversation ran again");
            assertEquals(4, store.run(id).orElseThrow().total());
            assertEquals(4, Fake.queryLong(db, "SELECT COUNT(DISTINCT case_key) FROM results WHERE run_id = " + id));
            assertTrue(
                    Fake.queryLong(db, "SELECT id FROM results WHERE description = 't1'") != t1Before,
                    "the earlier t1 was replaced");
        }
    }

    @Test
    void filterFailingPicksTestsByTheVarsOfResultsThatDidNotPassFromTheStoreOrAFile() throws Exception {
        Path db = dir.resolve("wst.db");
        try (HistoryStore store = HistoryStore.open(db)) {
            long id = Fake.record(store, five(false), Fake.registry(), Fake.FAST);
            EvalRun failing = Fake.run(
                    five(true),
                    Fake.registry(),
                    RunOptions.builder()
                            .filterCases(Reruns.matchingVars(store.varsOf(id, Set.of("fail", "error"))))
                            .build(),
                    io.github.wstoolkit.eval.EvalListener.NONE);
            assertEquals(
                    List.of("two", "three", "four"),
                    failing.results().stream()
                            .map(r -> r.test().description().orElseThrow())
                            .toList());
            EvalRun errors = Fake.run(
                    five(true),
                    Fake.registry(),
                    RunOptions.builder()
                            .filterCases(Reruns.matchingVars(store.varsOf(id, Set.of("error"))))
                            .build(),
                    io.github.wstoolkit.eval.EvalListener.NONE);
            assertEquals(2, errors.results().size());
            Path file = dir.resolve("results.json");
            Reports.write(store.load(id, false), file);
            assertEquals(3, Reruns.varsFromReport(file, false).size());
            assertEquals(2, Reruns.varsFromReport(file, true).size());
        }
    }

    @Test
    void aJsonReportImportsAsARunAndOnlyOnce() throws Exception {
        Path file = dir.resolve("from-ci.json");
        EvalRun run = Fake.run(five(false), Fake.registry(), Fake.FAST, io.github.wstoolkit.eval.EvalListener.NONE);
        Reports.write(run, file);
        Path db = dir.resolve("other-machine.db");
        try (HistoryStore store = HistoryStore.open(db)) {
            RunSummary r = store.importReport(file, Set.of());
            assertEquals(RunSummary.Kind.IMPORT, r.kind());
            assertEquals(run.evalId(), r.evalId().orElseThrow());
            assertEquals("five cases", r.description().orElseThrow());
            assertEquals(2, r.successes());
            assertEquals(1, r.failures());
            assertEquals(2, r.errors());
            assertEquals(file.toString(), r.source().orElseThrow());
            assertEquals(19, Fake.queryLong(db, "SELECT COUNT(*) FROM frames"));
            EvalRun back = store.load(r.id(), true);
            assertEquals(run.stats().summaryLine(), back.stats().summaryLine());
            assertEquals(
                    run.results().get(1).frames().size(),
                    back.results().get(1).frames().size());
            HistoryException again = assertThrows(HistoryException.class, () -> store.importReport(file, Set.of()));
            assertEquals(HistoryException.Kind.CONFLICT, again.kind());
            assertTrue(again.getMessage().endsWith("is already in the store as run " + r.id()), again.getMessage());

            Path notJson = dir.resolve("notes.json");
            Files.writeString(notJson, "results: yes");
            HistoryException bad = assertThrows(HistoryException.class, () -> store.importReport(notJson, Set.of()));
            assertEquals(HistoryException.Kind.BAD_INPUT, bad.kind());
            assertTrue(bad.getMessage().startsWith(notJson + " is not JSON"), bad.getMessage());
            Path shape = dir.resolve("shape.json");
            Files.writeString(shape, "{\"results\": [1, 2]}");
            HistoryException wrong = assertThrows(HistoryException.class, () -> store.importReport(shape, Set.of()));
            assertTrue(wrong.getMessage().contains("expected {\"results\": {\"results\": [...]}}"), wrong.getMessage());
            assertEquals(1, store.runs(0).size(), "nothing was half-imported");

            // a promptfoo output file: no frames, no ids, failureReason and success as promptfoo writes them
            Path promptfoo = dir.resolve("promptfoo.json");
            Files.writeString(
                    promptfoo,
                    """
                    {"evalId": "eval-pf1-2025-01-01T00:00:00", "results": {"version": 3,
                      "timestamp": "2025-01-01T00:00:00.000Z",
                      "results": [
                        {"provider": {"id": "openai:gpt-4o"}, "prompt": {"raw": "hi", "label": "hi"},
                         "vars": {"q": "x"}, "response": {"output": "hello"}, "success": true, "score": 1,
                         "latencyMs": 120, "failureReason": 0},
                        {"provider": {"id": "openai:gpt-4o"}, "prompt": {"raw": "hi", "label": "hi"},
                         "vars": {"q": "y"}, "error": "timeout", "success": false, "score": 0,
                         "latencyMs": 30000, "failureReason": 2}],
                      "stats": {"successes": 1, "failures": 0, "errors": 1, "durationMs": 31000}},
                     "config": {"description": "from promptfoo"}}
                    """);
            RunSummary pf = store.importReport(promptfoo, Set.of());
            assertEquals("from promptfoo", pf.description().orElseThrow());
            assertEquals(1, pf.successes());
            assertEquals(1, pf.errors());
            assertEquals(31000, pf.durationMs().orElseThrow());
            assertEquals(java.time.Instant.parse("2025-01-01T00:00:00Z"), pf.startedAt());
            assertFalse(store.load(pf.id(), true).results().isEmpty());
        }
    }

    @Test
    void anEmptySelectionLeavesNoRunBehind() {
        try (HistoryStore store = HistoryStore.open(dir.resolve("wst.db"))) {
            try (RunRecorder rec = store.record(RunStart.of(five(false)))) {
                EvalRun run = Fake.run(
                        five(false),
                        Fake.registry(),
                        RunOptions.builder().filterCases(c -> false).build(),
                        rec);
                rec.finish(run);
            }
            assertEquals(List.of(), store.runs(0));
        }
    }
}
