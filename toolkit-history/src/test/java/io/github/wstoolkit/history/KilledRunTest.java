package io.github.wstoolkit.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wstoolkit.eval.EvalRun;
import io.github.wstoolkit.eval.RunOptions;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real process recording a run is killed (SIGKILL): the database keeps what finished, and --resume finishes it. */
class KilledRunTest {

    @TempDir
    Path dir;

    @Test
    void aKilledRunKeepsWhatFinishedAndResumeFinishesIt() throws Exception {
        Path db = dir.resolve("wst.db");
        HistoryStore.open(db).close();
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cp = new ArrayList<>();
        for (String prop : List.of("jdk.module.path", "java.class.path")) {
            String v = System.getProperty(prop, "");
            Arrays.stream(v.split(File.pathSeparator)).filter(s -> !s.isBlank()).forEach(cp::add);
        }
        cp.add(Path.of("target", "test-classes").toAbsolutePath().toString());
        cp.add(Path.of("target", "classes").toAbsolutePath().toString());
        Process child = new ProcessBuilder(
                        java,
                        "-cp",
                        String.join(File.pathSeparator, cp),
                        KilledRunChild.class.getName(),
                        db.toString(),
                        dir.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("child.log").toFile())
                .start();
        try {
            // the quick cases are committed while the process lives; the stuck ones never finish
            Fake.await("the child's " + KilledRunChild.QUICK + " quick results", Duration.ofSeconds(90), () -> {
                assertTrue(child.isAlive(), () -> "the child died: " + log());
                return Fake.queryLong(db, "SELECT COUNT(*) FROM results") == KilledRunChild.QUICK;
            });
            try (HistoryStore store = HistoryStore.openExisting(db)) {
                assertEquals(
                        RunSummary.Status.RUNNING, store.latest().orElseThrow().status());
            }
        } finally {
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no finish()
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        }
        assertEquals(137, child.exitValue(), "killed by SIGKILL");
        try (HistoryStore store = HistoryStore.openExisting(db)) {
            RunSummary killed = store.latest().orElseThrow();
            assertEquals(RunSummary.Status.INCOMPLETE, killed.status(), "its process is gone");
            assertEquals(KilledRunChild.QUICK, killed.total());
            assertEquals(KilledRunChild.QUICK, killed.successes(), "counts were committed with the rows");
            assertEquals(
                    KilledRunChild.QUICK + KilledRunChild.STUCK,
                    killed.planned().orElseThrow());
            assertEquals(killed.id(), store.latestResumable().orElseThrow().id());
            assertEquals("ok", Fake.queryString(db, "PRAGMA integrity_check"));
            assertEquals(KilledRunChild.QUICK * 11L, Fake.queryLong(db, "SELECT COUNT(*) FROM frames"));

            // --resume: the same config, only what is missing, into the same run
            Map<String, String> statuses = store.caseStatuses(killed.id());
            Reruns.Selection sel = Reruns.selecting(k -> !statuses.containsKey(k));
            Fake fake = new Fake();
            fake.open("never");
            try (RunRecorder rec = store.resume(killed.id(), RunStart.of(KilledRunChild.config(dir)), sel::keys)) {
                EvalRun rest = Fake.run(
                        KilledRunChild.config(dir),
                        fake.registryOf(),
                        RunOptions.builder().selectCases(sel).build(),
                        rec);
                assertEquals(KilledRunChild.STUCK, rest.results().size());
                rec.finish(rest);
            }
            RunSummary done = store.run(killed.id()).orElseThrow();
            assertEquals(RunSummary.Status.COMPLETE, done.status());
            assertEquals(KilledRunChild.QUICK + KilledRunChild.STUCK, done.total());
            assertEquals(
                    done.total(),
                    Fake.queryLong(db, "SELECT COUNT(DISTINCT idx) FROM results WHERE run_id = " + done.id()));
        }
    }

    private String log() {
        try {
            return java.nio.file.Files.readString(dir.resolve("child.log"));
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}
