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

/**
 * Loads {@code tools}: inline, or {@code file://tools.json} / {@code .yaml} resolved against the config's folder.
 *
 * <p>YAML needs snakeyaml-engine, an optional dependency of this module ({@code requires static}): a Java user who
 * gives tools as lists or JSON does not need it; the eval engine and the {@code wst} image bring it.
 */
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
            if (!yamlAvailable()) {
                throw new IllegalArgumentException("tools: " + ("inline".equals(name) ? "the inline value" : name)
                        + " is not JSON, and reading it as YAML needs snakeyaml-engine (module org.snakeyaml.engine),"
                        + " which is not on the module path; add the dependency org.snakeyaml:snakeyaml-engine, or"
                        + " give the tools as JSON (a .json file) or as a list");
            }
            return new Load(LoadSettings.builder().build()).loadFromString(text);
        }
        return parsed;
    }

    /** True when snakeyaml-engine can be used: read by this module, or on the class path. */
    static boolean yamlAvailable() {
        Module self = Tools.class.getModule();
        if (self.isNamed()) {
            ModuleLayer layer = self.getLayer();
            return layer != null
                    && layer.findModule("org.snakeyaml.engine")
                            .filter(self::canRead)
                            .isPresent();
        }
        try {
            Class.forName("org.snakeyaml.engine.v2.api.Load", false, Tools.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
