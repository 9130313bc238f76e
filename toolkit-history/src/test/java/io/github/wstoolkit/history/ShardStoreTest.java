package io.github.wstoolkit.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wstoolkit.api.json.Json;
import io.github.wstoolkit.eval.EvalConfig;
import io.github.wstoolkit.eval.EvalListener;
import io.github.wstoolkit.eval.EvalRun;
import io.github.wstoolkit.eval.RunOptions;
import io.github.wstoolkit.eval.Shard;
import io.github.wstoolkit.eval.ShardInfo;
import io.github.wstoolkit.eval.report.Reports;
import io.github.wstoolkit.eval.report.ResultsFile;
import io.github.wstoolkit.eval.report.ShardMerge;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs split over machines in the store: a shard's run, a shard's file imported, shards merged and imported. */
class ShardStoreTest {

    @TempDir
    Path dir;

    private static final String SIX =
            """
            description: six cases
            prompts: ['{{q}}']
            providers: [{id: fake:stream, label: streamer, config: {frames: 4}}]
            tests:
              - {description: one, vars: {q: alpha}, assert: [{type: contains, value: ALPHA}]}
              - {description: two, vars: {q: boom one}}
              - {description: three, vars: {q: gamma}, assert: [{type: equals, value: nope}]}
              - {description: four, vars: {q: delta}}
              - {description: five, vars: {q: epsilon}}
              - {description: six, vars: {q: the key sk-shard-secret-0123}}
            """;

    private EvalConfig six() {
        return Fake.config(SIX, dir);
    }

    /** Runs shard i/n of the config, recorded when a recorder is given. */
    private EvalRun shard(int i, int n, EvalListener listener) {
        Shard.Selection sel = new Shard(i, n).selection();
        RunOptions options = RunOptions.builder()
                .retryBaseDelay(Duration.ofMillis(1))
                .selectCases(sel)
                .build();
        return Fake.run(six(), Fake.registry(), options, listener).withSharding(sel.info("cfg-hash"));
    }

    @Test
    void aShardsRunKeepsItsShardConfigHashAndPlan() throws Exception {
        Path db = dir.resolve("wst.db");
        try (HistoryStore store = HistoryStore.open(db)) {
            long id;
            EvalRun run;
            try (RunRecorder rec = store.record(RunStart.of(six()))) {
                run = shard(2, 3, rec);
                rec.finish(run);
                id = rec.runId();
            }
            RunSummary r = store.run(id).orElseThrow();
            assertEquals(Optional.of("2/3"), r.shard());
            assertEquals(Optional.of("cfg-hash"), r.configHash());
            assertEquals(2, r.total());
            assertEquals("2/3", Fake.queryString(db, "SELECT shard FROM runs WHERE id = " + id));
            assertEquals("cfg-hash", Fake.queryString(db, "SELECT config_hash FROM runs WHERE id = " + id));
            EvalRun back = store.load(id, true);
            ShardInfo s = back.sharding().orElseThrow();
            assertEquals(run.sharding().orElseThrow(), s);
            assertEquals(OptionalInt.of(6), s.plannedTotal());
            assertTrue(s.planHash().isPresent());
            // so `wst show ID -o shard.json` writes a shard's file that merges with the others
            Path exported = dir.resolve("from-store.json");
            Reports.write(back, exported);
            List<ShardMerge.Input> inputs = new ArrayList<>();
            inputs.add(new ShardMerge.Input(exported, ResultsFile.read(exported)));
            for (int i : List.of(1, 3)) {
                Path f = dir.resolve("shard-" + i + ".json");
                Reports.write(shard(i, 3, EvalListener.NONE), f);
                inputs.add(new ShardMerge.Input(f, ResultsFile.read(f)));
            }
            EvalRun merged = ShardMerge.merge(inputs, false).run();
            assertEquals("4 passed, 1 failed, 1 errors", merged.stats().summaryLine());
            assertEquals(6, merged.results().size());
        }
    }

    @Test
    void importedShardAndMergedFilesKeepTheirShardsAndTheSecretsAreScrubbed() throws Exception {
        List<ShardMerge.Input> inputs = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            Path f = dir.resolve("shard-" + i + ".json");
            Reports.write(shard(i, 3, EvalListener.NONE), f);
            inputs.add(new ShardMerge.Input(f, ResultsFile.read(f)));
        }
        Path db = dir.resolve("ci.db");
        try (HistoryStore store = HistoryStore.open(db)) {
            RunSummary one = store.importReport(inputs.getFirst().file(), Set.of("sk-shard-secret-0123"));
            assertEquals(Optional.of("1/3"), one.shard());
            assertEquals(Optional.of("cfg-hash"), one.configHash());
            // the longest gap between frames comes in too (the report calls it maxFrameGapMs)
            assertEquals(10, Fake.queryLong(db, "SELECT MAX(max_gap_ms) FROM results WHERE run_id = " + one.id()));

            EvalRun merged = ShardMerge.merge(inputs, false).run();
            Object json = Json.parse(Json.stringify(Reports.toMap(merged)));
            RunSummary m = store.importReport(
                    json, "wst merge shard-1.json shard-2.json shard-3.json", Set.of("sk-shard-secret-0123"));
            assertEquals(RunSummary.Kind.IMPORT, m.kind());
            assertEquals(Optional.of("1-3/3"), m.shard());
            assertEquals(
                    "wst merge shard-1.json shard-2.json shard-3.json",
                    m.source().orElseThrow());
            assertEquals(6, m.total());
            assertEquals(merged.stats().successes(), m.successes());
            assertEquals(6, m.planned().orElseThrow());
            ShardInfo s = store.load(m.id(), false).sharding().orElseThrow();
            assertEquals(3, s.parts().size());
            assertEquals(merged.sharding().orElseThrow().parts(), s.parts());
            for (String suffix : List.of("", "-wal", "-shm")) {
                Path f = Path.of(db + suffix);
                if (Files.exists(f)) {
                    assertFalse(
                            new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1)
                                    .contains("sk-shard-secret-0123"),
                            "the secret was scrubbed from " + f);
                }
            }
            assertEquals(
                    0, Fake.queryLong(db, "SELECT COUNT(*) FROM results WHERE prompt LIKE '%sk-shard-secret-0123%'"));

            Object bad = Json.parse(
                    "{\"results\": {\"results\": []}, \"metadata\": {\"shard\": \"5/3\"," + " \"configHash\": \"x\"}}");
            HistoryException e =
                    assertThrows(HistoryException.class, () -> store.importReport(bad, "bad.json", Set.of()));
            assertEquals(HistoryException.Kind.BAD_INPUT, e.kind());
            assertTrue(e.getMessage().startsWith("bad.json: metadata.shard: not a shard label"), e.getMessage());
            assertEquals(2, store.runs(0).size());
        }
    }
}
