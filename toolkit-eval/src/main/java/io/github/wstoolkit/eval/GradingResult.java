package io.github.wstoolkit.eval;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How an output fared against one assertion, or against all of a test's assertions (then with
 * {@link #componentResults()}), as promptfoo's {@code GradingResult}.
 *
 * @param pass whether it passed
 * @param score from 0 to 1
 * @param reason why, in words
 * @param assertion the assertion graded (absent for a test's combined result)
 * @param componentResults the results it combines, in the order of the assertions
 * @param namedScores scores by metric name ({@code metric:} of the assertions)
 */
public record GradingResult(
        boolean pass,
        double score,
        String reason,
        Optional<AssertionSpec> assertion,
        List<GradingResult> componentResults,
        Map<String, Double> namedScores) {

    public GradingResult {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(assertion, "assertion");
        componentResults = List.copyOf(componentResults);
        namedScores = Collections.unmodifiableMap(new LinkedHashMap<>(namedScores));
    }

    public static GradingResult of(boolean pass, double score, String reason) {
        return new GradingResult(pass, score, reason, Optional.empty(), List.of(), Map.of());
    }

    public static GradingResult pass(String reason) {
        return of(true, 1, reason);
    }

    public static GradingResult fail(String reason) {
        return of(false, 0, reason);
    }

    public GradingResult withAssertion(AssertionSpec a) {
        return new GradingResult(pass, score, reason, Optional.of(a), componentResults, namedScores);
    }

    /** As plain values for reports: {@code {pass, score, reason, assertion?, componentResults?, namedScores?}}. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pass", pass);
        m.put("score", score);
        m.put("reason", reason);
        assertion.ifPresent(a -> {
            Map<String, Object> am = new LinkedHashMap<>();
            am.put("type", a.typeName());
            if (a.value() != null) {
                am.put("value", a.value());
            }
            a.threshold().ifPresent(t -> am.put("threshold", t));
            if (a.weight() != 1) {
                am.put("weight", a.weight());
            }
            a.metric().ifPresent(x -> am.put("metric", x));
            m.put("assertion", am);
        });
        if (!componentResults.isEmpty()) {
            m.put(
                    "componentResults",
                    componentResults.stream().map(GradingResult::toMap).toList());
        }
        if (!namedScores.isEmpty()) {
            m.put("namedScores", namedScores);
        }
        return m;
    }
}
