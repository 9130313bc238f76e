package io.github.wstoolkit.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wstoolkit.api.ProviderResponse;
import io.github.wstoolkit.eval.EvalResult;
import io.github.wstoolkit.eval.EvalStats;
import io.github.wstoolkit.eval.GradingResult;
import io.github.wstoolkit.eval.PromptSpec;
import io.github.wstoolkit.eval.TestCase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The console table: bounded as promptfoo's, reasons before outputs, colours only when asked for. */
class ResultTableTest {

    private static EvalResult result(int i, EvalResult.FailureReason reason) {
        boolean pass = reason == EvalResult.FailureReason.NONE;
        Optional<GradingResult> grading = reason == EvalResult.FailureReason.ASSERT
                ? Optional.of(GradingResult.of(false, 0, "Expected output to contain \"refund\""))
                : Optional.empty();
        return new EvalResult(
                i,
                i,
                0,
                0,
                PromptSpec.of("{{ q }}"),
                "q" + i,
                "echo",
                "echo",
                TestCase.builder().description("case " + i).build(),
                Map.of(),
                Optional.of(ProviderResponse.of("output of case " + i)),
                reason == EvalResult.FailureReason.ERROR ? Optional.of("Error: connection refused") : Optional.empty(),
                pass,
                pass ? 1 : 0,
                grading,
                12,
                reason,
                1);
    }

    private static String print(List<EvalResult> results, int maxRows, Ansi ansi) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ResultTable.print(new PrintStream(out, true, StandardCharsets.UTF_8), results, 60, maxRows, ansi);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aLongRunShowsTwentyFiveRowsFailuresFirstAndSaysHowManyWereLeftOut() {
        List<EvalResult> results = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            results.add(result(
                    i,
                    i == 250
                            ? EvalResult.FailureReason.ASSERT
                            : i == 299 ? EvalResult.FailureReason.ERROR : EvalResult.FailureReason.NONE));
        }
        String table = print(results, ResultTable.DEFAULT_MAX_ROWS, Ansi.OFF);
        long rows = table.lines()
                .filter(l -> l.startsWith("| ") && !l.startsWith("| # "))
                .count();
        assertEquals(25, rows, table);
        assertTrue(table.endsWith("... 275 more rows not shown ..." + System.lineSeparator()), table);
        // the failure and the error are kept, numbered as in the run, with the reason before the output
        assertTrue(table.contains("| 251 | FAIL   | echo     | case 250 "), table);
        assertTrue(table.contains("| Expected output to contain \"refund\" --- output of case 250 |"), table);
        assertTrue(table.contains("| 300 | ERROR  | echo     | case 299 "), table);
        assertTrue(table.contains("Error: connection refused"), table);
        assertTrue(table.contains("| 1   | PASS "), table);
        assertFalse(table.contains("| 24  | PASS "), "passes fill what the failures leave: " + table);
        assertEquals(
                301,
                print(results, 0, Ansi.OFF)
                        .lines()
                        .filter(l -> l.startsWith("| "))
                        .count());
    }

    @Test
    void colourIsOnlyThereWhenAskedForAndTheSummaryIsColouredPerCount() {
        List<EvalResult> results = List.of(
                result(0, EvalResult.FailureReason.NONE),
                result(1, EvalResult.FailureReason.ASSERT),
                result(2, EvalResult.FailureReason.ERROR));
        String plain = print(results, 25, Ansi.OFF);
        assertFalse(plain.contains("\033["), plain);
        String coloured = print(results, 25, new Ansi(true));
        assertTrue(coloured.contains("\033[32mPASS\033[0m") && coloured.contains("\033[31mFAIL\033[0m"), coloured);
        assertTrue(coloured.contains("\033[33mERROR\033[0m"), coloured);
        // the same layout once the codes are taken out
        assertEquals(plain, coloured.replaceAll("\033\\[[0-9;]*m", ""));
        EvalStats stats = EvalStats.of(results, 10);
        assertEquals("1 passed, 1 failed, 1 errors", ResultTable.summary(stats, Ansi.OFF));
        assertEquals(
                "\033[32m1 passed\033[0m, \033[31m1 failed\033[0m, \033[33m1 errors\033[0m",
                ResultTable.summary(stats, new Ansi(true)));
    }

    @Test
    void noColorAndForceColorAreHonoured() {
        PrintStream other = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        Io io = new Io(System.in, other, other, Map.of("FORCE_COLOR", "1"), java.nio.file.Path.of("."));
        assertTrue(Ansi.forStream(other, io).on());
        assertFalse(Ansi.forStream(other, io.withEnv(Map.of("FORCE_COLOR", "1", "NO_COLOR", "1")))
                .on());
        assertFalse(Ansi.forStream(other, io.withEnv(Map.of())).on(), "not a terminal");
    }

    @Test
    void theProgressLineHasElapsedTimeRateAndEta() {
        assertEquals(
                "[#########.....................] 90/300 (2 failed, 0 errors) 0:12 elapsed, 7.5 cases/s, ETA 0:28",
                EvalCommand.Progress.line(90, 300, 2, 0, 12_000_000_000L));
        assertEquals(
                "[##############################] 3/3 (0 failed, 1 errors) 1:01:05 elapsed, 0.0 cases/s",
                EvalCommand.Progress.line(3, 3, 0, 1, 3_665_000_000_000L));
    }
}
