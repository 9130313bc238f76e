package io.github.wstoolkit.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.wstoolkit.api.TokenUsage;
import org.junit.jupiter.api.Test;

/** A run's counts, as the summary line and the reports give them. */
class EvalStatsTest {

    @Test
    void theSummaryCountsEveryCaseOnce() {
        EvalStats s = new EvalStats(3, 1, 2, TokenUsage.NONE, 1500);
        assertEquals(6, s.total());
        assertEquals(50.0, s.passRate());
        assertEquals("3 passed, 1 failed, 2 errors", s.summaryLine());
    }

    @Test
    void aRunWithoutCasesPassesAll() {
        EvalStats none = new EvalStats(0, 0, 0, TokenUsage.NONE, 0);
        assertEquals(0, none.total());
        assertEquals(100.0, none.passRate());
        assertEquals(0.0, new EvalStats(0, 2, 0, TokenUsage.NONE, 0).passRate());
        assertEquals(100.0 / 3, new EvalStats(1, 0, 2, TokenUsage.NONE, 0).passRate());
    }
}
