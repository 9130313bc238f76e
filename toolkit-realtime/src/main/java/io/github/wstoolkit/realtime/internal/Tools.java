package io.github.wstoolkit.realtime.internal;

import io.github.wstoolkit.api.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/** Loads {@code tools}: inline, or {@code file://tools.json} / {@code .yaml} resolved against the config's folder. */
public final class Tools {

    private Tools() {}

    /**
     * The flattened tools of this value (empty for null).
     *
     * @throws IOException when a file does not exist ({@code File does not exist: <path>}) or cannot be read
     * @throws IllegalArgumentException when the value or file is not a list of tools
     */
    public static List<Object> load(Object value, Path baseDir) throws IOException {
        if (value == null) {
            return List.of();
        }
        Object tools = value;
        if (value instanceof String s) {
            String ref = s.strip();
            if (!ref.startsWith("file://")) {
                tools = parse(ref, "inline");
            } else {
                Path file = baseDir.resolve(ref.substring("file://".length())).normalize();
                if (!Files.isRegularFile(file)) {
                    throw new java.io.FileNotFoundException("File does not exist: " + file);
                }
                tools = parse(Files.readString(file), file.getFileName().toString());
            }
        }
        if (tools instanceof Map<?, ?> single) {
            tools = List.of(single);
        }
        if (!(tools instanceof List<?> list)) {
            throw new IllegalArgumentException("tools must be a list of tool definitions, got "
                    + (tools == null ? "null" : tools.getClass().getSimpleName()));
        }
        return Payloads.normalizeTools(list);
    }

    private static Object parse(String text, String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".json")) {
            return Json.parse(text);
        }
        Object parsed = Json.parseOrText(text);
        if (parsed instanceof String) {
            // not JSON: YAML (a superset)
            return new Load(LoadSettings.builder().build()).loadFromString(text);
        }
        return parsed;
    }
}
