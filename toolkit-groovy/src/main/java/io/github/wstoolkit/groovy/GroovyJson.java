package io.github.wstoolkit.groovy;

import io.github.wstoolkit.api.json.Json;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code JSON} object Groovy transforms see, so promptfoo's {@code JSON.parse(event.data)} and
 * {@code JSON.stringify(x)} work as written. Values are the api's plain values.
 */
public final class GroovyJson {

    /** The instance bound as {@code JSON}. */
    public static final GroovyJson INSTANCE = new GroovyJson();

    private GroovyJson() {}

    /** JSON text (or bytes, as UTF-8) to plain values. */
    public Object parse(Object text) {
        if (text instanceof byte[] b) {
            return Json.parse(new String(b, java.nio.charset.StandardCharsets.UTF_8));
        }
        return Json.parse(String.valueOf(text));
    }

    private static Object plainValue(Object v) {
        if (v instanceof groovy.lang.GString g) {
            return g.toString();
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put(String.valueOf(k), plainValue(x)));
            return out;
        }
        if (v instanceof Collection<?> c) {
            List<Object> out = new ArrayList<>();
            c.forEach(x -> out.add(plainValue(x)));
            return out;
        }
        return v;
    }

    /** Plain values to compact JSON, as JavaScript's {@code JSON.stringify}. */
    public String stringify(Object value) {
        return Json.stringify(plainValue(value));
    }

    /** Plain values to JSON indented by {@code indent} spaces. */
    public String stringify(Object value, Object replacer, int indent) {
        return Json.stringify(plainValue(value), indent);
    }
}
