package io.github.wstoolkit.eval.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.github.wstoolkit.eval.ConfigLoader;
import io.github.wstoolkit.eval.EvalConfig;
import io.github.wstoolkit.eval.EvalResult;
import io.github.wstoolkit.eval.EvalRun;
import io.github.wstoolkit.eval.EvalStats;
import io.github.wstoolkit.eval.PromptSpec;
import io.github.wstoolkit.eval.TestCase;
import io.github.wstoolkit.eval.internal.Csv;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The JSON report's fields for a result and a run, and the CSV's var columns, from results built by hand. */
class ReportMapsTest {

    private static EvalResult errored(int index, TestCase test, Map<String, Object> vars) {
        return new EvalResult(
                index,
                index,
                0,
                0,
                PromptSpec.of("p"),
                "p",
                "echo",
                "echo",
                test,
                vars,
                Optional.empty(),
                Optional.of("Error: refused"),
                false,
                0,
                Optional.empty(),
                3,
                EvalResult.FailureReason.ERROR,
                2);
    }

    @Test
    void aResultWithoutGradingHasEmptyNamedScoresAndItsTestsDescription() {
        TestCase test = TestCase.of(Map.of("q", "x"), List.of()).withDescription("refused call");
        Map<String, Object> m = Reports.resultMap(errored(0, test, test.vars()));
        assertEquals(Map.of(), m.get("namedScores"));
        assertEquals(null, m.get("gradingResult"));
        assertEquals(null, m.get("response"));
        assertEquals("refused call", m.get("description"));
        assertEquals(
                Map.of("description", "refused call", "vars", Map.of("q", "x"), "assert", List.of()),
                m.get("testCase"));
        assertEquals(2, m.get("failureReason"));
        assertEquals(2, m.get("attempts"));
        assertFalse(m.containsKey("attemptErrors"));
        Map<String, Object> bare = Reports.resultMap(errored(1, TestCase.EMPTY, Map.of()));
        assertFalse(bare.containsKey("description"));
        assertFalse(((Map<?, ?>) bare.get("testCase")).containsKey("description"));
    }

    private static EvalRun run(String description, List<EvalResult> results) {
        EvalConfig config = ConfigLoader.parse(
                (description == null ? "" : "description: " + description + "\n") + "prompts: [p]\nproviders: [echo]\n",
                Path.of("."));
        return new EvalRun(
                "eval-m", Instant.parse("2026-01-01T00:00:00Z"), config, results, EvalStats.of(results, 5), 1, false);
    }

    @Test
    void theRunsMetadataHoldsItsDescriptionWhenItHasOne() {
        Map<?, ?> meta = (Map<?, ?>) Reports.toMap(run("nightly", List.of())).get("metadata");
        assertEquals(Map.of("planned", 1, "interrupted", false, "description", "nightly"), meta);
        Map<?, ?> none = (Map<?, ?>) Reports.toMap(run(null, List.of())).get("metadata");
        assertEquals(Map.of("planned", 1, "interrupted", false), none);
    }

    @Test
    void csvVarColumnsHoldTextAsItIsOtherValuesAsJsonAndMissingOnesEmpty() throws Exception {
        Map<String, Object> first = new LinkedHashMap<>();
        first.put("text", "a, b");
        first.put("n", 2);
        Map<String, Object> second = new LinkedHashMap<>();
        second.put("list", List.of(1, "x"));
        second.put("obj", Map.of("k", true));
        EvalRun run = run("csv", List.of(errored(0, TestCase.EMPTY, first), errored(1, TestCase.EMPTY, second)));
        StringWriter w = new StringWriter();
        Reports.write(run, ReportFormat.CSV, w);
        List<List<String>> rows = Csv.parse(w.toString(), ',');
        assertEquals(
                List.of(
                        "id",
                        "description",
                        "provider",
                        "prompt",
                        "var:text",
                        "var:n",
                        "var:list",
                        "var:obj",
                        "output",
                        "pass",
                        "score",
                        "latencyMs",
                        "error",
                        "reason"),
                rows.get(0));
        assertEquals(
                List.of("0", "", "echo", "p", "a, b", "2", "", "", "", "false", "0", "3", "Error: refused", ""),
                rows.get(1));
        assertEquals(List.of("", "", "[1,\"x\"]", "{\"k\":true}"), rows.get(2).subList(4, 8));
    }

    @Test
    void aGradedResultCarriesItsNamedScores() {
        io.github.wstoolkit.eval.GradingResult graded = new io.github.wstoolkit.eval.GradingResult(
                true, 0.75, "ok", Optional.empty(), List.of(), Map.of("accuracy", 0.75));
        EvalResult r = new EvalResult(
                0,
                0,
                0,
                0,
                PromptSpec.of("p"),
                "p",
                "echo",
                "echo",
                TestCase.EMPTY,
                Map.of(),
                Optional.empty(),
                Optional.empty(),
                true,
                0.75,
                Optional.of(graded),
                3,
                EvalResult.FailureReason.NONE,
                1);
        assertEquals(Map.of("accuracy", 0.75), Reports.resultMap(r).get("namedScores"));
    }
}
