package io.github.wstoolkit.dsl;

import groovy.lang.Closure;
import groovy.lang.DelegatesTo;
import groovy.transform.stc.ClosureParams;
import groovy.transform.stc.SimpleType;
import io.github.wstoolkit.eval.AssertionType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The block of {@code expect { … }}: every assertion type as a camel-case method ({@code equals}, {@code contains},
 * {@code icontains}, {@code containsAny}, {@code containsAll}, {@code icontainsAny}, {@code icontainsAll},
 * {@code startsWith}, {@code regex}, {@code isJson}, {@code containsJson}, {@code levenshtein}, {@code latency},
 * {@code groovy}, {@code javascript}, {@code llmRubric}, {@code ttft}, {@code frames}, {@code maxFrameGap},
 * {@code assertSet}), {@code not { … }} for the {@code not-} forms, and {@code assertion(type: …, value: …)}, the
 * YAML map as it is. Options are named arguments: {@code contains 'refund', weight: 2, metric: 'policy'}
 * ({@code threshold}, {@code weight}, {@code metric}, {@code transform}, {@code provider}, {@code rubricPrompt}).
 */
public class Expect extends DslBlock {

    /** The options an assertion takes besides its type and value. */
    static final Set<String> OPTIONS = Set.of(
            "threshold", "weight", "metric", "provider", "rubricPrompt", "transform", "config", "contextTransform");

    private final Suite suite;
    private final String path;
    private final List<Object> sink;
    private int negations;

    Expect(Context context, Suite suite, String path, List<Object> sink) {
        super(context);
        this.suite = suite;
        this.path = path;
        this.sink = sink;
    }

    @Override
    Suite suite() {
        return suite;
    }

    @Override
    String blockName() {
        return "expect { }";
    }

    // ---- equality and text ---------------------------------------------------------------------------------------

    /** The output equals this text (a template over the vars: {@code 'You said: {{ input }}'}). */
    public void equals(CharSequence value) {
        add(AssertionType.EQUALS, value, Map.of());
    }

    /** The output equals this number's text. */
    public void equals(Number value) {
        add(AssertionType.EQUALS, value, Map.of());
    }

    /** The output, as JSON, equals this structure: {@code equals reply: 'Hello', ok: true}. */
    public void equals(Map<String, ?> structure) {
        add(AssertionType.EQUALS, structure, Map.of());
    }

    /** The output, as JSON, equals this list. */
    public void equals(List<?> structure) {
        add(AssertionType.EQUALS, structure, Map.of());
    }

    /** {@code equals 'Paris', weight: 2} (a structure with options: {@code equals([a: 1], weight: 2)}). */
    public void equals(Map<String, ?> options, Object value) {
        add(AssertionType.EQUALS, value, options);
    }

    /** The output contains this text. */
    public void contains(Object value) {
        add(AssertionType.CONTAINS, value, Map.of());
    }

    public void contains(Map<String, ?> options, Object value) {
        add(AssertionType.CONTAINS, value, options);
    }

    /** The output contains this text, ignoring case. */
    public void icontains(Object value) {
        add(AssertionType.ICONTAINS, value, Map.of());
    }

    public void icontains(Map<String, ?> options, Object value) {
        add(AssertionType.ICONTAINS, value, options);
    }

    /** The output contains one of these: {@code containsAny 'refund', 'return'} (or a list). */
    public void containsAny(Object... values) {
        add(AssertionType.CONTAINS_ANY, list(values), Map.of());
    }

    public void containsAny(Map<String, ?> options, Object... values) {
        add(AssertionType.CONTAINS_ANY, list(values), options);
    }

    /** The output contains all of these. */
    public void containsAll(Object... values) {
        add(AssertionType.CONTAINS_ALL, list(values), Map.of());
    }

    public void containsAll(Map<String, ?> options, Object... values) {
        add(AssertionType.CONTAINS_ALL, list(values), options);
    }

    /** The output contains one of these, ignoring case. */
    public void icontainsAny(Object... values) {
        add(AssertionType.ICONTAINS_ANY, list(values), Map.of());
    }

    public void icontainsAny(Map<String, ?> options, Object... values) {
        add(AssertionType.ICONTAINS_ANY, list(values), options);
    }

    /** The output contains all of these, ignoring case. */
    public void icontainsAll(Object... values) {
        add(AssertionType.ICONTAINS_ALL, list(values), Map.of());
    }

    public void icontainsAll(Map<String, ?> options, Object... values) {
        add(AssertionType.ICONTAINS_ALL, list(values), options);
    }

    /** The output starts with this text. */
    public void startsWith(Object value) {
        add(AssertionType.STARTS_WITH, value, Map.of());
    }

    public void startsWith(Map<String, ?> options, Object value) {
        add(AssertionType.STARTS_WITH, value, options);
    }

    /** The pattern (a Java regular expression) is found in the output. */
    public void regex(Object pattern) {
        add(AssertionType.REGEX, pattern, Map.of());
    }

    public void regex(Map<String, ?> options, Object pattern) {
        add(AssertionType.REGEX, pattern, options);
    }

    /** At most {@code threshold} edits (default 5) from this text: {@code levenshtein 'hello', threshold: 2}. */
    public void levenshtein(Object value) {
        add(AssertionType.LEVENSHTEIN, value, Map.of());
    }

    public void levenshtein(Map<String, ?> options, Object value) {
        add(AssertionType.LEVENSHTEIN, value, options);
    }

    // ---- JSON ----------------------------------------------------------------------------------------------------

    /** The whole output is JSON. */
    public void isJson() {
        add(AssertionType.IS_JSON, null, Map.of());
    }

    /** The whole output is JSON that matches this JSON Schema (a map, or {@code file('schema.json')}). */
    public void isJson(Object schema) {
        add(AssertionType.IS_JSON, schema, Map.of());
    }

    public void isJson(Map<String, ?> options, Object schema) {
        add(AssertionType.IS_JSON, schema, options);
    }

    /** Some JSON object or array in the output (matching the schema, if given). */
    public void containsJson() {
        add(AssertionType.CONTAINS_JSON, null, Map.of());
    }

    public void containsJson(Object schema) {
        add(AssertionType.CONTAINS_JSON, schema, Map.of());
    }

    public void containsJson(Map<String, ?> options, Object schema) {
        add(AssertionType.CONTAINS_JSON, schema, options);
    }

    // ---- timings and frames --------------------------------------------------------------------------------------

    /** The call (retries included) took at most this many milliseconds. */
    public void latency(Number milliseconds) {
        timing(AssertionType.LATENCY, milliseconds, Map.of());
    }

    public void latency(Map<String, ?> options, Number milliseconds) {
        timing(AssertionType.LATENCY, milliseconds, options);
    }

    /** The first frame arrived at most this many milliseconds after the request. */
    public void ttft(Number milliseconds) {
        timing(AssertionType.TTFT, milliseconds, Map.of());
    }

    public void ttft(Map<String, ?> options, Number milliseconds) {
        timing(AssertionType.TTFT, milliseconds, options);
    }

    /** No two consecutive frames were more than this many milliseconds apart. */
    public void maxFrameGap(Number milliseconds) {
        timing(AssertionType.MAX_FRAME_GAP, milliseconds, Map.of());
    }

    public void maxFrameGap(Map<String, ?> options, Number milliseconds) {
        timing(AssertionType.MAX_FRAME_GAP, milliseconds, options);
    }

    /** Exactly this many frames. */
    public void frames(Number exactly) {
        add(AssertionType.FRAMES, exactly, Map.of());
    }

    /** A frame count within bounds: {@code frames min: 2, max: 50} (with options: {@code frames min: 2, weight: 2}). */
    public void frames(Map<String, ?> boundsAndOptions) {
        Map<String, Object> bounds = new LinkedHashMap<>();
        Map<String, Object> options = new LinkedHashMap<>();
        boundsAndOptions.forEach((k, v) -> {
            if (k.equals("min") || k.equals("max")) {
                bounds.put(k, v);
            } else {
                options.put(k, v);
            }
        });
        if (bounds.isEmpty()) {
            throw context().error("frames needs min:, max: or both (frames min: 2, max: 50), or a number");
        }
        add(AssertionType.FRAMES, bounds, options);
    }

    private void timing(AssertionType type, Number ms, Map<String, ?> options) {
        Map<String, Object> o = new LinkedHashMap<>(options);
        if (o.containsKey("threshold")) {
            throw context()
                    .error(type.camelCase() + " takes its threshold as its value (" + type.camelCase()
                            + " 800), not as threshold:");
        }
        o.put("threshold", ms);
        add(type, null, o);
    }

    // ---- code and graders ----------------------------------------------------------------------------------------

    /**
     * Groovy code over the output: {@code groovy { output, context -> output.size() < 500 }}; returns true/false, a
     * score from 0 to 1 (compared with {@code threshold:}), or {@code [pass:, score:, reason:]}.
     */
    public void groovy(
            @ClosureParams(
                            value = SimpleType.class,
                            options = {"java.lang.Object", "java.util.Map"})
                    Closure<?> check) {
        groovy(Map.of(), check);
    }

    public void groovy(
            Map<String, ?> options,
            @ClosureParams(
                            value = SimpleType.class,
                            options = {"java.lang.Object", "java.util.Map"})
                    Closure<?> check) {
        open();
        add(AssertionType.GROOVY, suite.functions().assertion(check, "groovy"), options);
    }

    /** Groovy code as text (an expression over {@code output} and {@code context}), or {@code file('checks.groovy:name')}. */
    public void groovy(Object code) {
        add(AssertionType.GROOVY, code, Map.of());
    }

    public void groovy(Map<String, ?> options, Object code) {
        add(AssertionType.GROOVY, code, options);
    }

    /** promptfoo's {@code javascript} assertion: evaluated as Groovy (text, as promptfoo configs write it). */
    public void javascript(Object code) {
        add(AssertionType.JAVASCRIPT, code, Map.of());
    }

    public void javascript(Map<String, ?> options, Object code) {
        add(AssertionType.JAVASCRIPT, code, options);
    }

    /** A grader provider says the rubric holds: {@code llmRubric 'Offers help politely', provider: '…'}. */
    public void llmRubric(Object rubric) {
        add(AssertionType.LLM_RUBRIC, rubric, Map.of());
    }

    public void llmRubric(Map<String, ?> options, Object rubric) {
        add(AssertionType.LLM_RUBRIC, rubric, options);
    }

    // ---- groups --------------------------------------------------------------------------------------------------

    /** A group of assertions counted as one: {@code assertSet(threshold: 0.5, weight: 2) { icontains 'x'; … }}. */
    public void assertSet(@DelegatesTo(value = Expect.class, strategy = Closure.DELEGATE_ONLY) Closure<?> block) {
        assertSet(Map.of(), block);
    }

    public void assertSet(
            Map<String, ?> options,
            @DelegatesTo(value = Expect.class, strategy = Closure.DELEGATE_ONLY) Closure<?> block) {
        open();
        if (negations % 2 == 1) {
            throw context().error("an assertSet has no not- form; negate the assertions inside it");
        }
        String p = path + "[" + sink.size() + "]";
        suite.at(p);
        List<Object> children = new ArrayList<>();
        Expect inner = new Expect(context(), suite, p + ".assert", children);
        inner.runClosure(block);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", AssertionType.ASSERT_SET.id());
        m.putAll(options(options));
        m.put("assert", children);
        sink.add(m);
    }

    /** The {@code not-} forms of the assertions in the block: {@code not { contains 'error' }}. */
    public void not(@DelegatesTo(value = Expect.class, strategy = Closure.DELEGATE_ONLY) Closure<?> block) {
        open();
        Closure<?> code = block.rehydrate(this, block.getOwner(), block.getThisObject());
        code.setResolveStrategy(Closure.DELEGATE_ONLY);
        negations++;
        try {
            code.call();
        } finally {
            negations--;
        }
    }

    /** An assertion as YAML writes it: {@code assertion type: 'levenshtein', value: 'x', threshold: 5}. */
    public void assertion(Map<String, ?> assertion) {
        open();
        String p = path + "[" + sink.size() + "]";
        suite.at(p);
        Map<String, Object> m = generic(suite, assertion, p);
        if (negations % 2 == 1 && m.get("type") instanceof String t) {
            m.put("type", t.startsWith("not-") ? t.substring(4) : "not-" + t);
        }
        sink.add(m);
    }

    // ---- building ------------------------------------------------------------------------------------------------

    private static List<Object> list(Object[] values) {
        if (values.length == 1 && values[0] instanceof List<?> l) {
            return new ArrayList<>(l);
        }
        return Arrays.asList(values);
    }

    private void add(AssertionType type, Object value, Map<String, ?> options) {
        open();
        String p = path + "[" + sink.size() + "]";
        suite.at(p);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", negations % 2 == 1 ? "not-" + type.id() : type.id());
        if (value != null) {
            m.put(
                    "value",
                    value instanceof io.github.wstoolkit.api.transform.AssertionFunction
                            ? value
                            : value(value, type.camelCase()));
        }
        m.putAll(options(options));
        sink.add(m);
    }

    private Map<String, Object> options(Map<String, ?> options) {
        Map<String, Object> o = options(options, OPTIONS, "an assertion");
        Map<String, Object> out = new LinkedHashMap<>();
        o.forEach((k, v) -> out.put(k, option(suite, k, v, "transform")));
        return out;
    }

    private static Object option(Suite suite, String key, Object v, String method) {
        if (key.equals("transform") && v instanceof Closure<?> c) {
            return suite.functions().assertion(c, method);
        }
        if (key.equals("provider")) {
            return TestBlock.grader(suite, v, "provider");
        }
        return suite.value(v, key);
    }

    /** A YAML-style assertion map, with closures where assertions take code. */
    static Map<String, Object> generic(Suite suite, Object assertion, String path) {
        if (!(assertion instanceof Map<?, ?> map)) {
            return Map.of("type", suite.value(assertion, "assertion"));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String k = String.valueOf(e.getKey());
            Object v = e.getValue();
            if (k.equals("value") && v instanceof Closure<?> c) {
                out.put(k, suite.functions().assertion(c, "assertion"));
            } else if (k.equals("assert") && v instanceof List<?> l) {
                List<Object> children = new ArrayList<>();
                for (int i = 0; i < l.size(); i++) {
                    children.add(generic(suite, l.get(i), path + ".assert[" + i + "]"));
                }
                out.put(k, children);
            } else {
                out.put(k, option(suite, k, v, "assertion"));
            }
        }
        return out;
    }
}
