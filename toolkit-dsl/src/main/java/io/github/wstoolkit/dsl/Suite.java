package io.github.wstoolkit.dsl;

import groovy.lang.Closure;
import groovy.lang.DelegatesTo;
import groovy.transform.stc.ClosureParams;
import groovy.transform.stc.SimpleType;
import io.github.wstoolkit.api.ConfigException;
import io.github.wstoolkit.api.transform.PromptFunction;
import io.github.wstoolkit.dsl.internal.ScriptErrors;
import io.github.wstoolkit.eval.spi.ConfigDocument;
import io.github.wstoolkit.groovy.GroovyFunctions;
import io.github.wstoolkit.groovy.GroovyJson;
import java.io.File;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An eval suite, as a Groovy script writes it: the top level of a config script ({@link EvalScript}) and the block
 * of {@code evaluate { … }} in a {@code wst run} script. Each method sets what the YAML key of the same name sets;
 * the result is the same plain-value tree a YAML file holds (with compiled closures where YAML holds code text), read
 * by the same loader into the same records.
 *
 * <pre>{@code
 * description 'Support bot'
 * mockServer()
 * prompt '{{ question }}'
 * provider("${env.WST_MOCK_URL}/ws") {
 *     messageTemplate '{"input": {{ prompt | dump }}}'
 *     transformResponse { data, ctx -> data.message }
 * }
 * test('greets') {
 *     vars question: 'Hello'
 *     expect { icontains 'hello' }
 * }
 * }</pre>
 */
public class Suite extends DslBlock {

    /** The embedded mock's variables: unknown until the run starts them, so they read as their template. */
    static final Set<String> DEFERRED_ENV = Set.of("WST_MOCK_URL", "WST_MOCK_HOST");

    private final Map<String, Object> root = new LinkedHashMap<>();
    private final Map<String, Integer> lines = new HashMap<>();
    private final Map<String, String> configEnv = new LinkedHashMap<>();

    Suite(Context context) {
        super(context);
    }

    @Override
    String blockName() {
        return "the suite";
    }

    /** Records the script's current line for a key path (messages about that key name it). */
    final void at(String path) {
        lines.putIfAbsent(path, context().line());
    }

    /** The suite as a config document (strict: a key nobody reads is an error). */
    ConfigDocument document() {
        return new ConfigDocument(
                new LinkedHashMap<>(root),
                Optional.of(context().file()),
                context().baseDir(),
                lines,
                true);
    }

    @SuppressWarnings("unchecked")
    private List<Object> list(String key) {
        return (List<Object>) root.computeIfAbsent(key, k -> new ArrayList<>());
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> map(String key) {
        return (Map<String, Object>) root.computeIfAbsent(key, k -> new LinkedHashMap<>());
    }

    // ---- description, mock server --------------------------------------------------------------------------------

    /** What the suite is about (reports show it). */
    public void description(String text) {
        open();
        at("description");
        root.put("description", text);
    }

    /**
     * Starts the project's mock server in-process for the run, on a free port; its address reaches the suite as
     * {@code env.WST_MOCK_URL} ({@code ws://127.0.0.1:PORT}) and {@code env.WST_MOCK_HOST}. YAML's
     * {@code mockServer: true}.
     */
    public void mockServer() {
        mockServer(true);
    }

    /** {@code mockServer(false)} takes back an earlier {@code mockServer()}. */
    public void mockServer(boolean on) {
        open();
        at("mockServer");
        root.put("mockServer", on);
    }

    /** The mock server with options: {@code mockServer port: 0, scenario: file('scenario.yaml')}. */
    public void mockServer(Map<String, ?> options) {
        open();
        at("mockServer");
        root.put("mockServer", value(options(options, Set.of("port", "scenario"), "mockServer"), "mockServer"));
    }

    // ---- prompts -------------------------------------------------------------------------------------------------

    /**
     * A prompt: Nunjucks template text ({@code '{{ question }}'}), or a file ({@code file('prompts/chat.txt')}, a
     * glob {@code 'file://prompts/*.txt'}; {@code .groovy} files are prompt functions). Repeatable.
     */
    public void prompt(Object prompt) {
        prompt(Map.of(), prompt);
    }

    /** A prompt with a label: {@code prompt 'Answer: {{ q }}', label: 'short'}. */
    public void prompt(Map<String, ?> options, Object prompt) {
        open();
        if (prompt instanceof Closure<?> c) {
            prompt(options, c);
            return;
        }
        Map<String, Object> o = options(options, Set.of("label"), "prompt");
        List<Object> prompts = list("prompts");
        at("prompts[" + prompts.size() + "]");
        Object p = value(prompt, "prompt");
        if (o.isEmpty()) {
            prompts.add(p);
        } else {
            Map<String, Object> m = new LinkedHashMap<>();
            String text = String.valueOf(p);
            m.put(text.startsWith("file://") ? "id" : "raw", p);
            m.put("label", value(o.get("label"), "label"));
            prompts.add(m);
        }
    }

    /**
     * A prompt function: {@code prompt { vars, provider -> "text" or [[role: 'user', content: …]] }} (or
     * {@code { context -> … }} with {@code context.vars} and {@code context.provider}).
     */
    public void prompt(
            @ClosureParams(
                            value = SimpleType.class,
                            options = {"java.util.Map", "java.util.Map"})
                    Closure<?> function) {
        prompt(Map.of(), function);
    }

    /** A prompt function with a label: {@code prompt(label: 'chat') { vars -> … }}. */
    public void prompt(
            Map<String, ?> options,
            @ClosureParams(
                            value = SimpleType.class,
                            options = {"java.util.Map", "java.util.Map"})
                    Closure<?> function) {
        open();
        Map<String, Object> o = options(options, Set.of("label"), "prompt");
        List<Object> prompts = list("prompts");
        at("prompts[" + prompts.size() + "]");
        Object fn = functions().prompt(function, "prompt");
        if (o.isEmpty()) {
            prompts.add(fn);
        } else {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("raw", fn);
            m.put("label", value(o.get("label"), "label"));
            prompts.add(m);
        }
    }

    /** Several prompts at once, as YAML's {@code prompts:} list (texts, files, {@code [raw:, label:]} maps). */
    public void prompts(List<?> prompts) {
        for (Object p : prompts) {
            if (p instanceof Map<?, ?> m) {
                open();
                List<Object> list = list("prompts");
                at("prompts[" + list.size() + "]");
                list.add(value(m, "prompts"));
            } else {
                prompt(p);
            }
        }
    }

    // ---- providers -----------------------------------------------------------------------------------------------

    /** A provider by id alone: {@code provider 'ws://localhost:8080/ws'}. */
    public void provider(String id) {
        provider(Map.of("id", id));
    }

    /**
     * A provider and its options. Any option of the provider is a method ({@code messageTemplate}, {@code timeoutMs},
     * {@code headers}, …); transforms take closures. A misspelled option is an error naming the options the provider
     * reads.
     */
    public void provider(
            String id, @DelegatesTo(value = ProviderBlock.class, strategy = Closure.DELEGATE_ONLY) Closure<?> block) {
        open();
        List<Object> providers = list("providers");
        String path = "providers[" + providers.size() + "]";
        at(path);
        ProviderBlock p = new ProviderBlock(context(), this, path, id);
        p.runClosure(block);
        providers.add(p.entry());
    }

    /** A provider as YAML writes it: {@code provider id: 'ws://…', label: 'bot', config: [messageTemplate: …]}. */
    public void provider(Map<String, ?> entry) {
        open();
        List<Object> providers = list("providers");
        String path = "providers[" + providers.size() + "]";
        at(path);
        Map<String, Object> m = new LinkedHashMap<>();
        for (Map.Entry<String, ?> e : entry.entrySet()) {
            String k = String.valueOf(e.getKey());
            if (k.equals("config") && e.getValue() instanceof Map<?, ?> config) {
                m.put(k, ProviderBlock.config(this, config, path + ".config"));
            } else {
                m.put(k, value(e.getValue(), "provider." + k));
            }
        }
        providers.add(m.size() == 1 && m.get("id") instanceof String s ? s : m);
    }

    /** Several providers at once, as YAML's {@code providers:} list (ids and maps). */
    public void providers(List<?> entries) {
        for (Object e : entries) {
            if (e instanceof Map<?, ?> m) {
                provider(stringKeys(m));
            } else {
                provider(String.valueOf(value(e, "providers")));
            }
        }
    }

    /** promptfoo's other name for {@link #provider(String)}. */
    public void target(String id) {
        provider(id);
    }

    /** promptfoo's other name for {@link #provider(String, Closure)}. */
    public void target(
            String id, @DelegatesTo(value = ProviderBlock.class, strategy = Closure.DELEGATE_ONLY) Closure<?> block) {
        provider(id, block);
    }

    /** promptfoo's other name for {@link #providers(List)}. */
    public void targets(List<?> entries) {
        providers(entries);
    }

    // ---- tests ---------------------------------------------------------------------------------------------------

    /** What every test inherits: vars, assertions, options (the grader), metadata. */
    public void defaultTest(@DelegatesTo(value = TestBlock.class, strategy = Closure.DELEGATE_ONLY) Closure<?> block) {
        open();
        at("defaultTest");
        TestBlock t = new TestBlock(context(), this, "defaultTest");
        t.runClosure(block);
        root.put("defaultTest", t.test());
    }

    /** The default test from a YAML file: {@code defaultTest file('defaults.yaml')}. */
    public void defaultTest(Object file) {
        open();
        at("defaultTest");
        root.put("defaultTest", value(file, "defaultTest"));
    }

    /** A test without a description. */
    public void test(@DelegatesTo(value = TestBlock.class, strategy = Closure.DELEGATE_ONLY) Closure<?> block) {
        test((String) null, block);
    }

    /** A test: {@code test('greets back') { vars q: 'Hello'; expect { icontains 'hello' } }}. */
    public void test(
            String description,
            @DelegatesTo(value = TestBlock.class, strategy = Closure.DELEGATE_ONLY) Closure<?> block) {
        open();
        List<Object> tests = list("tests");
        String path = "tests[" + tests.size() + "]";
        at(path);
        TestBlock t = new TestBlock(context(), this, path);
        if (description != null) {
            t.description(description);
        }
        t.runClosure(block);
        tests.add(t.test());
    }

    /** A test as YAML writes it: {@code test description: 'x', vars: [q: 1], assert: [[type: 'equals', …]]}. */
    public void test(Map<String, ?> test) {
        open();
        List<Object> tests = list("tests");
        at("tests[" + tests.size() + "]");
        tests.add(TestBlock.generic(this, test, "tests[" + tests.size() + "]"));
    }

    /**
     * Tests from files, as YAML's {@code tests: file://…}: {@code tests file('cases.csv')}, a glob
     * {@code tests 'file://tests/*.yaml'}, or a list of files and test maps.
     */
    public void tests(Object files) {
        open();
        if (files instanceof List<?> l) {
            for (Object item : l) {
                if (item instanceof Map<?, ?> m) {
                    test(stringKeys(m));
                } else {
                    tests(item);
                }
            }
            return;
        }
        List<Object> tests = list("tests");
        at("tests[" + tests.size() + "]");
        Object v = value(files, "tests");
        tests.add(v instanceof String s && !s.startsWith("file://") ? "file://" + s : v);
    }

    /** Vars every test gets (a test's own vars win); YAML's top-level {@code vars}. */
    public void vars(Map<String, ?> vars) {
        open();
        at("vars");
        map("vars").putAll(stringKeys(value(vars, "vars")));
    }

    // ---- the rest ------------------------------------------------------------------------------------------------

    /** Variables templates see as {@code env.NAME}, over the process environment. Repeatable (merged). */
    public void env(Map<String, ?> variables) {
        open();
        at("env");
        Map<String, Object> m = map("env");
        for (Map.Entry<String, ?> e : variables.entrySet()) {
            Object v = value(e.getValue(), "env." + e.getKey());
            m.put(String.valueOf(e.getKey()), v);
            configEnv.put(String.valueOf(e.getKey()), v == null ? "" : String.valueOf(v));
        }
    }

    /**
     * The environment the run will have: the process's, with the suite's {@code env} on top. The embedded mock's
     * {@code WST_MOCK_URL} and {@code WST_MOCK_HOST} are not known until the run starts the mock, so while unset
     * they read as their templates ({@code {{ env.WST_MOCK_URL }}}), which the provider renders when it is created:
     * {@code provider("${env.WST_MOCK_URL}/ws")} means what YAML's {@code id: '{{ env.WST_MOCK_URL }}/ws'} means.
     */
    @Override
    public Map<String, String> getEnv() {
        return envView();
    }

    Map<String, String> envView() {
        Map<String, String> base = new LinkedHashMap<>(context().env());
        base.putAll(configEnv);
        return new EnvView(base);
    }

    @Override
    Suite suite() {
        return this;
    }

    /** Run options: {@code evaluateOptions maxConcurrency: 8, repeat: 2, timeoutMs: 60000}. Repeatable (merged). */
    public void evaluateOptions(Map<String, ?> options) {
        open();
        at("evaluateOptions");
        map("evaluateOptions").putAll(stringKeys(value(options, "evaluateOptions")));
    }

    /** Report files written after every run ({@code .json}, {@code .html}, {@code .junit.xml}, …). */
    public void outputPath(String... files) {
        open();
        List<Object> outputs = list("outputPath");
        for (String f : files) {
            at("outputPath[" + outputs.size() + "]");
            outputs.add(f);
        }
    }

    /** A template filter: {@code nunjucksFilter('shout') { value -> value.toUpperCase() }} for {@code {{ x | shout }}}. */
    public void nunjucksFilter(String name, Closure<?> filter) {
        open();
        at("nunjucksFilters." + name);
        map("nunjucksFilters").put(name, functions().filter(filter, "nunjucksFilter"));
    }

    /** Several filters: closures, or Groovy code as text / {@code file()} as YAML gives it. */
    public void nunjucksFilters(Map<String, ?> filters) {
        for (Map.Entry<String, ?> e : filters.entrySet()) {
            if (e.getValue() instanceof Closure<?> c) {
                nunjucksFilter(String.valueOf(e.getKey()), c);
            } else {
                open();
                at("nunjucksFilters." + e.getKey());
                map("nunjucksFilters").put(String.valueOf(e.getKey()), value(e.getValue(), "nunjucksFilters"));
            }
        }
    }

    /** The suite's metadata (reports carry it). Repeatable (merged). */
    public void metadata(Map<String, ?> metadata) {
        open();
        at("metadata");
        map("metadata").putAll(stringKeys(value(metadata, "metadata")));
    }

    /** A file next to the script ({@code file('cases.csv')}); wherever YAML takes {@code file://…}, this works. */
    @Override
    public File file(String path) {
        return super.file(path);
    }

    /** {@code JSON.parse(text)} and {@code JSON.stringify(value)}, as in transforms. */
    @Override
    public GroovyJson getJSON() {
        return super.getJSON();
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    Functions functions() {
        return new Functions(context());
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> stringKeys(Object m) {
        if (!(m instanceof Map<?, ?> map)) {
            return Map.of();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(String.valueOf(k), v));
        return (Map<String, Object>) (Map<?, ?>) out;
    }

    /** The closures of a script as the api's functions, with their text for reports. */
    static final class Functions {
        private final Context context;

        Functions(Context context) {
            this.context = context;
        }

        private <T> T adapt(String what, java.util.function.Supplier<T> adapter) {
            try {
                return adapter.get();
            } catch (IllegalArgumentException e) {
                throw context.error(e.getMessage(), e);
            }
        }

        /** A prompt function; an exception it throws names the script's line. */
        Object prompt(Closure<?> c, String method) {
            String text = context.describe(method);
            PromptFunction fn = adapt(method, () -> GroovyFunctions.promptFunction(context.detach(c), text));
            Path file = context.file();
            return new PromptFunction() {
                @Override
                public Object render(Map<String, Object> vars, Map<String, Object> provider) throws Exception {
                    try {
                        return fn.render(vars, provider);
                    } catch (ConfigException e) {
                        throw e;
                    } catch (Exception e) {
                        throw ConfigException.at(file, ScriptErrors.line(e, file), null, ScriptErrors.describe(e), e);
                    }
                }

                @Override
                public String toString() {
                    return text;
                }
            };
        }

        Object assertion(Closure<?> c, String method) {
            String text = context.describe(method);
            return adapt(method, () -> GroovyFunctions.assertion(context.detach(c), text));
        }

        Object filter(Closure<?> c, String method) {
            String text = context.describe(method);
            return adapt(method, () -> GroovyFunctions.templateFilter(context.detach(c), text));
        }

        /** A provider option given as a closure, as that option's function. */
        Object providerCode(String key, Closure<?> c) {
            String text = context.describe(key);
            Closure<?> d = context.detach(c);
            return adapt(key, () -> switch (key) {
                case "transformResponse", "responseParser" -> GroovyFunctions.responseTransform(d, text);
                case "streamResponse" -> GroovyFunctions.streamResponse(d, text);
                case "transformStream" -> GroovyFunctions.streamTransform(d, text);
                case "functionCallHandler" -> GroovyFunctions.functionCallHandler(d, text);
                default -> throw context.error(key + " does not take code (a closure)");
            });
        }
    }

    /** The environment as scripts see it (see {@link Suite#getEnv()}). */
    private static final class EnvView extends AbstractMap<String, String> {
        private final Map<String, String> env;

        EnvView(Map<String, String> env) {
            this.env = Collections.unmodifiableMap(env);
        }

        @Override
        public String get(Object key) {
            String v = env.get(key);
            if (v == null && key instanceof String k && DEFERRED_ENV.contains(k)) {
                return "{{ env." + k + " }}";
            }
            return v;
        }

        @Override
        public boolean containsKey(Object key) {
            return env.containsKey(key) || (key instanceof String k && DEFERRED_ENV.contains(k));
        }

        @Override
        public Set<Entry<String, String>> entrySet() {
            return new LinkedHashSet<>(env.entrySet());
        }
    }
}
