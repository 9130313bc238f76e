package io.github.wstoolkit.dsl;

import groovy.lang.Closure;
import groovy.lang.DelegatesTo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The block of {@code test(…) { … }} and {@code defaultTest { … }}: promptfoo's test keys ({@code vars},
 * {@code metadata}, {@code options}, {@code threshold}, {@code provider}) and its assertions in {@code expect { … }}
 * ({@code assert} is a Groovy keyword).
 */
public class TestBlock extends DslBlock {

    private final Suite suite;
    private final String path;
    private final Map<String, Object> test = new LinkedHashMap<>();
    private final List<Object> asserts = new ArrayList<>();

    TestBlock(Context context, Suite suite, String path) {
        super(context);
        this.suite = suite;
        this.path = path;
    }

    @Override
    Suite suite() {
        return suite;
    }

    @Override
    String blockName() {
        return path.equals("defaultTest") ? "defaultTest { }" : "test { }";
    }

    private String key(String k) {
        return path + "." + k;
    }

    /** The description (tables and reports name the test by it; {@code --filter-pattern} matches it). */
    public void description(String text) {
        open();
        suite.at(key("description"));
        test.put("description", text);
    }

    /**
     * The test's variables: {@code vars question: 'Hello', lang: ['en', 'fr']} (a list multiplies the test);
     * {@code file()} values are loaded as YAML loads them. Repeatable (merged).
     */
    public void vars(Map<String, ?> vars) {
        open();
        suite.at(key("vars"));
        Object existing = test.get("vars");
        Map<String, Object> m = existing instanceof Map<?, ?> ? Suite.stringKeys(existing) : new LinkedHashMap<>();
        m.putAll(Suite.stringKeys(value(vars, "vars")));
        test.put("vars", m);
    }

    /** The variables from a YAML or JSON file: {@code vars file('vars.yaml')}. */
    public void vars(Object file) {
        open();
        suite.at(key("vars"));
        test.put("vars", value(file, "vars"));
    }

    /** Metadata: {@code metadata conversationId: 'trip'} makes the tests of one conversation run in order. */
    public void metadata(Map<String, ?> metadata) {
        open();
        suite.at(key("metadata"));
        Object existing = test.get("metadata");
        Map<String, Object> m = existing instanceof Map<?, ?> ? Suite.stringKeys(existing) : new LinkedHashMap<>();
        m.putAll(Suite.stringKeys(value(metadata, "metadata")));
        test.put("metadata", m);
    }

    /** promptfoo's test options ({@code provider} for graders, {@code disableConversationVar}, …). */
    public void options(Map<String, ?> options) {
        open();
        suite.at(key("options"));
        Object existing = test.get("options");
        Map<String, Object> m = existing instanceof Map<?, ?> ? Suite.stringKeys(existing) : new LinkedHashMap<>();
        m.putAll(Suite.stringKeys(value(withoutProvider(options), "options")));
        if (options.get("provider") != null) {
            m.put("provider", grader(suite, options.get("provider"), key("options.provider")));
        }
        test.put("options", m);
    }

    /** The grader of {@code llmRubric} assertions: an id, or {@code [id: …, config: […]]}. */
    public void provider(Object grader) {
        open();
        suite.at(key("provider"));
        test.put("provider", grader(suite, grader, key("provider")));
    }

    /** The weighted score the assertions must reach (instead of "every assertion passes"). */
    public void threshold(Number threshold) {
        open();
        suite.at(key("threshold"));
        test.put("threshold", value(threshold, "threshold"));
    }

    /** The test's assertions. Repeatable. */
    public void expect(@DelegatesTo(value = Expect.class, strategy = Closure.DELEGATE_ONLY) Closure<?> block) {
        open();
        Expect e = new Expect(context(), suite, key("assert"), asserts);
        e.runClosure(block);
    }

    /** The test as YAML writes it. */
    Map<String, Object> test() {
        Map<String, Object> m = new LinkedHashMap<>(test);
        if (!asserts.isEmpty()) {
            m.put("assert", new ArrayList<>(asserts));
        }
        return m;
    }

    /** A grader spec: an id, or a map whose {@code config} may hold closures. */
    static Object grader(Suite suite, Object grader, String path) {
        if (grader instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                String k = String.valueOf(e.getKey());
                out.put(
                        k,
                        k.equals("config") && e.getValue() instanceof Map<?, ?> c
                                ? ProviderBlock.config(suite, c, path + ".config")
                                : suite.value(e.getValue(), "provider." + k));
            }
            return out;
        }
        return suite.value(grader, "provider");
    }

    /** A YAML-style test map, with closures where assertions and graders take code. */
    static Map<String, Object> generic(Suite suite, Map<String, ?> test, String path) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, ?> e : test.entrySet()) {
            String k = String.valueOf(e.getKey());
            Object v = e.getValue();
            if (k.equals("assert") && v instanceof List<?> l) {
                List<Object> list = new ArrayList<>();
                for (int i = 0; i < l.size(); i++) {
                    list.add(Expect.generic(suite, l.get(i), path + ".assert[" + i + "]"));
                }
                out.put(k, list);
            } else if (k.equals("provider")) {
                out.put(k, grader(suite, v, path + ".provider"));
            } else if (k.equals("options") && v instanceof Map<?, ?> o && o.get("provider") != null) {
                Map<String, Object> opts = Suite.stringKeys(suite.value(withoutProvider(o), "options"));
                opts.put("provider", grader(suite, o.get("provider"), path + ".options.provider"));
                out.put(k, opts);
            } else {
                out.put(k, suite.value(v, k));
            }
        }
        return out;
    }

    private static Map<String, Object> withoutProvider(Map<?, ?> o) {
        Map<String, Object> m = Suite.stringKeys(o);
        m.remove("provider");
        return m;
    }
}
