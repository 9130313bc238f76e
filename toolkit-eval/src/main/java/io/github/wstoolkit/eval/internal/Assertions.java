package io.github.wstoolkit.eval.internal;

import io.github.wstoolkit.api.CallContext;
import io.github.wstoolkit.api.CallTimings;
import io.github.wstoolkit.api.Provider;
import io.github.wstoolkit.api.ProviderException;
import io.github.wstoolkit.api.ProviderResponse;
import io.github.wstoolkit.api.json.Json;
import io.github.wstoolkit.api.template.TemplateEngine;
import io.github.wstoolkit.eval.AssertionSpec;
import io.github.wstoolkit.eval.AssertionType;
import io.github.wstoolkit.eval.GradingResult;
import io.github.wstoolkit.eval.TestCase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Evaluates assertions against a response and combines their results as promptfoo does: each result's score is
 * weighted; the test's score is the weighted average; the test passes when every assertion of non-zero weight
 * passes, or, when the test has a threshold, when the score reaches it.
 */
public final class Assertions {

    /** The grader prompt used for {@code llm-rubric} when the assertion gives no {@code rubricPrompt}. */
    public static final String DEFAULT_RUBRIC_PROMPT =
            """
            Grade the output below against the rubric. The output passes when what the rubric states is true of it.
            Answer with one JSON object and nothing else: {"pass": true or false, "score": a number from 0 to 1, \
            "reason": "why, in one sentence"}

            <Output>
            {{ output }}
            </Output>
            <Rubric>
            {{ rubric }}
            </Rubric>""";

    private final TemplateEngine engine;
    private final Function<Object, Provider> graders;
    private final Object defaultGrader;

    /**
     * @param engine renders assertion values and rubric prompts with the test's vars
     * @param graders turns a grader spec (an id, or {@code {id, label, config}}) into a provider
     */
    public Assertions(TemplateEngine engine, Function<Object, Provider> graders) {
        this(engine, graders, null);
    }

    /**
     * @param defaultGrader the grader of an llm-rubric assertion that names none (see {@link Graders}), or null
     */
    public Assertions(TemplateEngine engine, Function<Object, Provider> graders, Object defaultGrader) {
        this.engine = engine;
        this.graders = graders;
        this.defaultGrader = defaultGrader;
    }

    /**
     * What an assertion sees of a case.
     *
     * @param deadline the case's deadline, which grader calls ({@code llm-rubric}) get too
     */
    public record Subject(
            Object output,
            ProviderResponse response,
            long latencyMs,
            Map<String, Object> vars,
            TestCase test,
            Map<String, Object> context,
            Optional<java.time.Instant> deadline) {

        /** A subject without a deadline. */
        public Subject(
                Object output,
                ProviderResponse response,
                long latencyMs,
                Map<String, Object> vars,
                TestCase test,
                Map<String, Object> context) {
            this(output, response, latencyMs, vars, test, context, Optional.empty());
        }
    }

    /** Runs all the test's assertions and combines them; "No assertions" when there are none. */
    public GradingResult runAll(TestCase test, Subject subject) throws InterruptedException {
        if (test.asserts().isEmpty()) {
            return GradingResult.of(true, 1, "No assertions");
        }
        return combine(test.asserts(), test.threshold(), subject, null);
    }

    private GradingResult combine(
            List<AssertionSpec> asserts, java.util.OptionalDouble threshold, Subject subject, AssertionSpec set)
            throws InterruptedException {
        List<GradingResult> parts = new ArrayList<>();
        double total = 0;
        double weights = 0;
        boolean allPass = true;
        List<String> failures = new ArrayList<>();
        Map<String, double[]> named = new LinkedHashMap<>();
        for (AssertionSpec a : asserts) {
            GradingResult r = a.type() == AssertionType.ASSERT_SET
                    ? combine(a.children(), a.threshold(), subject, a)
                    : run(a, subject).withAssertion(a);
            parts.add(r);
            total += r.score() * a.weight();
            weights += a.weight();
            if (!r.pass() && a.weight() > 0) {
                allPass = false;
                failures.add(r.reason());
            }
            a.metric().ifPresent(m -> {
                double[] acc = named.computeIfAbsent(m, k -> new double[2]);
                acc[0] += r.score() * Math.max(a.weight(), 0);
                acc[1] += Math.max(a.weight(), 0);
            });
            r.namedScores().forEach((k, v) -> named.computeIfAbsent(k, x -> new double[] {v, 1}));
        }
        double score = weights > 0 ? total / weights : (allPass ? 1 : 0);
        boolean pass = allPass;
        String reason = allPass ? "All assertions passed" : String.join("\n", failures);
        if (threshold.isPresent()) {
            pass = score >= threshold.getAsDouble();
            reason = pass
                    ? "Aggregate score " + fmt(score) + " ≥ " + fmt(threshold.getAsDouble()) + " threshold"
                    : "Aggregate score " + fmt(score) + " < " + fmt(threshold.getAsDouble()) + " threshold"
                            + (failures.isEmpty() ? "" : ": " + String.join("\n", failures));
        }
        Map<String, Double> namedScores = new LinkedHashMap<>();
        named.forEach((k, v) -> namedScores.put(k, v[1] > 0 ? v[0] / v[1] : 0));
        GradingResult g = new GradingResult(pass, score, reason, Optional.empty(), parts, namedScores);
        return set == null ? g : g.withAssertion(set);
    }

    private static String fmt(double d) {
        return Json.jsNumber(Math.round(d * 1000) / 1000.0);
    }

    /** Evaluates one assertion (not a set). */
    public GradingResult run(AssertionSpec a, Subject s) throws InterruptedException {
        Object output = s.output();
        if (a.transform().isPresent()) {
            try {
                output = a.transform().get().evaluate(output, s.context());
            } catch (Exception e) {
                return GradingResult.fail("Error in assertion transform: " + message(e));
            }
        }
        boolean inverse = a.negated();
        String not = inverse ? "not " : "";
        String text = output instanceof String str ? str : output == null ? "" : Json.stringify(output);
        Object value = render(a.value(), s.vars());
        AssertionType type = a.type();
        return switch (type) {
            case EQUALS -> {
                boolean eq = value instanceof Map<?, ?> || value instanceof List<?>
                        ? JsonSchema.same(value, output instanceof String str ? Json.parseOrText(str) : output)
                        : text.equals(str(value));
                yield bool(eq, inverse, "Expected output \"" + text + "\" to " + not + "equal \"" + str(value) + "\"");
            }
            case CONTAINS ->
                bool(
                        text.contains(str(value)),
                        inverse,
                        "Expected output to " + not + "contain \"" + str(value) + "\"");
            case ICONTAINS ->
                bool(
                        lower(text).contains(lower(str(value))),
                        inverse,
                        "Expected output to " + not + "contain \"" + str(value) + "\" (ignoring case)");
            case STARTS_WITH ->
                bool(
                        text.startsWith(str(value)),
                        inverse,
                        "Expected output to " + not + "start with \"" + str(value) + "\"");
            case REGEX ->
                bool(
                        Pattern.compile(str(value)).matcher(text).find(),
                        inverse,
                        "Expected output to " + not + "match regex \"" + str(value) + "\"");
            case CONTAINS_ANY, ICONTAINS_ANY -> {
                boolean ci = type == AssertionType.ICONTAINS_ANY;
                List<String> items = list(value);
                boolean any = items.stream().anyMatch(v -> ci ? lower(text).contains(lower(v)) : text.contains(v));
                yield bool(
                        any,
                        inverse,
                        "Expected output to " + not + "contain one of \"" + String.join(", ", items) + "\""
                                + (ci ? " (ignoring case)" : ""));
            }
            case CONTAINS_ALL, ICONTAINS_ALL -> {
                boolean ci = type == AssertionType.ICONTAINS_ALL;
                List<String> items = list(value);
                List<String> missing = items.stream()
                        .filter(v -> !(ci ? lower(text).contains(lower(v)) : text.contains(v)))
                        .toList();
                yield bool(
                        missing.isEmpty(),
                        inverse,
                        inverse
                                ? "Expected output to not contain all of \"" + String.join(", ", items) + "\""
                                : "Expected output to contain all of \"" + String.join(", ", items) + "\"; missing \""
                                        + String.join(", ", missing) + "\"" + (ci ? " (ignoring case)" : ""));
            }
            case IS_JSON -> isJson(output, text, value, inverse);
            case CONTAINS_JSON -> containsJson(text, value, inverse);
            case LEVENSHTEIN -> {
                int threshold = (int) a.threshold().orElse(5);
                int d = levenshtein(text, str(value));
                boolean ok = d <= threshold;
                yield bool(
                        ok,
                        inverse,
                        inverse
                                ? "Levenshtein distance " + d + " is not greater than threshold " + threshold
                                : "Levenshtein distance " + d + " is greater than threshold " + threshold);
            }
            case LATENCY -> {
                double t = a.threshold().orElseThrow();
                yield bool(
                        s.latencyMs() <= t,
                        inverse,
                        "Latency " + s.latencyMs() + "ms is " + (inverse ? "not " : "") + "greater than threshold "
                                + fmt(t) + "ms");
            }
            case TTFT -> {
                double t = a.threshold().orElseThrow();
                Optional<Duration> first = timings(s).firstFrame();
                if (first.isEmpty()) {
                    yield bool(false, inverse, "No frame was received, so there is no time to first frame");
                }
                long ms = first.get().toMillis();
                yield bool(
                        ms <= t,
                        inverse,
                        "Time to first frame " + ms + "ms is " + (inverse ? "not " : "") + "greater than threshold "
                                + fmt(t) + "ms");
            }
            case MAX_FRAME_GAP -> {
                double t = a.threshold().orElseThrow();
                Optional<Duration> gap = timings(s).maxFrameGap();
                long ms = gap.map(Duration::toMillis).orElse(0L);
                yield bool(
                        ms <= t,
                        inverse,
                        "Longest gap between frames " + ms + "ms is " + (inverse ? "not " : "")
                                + "greater than threshold " + fmt(t) + "ms");
            }
            case FRAMES -> frames(timings(s).framesReceived(), value, inverse);
            case GROOVY, JAVASCRIPT -> custom(a, output, s, inverse);
            case LLM_RUBRIC -> rubric(a, text, value, s, inverse);
            case ASSERT_SET -> combine(a.children(), a.threshold(), s, a);
        };
    }

    private static CallTimings timings(Subject s) {
        return s.response() == null ? CallTimings.NONE : s.response().timings();
    }

    private Object render(Object value, Map<String, Object> vars) {
        if (value instanceof String str && str.contains("{")) {
            return engine.render(str, vars);
        }
        if (value instanceof List<?> l) {
            return l.stream().map(v -> render(v, vars)).toList();
        }
        return value;
    }

    private static GradingResult bool(boolean matched, boolean inverse, String failReason) {
        boolean pass = matched != inverse;
        return pass ? GradingResult.pass("Assertion passed") : GradingResult.fail(failReason);
    }

    private static String str(Object v) {
        if (v == null) {
            return "";
        }
        return v instanceof String s ? s : v instanceof Number n ? Json.formatNumber(n) : Json.stringify(v);
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    private static List<String> list(Object v) {
        if (v instanceof List<?> l) {
            return l.stream().map(Assertions::str).toList();
        }
        return List.of(str(v));
    }

    private static String message(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static GradingResult isJson(Object output, String text, Object schema, boolean inverse) {
        Object parsed;
        if (output instanceof Map<?, ?> || output instanceof List<?>) {
            parsed = output;
        } else {
            try {
                parsed = Json.parse(text.strip());
            } catch (RuntimeException e) {
                return bool(false, inverse, "Expected output to be valid JSON");
            }
        }
        if (schema instanceof Map<?, ?> || schema instanceof Boolean) {
            List<String> errors = JsonSchema.validate(schema, parsed);
            if (!errors.isEmpty()) {
                return bool(
                        false,
                        inverse,
                        "JSON does not conform to the provided schema. Errors: " + String.join("; ", errors));
            }
        }
        return bool(true, inverse, "Expected output to not be valid JSON");
    }

    private static GradingResult containsJson(String text, Object schema, boolean inverse) {
        List<Object> found = extractJson(text);
        if (found.isEmpty()) {
            return bool(false, inverse, "Expected output to contain valid JSON");
        }
        if (schema instanceof Map<?, ?> || schema instanceof Boolean) {
            List<String> last = List.of();
            for (Object f : found) {
                last = JsonSchema.validate(schema, f);
                if (last.isEmpty()) {
                    return bool(true, inverse, "Expected output to not contain valid JSON");
                }
            }
            return bool(
                    false, inverse, "JSON does not conform to the provided schema. Errors: " + String.join("; ", last));
        }
        return bool(true, inverse, "Expected output to not contain valid JSON");
    }

    /** Every JSON object or array embedded in the text, outermost first. */
    public static List<Object> extractJson(String text) {
        List<Object> out = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '{' || c == '[') {
                int end = matchingEnd(text, i);
                if (end > 0) {
                    try {
                        out.add(Json.parse(text.substring(i, end + 1)));
                        i = end + 1;
                        continue;
                    } catch (RuntimeException notJson) {
                        // try from the next bracket
                    }
                }
            }
            i++;
        }
        return out;
    }

    private static int matchingEnd(String s, int start) {
        int depth = 0;
        boolean inString = false;
        for (int i = start; i < s.length(); i++) {
            char c = s.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                depth--;
                if (depth == 0) {
                    return i;
                }
            }
        }
        return -1;
    }

    /** The edit distance between two strings (insertions, deletions, substitutions). */
    public static int levenshtein(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    private static GradingResult frames(long count, Object value, boolean inverse) {
        long min;
        long max;
        if (value instanceof Number n) {
            min = n.longValue();
            max = n.longValue();
        } else if (value instanceof Map<?, ?> m) {
            min = m.get("min") instanceof Number n ? n.longValue() : 0;
            max = m.get("max") instanceof Number n ? n.longValue() : Long.MAX_VALUE;
        } else {
            return GradingResult.fail("frames needs {min: N, max: N} or a number");
        }
        String range = min == max
                ? "exactly " + min
                : max == Long.MAX_VALUE
                        ? "at least " + min
                        : min == 0 ? "at most " + max : "between " + min + " and " + max;
        return bool(
                count >= min && count <= max,
                inverse,
                "Expected " + (inverse ? "not " : "") + range + " frames, received " + count);
    }

    private static GradingResult custom(AssertionSpec a, Object output, Subject s, boolean inverse) {
        if (a.function().isEmpty()) {
            return GradingResult.fail(a.type().id() + " assertion has no compiled code");
        }
        Object r;
        try {
            r = a.function().get().evaluate(output, s.context());
        } catch (Exception e) {
            return GradingResult.fail("Custom function threw error: " + message(e));
        }
        GradingResult g = fromValue(r, a);
        if (g == null) {
            return GradingResult.fail("Custom function must return a boolean, a number or a grading result"
                    + " {pass, score, reason}; it returned " + (r == null ? "null" : Json.stringify(r)));
        }
        if (inverse) {
            boolean pass = !g.pass();
            return GradingResult.of(
                    pass,
                    1 - g.score(),
                    pass ? "Assertion passed" : "Expected the custom function" + " to fail, it passed: " + g.reason());
        }
        return g;
    }

    /** A custom function's value as a grading result; null when it is none of the accepted shapes. */
    static GradingResult fromValue(Object r, AssertionSpec a) {
        if (r instanceof Boolean b) {
            return b ? GradingResult.pass("Assertion passed") : GradingResult.fail("Custom function returned false");
        }
        if (r instanceof Number n) {
            double score = n.doubleValue();
            boolean pass = a.threshold().isPresent() ? score >= a.threshold().getAsDouble() : score > 0;
            return GradingResult.of(
                    pass,
                    score,
                    pass
                            ? "Assertion passed"
                            : "Custom function returned " + fmt(score)
                                    + (a.threshold().isPresent()
                                            ? " (threshold " + fmt(a.threshold().getAsDouble()) + ")"
                                            : ""));
        }
        if (r instanceof Map<?, ?> m && (m.containsKey("pass") || m.containsKey("score"))) {
            Object p = m.get("pass");
            double score = m.get("score") instanceof Number n ? n.doubleValue() : Boolean.TRUE.equals(p) ? 1 : 0;
            boolean pass = p instanceof Boolean b
                    ? b
                    : a.threshold().isPresent() ? score >= a.threshold().getAsDouble() : score > 0;
            if (pass && a.threshold().isPresent() && score < a.threshold().getAsDouble()) {
                pass = false;
            }
            String reason = m.get("reason") == null
                    ? (pass ? "Assertion passed" : "Custom function failed")
                    : String.valueOf(m.get("reason"));
            return GradingResult.of(pass, score, reason);
        }
        return null;
    }

    private GradingResult rubric(AssertionSpec a, String output, Object rubric, Subject s, boolean inverse)
            throws InterruptedException {
        Object graderSpec =
                a.provider() != null ? a.provider() : s.test().options().get("provider");
        if (graderSpec == null) {
            graderSpec = defaultGrader;
        }
        if (graderSpec == null) {
            return GradingResult.fail(Graders.NO_GRADER);
        }
        Provider grader;
        try {
            grader = graders.apply(graderSpec);
        } catch (RuntimeException e) {
            return GradingResult.fail("llm-rubric grader could not be created: " + message(e));
        }
        Map<String, Object> vars = new LinkedHashMap<>(s.vars());
        vars.put("output", output);
        vars.put("rubric", str(rubric));
        String rubricPrompt = a.rubricPrompt()
                .or(() ->
                        s.test().options().get("rubricPrompt") instanceof String r ? Optional.of(r) : Optional.empty())
                .orElse(DEFAULT_RUBRIC_PROMPT);
        String prompt = engine.render(rubricPrompt, vars);
        ProviderResponse resp;
        try {
            // the grader is part of the case: it gets the case's deadline
            resp = grader.call(
                    prompt,
                    CallContext.builder()
                            .vars(vars)
                            .test(s.test().toMap())
                            .deadline(s.deadline().orElse(null))
                            .build());
        } catch (ProviderException e) {
            return GradingResult.fail("llm-rubric grader call failed: " + message(e));
        }
        if (resp.error().isPresent()) {
            return GradingResult.fail(
                    "llm-rubric grader returned an error: " + resp.error().get());
        }
        Object out = resp.output();
        Map<?, ?> verdict = null;
        if (out instanceof Map<?, ?> m && (m.containsKey("pass") || m.containsKey("score"))) {
            verdict = m;
        } else {
            for (Object j : extractJson(resp.outputText())) {
                if (j instanceof Map<?, ?> m && (m.containsKey("pass") || m.containsKey("score"))) {
                    verdict = m;
                    break;
                }
            }
        }
        if (verdict == null) {
            return GradingResult.fail("Could not extract JSON {pass, score, reason} from the llm-rubric grader's"
                    + " response: " + abbreviate(resp.outputText(), 200));
        }
        GradingResult g = fromValue(verdict, a);
        if (inverse) {
            boolean pass = !g.pass();
            return GradingResult.of(pass, 1 - g.score(), g.reason());
        }
        return g;
    }

    private static String abbreviate(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n) + "…";
    }
}
