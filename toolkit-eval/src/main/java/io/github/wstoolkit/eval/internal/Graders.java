package io.github.wstoolkit.eval.internal;

import io.github.wstoolkit.eval.AssertionSpec;
import io.github.wstoolkit.eval.AssertionType;
import io.github.wstoolkit.eval.TestCase;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which grader each {@code llm-rubric} assertion of a plan uses, known before the run: the assertion's
 * {@code provider}, else its test's (or {@code defaultTest}'s) {@code options.provider}, else promptfoo's default
 * grader when {@code OPENAI_API_KEY} is set. The engine creates every grader before the first call, so a grader that
 * cannot work fails the run once, up front, instead of every case.
 */
public final class Graders {

    /** promptfoo 0.123.1's default OpenAI grading model ({@code DEFAULT_OPENAI_GRADING_MODEL}). */
    public static final String DEFAULT_MODEL = "gpt-5.6-sol";

    /** The id of the default grader. */
    public static final String DEFAULT_ID = "openai:chat:" + DEFAULT_MODEL;

    /** The structured output the default grader is asked for: {@code {reason, pass, score}}. */
    public static final Map<String, Object> RUBRIC_RESPONSE_FORMAT = Map.of(
            "type",
            "json_schema",
            "json_schema",
            Map.of(
                    "name",
                    "llm_rubric_grade",
                    "strict",
                    true,
                    "schema",
                    Map.of(
                            "type",
                            "object",
                            "properties",
                            Map.of(
                                    "reason", Map.of("type", "string"),
                                    "pass", Map.of("type", "boolean"),
                                    "score", Map.of("type", "number")),
                            "required",
                            List.of("reason", "pass", "score"),
                            "additionalProperties",
                            false)));

    /** What to do when an llm-rubric assertion has no grader and none can be chosen. */
    public static final String NO_GRADER = "llm-rubric needs a grader: set the assertion's 'provider',"
            + " defaultTest.options.provider or --grader (for example openai:chat:gpt-4o-mini, any ws:// grader,"
            + " or the mock server's Chat Completions endpoint), or set OPENAI_API_KEY for promptfoo's default"
            + " grader (" + DEFAULT_ID + ")";

    /**
     * One llm-rubric assertion of the plan.
     *
     * @param spec its grader (an id or {@code {id, label, config}}), empty when only a default could grade it
     * @param location where the assertion was written
     */
    public record Use(Optional<Object> spec, String location) {}

    private Graders() {}

    /** promptfoo's default grader when {@code OPENAI_API_KEY} is set in this environment; empty otherwise. */
    public static Optional<Object> defaultGrader(Map<String, String> env) {
        String key = env.get("OPENAI_API_KEY");
        if (key == null || key.isBlank()) {
            return Optional.empty();
        }
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("id", DEFAULT_ID);
        spec.put("config", Map.of("response_format", RUBRIC_RESPONSE_FORMAT));
        return Optional.of(spec);
    }

    /** The llm-rubric assertions of these tests (already merged with defaultTest), each with its grader. */
    public static List<Use> uses(List<TestCase> tests) {
        List<Use> out = new ArrayList<>();
        for (TestCase t : tests) {
            collect(t.asserts(), t, out);
        }
        return out;
    }

    private static void collect(List<AssertionSpec> asserts, TestCase t, List<Use> out) {
        for (AssertionSpec a : asserts) {
            if (a.type() == AssertionType.ASSERT_SET) {
                collect(a.children(), t, out);
            } else if (a.type() == AssertionType.LLM_RUBRIC) {
                Object spec = a.provider() != null ? a.provider() : t.options().get("provider");
                String where = a.location().isEmpty() ? t.location() : a.location();
                out.add(new Use(Optional.ofNullable(spec), where));
            }
        }
    }
}
