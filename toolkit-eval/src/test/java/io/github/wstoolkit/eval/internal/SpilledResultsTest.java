package io.github.wstoolkit.eval.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wstoolkit.eval.ConfigLoader;
import io.github.wstoolkit.eval.Eval;
import io.github.wstoolkit.eval.EvalResult;
import io.github.wstoolkit.eval.EvalStats;
import io.github.wstoolkit.eval.report.Reports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run's results list that writes all but the first results to finish to a temporary file. */
class SpilledResultsTest {

    @TempDir
    Path dir;

    /** 20 results of the echo provider (a prompt back as its output), half of them failing their assertion. */
    private List<EvalResult> results() {
        StringBuilder yaml = new StringBuilder("prompts: ['Say {{ n }}']\nproviders: [echo]\ntests:\n");
        for (int i = 0; i < 20; i++) {
            yaml.append("  - vars: {n: 'number ").append(i).append("'}\n");
            yaml.append("    assert: [{type: contains, value: '")
                    .append(i % 2 == 0 ? "number" : "nothing")
                    .append("'}]\n");
        }
        try (Eval eval =
                Eval.builder().config(ConfigLoader.parse(yaml.toString(), dir)).build()) {
            return new ArrayList<>(eval.run().results());
        }
    }

    @Test
    void resultsRecordedOutOfOrderComeBackInPlanOrderAsTheReportHoldsThem() throws Exception {
        List<EvalResult> all = results();
        Path spillDir = dir.resolve("spill");
        SpilledResults list = new SpilledResults(20, 3, spillDir);
        for (EvalResult r : all.reversed()) {
            list.record(r);
        }
        list.record(all.getFirst()); // recorded twice: kept once
        list.seal();
        list.record(all.get(5)); // after the end: ignored
        assertEquals(20, list.size());
        assertEquals(17, list.spilled());
        assertEquals(EvalStats.of(all, 7), list.stats(7));
        assertEquals("10 passed, 10 failed, 0 errors", list.stats(0).summaryLine());
        for (int i = 0; i < 20; i++) {
            assertEquals(i, list.get(i).index());
            assertEquals(Reports.resultMap(all.get(i)), Reports.resultMap(list.get(i)));
        }
        List<EvalResult> iterated = new ArrayList<>();
        list.forEach(iterated::add);
        assertEquals(
                list.stream().map(Reports::resultMap).toList(),
                iterated.stream().map(Reports::resultMap).toList());
        assertEquals(List.of(all.get(19), all.get(18), all.get(17)), List.of(list.get(19), list.get(18), list.get(17)));
        // the file is unlinked at once: nothing in its folder
        try (Stream<Path> s = Files.list(spillDir)) {
            assertEquals(List.of(), s.toList());
        }
        assertThrows(UnsupportedOperationException.class, () -> list.add(all.getFirst()));
        list.close();
        assertEquals(all.get(19), list.get(19), "held in memory");
        assertThrows(IllegalStateException.class, () -> list.get(0), "written to the closed file");
    }

    @Test
    void whenNoFileCanBeWrittenTheResultsAreHeld() throws Exception {
        List<EvalResult> all = results();
        Path notAFolder = Files.writeString(dir.resolve("file"), "x");
        SpilledResults list = new SpilledResults(20, 2, notAFolder.resolve("spill"));
        all.forEach(list::record);
        list.seal();
        assertEquals(0, list.spilled());
        assertEquals(all, List.copyOf(list));
        assertTrue(list.stats(0).total() == 20);
    }

    @Test
    void aFullCollectionIsAskedForEveryNResultsWrittenToTheFileAndNeverForHeldOnes() throws Exception {
        List<EvalResult> all = results();
        java.util.concurrent.atomic.AtomicInteger collections = new java.util.concurrent.atomic.AtomicInteger();
        List<Integer> writtenAtCollection = new ArrayList<>();
        SpilledResults[] holder = new SpilledResults[1];
        holder[0] = new SpilledResults(
                20,
                3,
                5,
                () -> {
                    collections.incrementAndGet();
                    writtenAtCollection.add(holder[0].spilled());
                },
                dir.resolve("spill"));
        all.forEach(holder[0]::record);
        all.forEach(holder[0]::record); // recorded again: ignored, not counted
        assertEquals(3, collections.get(), "17 written: after the 5th, 10th and 15th");
        assertEquals(List.of(5, 10, 15), writtenAtCollection);

        SpilledResults never = new SpilledResults(20, 3, 0, () -> collections.incrementAndGet(), dir.resolve("spill"));
        all.forEach(never::record);
        assertEquals(3, collections.get(), "0: never");
        SpilledResults failing = new SpilledResults(
                20,
                2,
                1,
                () -> collections.incrementAndGet(),
                Files.writeString(dir.resolve("f"), "x").resolve("s"));
        all.forEach(failing::record);
        assertEquals(3, collections.get(), "results held because no file could be written are not counted");

        // a run that keeps no result: what each case made is garbage at once, so its results count
        SpilledResults counting = SpilledResults.countingOnly(20, 5, collections::incrementAndGet);
        all.forEach(counting::record);
        assertEquals(7, collections.get(), "20 counted: after the 5th, 10th, 15th and 20th");
        // when the run says how many it will record, none after the last: the run is over then
        SpilledResults known = SpilledResults.countingOnly(20, 5, collections::incrementAndGet);
        known.expect(20);
        all.forEach(known::record);
        assertEquals(10, collections.get(), "after the 5th, 10th and 15th, not the 20th and last");
    }

    @Test
    void aRunWhoseCallerNeedsNoResultCountsThemAndKeepsNone() throws Exception {
        List<EvalResult> all = results();
        SpilledResults list = SpilledResults.countingOnly(20);
        all.reversed().forEach(list::record);
        list.record(all.getFirst()); // recorded twice: counted once
        list.seal();
        assertEquals(20, list.size());
        assertEquals(0, list.spilled(), "nothing written to a file");
        assertEquals(EvalStats.of(all, 3), list.stats(3));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> list.get(0));
        assertEquals("the run's results were counted, not kept (RunOptions.keepResults)", e.getMessage());

        // through an eval: its listener still sees every result, the run only their counts
        StringBuilder yaml = new StringBuilder("prompts: ['Say {{ n }}']\nproviders: [echo]\ntests:\n");
        for (int i = 0; i < 5; i++) {
            yaml.append("  - vars: {n: ").append(i).append("}\n    assert: [{type: contains, value: 'Say'}]\n");
        }
        List<EvalResult> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        try (Eval eval = Eval.builder()
                .config(ConfigLoader.parse(yaml.toString(), dir))
                .options(io.github.wstoolkit.eval.RunOptions.builder()
                        .keepResults(false)
                        .build())
                .listener(new io.github.wstoolkit.eval.EvalListener() {
                    @Override
                    public void finished(EvalResult r) {
                        seen.add(r);
                    }
                })
                .build()) {
            io.github.wstoolkit.eval.EvalRun run = eval.run();
            assertEquals(5, run.results().size());
            assertEquals(5, run.stats().successes());
            assertEquals(5, seen.size());
            assertThrows(IllegalStateException.class, () -> run.results().get(4));
        }
    }
}
