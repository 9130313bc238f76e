package io.github.wstoolkit.groovy;

import io.github.wstoolkit.api.json.Json;

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

    /** Plain values to compact JSON, as JavaScript's {@code JSON.stringify}. */
    public String stringify(Object value) {
        return Json.stringify(GroovyValues.plain(value));
    }

    /** Plain values to JSON indented by {@code indent} spaces. */
    public String stringify(Object value, Object replacer, int indent) {
        return Json.stringify(GroovyValues.plain(value), indent);
    }
}
