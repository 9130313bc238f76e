package io.github.wstoolkit.dsl;

import groovy.lang.Closure;
import groovy.transform.stc.ClosureParams;
import groovy.transform.stc.SimpleType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The block of {@code provider(id) { … }}: its {@code label}, and its options. Every option the provider reads is a
 * method of this block, named as in YAML ({@code messageTemplate '…'}, {@code timeoutMs 30000},
 * {@code headers Authorization: 'Bearer {{ env.KEY }}'}, {@code modalities 'text', 'audio'}); the transforms take
 * closures. An option the provider does not read is an error naming the options it reads (with the line), as the
 * loader checks them; {@link #config(Map)} gives several at once, as YAML's {@code config:} map.
 */
public class ProviderBlock extends DslBlock {

    /** Provider options that are code: a closure becomes the option's function. */
    static final Set<String> CODE_KEYS =
            Set.of("transformResponse", "responseParser", "streamResponse", "transformStream", "functionCallHandler");

    private final Suite suite;
    private final String path;
    private final String id;
    private String label;
    private final Map<String, Object> config = new LinkedHashMap<>();

    ProviderBlock(Context context, Suite suite, String path, String id) {
        super(context);
        this.suite = suite;
        this.path = path;
        this.id = id;
    }

    @Override
    Suite suite() {
        return suite;
    }

    @Override
    String blockName() {
        return "provider { }";
    }

    /** The name reports and tables show (the id when not given). */
    public void label(String label) {
        open();
        suite.at(path + ".label");
        this.label = label;
    }

    /** Several options at once, as YAML's {@code config:} map. */
    public void config(Map<String, ?> options) {
        open();
        config.putAll(config(suite, options, path + ".config"));
    }

    /** {@code transformResponse { data, context -> output }}: the received payload to the output. */
    public void transformResponse(
            @ClosureParams(
                            value = SimpleType.class,
                            options = {"java.lang.Object", "java.util.Map"})
                    Closure<?> transform) {
        code("transformResponse", transform);
    }

    /** promptfoo's old name of {@link #transformResponse}. */
    public void responseParser(
            @ClosureParams(
                            value = SimpleType.class,
                            options = {"java.lang.Object", "java.util.Map"})
                    Closure<?> transform) {
        code("responseParser", transform);
    }

    /**
     * {@code streamResponse { acc, event, context -> [acc, complete] }}: called for every frame; {@code event.data}
     * is the frame's text.
     */
    public void streamResponse(
            @ClosureParams(
                            value = SimpleType.class,
                            options = {
                                "java.lang.Object",
                                "io.github.wstoolkit.api.transform.StreamEvent",
                                "java.util.Map"
                            })
                    Closure<?> transform) {
        code("streamResponse", transform);
    }

    /**
     * promptfoo's unmerged streaming branch's {@code transformStream { context -> [:] or [done: true, output: …] }} ({@code context.message},
     * {@code context.messages}), or {@code { message, messages, context -> … }}.
     */
    public void transformStream(Closure<?> transform) {
        code("transformStream", transform);
    }

    /** The Realtime provider's {@code functionCallHandler { name, argumentsJson -> output }}. */
    public void functionCallHandler(
            @ClosureParams(
                            value = SimpleType.class,
                            options = {"java.lang.String", "java.lang.String"})
                    Closure<?> handler) {
        code("functionCallHandler", handler);
    }

    private void code(String key, Closure<?> c) {
        open();
        if (c == null) {
            throw context().error(key + " needs a closure, Groovy code as text, or a file()");
        }
        suite.at(path + ".config." + key);
        config.put(key, suite.functions().providerCode(key, c));
    }

    /** Any other option: {@code timeoutMs 5000}, {@code headers Authorization: '…'}, {@code modalities 'text', 'audio'}. */
    @Override
    public Object methodMissing(String name, Object args) {
        Object[] a = args instanceof Object[] arr ? arr : new Object[] {args};
        if (context().isScriptMethod(name)) {
            return context().script().invokeMethod(name, a);
        }
        open();
        if (a.length == 0) {
            throw context().error("the provider option " + name + " needs a value (" + name + " VALUE)");
        }
        suite.at(path + ".config." + name);
        Object v = a.length == 1 ? a[0] : List.of(a);
        if (v instanceof Closure<?> c) {
            config.put(name, suite.functions().providerCode(name, c));
        } else {
            config.put(name, value(v, "the provider option " + name));
        }
        return null;
    }

    /** The provider as YAML writes it ({@code {id, label, config}}). */
    Map<String, Object> entry() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        if (label != null) {
            m.put("label", label);
        }
        if (!config.isEmpty()) {
            m.put("config", new LinkedHashMap<>(config));
        }
        return m;
    }

    /** A YAML-style config map: plain values, and closures as their options' functions. */
    static Map<String, Object> config(Suite suite, Map<?, ?> options, String path) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : options.entrySet()) {
            String k = String.valueOf(e.getKey());
            suite.at(path + "." + k);
            out.put(
                    k,
                    e.getValue() instanceof Closure<?> c
                            ? suite.functions().providerCode(k, c)
                            : suite.value(e.getValue(), "the provider option " + k));
        }
        return out;
    }
}
