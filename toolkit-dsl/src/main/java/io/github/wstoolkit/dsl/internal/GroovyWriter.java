package io.github.wstoolkit.dsl.internal;

import io.github.wstoolkit.eval.AssertionType;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A YAML config (its plain-value tree) as a Groovy eval script that loads into the same records. Code given as a
 * closure literal ({@code { acc, event, ctx -> … }}) becomes code; other code (expressions, lambdas, JavaScript
 * arrows) stays text, which the DSL accepts as YAML does. {@code file://} references become {@code file('…')}, keys
 * wst does not read are left out with a comment, and anything the typed methods cannot say is written in the DSL's
 * generic map forms.
 */
public final class GroovyWriter {

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*");
    private static final Set<String> KEYWORDS = Set.of(
            "as",
            "assert",
            "break",
            "case",
            "catch",
            "class",
            "const",
            "continue",
            "def",
            "default",
            "do",
            "else",
            "enum",
            "extends",
            "false",
            "finally",
            "for",
            "goto",
            "if",
            "implements",
            "import",
            "in",
            "instanceof",
            "interface",
            "new",
            "null",
            "package",
            "return",
            "super",
            "switch",
            "this",
            "throw",
            "throws",
            "trait",
            "true",
            "try",
            "var",
            "while",
            "yield",
            "record",
            "sealed",
            "permits",
            "non-sealed");
    private static final Set<String> PROVIDER_CODE_KEYS =
            Set.of("transformResponse", "responseParser", "streamResponse", "transformStream", "functionCallHandler");
    private static final Set<String> ASSERT_OPTIONS = Set.of(
            "threshold", "weight", "metric", "provider", "rubricPrompt", "transform", "config", "contextTransform");
    private static final Set<String> TEST_KEYS =
            Set.of("description", "vars", "assert", "options", "metadata", "threshold", "provider");
    private static final String INDENT = "    ";

    private final StringBuilder out = new StringBuilder();

    private GroovyWriter() {}

    /** The script. */
    public static String write(Map<String, Object> yaml) {
        GroovyWriter w = new GroovyWriter();
        w.config(yaml);
        return w.out.toString();
    }

    private void line(String indent, String text) {
        out.append(indent).append(text).append('\n');
    }

    // ---- the config ------------------------------------------------------------------------------------------------

    private void config(Map<String, Object> y) {
        line("", "// Converted by `wst convert` from YAML: the same suite as a Groovy eval script (docs/groovy.md).");
        for (Map.Entry<String, Object> e : y.entrySet()) {
            Object v = e.getValue();
            switch (e.getKey()) {
                case "description" -> line("", "description " + literal(v, ""));
                case "mockServer" -> mockServer(v);
                case "prompts" -> prompts(v);
                case "providers", "targets" -> providers(v);
                case "defaultTest" -> defaultTest(v);
                case "tests" -> tests(v);
                case "env" -> line("", "env " + namedArgs(map(v), ""));
                case "evaluateOptions" -> line("", "evaluateOptions " + namedArgs(map(v), ""));
                case "outputPath" ->
                    line(
                            "",
                            "outputPath "
                                    + String.join(
                                            ", ",
                                            list(v).stream()
                                                    .map(x -> literal(x, ""))
                                                    .toList()));
                case "nunjucksFilters" -> filters(map(v));
                case "metadata" -> line("", "metadata " + namedArgs(map(v), ""));
                case "vars" -> line("", "vars " + namedArgs(map(v), ""));
                default -> line("", "// " + e.getKey() + ": not read by wst, left out");
            }
        }
    }

    private void mockServer(Object v) {
        out.append('\n');
        if (Boolean.TRUE.equals(v)) {
            line("", "mockServer()");
        } else if (v instanceof Map<?, ?> m) {
            line("", "mockServer " + namedArgs(map(m), ""));
        } else {
            line("", "mockServer(false)");
        }
    }

    private void prompts(Object v) {
        out.append('\n');
        if (v instanceof Map<?, ?> m) {
            // promptfoo's {file://path: label}
            map(m).forEach((k, label) -> line("", "prompt " + literal(k, "") + ", label: " + literal(label, "")));
            return;
        }
        for (Object p : list(v)) {
            if (p instanceof Map<?, ?> pm) {
                Map<String, Object> m = map(pm);
                Object text = m.containsKey("raw") ? m.get("raw") : m.get("id");
                if (m.keySet().stream()
                                .allMatch(k -> Set.of("raw", "id", "label").contains(k))
                        && text != null) {
                    line(
                            "",
                            "prompt " + literal(text, "")
                                    + (m.get("label") == null ? "" : ", label: " + literal(m.get("label"), "")));
                } else {
                    line("", "prompts([" + literal(m, "") + "])");
                }
            } else {
                line("", "prompt " + literal(p, ""));
            }
        }
    }

    // ---- providers -----------------------------------------------------------------------------------------------

    private void providers(Object v) {
        for (Object p : v instanceof List<?> l ? l : List.of(v)) {
            out.append('\n');
            if (!(p instanceof Map<?, ?> pm)) {
                line("", "provider " + literal(p, ""));
                continue;
            }
            Map<String, Object> m = map(pm);
            if (!m.containsKey("id")
                    && m.size() == 1
                    && m.keySet().iterator().next().contains(":")) {
                // promptfoo's {ws://host: {config...}} form
                String id = m.keySet().iterator().next();
                Map<String, Object> inner = new LinkedHashMap<>(map(m.get(id)));
                inner.put("id", id);
                m = inner;
            }
            if (!m.keySet().stream()
                    .allMatch(k -> Set.of("id", "label", "config").contains(k))) {
                line(
                        "",
                        "provider(" + literal(m, "").substring(1, literal(m, "").length() - 1) + ")");
                continue;
            }
            Map<String, Object> config = map(m.get("config"));
            if (m.get("label") == null && config.isEmpty()) {
                line("", "provider " + literal(m.get("id"), ""));
                continue;
            }
            line("", "provider(" + literal(m.get("id"), "") + ") {");
            if (m.get("label") != null) {
                line(INDENT, "label " + literal(m.get("label"), INDENT));
            }
            providerConfig(config, INDENT);
            line("", "}");
        }
    }

    private void providerConfig(Map<String, Object> config, String indent) {
        Map<String, Object> rest = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : config.entrySet()) {
            String k = e.getKey();
            Object v = e.getValue();
            if (!isIdentifier(k)) {
                rest.put(k, v);
            } else if (PROVIDER_CODE_KEYS.contains(k) && closureText(v).isPresent()) {
                line(indent, k + " " + code(closureText(v).get(), indent));
            } else {
                line(indent, call(k, v, indent));
            }
        }
        if (!rest.isEmpty()) {
            line(indent, "config " + namedArgs(rest, indent));
        }
    }

    /** {@code key value}, with parentheses where a bare argument would not parse as one value. */
    private String call(String name, Object v, String indent) {
        if (v instanceof Map<?, ?> m && !m.isEmpty()) {
            return name + " " + namedArgs(map(m), indent);
        }
        if (v instanceof Map<?, ?> || v instanceof List<?> || v == null) {
            return name + "(" + literal(v, indent) + ")";
        }
        return name + " " + literal(v, indent);
    }

    // ---- tests ---------------------------------------------------------------------------------------------------

    private void defaultTest(Object v) {
        out.append('\n');
        if (v instanceof Map<?, ?> m) {
            line("", "defaultTest {");
            testBody(map(m), INDENT);
            line("", "}");
        } else {
            line("", "defaultTest " + literal(v, ""));
        }
    }

    private void tests(Object v) {
        for (Object t : v instanceof List<?> l ? l : List.of(v)) {
            out.append('\n');
            if (!(t instanceof Map<?, ?> tm)) {
                line("", "tests " + literal(t, ""));
                continue;
            }
            Map<String, Object> m = map(tm);
            if (!TEST_KEYS.containsAll(m.keySet())) {
                line("", "test(" + namedArgs(m, "") + ")");
                continue;
            }
            Object d = m.get("description");
            line("", (d == null ? "test" : "test(" + literal(d, "") + ")") + " {");
            Map<String, Object> body = new LinkedHashMap<>(m);
            body.remove("description");
            testBody(body, INDENT);
            line("", "}");
        }
    }

    private void testBody(Map<String, Object> t, String indent) {
        for (Map.Entry<String, Object> e : t.entrySet()) {
            Object v = e.getValue();
            switch (e.getKey()) {
                case "assert" -> {
                    line(indent, "expect {");
                    for (Object a : list(v)) {
                        assertion(a, indent + INDENT);
                    }
                    line(indent, "}");
                }
                case "vars", "metadata", "options" ->
                    line(
                            indent,
                            v instanceof Map<?, ?>
                                    ? call(e.getKey(), v, indent)
                                    : e.getKey() + " " + literal(v, indent));
                default -> line(indent, call(e.getKey(), v, indent));
            }
        }
    }

    private void assertion(Object a, String indent) {
        if (!(a instanceof Map<?, ?> am)) {
            line(indent, "assertion(" + literal(a, indent) + ")");
            return;
        }
        Map<String, Object> m = map(am);
        String typeName = m.get("type") instanceof String s ? s : "";
        boolean negated = typeName.startsWith("not-");
        Optional<AssertionType> type = AssertionType.fromId(negated ? typeName.substring(4) : typeName);
        Map<String, Object> options = new LinkedHashMap<>(m);
        options.remove("type");
        options.remove("value");
        options.remove("assert");
        String typed = type.isEmpty() || !ASSERT_OPTIONS.containsAll(options.keySet())
                ? null
                : typed(type.get(), m, options, indent + (negated ? INDENT : ""));
        if (typed == null) {
            line(indent, "assertion " + namedArgs(m, indent));
            return;
        }
        if (negated) {
            line(indent, "not {");
            out.append(typed);
            line(indent, "}");
        } else {
            out.append(typed);
        }
    }

    /** The assertion with its typed method, or null when only the generic form can say it. */
    private String typed(AssertionType type, Map<String, Object> m, Map<String, Object> options, String indent) {
        Object v = m.get("value");
        String name = type.camelCase();
        Map<String, Object> opts = new LinkedHashMap<>(options);
        if (opts.get("transform") != null && closureText(opts.get("transform")).isPresent()) {
            opts.put("transform", new Code(closureText(opts.get("transform")).get()));
        }
        String o = opts.isEmpty() ? "" : ", " + namedArgs(opts, indent);
        String text =
                switch (type) {
                    case EQUALS ->
                        v instanceof Map<?, ?> || v instanceof List<?>
                                ? name + "(" + literal(v, indent) + o + ")"
                                : v instanceof String || v instanceof Number
                                        ? name + " " + literal(v, indent) + o
                                        : null;
                    case CONTAINS, ICONTAINS, STARTS_WITH, REGEX, LEVENSHTEIN, LLM_RUBRIC, JAVASCRIPT ->
                        v == null || v instanceof Map<?, ?> || v instanceof List<?>
                                ? null
                                : name + " " + literal(v, indent) + o;
                    case CONTAINS_ANY, CONTAINS_ALL, ICONTAINS_ANY, ICONTAINS_ALL ->
                        v instanceof List<?> ? name + "(" + literal(v, indent) + o + ")" : null;
                    case IS_JSON, CONTAINS_JSON ->
                        v == null ? (opts.isEmpty() ? name + "()" : null) : name + "(" + literal(v, indent) + o + ")";
                    case LATENCY, TTFT, MAX_FRAME_GAP -> {
                        Object t = opts.remove("threshold");
                        Object ms = t != null ? t : v;
                        if (!(ms instanceof Number)) {
                            yield null;
                        }
                        yield name + " " + literal(ms, indent) + (opts.isEmpty() ? "" : ", " + namedArgs(opts, indent));
                    }
                    case FRAMES -> {
                        if (v instanceof Number) {
                            yield name + " " + literal(v, indent) + o;
                        }
                        if (v instanceof Map<?, ?> bounds
                                && !bounds.isEmpty()
                                && Set.of("min", "max").containsAll(map(bounds).keySet())) {
                            Map<String, Object> all = new LinkedHashMap<>(map(bounds));
                            all.putAll(opts);
                            yield name + " " + namedArgs(all, indent);
                        }
                        yield null;
                    }
                    case GROOVY -> {
                        Optional<String> closure = closureText(v);
                        if (closure.isPresent()) {
                            yield name
                                    + (opts.isEmpty() ? " " : "(" + namedArgs(opts, indent) + ") ")
                                    + code(closure.get(), indent);
                        }
                        yield v instanceof String ? name + " " + literal(v, indent) + o : null;
                    }
                    case ASSERT_SET -> {
                        if (!(m.get("assert") instanceof List<?> children)) {
                            yield null;
                        }
                        StringBuilder sb = new StringBuilder();
                        sb.append(indent)
                                .append(name)
                                .append(opts.isEmpty() ? "" : "(" + namedArgs(opts, indent) + ")")
                                .append(" {\n");
                        GroovyWriter inner = new GroovyWriter();
                        for (Object c : children) {
                            inner.assertion(c, indent + INDENT);
                        }
                        sb.append(inner.out).append(indent).append("}\n");
                        yield "\u0000" + sb;
                    }
                };
        if (text == null) {
            return null;
        }
        return text.startsWith("\u0000") ? text.substring(1) : indent + text + "\n";
    }

    private void filters(Map<String, Object> filters) {
        out.append('\n');
        Map<String, Object> text = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : filters.entrySet()) {
            Optional<String> closure = closureText(e.getValue());
            if (closure.isPresent()) {
                line("", "nunjucksFilter(" + literal(e.getKey(), "") + ") " + code(closure.get(), ""));
            } else {
                text.put(e.getKey(), e.getValue());
            }
        }
        if (!text.isEmpty()) {
            line("", "nunjucksFilters " + namedArgs(text, ""));
        }
    }

    // ---- literals ------------------------------------------------------------------------------------------------

    /** Code to write as code, not as a string. */
    private record Code(String text) {}

    /** The text of a closure literal ({@code { a, b -> … }}), which can be written as code as it is. */
    private static Optional<String> closureText(Object v) {
        if (v instanceof String s) {
            String t = s.strip();
            if (t.startsWith("{") && t.endsWith("}") && !t.startsWith("{{")) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /** Closure text re-indented to sit at {@code indent}: its body one level in, its closing brace at the level. */
    private static String code(String text, String indent) {
        String[] lines = text.split("\n", -1);
        int last = lines.length - 1;
        int common = Integer.MAX_VALUE;
        for (int i = 1; i < last; i++) {
            if (!lines[i].isBlank()) {
                common = Math.min(
                        common, lines[i].length() - lines[i].stripLeading().length());
            }
        }
        StringBuilder sb = new StringBuilder(lines[0].strip());
        for (int i = 1; i <= last; i++) {
            if (i == last) {
                sb.append('\n').append(indent).append(lines[i].strip());
            } else if (lines[i].isBlank()) {
                sb.append('\n');
            } else {
                sb.append('\n')
                        .append(indent)
                        .append(INDENT)
                        .append(lines[i].substring(common).stripTrailing());
            }
        }
        return sb.toString();
    }

    private static boolean isIdentifier(String k) {
        return IDENTIFIER.matcher(k).matches() && !KEYWORDS.contains(k);
    }

    private static String key(String k) {
        return isIdentifier(k) ? k : quote(k);
    }

    private static String namedArgs(Map<String, Object> m, String indent) {
        List<String> parts = new ArrayList<>();
        m.forEach((k, v) -> parts.add(key(k) + ": " + literal(v, indent)));
        return parts.isEmpty() ? "[:]" : String.join(", ", parts);
    }

    private static String literal(Object v, String indent) {
        if (v == null) {
            return "null";
        }
        if (v instanceof Code c) {
            return code(c.text(), indent);
        }
        if (v instanceof String s) {
            if (s.startsWith("file://") && !s.contains("*") && !s.contains("?") && !s.contains("{")) {
                return "file(" + quote(s.substring("file://".length())) + ")";
            }
            return quote(s);
        }
        if (v instanceof Boolean b) {
            return b.toString();
        }
        if (v instanceof Integer i) {
            return i.toString();
        }
        if (v instanceof Long l) {
            return l + "L";
        }
        if (v instanceof BigInteger b) {
            return b + "G";
        }
        if (v instanceof Double d) {
            if (d.isNaN()) {
                return "Double.NaN";
            }
            if (d.isInfinite()) {
                return d > 0 ? "Double.POSITIVE_INFINITY" : "Double.NEGATIVE_INFINITY";
            }
            return d.toString();
        }
        if (v instanceof Number n) {
            return n.toString();
        }
        if (v instanceof Map<?, ?> m) {
            if (m.isEmpty()) {
                return "[:]";
            }
            List<String> parts = new ArrayList<>();
            map(m).forEach((k, x) -> parts.add(key(k) + ": " + valueInMap(k, x, indent)));
            return "[" + String.join(", ", parts) + "]";
        }
        if (v instanceof List<?> l) {
            List<String> parts = new ArrayList<>();
            for (Object x : l) {
                parts.add(literal(x, indent));
            }
            return "[" + String.join(", ", parts) + "]";
        }
        return quote(String.valueOf(v));
    }

    /** A map entry's value: a provider's code option (a grader's config) is written as code when it is a closure. */
    private static String valueInMap(String key, Object v, String indent) {
        if (PROVIDER_CODE_KEYS.contains(key) && closureText(v).isPresent()) {
            return code(closureText(v).get(), indent);
        }
        return literal(v, indent);
    }

    /** A Groovy string literal that needs no interpolation: single quotes, triple for several lines. */
    static String quote(String s) {
        if (s.contains("\n")) {
            String body = s.replace("\\", "\\\\").replace("'''", "\\'\\'\\'");
            if (body.endsWith("'")) {
                body = body.substring(0, body.length() - 1) + "\\'";
            }
            return "'''" + body + "'''";
        }
        StringBuilder sb = new StringBuilder("'");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '\'' -> sb.append("\\'");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('\'').toString();
    }

    private static Map<String, Object> map(Object v) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (v instanceof Map<?, ?> m) {
            m.forEach((k, x) -> out.put(String.valueOf(k), x));
        }
        return out;
    }

    private static List<Object> list(Object v) {
        if (v instanceof List<?> l) {
            return new ArrayList<>(l);
        }
        return v == null ? List.of() : List.of(v);
    }
}
