package io.github.wstoolkit.eval.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.wstoolkit.api.ConfigException;
import io.github.wstoolkit.api.json.Json;
import io.github.wstoolkit.eval.EvalResult;
import io.github.wstoolkit.eval.EvalRun;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Results files that hold less than wst writes (promptfoo's own output, hand-trimmed files): what each missing field
 * defaults to when read back.
 */
class ResultsFileTest {

    private static EvalRun read(String json) {
        return ResultsFile.of(Json.parse(json));
    }

    private static EvalResult one(String result) {
        return read("{\"results\": {\"results\": [" + result + "]}}").results().getFirst();
    }

    @Test
    void theRunsDescriptionComesFromItsMetadataElseItsConfig() {
        assertEquals(
                Optional.of("from metadata"),
                read("{\"results\": {\"results\": []}, \"config\": {\"description\": \"from config\"},"
                                + " \"metadata\": {\"description\": \"from metadata\"}}")
                        .config()
                        .description());
        assertEquals(
                Optional.of("from config"),
                read("{\"results\": {\"results\": []}, \"config\": {\"description\": \"from config\"}}")
                        .config()
                        .description());
        assertEquals("eval-imported", read("{\"results\": {\"results\": []}}").evalId());
    }

    @Test
    void aResultsDescriptionAndVarsFallBackToItsTestCase() {
        assertEquals(
                Optional.of("in test case"),
                one("{\"testCase\": {\"description\": \"in test case\"}}")
                        .test()
                        .description());
        assertEquals(
                Optional.of("top"),
                one("{\"description\": \"top\", \"testCase\": {\"description\": \"in test case\"}}")
                        .test()
                        .description());
        assertEquals(Optional.empty(), one("{}").test().description());
        EvalResult noTestVars = one("{\"vars\": {\"a\": 1}, \"testCase\": {}}");
        assertEquals(Map.of("a", 1), noTestVars.test().vars());
        EvalResult testVars = one("{\"vars\": {\"a\": 1}, \"testCase\": {\"vars\": {\"b\": [1, 2]}}}");
        assertEquals(Map.of("b", List.of(1, 2)), testVars.test().vars());
        assertEquals(Map.of("a", 1), testVars.vars());
    }

    @Test
    void withoutAFailureReasonOrScoreTheyFollowSuccessAndError() {
        EvalResult passed = one("{\"success\": true}");
        assertEquals(EvalResult.FailureReason.NONE, passed.failureReason());
        assertEquals(1, passed.score());
        EvalResult failed = one("{\"success\": false}");
        assertEquals(EvalResult.FailureReason.ASSERT, failed.failureReason());
        assertEquals(0, failed.score());
        EvalResult errored = one("{\"success\": false, \"error\": \"Error: boom\"}");
        assertEquals(EvalResult.FailureReason.ERROR, errored.failureReason());
        assertEquals(Optional.of("Error: boom"), errored.error());
        assertEquals(0.5, one("{\"success\": true, \"score\": 0.5}").score());
        assertEquals(
                EvalResult.FailureReason.ASSERT,
                one("{\"success\": true, \"failureReason\": 1}").failureReason());
    }

    @Test
    void assertionsThisVersionCannotHoldAreLeftOut() {
        EvalResult r = one("{\"testCase\": {\"assert\": [{\"type\": \"not-assert-set\"}, {\"type\": \"similar\"},"
                + " {\"type\": \"not-contains\", \"value\": \"x\", \"weight\": 2, \"threshold\": 0.5, \"metric\": \"m\"},"
                + " {\"type\": \"assert-set\", \"assert\": [{\"type\": \"equals\", \"value\": 1}]}]}}");
        assertEquals(2, r.test().asserts().size());
        var notContains = r.test().asserts().getFirst();
        assertEquals("not-contains", notContains.typeName());
        assertEquals("x", notContains.value());
        assertEquals(2, notContains.weight());
        assertEquals(0.5, notContains.threshold().getAsDouble());
        assertEquals(Optional.of("m"), notContains.metric());
        assertEquals("equals", r.test().asserts().get(1).children().getFirst().typeName());
    }

    @Test
    void aFileNamedOnlyByItsExtensionIsStillThatFormat() {
        assertEquals(ReportFormat.JSON, ReportFormat.of(Path.of("out", ".json")));
        assertThrows(ConfigException.class, () -> ReportFormat.of(Path.of("results")));
    }

    @Test
    void yamlWritesBytesAsBase64AtAnyDepth() {
        assertEquals(
                "a:\n  b: base64:AQI=\n  c:\n  - base64:/w==\n",
                Reports.yaml(Map.of(
                        "a", new java.util.TreeMap<>(Map.of("b", new byte[] {1, 2}, "c", List.of(new byte[] {-1}))))));
    }
}
