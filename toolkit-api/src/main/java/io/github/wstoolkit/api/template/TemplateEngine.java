package io.github.wstoolkit.api.template;

import io.github.wstoolkit.api.internal.template.EngineCore;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Renders Nunjucks templates the way promptfoo does: autoescaping off, undefined values render empty, a global
 * {@code env} holding the environment, the extra filter {@code load} (JSON.parse) and any user filters, which
 * override built-in filters of the same name.
 *
 * <pre>{@code
 * TemplateEngine engine = TemplateEngine.builder()
 *         .filter("slugify", (value, args) -> String.valueOf(value).toLowerCase().replace(' ', '-'))
 *         .build();
 * String message = engine.render("{\"prompt\": {{ prompt | dump }}}", Map.of("prompt", "Hi \"there\""));
 * }</pre>
 *
 * <p>Templates are parsed once and cached by their text ({@link #compile(String)} returns the same {@link Template}
 * for the same text while it stays in the bounded cache). An engine is immutable and thread-safe.
 */
public final class TemplateEngine {

    /** How many parsed templates an engine keeps by default. */
    public static final int DEFAULT_CACHE_SIZE = 1024;

    private final EngineCore core;

    private TemplateEngine(Builder builder) {
        this.core = new EngineCore(builder.filters, builder.globals, builder.env, builder.cacheSize);
    }

    /** An engine with the built-in filters, {@code load}, and {@code env} = the process environment. */
    public static TemplateEngine create() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Parses (or takes from the cache) and renders a template.
     *
     * @throws TemplateException on a syntax error or a render failure, with line and column
     */
    public String render(String source, Map<String, ?> vars) {
        return compile(source).render(vars);
    }

    /**
     * The parsed template for this text, from the cache when it was parsed before.
     *
     * @throws TemplateException on a syntax error, with line and column
     */
    public Template compile(String source) {
        Objects.requireNonNull(source, "source");
        return core.compile(source);
    }

    /**
     * Renders only the {@code {{ env.X }}} and {@code {{ env['X'] }}} expressions (with or without filters) of a
     * text and leaves every other {@code {{ ... }}} as it is, as promptfoo does with provider configs at load time.
     * An env expression without a filter whose variable is not set stays as literal text; one that fails to render
     * stays as it is too.
     */
    public String renderEnvOnly(String text) {
        Objects.requireNonNull(text, "text");
        return core.renderEnvOnly(text);
    }

    /**
     * {@link #renderEnvOnly(String)} applied to every string inside a plain value: a copy of the maps and lists with
     * their strings rendered (map keys as they are), other values unchanged. This is what promptfoo does to a
     * provider's whole config before the provider is built.
     */
    public Object renderEnvOnlyIn(Object value) {
        if (value instanceof String s) {
            // only text that mentions env can hold an env expression; skip the scan otherwise
            return s.contains("env") ? renderEnvOnly(s) : s;
        }
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), renderEnvOnlyIn(v)));
            return out;
        }
        if (value instanceof java.util.List<?> l) {
            java.util.List<Object> out = new java.util.ArrayList<>(l.size());
            l.forEach(v -> out.add(renderEnvOnlyIn(v)));
            return out;
        }
        return value;
    }

    /** The {@code env} global this engine renders with (read-only). */
    public Map<String, String> env() {
        return core.env();
    }

    /** Configures a {@link TemplateEngine}. */
    public static final class Builder {

        private final Map<String, TemplateFilter> filters = new LinkedHashMap<>();
        private final Map<String, Object> globals = new LinkedHashMap<>();
        private Map<String, String> env;
        private int cacheSize = DEFAULT_CACHE_SIZE;

        private Builder() {}

        /**
         * Adds a filter; it overrides a built-in filter of the same name.
         *
         * @return this builder
         */
        public Builder filter(String name, TemplateFilter filter) {
            filters.put(checkName(name), Objects.requireNonNull(filter, "filter"));
            return this;
        }

        /**
         * Adds filters (promptfoo's {@code nunjucksFilters}); they override built-in filters of the same names.
         *
         * @return this builder
         */
        public Builder filters(Map<String, ? extends TemplateFilter> filters) {
            filters.forEach(this::filter);
            return this;
        }

        /**
         * Adds a global variable, visible in every template unless a render variable of the same name hides it.
         *
         * @return this builder
         */
        public Builder global(String name, Object value) {
            globals.put(checkName(name), value);
            return this;
        }

        /**
         * The {@code env} global; by default the process environment ({@link System#getenv()}).
         *
         * @return this builder
         */
        public Builder env(Map<String, String> env) {
            this.env = Map.copyOf(Objects.requireNonNull(env, "env"));
            return this;
        }

        /** How many parsed templates to keep (default {@value #DEFAULT_CACHE_SIZE}); 0 disables the cache. */
        public Builder cacheSize(int cacheSize) {
            if (cacheSize < 0) {
                throw new IllegalArgumentException("cacheSize must be >= 0, got " + cacheSize);
            }
            this.cacheSize = cacheSize;
            return this;
        }

        public TemplateEngine build() {
            if (env == null) {
                env = System.getenv();
            }
            return new TemplateEngine(this);
        }

        private static String checkName(String name) {
            Objects.requireNonNull(name, "name");
            if (name.isEmpty()) {
                throw new IllegalArgumentException("a filter or global name must not be empty");
            }
            return name;
        }
    }
}
