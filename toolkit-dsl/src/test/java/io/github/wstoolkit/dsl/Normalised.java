package io.github.wstoolkit.dsl;

import io.github.wstoolkit.api.template.TemplateFilter;
import io.github.wstoolkit.api.transform.AssertionFunction;
import io.github.wstoolkit.api.transform.PromptFunction;
import io.github.wstoolkit.eval.AssertionSpec;
import io.github.wstoolkit.eval.EvalConfig;
import io.github.wstoolkit.eval.PromptSpec;
import io.github.wstoolkit.eval.ProviderEntry;
import io.github.wstoolkit.eval.TestCase;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A config with what differs between two front ends that say the same thing taken out, so that a YAML file and its
 * Groovy form compare with a plain {@code assertEquals} of records:
 *
 * <ul>
 *   <li>where things were written: every {@code location}, a provider's {@code origin}, the config's {@code files},
 *       {@code raw} (the front end's own tree) and {@code warnings} (asserted empty separately);
 *   <li>code: YAML holds code as text that the loader compiles, a script holds compiled closures; two compilations
 *       of the same text are different objects too. Every piece of code (a provider's transform or handler, a code
 *       assertion's value and function, an assertion transform, a prompt function, a template filter) becomes one
 *       marker. A prompt function's text and label stay: they decide {@code _conversation} and what reports show.
 * </ul>
 *
 * What the code does is compared by running both forms ({@link ExamplesEqualityTest}).
 */
final class Normalised {

    static final String CODE = "<code>";
    static final AssertionFunction CODE_FUNCTION = (output, context) -> CODE;
    static final PromptFunction CODE_PROMPT = (vars, provider) -> CODE;
    static final TemplateFilter CODE_FILTER = (value, args) -> CODE;

    /** Provider options that hold code (transformStream: true / 'default' is a setting, not code). */
    private static final Set<String> CODE_KEYS =
            Set.of("transformResponse", "responseParser", "streamResponse", "transformStream", "functionCallHandler");

    private Normalised() {}

    static EvalConfig of(EvalConfig c) {
        Map<String, TemplateFilter> filters = new LinkedHashMap<>();
        c.nunjucksFilters().keySet().forEach(k -> filters.put(k, CODE_FILTER));
        return c.toBuilder()
                .prompts(c.prompts().stream().map(Normalised::prompt).toList())
                .providers(c.providers().stream().map(Normalised::provider).toList())
                .tests(c.tests().stream().map(Normalised::test).toList())
                .defaultTest(test(c.defaultTest()))
                .nunjucksFilters(filters)
                .raw(Map.of())
                .warnings(List.of())
                .files(List.of())
                .build();
    }

    private static PromptSpec prompt(PromptSpec p) {
        return new PromptSpec(p.raw(), p.label(), p.function().map(f -> CODE_PROMPT));
    }

    private static ProviderEntry provider(ProviderEntry p) {
        return new ProviderEntry(p.id(), p.label(), config(p.config()), p.baseDir(), Optional.empty());
    }

    private static TestCase test(TestCase t) {
        Map<String, Object> options = new LinkedHashMap<>(t.options());
        if (options.get("provider") != null) {
            options.put("provider", grader(options.get("provider")));
        }
        return t.toBuilder()
                .asserts(t.asserts().stream().map(Normalised::assertion).toList())
                .options(options)
                .location("")
                .build();
    }

    private static AssertionSpec assertion(AssertionSpec a) {
        return a.toBuilder()
                .value(a.type().isCode() ? CODE : a.value())
                .function(a.function().isPresent() ? CODE_FUNCTION : null)
                .transform(a.transform().isPresent() ? CODE_FUNCTION : null)
                .provider(grader(a.provider()))
                .children(a.children().stream().map(Normalised::assertion).toList())
                .location("")
                .build();
    }

    private static Object grader(Object spec) {
        if (spec instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(
                    String.valueOf(k), k.equals("config") && v instanceof Map<?, ?> c ? config(stringKeys(c)) : v));
            return out;
        }
        return spec;
    }

    private static Map<String, Object> config(Map<String, Object> config) {
        Map<String, Object> out = new LinkedHashMap<>();
        config.forEach((k, v) -> {
            boolean setting = k.equals("transformStream") && (Boolean.TRUE.equals(v) || "default".equals(v));
            out.put(k, CODE_KEYS.contains(k) && v != null && !setting && !isFileRef(v) ? CODE : v);
        });
        return out;
    }

    /** A file:// reference is the same text in both forms: compared as it is. */
    private static boolean isFileRef(Object v) {
        return v instanceof String s && s.startsWith("file://");
    }

    private static Map<String, Object> stringKeys(Map<?, ?> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }
}
