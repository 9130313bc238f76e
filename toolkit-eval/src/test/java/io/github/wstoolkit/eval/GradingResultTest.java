package io.github.wstoolkit.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GradingResultTest {

    @Test
    void theAssertionIsWrittenWithItsConfigNameNotTheEnumConstant() {
        Map<String, Object> m = GradingResult.fail("Expected output not to contain \"x\"")
                .withAssertion(AssertionSpec.of("not-contains", "x"))
                .toMap();
        assertEquals(Map.of("type", "not-contains", "value", "x"), m.get("assertion"));
        Map<String, Object> plain = GradingResult.pass("ok")
                .withAssertion(AssertionSpec.of("starts-with", "You"))
                .toMap();
        assertEquals("starts-with", ((Map<?, ?>) plain.get("assertion")).get("type"));
    }

    @Test
    void passAndFailScoreOneAndZero() {
        GradingResult pass = GradingResult.pass("fine");
        assertTrue(pass.pass());
        assertEquals(1.0, pass.score());
        assertEquals("fine", pass.reason());
        assertEquals(Optional.empty(), pass.assertion());
        GradingResult fail = GradingResult.fail("no");
        assertFalse(fail.pass());
        assertEquals(0.0, fail.score());
        assertEquals(List.of(), fail.componentResults());
        assertEquals(Map.of(), fail.namedScores());
        assertThrows(NullPointerException.class, () -> GradingResult.of(true, 1, null));
    }

    @Test
    void aPlainResultMapsToPassScoreAndReasonOnly() {
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("pass", false);
        expected.put("score", 0.25);
        expected.put("reason", "partly");
        assertEquals(expected, GradingResult.of(false, 0.25, "partly").toMap());
        assertEquals(
                List.of("pass", "score", "reason"),
                List.copyOf(GradingResult.of(false, 0.25, "partly").toMap().keySet()));
    }

    @Test
    void theAssertionKeepsThresholdWeightAndMetricOnlyWhenSet() {
        AssertionSpec full = AssertionSpec.of("levenshtein", "hello")
                .withThreshold(0.8)
                .withWeight(2)
                .withMetric("quality");
        Map<String, Object> m = GradingResult.pass("ok").withAssertion(full).toMap();
        assertEquals(
                Map.of("type", "levenshtein", "value", "hello", "threshold", 0.8, "weight", 2.0, "metric", "quality"),
                m.get("assertion"));
        Map<String, Object> bare = GradingResult.pass("ok")
                .withAssertion(AssertionSpec.of("is-json", null))
                .toMap();
        assertEquals(Map.of("type", "is-json"), bare.get("assertion"), "no value, weight 1, no threshold or metric");
    }

    @Test
    void aCombinedResultListsItsComponentsAndNamedScores() {
        GradingResult a = GradingResult.pass("a").withAssertion(AssertionSpec.of("contains", "a"));
        GradingResult b = GradingResult.fail("b");
        Map<String, Double> named = new LinkedHashMap<>();
        named.put("quality", 0.5);
        GradingResult all = new GradingResult(false, 0.5, "1 of 2", Optional.empty(), List.of(a, b), named);
        Map<String, Object> m = all.toMap();
        assertEquals(List.of(a.toMap(), b.toMap()), m.get("componentResults"));
        assertEquals(Map.of("quality", 0.5), m.get("namedScores"));
        assertFalse(m.containsKey("assertion"));
        named.put("later", 1.0);
        assertEquals(Map.of("quality", 0.5), all.namedScores(), "a copy, not a view");
        assertThrows(UnsupportedOperationException.class, () -> all.componentResults()
                .add(b));
        assertEquals(
                all.componentResults(),
                all.withAssertion(AssertionSpec.of("equals", "x")).componentResults());
        assertEquals(
                named.size() - 1,
                all.withAssertion(AssertionSpec.of("equals", "x")).namedScores().size());
    }
}
