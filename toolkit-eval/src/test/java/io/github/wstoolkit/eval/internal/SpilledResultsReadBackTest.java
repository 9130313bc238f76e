package io.github.wstoolkit.eval.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.wstoolkit.api.CallTimings;
import io.github.wstoolkit.api.ProviderResponse;
import io.github.wstoolkit.api.TokenUsage;
import io.github.wstoolkit.eval.EvalResult;
import io.github.wstoolkit.eval.GradingResult;
import io.github.wstoolkit.eval.PromptSpec;
import io.github.wstoolkit.eval.TestCase;
import io.github.wstoolkit.eval.report.Reports;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Results written to the file come back whole in any order: outputs larger than the read window, lines that straddle
 * it, timings to the nanosecond, and the counts and token usage of everything recorded.
 */
class SpilledResultsReadBackTest {

    @TempDir
    Path dir;

    private static EvalResult result(int index, int outputChars) {
        CallTimings t = new CallTimings(
                Duration.ofNanos(1_000_001L + index),
                Optional.of(Duration.ofNanos(5_000_003L + index)),
                Duration.ofNanos(9_000_007L + index),
                3,
                30,
                Optional.of(Duration.ofNanos(2_000_009L + index)),
                List.of());
        ProviderResponse resp = new ProviderResponse(
                "x".repeat(outputChars) + index,
                Optional.empty(),
                Map.of(),
                Optional.of(new TokenUsage(10, 4, 6, 0, 1)),
                t);
        boolean pass = index % 3 != 0;
        return new EvalResult(
                index,
                index,
                0,
                0,
                PromptSpec.of("p"),
                "p",
                "echo",
                "echo",
                TestCase.EMPTY,
                Map.of("i", index),
                Optional.of(resp),
                Optional.empty(),
                pass,
                pass ? 1 : 0,
                Optional.of(pass ? GradingResult.pass("ok") : GradingResult.fail("no")),
                9,
                pass ? EvalResult.FailureReason.NONE : EvalResult.FailureReason.ASSERT,
                1);
    }

    @Test
    void largeAndStraddlingResultsComeBackWholeInAnyOrder() {
        List<EvalResult> all = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            // mostly lines of ~25 KB (two or three to a 64 KiB window, so lines straddle its end), two of 100 KB
            all.add(result(i, i == 7 || i == 15 ? 100_000 : 25_000 + 97 * i));
        }
        try (SpilledResults list = new SpilledResults(24, 1, dir)) {
            List<EvalResult> shuffled = new ArrayList<>(all);
            Collections.shuffle(shuffled, new Random(7));
            shuffled.forEach(list::record);
            list.seal();
            assertEquals(23, list.spilled());
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                order.add(i);
            }
            // the order they were written in reads the file front to back: every line that straddles the window's end
            List<Integer> written = shuffled.stream().map(EvalResult::index).toList();
            for (List<Integer> reads : List.of(written, order, order.reversed(), shuffled(order))) {
                for (int i : reads) {
                    EvalResult back = list.get(i);
                    assertEquals(Reports.resultMap(all.get(i)), Reports.resultMap(back), "result " + i);
                    assertEquals(
                            all.get(i).response().orElseThrow().timings(),
                            back.response().orElseThrow().timings(),
                            "timings of result " + i + " to the nanosecond");
                }
            }
            assertEquals(new TokenUsage(240, 96, 144, 0, 24), list.stats(0).tokenUsage());
            assertEquals(16, list.stats(0).successes());
            assertEquals(8, list.stats(0).failures());
        }
    }

    private static List<Integer> shuffled(List<Integer> in) {
        List<Integer> out = new ArrayList<>(in);
        Collections.shuffle(out, new Random(11));
        return out;
    }

    @Test
    void theFirstResultsToFinishAreHeldUpToTheLimit() {
        try (SpilledResults list = new SpilledResults(5, 2, dir)) {
            for (int i = 0; i < 5; i++) {
                list.record(result(i, 10));
            }
            list.seal();
            assertEquals(3, list.spilled());
        }
        try (SpilledResults none = new SpilledResults(3, 0, dir)) {
            for (int i = 0; i < 3; i++) {
                none.record(result(i, 10));
            }
            none.seal();
            assertEquals(3, none.spilled());
            assertEquals(Reports.resultMap(result(1, 10)), Reports.resultMap(none.get(1)));
        }
    }

    @Test
    void aPlanWithGapsHoldsOnlyWhatWasRecorded() {
        try (SpilledResults list = new SpilledResults(6, 1, dir)) {
            list.record(result(4, 10));
            list.record(result(1, 10));
            list.record(result(5, 10));
            list.seal();
            assertEquals(3, list.size());
            assertEquals(List.of(1, 4, 5), list.stream().map(EvalResult::index).toList());
        }
    }
}
