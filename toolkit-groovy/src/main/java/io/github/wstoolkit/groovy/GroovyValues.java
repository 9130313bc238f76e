package io.github.wstoolkit.groovy;

import groovy.lang.GString;
import io.github.wstoolkit.api.json.Json;
import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.codehaus.groovy.runtime.typehandling.DefaultTypeTransformation;

/**
 * Groovy values to the plain Java values the api speaks: GStrings become Strings, arrays (not {@code byte[]}) become
 * Lists, map keys become Strings. Used on everything a Groovy transform returns and everything a Groovy script puts
 * into a config.
 */
public final class GroovyValues {

    private GroovyValues() {}

    /** A deep copy with Groovy-only types replaced: GString → String, arrays (not byte[]) → List. */
    public static Object plain(Object v) {
        if (v == null || v instanceof String || v instanceof Number || v instanceof Boolean || v instanceof byte[]) {
            return v;
        }
        if (v instanceof GString || v instanceof CharSequence || v instanceof Character) {
            return v.toString();
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, val) -> out.put(String.valueOf(k), plain(val)));
            return out;
        }
        if (v instanceof Collection<?> c) {
            List<Object> out = new ArrayList<>(c.size());
            for (Object o : c) {
                out.add(plain(o));
            }
            return out;
        }
        if (v.getClass().isArray()) {
            int n = Array.getLength(v);
            List<Object> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                out.add(plain(Array.get(v, i)));
            }
            return out;
        }
        return v;
    }

    /**
     * {@link #plain} for config values, with numbers as YAML reads them: a Groovy decimal literal ({@code 0.7}, a
     * {@link BigDecimal}) becomes a {@code Double}, so {@code threshold 0.7} in a script equals {@code threshold: 0.7}
     * in YAML.
     */
    public static Object configValue(Object v) {
        Object p = plain(v);
        return numbersAsYaml(p);
    }

    private static Object numbersAsYaml(Object v) {
        if (v instanceof BigDecimal d) {
            return d.doubleValue();
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, val) -> out.put(String.valueOf(k), numbersAsYaml(val)));
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            for (Object o : l) {
                out.add(numbersAsYaml(o));
            }
            return out;
        }
        return v;
    }

    /** Groovy truth (close to JavaScript truthiness: null, false, 0, "" and empty collections are false). */
    public static boolean truthy(Object v) {
        return DefaultTypeTransformation.castToBoolean(v);
    }

    /** A short description of a value's type for error messages ({@code a map}, {@code a closure}). */
    public static String describe(Object v) {
        return v instanceof groovy.lang.Closure<?> ? "a closure" : Json.describeType(v);
    }
}
