package io.github.wstoolkit.eval.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wstoolkit.api.CallContext;
import io.github.wstoolkit.api.CallTimings;
import io.github.wstoolkit.api.Provider;
import io.github.wstoolkit.api.ProviderException;
import io.github.wstoolkit.api.ProviderResponse;
import io.github.wstoolkit.api.template.TemplateEngine;
import io.github.wstoolkit.api.transform.AssertionFunction;
import io.github.wstoolkit.eval.AssertionSpec;
import io.github.wstoolkit.eval.AssertionType;
import io.github.wstoolkit.eval.GradingResult;
import io.github.wstoolkit.eval.TestCase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * What each assertion tells the user when it fails (or, negated, when it passes), at the edges of its thresholds, and
 * how results combine into a test's score, reason and named scores.
 */
class AssertionsReasonsTest {

    /** What the grader answers: a response, or a ProviderException to throw. */
    private final AtomicReference<Object> graderReply = new AtomicReference<>(ProviderResponse.of("{\"pass\": true}"));

    private final AtomicReference<String> graderPrompt = new AtomicReference<>();
    private final AtomicReference<CallContext> graderContext = new AtomicReference<>();
    private final AtomicReference<Object> graderSpec = new AtomicReference<>();

    private Assertions assertions(Object defaultGrader) {
        return new Assertions(
                TemplateEngine.create(),
                spec -> {
                    graderSpec.set(spec);
                    if ("broken".equals(spec)) {
                        throw new IllegalArgumentException("unknown provider broken");
                    }
                    return new Provider() {
                        @Override
                        public String id() {
                            return "grader";
                        }

                        @Override
                        public ProviderResponse call(String prompt, CallContext context) throws ProviderException {
                            graderPrompt.set(prompt);
                            graderContext.set(context);
                            Object reply = graderReply.get();
                            if (reply instanceof ProviderException e) {
                                throw e;
                            }
                            return (ProviderResponse) reply;
                        }
                    };
                },
                defaultGrader);
    }

    private final Assertions assertions = assertions(null);

    private static final CallTimings STREAM = new CallTimings(
            Duration.ofMillis(3),
            Optional.of(Duration.ofMillis(40)),
            Duration.ofMillis(300),
            12,
            400,
            Optional.of(Duration.ofMillis(90)),
            List.of());

    private GradingResult check(AssertionSpec a, Object output) throws Exception {
        TestCase t = TestCase.of(Map.of("city", "Paris", "other", "Rome"), List.of(a));
        return one(assertions, t, output, STREAM);
    }

    private static GradingResult one(Assertions as, TestCase t, Object output, CallTimings timings) throws Exception {
        ProviderResponse resp = ProviderResponse.of(output).withTimings(timings);
        GradingResult all = as.runAll(t, new Assertions.Subject(output, resp, 250, t.vars(), t, Map.of()));
        return all.componentResults().getFirst();
    }

    private String reason(String type, Object value, Object output) throws Exception {
        GradingResult r = check(AssertionSpec.of(type, value), output);
        assertFalse(r.pass(), type + " " + value + " on " + output + " should fail");
        assertEquals(0, r.score());
        return r.reason();
    }

    @Test
    void eachStringAssertionNamesWhatItExpected() throws Exception {
        assertEquals("Expected output to contain \"rome\" (ignoring case)", reason("icontains", "rome", "Paris"));
        assertEquals(
                "Expected output to not contain \"paris\" (ignoring case)", reason("not-icontains", "paris", "PARIS"));
        assertEquals("Expected output to start with \"aris\"", reason("starts-with", "aris", "Paris"));
        assertEquals("Expected output to not start with \"Par\"", reason("not-starts-with", "Par", "Paris"));
        assertEquals("Expected output to match regex \"^\\d+$\"", reason("regex", "^\\d+$", "Paris"));
        assertEquals("Expected output to not match regex \"ar\"", reason("not-regex", "ar", "Paris"));
        assertEquals(
                "Expected output to contain one of \"Rome, Oslo\"",
                reason("contains-any", List.of("Rome", "Oslo"), "paris"));
        assertEquals(
                "Expected output to contain one of \"ROME, oslo\" (ignoring case)",
                reason("icontains-any", List.of("ROME", "oslo"), "Paris"));
        assertEquals(
                "Expected output to not contain one of \"x, PAR\" (ignoring case)",
                reason("not-icontains-any", List.of("x", "PAR"), "paris"));
        assertEquals(
                "Expected output to contain all of \"PARIS, rome\"; missing \"rome\" (ignoring case)",
                reason("icontains-all", List.of("PARIS", "rome"), "Paris"));
        assertEquals(
                "Expected output to not contain all of \"Par, is\"",
                reason("not-contains-all", List.of("Par", "is"), "Paris"));
        assertEquals("Expected output \"Paris\" to not equal \"Paris\"", reason("not-equals", "Paris", "Paris"));
        // a number or a single string is a one-item list
        assertEquals("Expected output to contain one of \"42\"", reason("contains-any", 42, "41"));
        assertTrue(check(AssertionSpec.of("contains-all", "Par"), "Paris").pass());
        assertEquals("Expected output to contain \"2.5\"", reason("contains", 2.5, "2"));
        assertEquals("Expected output \"x\" to equal \"\"", reason("equals", null, "x"));
    }

    @Test
    void valuesAreRenderedWithTheTestsVarsListItemsToo() throws Exception {
        assertTrue(check(AssertionSpec.of("contains-all", List.of("{{city}}", "{{ other }}")), "Paris, Rome")
                .pass());
        assertEquals(
                "Expected output to contain all of \"Paris, Rome\"; missing \"Rome\"",
                reason("contains-all", List.of("{{city}}", "{{other}}"), "Paris"));
        // without a brace the value is taken as it is
        assertTrue(check(AssertionSpec.of("equals", "city"), "city").pass());
    }

    @Test
    void equalsComparesStructuredValuesAsJsonAndPlainOnesAsText() throws Exception {
        assertTrue(check(AssertionSpec.of("equals", List.of(1, "a")), "[1.0, \"a\"]")
                .pass());
        assertFalse(
                check(AssertionSpec.of("equals", List.of(1, "a")), "[\"a\", 1]").pass());
        // an output that is already structured is compared as it is, and shown as JSON
        assertTrue(check(AssertionSpec.of("equals", Map.of("a", 1)), Map.of("a", 1.0))
                .pass());
        assertEquals("Expected output \"{\"a\":1}\" to equal \"b\"", reason("equals", "b", Map.of("a", 1)));
        assertEquals("Expected output \"\" to equal \"b\"", reason("equals", "b", null));
        // a text output that is not JSON is not equal to a structured value
        assertFalse(check(AssertionSpec.of("equals", Map.of("a", 1)), "{a: 1}").pass());
        assertTrue(check(AssertionSpec.of("equals", 3), "3").pass());
    }

    @Test
    void aTransformThatThrowsFailsTheAssertionWithItsMessage() throws Exception {
        AssertionSpec a = AssertionSpec.builder(AssertionType.CONTAINS)
                .value("x")
                .transform((o, c) -> {
                    throw new IllegalStateException("no field 'text'");
                })
                .build();
        GradingResult r = check(a, "x");
        assertFalse(r.pass());
        assertEquals("Error in assertion transform: no field 'text'", r.reason());
        AssertionSpec npe = AssertionSpec.builder(AssertionType.CONTAINS)
                .value("x")
                .transform((o, c) -> {
                    throw new NullPointerException();
                })
                .build();
        assertEquals(
                "Error in assertion transform: NullPointerException",
                check(npe, "x").reason());
        // the transform's value is what the assertion sees, as JSON when structured
        AssertionSpec toMap = AssertionSpec.builder(AssertionType.CONTAINS)
                .value("\"n\":2")
                .transform((o, c) -> Map.of("n", 2))
                .build();
        assertTrue(check(toMap, "ignored").pass());
    }

    @Test
    void levenshteinDefaultsToADistanceOfFive() throws Exception {
        assertEquals(0, Assertions.levenshtein("", ""));
        assertEquals(4, Assertions.levenshtein("", "abcd"));
        assertEquals(4, Assertions.levenshtein("abcd", ""));
        assertEquals(1, Assertions.levenshtein("abc", "abd"));
        assertEquals(2, Assertions.levenshtein("ab", "ba"));
        assertTrue(check(AssertionSpec.of("levenshtein", "abcde"), "").pass());
        assertTrue(check(AssertionSpec.of("levenshtein", "abcde"), "vwxyz").pass());
        assertEquals("Levenshtein distance 6 is greater than threshold 5", reason("levenshtein", "abcdef", ""));
        assertEquals(
                "Levenshtein distance 0 is not greater than threshold 5", reason("not-levenshtein", "same", "same"));
        assertTrue(check(AssertionSpec.of("not-levenshtein", "abcdef"), "").pass());
    }

    @Test
    void timingThresholdsIncludeTheirLimit() throws Exception {
        assertTrue(
                check(AssertionSpec.of("latency", null).withThreshold(250), "x").pass());
        GradingResult notLatency = check(AssertionSpec.of("not-latency", null).withThreshold(250), "x");
        assertEquals("Latency 250ms is not greater than threshold 250ms", notLatency.reason());
        assertTrue(check(AssertionSpec.of("not-latency", null).withThreshold(249.5), "x")
                .pass());
        assertEquals(
                "Time to first frame 40ms is not greater than threshold 40ms",
                check(AssertionSpec.of("not-ttft", null).withThreshold(40), "x").reason());
        assertTrue(check(AssertionSpec.of("max-frame-gap", null).withThreshold(90), "x")
                .pass());
        assertEquals(
                "Longest gap between frames 90ms is greater than threshold 89.5ms",
                check(AssertionSpec.of("max-frame-gap", null).withThreshold(89.5), "x")
                        .reason());
        assertEquals(
                "Longest gap between frames 90ms is not greater than threshold 90ms",
                check(AssertionSpec.of("not-max-frame-gap", null).withThreshold(90), "x")
                        .reason());
        // no frame at all: no gap, and no time to first frame (which the not- form accepts)
        TestCase gap = TestCase.of(
                Map.of(), List.of(AssertionSpec.of("max-frame-gap", null).withThreshold(0)));
        assertTrue(one(assertions, gap, "x", CallTimings.NONE).pass());
        TestCase notTtft =
                TestCase.of(Map.of(), List.of(AssertionSpec.of("not-ttft", null).withThreshold(10)));
        assertTrue(one(assertions, notTtft, "x", CallTimings.NONE).pass());
        // without a response there are no timings either
        TestCase frames = TestCase.of(Map.of(), List.of(AssertionSpec.of("frames", 0)));
        GradingResult noResponse =
                assertions.runAll(frames, new Assertions.Subject("x", null, 1, Map.of(), frames, Map.of()));
        assertTrue(noResponse.pass());
    }

    @Test
    void framesNamesTheRangeItExpected() throws Exception {
        assertEquals("Expected exactly 11 frames, received 12", reason("frames", 11, "x"));
        assertEquals("Expected at most 11 frames, received 12", reason("frames", Map.of("max", 11), "x"));
        assertEquals(
                "Expected between 2 and 11 frames, received 12", reason("frames", Map.of("min", 2, "max", 11), "x"));
        assertEquals("Expected not exactly 12 frames, received 12", reason("not-frames", 12, "x"));
        assertTrue(check(AssertionSpec.of("frames", Map.of("min", 12, "max", 12)), "x")
                .pass());
        assertTrue(check(AssertionSpec.of("frames", Map.of("max", 12)), "x").pass());
        assertTrue(check(AssertionSpec.of("frames", Map.of("min", 12)), "x").pass());
        assertTrue(check(AssertionSpec.of("frames", Map.of()), "x").pass());
        assertEquals("frames needs {min: N, max: N} or a number", reason("frames", "many", "x"));
        assertEquals("frames needs {min: N, max: N} or a number", reason("not-frames", "many", "x"));
    }

    @Test
    void jsonAssertionsSayWhatIsWrong() throws Exception {
        assertEquals("Expected output to be valid JSON", reason("is-json", null, "{\"a\": 1"));
        assertEquals("Expected output to not be valid JSON", reason("not-is-json", null, "  {\"a\": 1}\n"));
        assertTrue(check(AssertionSpec.of("is-json", null), "  [1, 2]\n").pass());
        // a structured output (from a transform or a JSON frame) is JSON already
        assertTrue(check(AssertionSpec.of("is-json", Map.of("required", List.of("a"))), Map.of("a", 1))
                .pass());
        assertTrue(check(AssertionSpec.of("is-json", Map.of("type", "array")), List.of(1))
                .pass());
        assertEquals(
                "JSON does not conform to the provided schema. Errors: /: no value is allowed here",
                reason("is-json", false, "1"));
        assertTrue(check(AssertionSpec.of("is-json", true), "1").pass());
        // a value that is not a schema is not checked against
        assertTrue(check(AssertionSpec.of("is-json", "not a schema"), "1").pass());
        assertTrue(check(AssertionSpec.of("not-is-json", Map.of("type", "string")), "1")
                .pass());

        assertEquals("Expected output to contain valid JSON", reason("contains-json", null, "none here"));
        assertEquals("Expected output to not contain valid JSON", reason("not-contains-json", null, "a [1] b"));
        assertTrue(
                check(AssertionSpec.of("not-contains-json", null), "none here").pass());
        // any of the embedded values may conform; when none does, the errors are the last one's
        Map<String, Object> schema = Map.of("type", "object", "required", List.of("id"));
        assertTrue(check(AssertionSpec.of("contains-json", schema), "{\"x\": 1} then {\"id\": 2}")
                .pass());
        assertEquals(
                "JSON does not conform to the provided schema. Errors: /: must be object, got array",
                reason("contains-json", schema, "{\"x\": 1} then [3]"));
        assertEquals(
                "JSON does not conform to the provided schema. Errors: /: must have required property 'id'",
                reason("contains-json", schema, "[3] then {\"x\": 1}"));
        assertEquals(
                "Expected output to not contain valid JSON",
                reason("not-contains-json", schema, "{\"x\": 1} then {\"id\": 2}"));
        assertTrue(check(AssertionSpec.of("not-contains-json", schema), "{\"x\": 1}")
                .pass());
        assertTrue(
                check(AssertionSpec.of("contains-json", "not a schema"), "[1]").pass());
        assertEquals(
                "JSON does not conform to the provided schema. Errors: /: no value is allowed here",
                reason("contains-json", false, "[1]"));
    }

    @Test
    void extractJsonFindsEveryEmbeddedValueOutermostFirst() {
        assertEquals(
                List.of(Map.of("a", List.of(1, Map.of("b", 2))), List.of(3)),
                Assertions.extractJson("x {\"a\": [1, {\"b\": 2}]} y [3] z"));
        // brackets and escaped quotes inside strings do not end a value
        assertEquals(List.of(Map.of("s", "}]\"{")), Assertions.extractJson("say {\"s\": \"}]\\\"{\"} done"));
        // an opening bracket that starts no JSON is skipped, and the search goes on inside it
        assertEquals(List.of(List.of(1)), Assertions.extractJson("{not json [1] }"));
        assertEquals(List.of(), Assertions.extractJson("{ unclosed"));
        assertEquals(List.of(), Assertions.extractJson("} ] only closers"));
        assertEquals(List.of(Map.of()), Assertions.extractJson("{}"));
        assertEquals(List.of(List.of(), Map.of()), Assertions.extractJson("[]{}"));
    }

    @Test
    void customFunctionsAtTheEdgesOfTheirThreshold() throws Exception {
        AssertionSpec half = AssertionSpec.of("groovy", "x").withThreshold(0.5);
        assertTrue(check(half.withFunction((o, c) -> 0.5), "x").pass());
        GradingResult below = check(half.withFunction((o, c) -> 0.25), "x");
        assertEquals("Custom function returned 0.25 (threshold 0.5)", below.reason());
        assertEquals(0.25, below.score());
        GradingResult zero = check(AssertionSpec.of("groovy", "x").withFunction((o, c) -> 0), "x");
        assertFalse(zero.pass(), "without a threshold a score must be above 0");
        assertEquals("Custom function returned 0", zero.reason());
        assertEquals("Custom function returned false", reason("groovy", "x", null, (o, c) -> false));
        assertEquals(
                "Custom function must return a boolean, a number or a grading result {pass, score, reason};"
                        + " it returned null",
                reason("groovy", "x", null, (o, c) -> null));
        assertEquals(
                "Custom function must return a boolean, a number or a grading result {pass, score, reason};"
                        + " it returned {\"ok\":true}",
                reason("groovy", "x", null, (o, c) -> Map.of("ok", true)));
        assertEquals(
                "groovy assertion has no compiled code",
                check(AssertionSpec.of("groovy", "x"), "x").reason());
        assertEquals(
                "javascript assertion has no compiled code",
                check(AssertionSpec.of("javascript", "x"), "x").reason());
    }

    private String reason(String type, Object value, Double threshold, AssertionFunction f) throws Exception {
        AssertionSpec a = AssertionSpec.of(type, value).withFunction(f);
        GradingResult r = check(threshold == null ? a : a.withThreshold(threshold), "x");
        assertFalse(r.pass());
        return r.reason();
    }

    @Test
    void gradingResultsFromCustomFunctions() throws Exception {
        // pass alone gives a score of 1 or 0
        GradingResult passOnly = check(fn(Map.of("pass", true)), "x");
        assertTrue(passOnly.pass());
        assertEquals(1, passOnly.score());
        assertEquals("Assertion passed", passOnly.reason());
        GradingResult failOnly = check(fn(Map.of("pass", false)), "x");
        assertEquals(0, failOnly.score());
        assertEquals("Custom function failed", failOnly.reason());
        // score alone passes above 0, or at the threshold
        assertTrue(check(fn(Map.of("score", 0.1)), "x").pass());
        assertFalse(check(fn(Map.of("score", 0)), "x").pass());
        assertTrue(check(fn(Map.of("score", 0.6)).withThreshold(0.6), "x").pass());
        assertFalse(check(fn(Map.of("score", 0.59)).withThreshold(0.6), "x").pass());
        // pass: true with a score under the assertion's threshold fails
        GradingResult under = check(fn(Map.of("pass", true, "score", 0.2)).withThreshold(0.6), "x");
        assertFalse(under.pass());
        assertEquals(0.2, under.score());
        assertTrue(check(fn(Map.of("pass", true, "score", 0.6)).withThreshold(0.6), "x")
                .pass());
        assertEquals(
                "fine", check(fn(Map.of("pass", true, "reason", "fine")), "x").reason());
        // not- inverts pass and score, and says the function passed
        GradingResult inverted = check(
                AssertionSpec.builder(AssertionType.GROOVY)
                        .negated(true)
                        .value("x")
                        .function((o, c) -> Map.of("pass", true, "score", 0.75, "reason", "looked fine"))
                        .build(),
                "x");
        assertFalse(inverted.pass());
        assertEquals(0.25, inverted.score());
        assertEquals("Expected the custom function to fail, it passed: looked fine", inverted.reason());
        GradingResult invertedFail = check(
                AssertionSpec.builder(AssertionType.GROOVY)
                        .negated(true)
                        .value("x")
                        .function((o, c) -> Map.of("pass", false, "score", 0.25))
                        .build(),
                "x");
        assertTrue(invertedFail.pass());
        assertEquals(0.75, invertedFail.score());
        assertEquals("Assertion passed", invertedFail.reason());
    }

    private static AssertionSpec fn(Object value) {
        return AssertionSpec.of("javascript", "x").withFunction((o, c) -> value);
    }

    @Test
    void combinedScoresReasonsAndNamedScores() throws Exception {
        AssertionSpec yes = AssertionSpec.of("contains", "Paris");
        AssertionSpec no = AssertionSpec.of("contains", "Rome");
        AssertionSpec no2 = AssertionSpec.of("contains", "Oslo");
        // every failure is in the reason, one a line
        GradingResult two = assertions.runAll(
                TestCase.of(Map.of(), List.of(no, yes, no2)), subject(TestCase.of(Map.of(), List.of()), "Paris"));
        assertEquals("Expected output to contain \"Rome\"\nExpected output to contain \"Oslo\"", two.reason());
        assertEquals(1 / 3.0, two.score(), 1e-9);
        // a threshold not reached names the score and the failures
        TestCase t = new TestCase(
                Optional.empty(), Map.of(), List.of(yes, no, no2), Map.of(), Map.of(), OptionalDouble.of(0.5), "");
        GradingResult th = assertions.runAll(t, subject(t, "Paris"));
        assertFalse(th.pass());
        assertEquals(
                "Aggregate score 0.333 < 0.5 threshold: Expected output to contain \"Rome\"\n"
                        + "Expected output to contain \"Oslo\"",
                th.reason());
        // reached exactly
        TestCase exact = new TestCase(
                Optional.empty(), Map.of(), List.of(yes, no), Map.of(), Map.of(), OptionalDouble.of(0.5), "");
        assertEquals(
                "Aggregate score 0.5 ≥ 0.5 threshold",
                assertions.runAll(exact, subject(exact, "Paris")).reason());
        // a threshold missed although every assertion passed (all weights 0: score 1)
        TestCase zero = new TestCase(
                Optional.empty(), Map.of(), List.of(no.withWeight(0)), Map.of(), Map.of(), OptionalDouble.of(1.5), "");
        GradingResult z = assertions.runAll(zero, subject(zero, "Paris"));
        assertEquals("Aggregate score 1 < 1.5 threshold", z.reason());
        assertEquals(1, z.score());
        // only weight-0 assertions, all failing: nothing fails the test and its score is 1
        GradingResult info = assertions.runAll(
                TestCase.of(Map.of(), List.of(no.withWeight(0))), subject(TestCase.of(Map.of(), List.of()), "x"));
        assertTrue(info.pass());
        assertEquals(1, info.score());
        assertEquals("All assertions passed", info.reason());
        // a negative weight lowers the score and a failure there does not fail the test
        GradingResult negative = assertions.runAll(
                TestCase.of(Map.of(), List.of(yes.withWeight(2), no.withWeight(-1))),
                subject(TestCase.of(Map.of(), List.of()), "Paris"));
        assertTrue(negative.pass());
        assertEquals(2.0, negative.score());
    }

    @Test
    void namedScoresAverageByWeightAndComeUpFromAssertSets() throws Exception {
        AssertionSpec a = AssertionSpec.of("contains", "Paris").withWeight(3).withMetric("m");
        AssertionSpec b = AssertionSpec.of("contains", "Rome").withMetric("m");
        AssertionSpec zero = AssertionSpec.of("contains", "Paris").withWeight(0).withMetric("info");
        AssertionSpec set = AssertionSpec.builder(AssertionType.ASSERT_SET)
                .metric("set")
                .children(List.of(
                        AssertionSpec.of("contains", "Paris").withMetric("inner"),
                        AssertionSpec.of("contains", "Oslo")))
                .build();
        TestCase t = TestCase.of(Map.of(), List.of(a, b, zero, set));
        GradingResult r = assertions.runAll(t, subject(t, "Paris"));
        assertEquals(Map.of("m", 0.75, "info", 0.0, "set", 0.5, "inner", 1.0), r.namedScores());
        GradingResult inner = r.componentResults().get(3);
        assertEquals(Map.of("inner", 1.0), inner.namedScores());
        assertFalse(inner.pass());
        assertEquals("Expected output to contain \"Oslo\"", inner.reason());
        assertEquals("assert-set", inner.assertion().orElseThrow().typeName());
        // an assert-set in a set's place runs as one, too
        assertEquals(0.5, assertions.run(set, subject(t, "Paris")).score());
    }

    private static Assertions.Subject subject(TestCase t, Object output) {
        return new Assertions.Subject(output, ProviderResponse.of(output), 1, t.vars(), t, Map.of());
    }

    private GradingResult rubric(Assertions as, AssertionSpec a, TestCase base) throws Exception {
        TestCase t = base.toBuilder().asserts(List.of(a)).build();
        Instant deadline = Instant.parse("2030-01-01T00:00:00Z");
        GradingResult all = as.runAll(
                t,
                new Assertions.Subject(
                        "the output",
                        ProviderResponse.of("the output"),
                        1,
                        t.vars(),
                        t,
                        Map.of(),
                        Optional.of(deadline)));
        return all.componentResults().getFirst();
    }

    private static AssertionSpec rubricSpec(Object provider) {
        return AssertionSpec.builder(AssertionType.LLM_RUBRIC)
                .value("is {{tone}}")
                .provider(provider)
                .build();
    }

    @Test
    void llmRubricGetsTheCasesVarsAndDeadlineAndSaysWhatWentWrong() throws Exception {
        TestCase vars = TestCase.of(Map.of("tone", "calm"), List.of());
        graderReply.set(ProviderResponse.of(Map.of("pass", true, "score", 0.8, "reason", "calm enough")));
        GradingResult ok = rubric(assertions, rubricSpec("g"), vars);
        assertTrue(ok.pass());
        assertEquals(0.8, ok.score());
        assertEquals("calm enough", ok.reason());
        assertEquals(
                Instant.parse("2030-01-01T00:00:00Z"),
                graderContext.get().deadline().orElseThrow());
        assertEquals("calm", graderContext.get().vars().get("tone"));
        assertEquals("is calm", graderContext.get().vars().get("rubric"));
        assertEquals("the output", graderContext.get().vars().get("output"));
        assertTrue(graderPrompt.get().contains("<Rubric>\nis calm\n</Rubric>"), graderPrompt.get());

        // negated: pass and score inverted, the grader's reason kept
        AssertionSpec not = rubricSpec("g").toBuilder().negated(true).build();
        GradingResult inverted = rubric(assertions, not, vars);
        assertFalse(inverted.pass());
        assertEquals(0.2, inverted.score(), 1e-9);
        assertEquals("calm enough", inverted.reason());

        // the verdict may be the first JSON object with pass or score in a text
        graderReply.set(ProviderResponse.of("{\"note\": 1} then {\"score\": 0.4} and {\"pass\": true}"));
        GradingResult fromText = rubric(assertions, rubricSpec("g"), vars);
        assertEquals(0.4, fromText.score());
        assertTrue(fromText.pass());

        graderReply.set(ProviderResponse.of("x".repeat(250)));
        assertEquals(
                "Could not extract JSON {pass, score, reason} from the llm-rubric grader's response: " + "x".repeat(200)
                        + "…",
                rubric(assertions, rubricSpec("g"), vars).reason());
        graderReply.set(ProviderResponse.of("y".repeat(200)));
        assertEquals(
                "Could not extract JSON {pass, score, reason} from the llm-rubric grader's response: "
                        + "y".repeat(200),
                rubric(assertions, rubricSpec("g"), vars).reason(),
                "200 characters are shown whole");
        graderReply.set(ProviderResponse.of(Map.of("verdict", "yes")));
        assertEquals(
                "Could not extract JSON {pass, score, reason} from the llm-rubric grader's response: {\"verdict\":\"yes\"}",
                rubric(assertions, rubricSpec("g"), vars).reason());
        graderReply.set(ProviderResponse.ofError("rate limited"));
        assertEquals(
                "llm-rubric grader returned an error: rate limited",
                rubric(assertions, rubricSpec("g"), vars).reason());
        graderReply.set(ProviderException.timeout("Request timed out after 5000 ms"));
        GradingResult timedOut = rubric(assertions, rubricSpec("g"), vars);
        assertFalse(timedOut.pass());
        assertEquals("llm-rubric grader call failed: Request timed out after 5000 ms", timedOut.reason());
        assertEquals(
                "llm-rubric grader could not be created: unknown provider broken",
                rubric(assertions, rubricSpec("broken"), vars).reason());
    }

    @Test
    void llmRubricGraderAndPromptComeFromTheAssertionTheTestOrTheDefault() throws Exception {
        graderReply.set(ProviderResponse.of("{\"pass\": true, \"score\": 1}"));
        TestCase vars = TestCase.of(Map.of("tone", "calm"), List.of());
        // the run's default grader when neither the assertion nor the test names one
        rubric(assertions("default-grader"), rubricSpec(null), vars);
        assertEquals("default-grader", graderSpec.get());
        // the test's options come before the default
        rubric(assertions("default-grader"), rubricSpec(null), vars.withOptions(Map.of("provider", "from-test")));
        assertEquals("from-test", graderSpec.get());
        // the assertion's own grader comes first
        rubric(assertions("default-grader"), rubricSpec("own"), vars.withOptions(Map.of("provider", "from-test")));
        assertEquals("own", graderSpec.get());
        assertEquals(
                Graders.NO_GRADER, rubric(assertions, rubricSpec(null), vars).reason());

        // rubricPrompt: the assertion's, else the test's options', else the default
        AssertionSpec own = rubricSpec("g").toBuilder()
                .rubricPrompt("Judge {{ output }} by {{ rubric }} ({{ tone }})")
                .build();
        rubric(assertions, own, vars.withOptions(Map.of("rubricPrompt", "test prompt {{ output }}")));
        assertEquals("Judge the output by is calm (calm)", graderPrompt.get());
        rubric(assertions, rubricSpec("g"), vars.withOptions(Map.of("rubricPrompt", "test prompt {{ output }}")));
        assertEquals("test prompt the output", graderPrompt.get());
        rubric(assertions, rubricSpec("g"), vars.withOptions(Map.of("rubricPrompt", 42)));
        assertTrue(graderPrompt.get().startsWith("Grade the output below against the rubric."), graderPrompt.get());
    }
}
