package io.github.wstoolkit.api.template;

import io.github.wstoolkit.api.ConfigException;
import io.github.wstoolkit.api.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PLACEHOLDER on branch {@code eval} until branch {@code tmpl} lands with the real Nunjucks engine (same public
 * signatures); on merge, take {@code tmpl}'s file. It renders only {@code {{ a.b[0] | filter(args) }}} outputs with
 * {@code dump}, {@code default}, {@code lower}, {@code upper}, {@code trim} and the config's filters.
 */
public final class TemplateEngine {

    private static final Pattern OUTPUT = Pattern.compile("\\{\\{-?\\s*(.*?)\\s*-?}}", Pattern.DOTALL);
    private final Map<String, TemplateFilter> filters;
    private final Map<String, String> env;

    private TemplateEngine(Builder b) {
        this.filters = Map.copyOf(b.filters);
        this.env = Map.copyOf(b.env);
    }

    public static TemplateEngine create() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public String render(String source, Map<String, ?> vars) {
        Matcher m = OUTPUT.matcher(source);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            Object v = eval(m.group(1), vars);
            m.appendReplacement(sb, Matcher.quoteReplacement(v == null ? "" : text(v)));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** Renders only {@code env} templates; others are kept as written. */
    public String renderEnvOnly(String text) {
        Matcher m = OUTPUT.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String expr = m.group(1);
            String repl = m.group();
            if (expr.startsWith("env.") || expr.startsWith("env[")) {
                Object v = eval(expr, Map.of());
                if (v != null || expr.contains("|")) {
                    repl = v == null ? "" : text(v);
                }
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(repl));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    public Map<String, String> env() {
        return env;
    }

    private static String text(Object v) {
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof Map<?, ?> || v instanceof List<?>) {
            return v instanceof List<?> l
                    ? String.join(",", l.stream().map(TemplateEngine::text).toList())
                    : "[object Object]";
        }
        return v instanceof Number n ? Json.formatNumber(n) : String.valueOf(v);
    }

    private Object eval(String expr, Map<String, ?> vars) {
        String[] parts = expr.split("\\|");
        Object v = lookup(parts[0].strip(), vars);
        for (int i = 1; i < parts.length; i++) {
            String f = parts[i].strip();
            List<Object> args = new ArrayList<>();
            int paren = f.indexOf('(');
            if (paren > 0 && f.endsWith(")")) {
                String inner = f.substring(paren + 1, f.length() - 1).strip();
                if (!inner.isEmpty()) {
                    for (String a : inner.split(",")) {
                        args.add(Json.parseOrText(a.strip().replace('\'', '"')));
                    }
                }
                f = f.substring(0, paren).strip();
            }
            v = filter(f, v, args);
        }
        return v;
    }

    private Object filter(String name, Object v, List<Object> args) {
        TemplateFilter custom = filters.get(name);
        if (custom != null) {
            try {
                return custom.apply(v, args);
            } catch (Exception e) {
                throw new ConfigException("filter " + name + " failed: " + e.getMessage(), e);
            }
        }
        return switch (name) {
            case "dump" -> Json.stringify(v, args.isEmpty() ? 0 : ((Number) args.getFirst()).intValue());
            case "safe" -> v;
            case "default" -> v == null ? (args.isEmpty() ? "" : args.getFirst()) : v;
            case "lower" -> v == null ? "" : text(v).toLowerCase(java.util.Locale.ROOT);
            case "upper" -> v == null ? "" : text(v).toUpperCase(java.util.Locale.ROOT);
            case "trim" -> v == null ? "" : text(v).strip();
            case "length" ->
                v instanceof List<?> l ? l.size() : v instanceof Map<?, ?> mm ? mm.size() : text(v).length();
            default -> throw new ConfigException("unknown filter " + name);
        };
    }

    private Object lookup(String path, Map<String, ?> vars) {
        if (path.startsWith("\"") || path.startsWith("'")) {
            return path.substring(1, path.length() - 1);
        }
        Object cur = null;
        boolean first = true;
        for (String seg : path.replace("[", ".").replace("]", "").split("\\.")) {
            String key = seg.replace("'", "").replace("\"", "");
            if (first) {
                first = false;
                if (key.equals("env") && !vars.containsKey("env")) {
                    Map<String, Object> all = new LinkedHashMap<>(System.getenv());
                    all.putAll(env);
                    cur = all;
                } else {
                    cur = vars.get(key);
                }
                continue;
            }
            if (cur instanceof Map<?, ?> m) {
                cur = m.get(key);
            } else if (cur instanceof List<?> l && key.matches("\\d+")) {
                int i = Integer.parseInt(key);
                cur = i < l.size() ? l.get(i) : null;
            } else {
                return null;
            }
        }
        return cur;
    }

    public static final class Builder {
        private final Map<String, TemplateFilter> filters = new LinkedHashMap<>();
        private final Map<String, String> env = new LinkedHashMap<>();

        private Builder() {}

        public Builder filter(String name, TemplateFilter filter) {
            filters.put(name, filter);
            return this;
        }

        public Builder filters(Map<String, ? extends TemplateFilter> f) {
            filters.putAll(f);
            return this;
        }

        public Builder env(Map<String, String> e) {
            env.putAll(e);
            return this;
        }

        public TemplateEngine build() {
            return new TemplateEngine(this);
        }
    }
}
