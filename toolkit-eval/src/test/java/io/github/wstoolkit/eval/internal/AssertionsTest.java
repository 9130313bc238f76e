package io.github.wstoolkit.eval.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wstoolkit.api.CallTimings;
import io.github.wstoolkit.api.Provider;
import io.github.wstoolkit.api.ProviderResponse;
import io.github.wstoolkit.api.template.TemplateEngine;
import io.github.wstoolkit.eval.AssertionSpec;
import io.github.wstoolkit.eval.AssertionType;
import io.github.wstoolkit.eval.GradingResult;
import io.github.wstoolkit.eval.TestCase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class AssertionsTest {

    private final AtomicReference<String> graderPrompt = new AtomicReference<>();
    private final AtomicReference<Object> graderSpec = new AtomicReference<>();
    private final Assertions assertions = new Assertions(TemplateEngine.create(), spec -> {
        graderSpec.set(spec);
        return new Provider() {
            @Override
            public String id() {
                return "grader";
            }

            @Override
            public ProviderResponse call(String prompt, io.github.wstoolkit.api.CallContext context) {
                graderPrompt.set(prompt);
                boolean polite = prompt.contains("please");
                return ProviderResponse.of("Verdict: {\"pass\": " + polite + ", \"score\": " + (polite ? 0.9 : 0.2)
                        + ", \"reason\": \"" + (polite ? "polite" : "rude") + "\"}");
            }
        };
    });

    private static final CallTimings STREAM = new CallTimings(
            Duration.ofMillis(3),
            Optional.of(Duration.ofMillis(40)),
            Duration.ofMillis(300),
            12,
            400,
            Optional.of(Duration.ofMillis(90)),
            List.of());

    private GradingResult check(AssertionSpec a, Object output) throws Exception {
        return check(TestCase.of(Map.of("city", "Paris"), List.of(a)), output);
    }

    private GradingResult check(TestCase t, Object output) throws Exception {
        ProviderResponse resp = ProviderResponse.of(output).withTimings(STREAM);
        return assertions.runAll(t, new Assertions.Subject(output, resp, 250, t.vars(), t, Map.of()));
    }

    private boolean passes(String type, Object value, Object output) throws Exception {
        return check(AssertionSpec.of(type, value), output).pass();
    }

    @Test
    void stringAssertionsAndTheirNotForms() throws Exception {
        assertTrue(passes("equals", "Paris", "Paris"));
        assertFalse(passes("equals", "Paris", "paris"));
        assertTrue(passes("equals", "{{city}}", "Paris"));
        assertTrue(passes("equals", Map.of("a", 1), "{\"a\": 1.0}"));
        assertTrue(passes("contains", "ari", "Paris"));
        assertTrue(passes("not-contains", "Rome", "Paris"));
        assertFalse(passes("not-contains", "ari", "Paris"));
        assertTrue(passes("icontains", "PARIS", "in paris"));
        assertTrue(passes("contains-any", List.of("Rome", "Paris"), "Paris!"));
        assertFalse(passes("contains-all", List.of("Rome", "Paris"), "Paris!"));
        assertTrue(passes("icontains-all", List.of("ROME", "paris"), "Paris and rome"));
        assertTrue(passes("icontains-any", List.of("x", "PAR"), "paris"));
        assertTrue(passes("not-icontains-any", List.of("x", "y"), "paris"));
        assertTrue(passes("starts-with", "Par", "Paris"));
        assertTrue(passes("regex", "^P\\w+s$", "Paris"));
        assertTrue(passes("not-regex", "\\d", "Paris"));
    }

    @Test
    void failureReasonsSayWhatWasExpected() throws Exception {
        assertEquals(
                "Expected output to contain \"Rome\"",
                check(AssertionSpec.of("contains", "Rome"), "Paris").reason());
        assertEquals(
                "Expected output to not contain \"Par\"",
                check(AssertionSpec.of("not-contains", "Par"), "Paris").reason());
        assertEquals(
                "Expected output \"Paris\" to equal \"Rome\"",
                check(AssertionSpec.of("equals", "Rome"), "Paris").reason());
        assertEquals(
                "Expected output to contain all of \"x, Paris, y\"; missing \"x, y\"",
                check(AssertionSpec.of("contains-all", List.of("x", "Paris", "y")), "Paris")
                        .reason());
    }

    @Test
    void jsonAssertionsWithASchema() throws Exception {
        Map<String, Object> schema = Map.of(
                "type",
                "object",
                "required",
                List.of("city", "population"),
                "properties",
                Map.of(
                        "city", Map.of("type", "string", "minLength", 2),
                        "population", Map.of("type", "integer", "minimum", 0)),
                "additionalProperties",
                false);
        assertTrue(passes("is-json", null, "{\"city\": \"Paris\"}"));
        assertFalse(passes("is-json", null, "Paris"));
        assertTrue(passes("not-is-json", null, "Paris"));
        assertTrue(passes("is-json", schema, "{\"city\": \"Paris\", \"population\": 2100000}"));
        GradingResult bad = check(AssertionSpec.of("is-json", schema), "{\"city\": \"P\", \"extra\": 1}");
        assertFalse(bad.pass());
        assertEquals(
                "JSON does not conform to the provided schema. Errors: /: must have required property"
                        + " 'population'; /city: must have at least 2 characters; /: must not have additional property"
                        + " 'extra'",
                bad.reason());
        assertTrue(passes("contains-json", schema, "Here: {\"city\": \"Paris\", \"population\": 1} done"));
        assertFalse(passes("contains-json", null, "no json {here"));
        assertTrue(passes("is-json", Map.of("type", "array", "items", Map.of("enum", List.of(1, 2))), "[1, 2, 1]"));
        assertTrue(passes("is-json", Map.of("anyOf", List.of(Map.of("type", "string"), Map.of("const", 3))), "3"));
        assertFalse(passes("is-json", Map.of("oneOf", List.of(Map.of("type", "number"), Map.of("minimum", 1))), "3"));
        assertTrue(passes(
                "is-json", Map.of("allOf", List.of(Map.of("type", "string"), Map.of("pattern", "^a"))), "\"abc\""));
        assertTrue(passes("is-json", Map.of("type", "number", "maximum", 5), "5"));
    }

    @Test
    void levenshteinUsesTheThresholdAsTheLargestDistance() throws Exception {
        assertEquals(3, Assertions.levenshtein("kitten", "sitting"));
        assertTrue(check(AssertionSpec.of("levenshtein", "sitting").withThreshold(3), "kitten")
                .pass());
        GradingResult r = check(AssertionSpec.of("levenshtein", "sitting").withThreshold(2), "kitten");
        assertEquals("Levenshtein distance 3 is greater than threshold 2", r.reason());
        assertTrue(passes("levenshtein", "kitten", "kittens"));
    }

    @Test
    void latencyAndStreamingAssertionsReadTheCallTimings() throws Exception {
        assertTrue(
                check(AssertionSpec.of("latency", null).withThreshold(300), "x").pass());
        assertEquals(
                "Latency 250ms is greater than threshold 100ms",
                check(AssertionSpec.of("latency", null).withThreshold(100), "x").reason());
        assertTrue(check(AssertionSpec.of("ttft", null).withThreshold(40), "x").pass());
        assertEquals(
                "Time to first frame 40ms is greater than threshold 39ms",
                check(AssertionSpec.of("ttft", null).withThreshold(39), "x").reason());
        assertTrue(passes("frames", Map.of("min", 2, "max", 50), "x"));
        assertEquals(
                "Expected at least 13 frames, received 12",
                check(AssertionSpec.of("frames", Map.of("min", 13)), "x").reason());
        assertTrue(passes("frames", 12, "x"));
        assertTrue(passes("not-frames", 11, "x"));
        assertTrue(check(AssertionSpec.of("max-frame-gap", null).withThreshold(90), "x")
                .pass());
        assertFalse(check(AssertionSpec.of("max-frame-gap", null).withThreshold(89), "x")
                .pass());
        TestCase t =
                TestCase.of(Map.of(), List.of(AssertionSpec.of("ttft", null).withThreshold(10)));
        GradingResult none =
                assertions.runAll(t, new Assertions.Subject("x", ProviderResponse.of("x"), 1, Map.of(), t, Map.of()));
        assertEquals(
                "No frame was received, so there is no time to first frame",
                none.componentResults().getFirst().reason());
    }

    @Test
    void customFunctionsReturnABooleanAScoreOrAGradingResult() throws Exception {
        assertTrue(check(AssertionSpec.of("groovy", "x").withFunction((o, c) -> o.equals("Paris")), "Paris")
                .pass());
        GradingResult score =
                check(AssertionSpec.of("groovy", "x").withThreshold(0.5).withFunction((o, c) -> 0.4), "x");
        assertFalse(score.pass());
        assertEquals(0.4, score.score());
        assertTrue(check(AssertionSpec.of("groovy", "x").withFunction((o, c) -> 0.1), "x")
                .pass());
        GradingResult map = check(
                AssertionSpec.of("javascript", "x")
                        .withFunction((o, c) -> Map.of("pass", false, "score", 0.3, "reason", "too short")),
                "x");
        assertEquals("too short", map.reason());
        assertEquals(0.3, map.score());
        GradingResult thrown = check(
                AssertionSpec.of("groovy", "x").withFunction((o, c) -> {
                    throw new IllegalStateException("boom");
                }),
                "x");
        assertEquals("Custom function threw error: boom", thrown.reason());
        GradingResult odd = check(AssertionSpec.of("groovy", "x").withFunction((o, c) -> "text"), "x");
        assertTrue(odd.reason().startsWith("Custom function must return"), odd.reason());
        assertTrue(check(AssertionSpec.of("not-groovy", "x").withFunction((o, c) -> false), "x")
                .pass());
    }

    @Test
    void weightsThresholdsAndMetricsCombineAsPromptfooDoes() throws Exception {
        AssertionSpec pass = withMetric(AssertionSpec.of("contains", "Paris").withWeight(3), "accuracy");
        AssertionSpec fail = withMetric(AssertionSpec.of("contains", "Rome"), "accuracy");
        AssertionSpec info = AssertionSpec.of("contains", "Berlin").withWeight(0);
        GradingResult all = check(TestCase.of(Map.of(), List.of(pass, fail, info)), "Paris");
        assertFalse(all.pass());
        assertEquals(0.75, all.score());
        assertEquals("Expected output to contain \"Rome\"", all.reason());
        assertEquals(Map.of("accuracy", 0.75), all.namedScores());
        assertEquals(3, all.componentResults().size());
        assertEquals(
                "contains",
                all.componentResults().get(1).assertion().orElseThrow().typeName());

        TestCase withThreshold = new TestCase(
                Optional.empty(), Map.of(), List.of(pass, fail), Map.of(), Map.of(), OptionalDouble.of(0.7), "");
        GradingResult t = check(withThreshold, "Paris");
        assertTrue(t.pass());
        assertEquals("Aggregate score 0.75 ≥ 0.7 threshold", t.reason());

        GradingResult onlyInfo = check(TestCase.of(Map.of(), List.of(pass, info)), "Paris");
        assertTrue(onlyInfo.pass(), "a weight-0 assertion does not fail the test");
        assertEquals(
                "No assertions", check(TestCase.of(Map.of(), List.of()), "x").reason());
    }

    @Test
    void assertSetCombinesItsChildrenWithItsOwnThreshold() throws Exception {
        AssertionSpec set = AssertionSpec.builder(AssertionType.ASSERT_SET)
                .threshold(0.5)
                .children(List.of(AssertionSpec.of("contains", "Paris"), AssertionSpec.of("contains", "Rome")))
                .build();
        GradingResult r = check(TestCase.of(Map.of(), List.of(set)), "Paris");
        assertTrue(r.pass());
        GradingResult inner = r.componentResults().getFirst();
        assertEquals("assert-set", inner.assertion().orElseThrow().typeName());
        assertEquals(2, inner.componentResults().size());
        assertEquals(0.5, inner.score());
    }

    @Test
    void llmRubricAsksTheGraderAndReadsItsJsonVerdict() throws Exception {
        AssertionSpec rubric = AssertionSpec.builder(AssertionType.LLM_RUBRIC)
                .value("is polite")
                .provider("test:grader")
                .build();
        GradingResult ok = check(rubric, "could you please wait");
        assertTrue(ok.pass());
        assertEquals(0.9, ok.score());
        assertEquals("polite", ok.componentResults().getFirst().reason());
        assertEquals("test:grader", graderSpec.get());
        assertTrue(graderPrompt.get().contains("<Output>\ncould you please wait\n</Output>"), graderPrompt.get());
        assertTrue(graderPrompt.get().contains("<Rubric>\nis polite\n</Rubric>"));
        GradingResult bad = check(rubric, "go away");
        assertFalse(bad.pass());
        assertEquals("rude", bad.reason());
        TestCase noGrader = TestCase.of(Map.of(), List.of(AssertionSpec.of("llm-rubric", "x")));
        assertTrue(check(noGrader, "x").reason().startsWith("llm-rubric needs a grader"));
        TestCase viaOptions = TestCase.of(Map.of(), List.of(AssertionSpec.of("llm-rubric", "x")))
                .withOptions(Map.of("provider", Map.of("id", "test:other")));
        check(viaOptions, "please");
        assertEquals(Map.of("id", "test:other"), graderSpec.get());
    }

    @Test
    void perAssertionTransformRunsBeforeTheCheck() throws Exception {
        AssertionSpec a = AssertionSpec.builder(AssertionType.EQUALS)
                .value("PARIS")
                .transform((o, c) -> o.toString().toUpperCase())
                .build();
        assertTrue(check(a, "paris").pass());
    }

    private static AssertionSpec withMetric(AssertionSpec a, String metric) {
        return a.withMetric(metric);
    }
}
