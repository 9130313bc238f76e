package io.github.wstoolkit.mockserver;

import io.github.wstoolkit.api.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * A YAML scenario file: the behaviour of {@code /}, a scenario for every endpoint and scenarios per endpoint, with
 * the same names as the query parameters ({@link Scenario}):
 *
 * <pre>{@code
 * root: seed                 # or legacy-realtime
 * scenario:                  # every endpoint
 *   gap: 10
 * endpoints:
 *   /ws-stream:
 *     ttfb: 200
 *     chunk: chars:5
 *     fault: close:1011:bye
 *     after: 2
 * }</pre>
 *
 * @param root what {@code /} plays, when the file says
 * @param scenario the scenario of every endpoint
 * @param endpoints scenarios by endpoint path
 */
public record ScenarioFile(Optional<RootBehaviour> root, Scenario scenario, Map<String, Scenario> endpoints) {

    private static final Set<String> TOP_KEYS = Set.of("root", "scenario", "endpoints");

    public ScenarioFile {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(scenario, "scenario");
        endpoints = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(endpoints));
    }

    /**
     * Reads a scenario file.
     *
     * @throws ConfigException naming the file and the key when it cannot be read or used
     */
    public static ScenarioFile load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw ConfigException.at(file, 0, null, "scenario file not found", e);
        } catch (IOException e) {
            throw ConfigException.at(file, 0, null, "cannot read the scenario file: " + e.getMessage(), e);
        }
        return parse(text, file);
    }

    /**
     * Parses scenario YAML; {@code file} only names the source in errors (may be null).
     *
     * @throws ConfigException naming the key when the text cannot be used
     */
    public static ScenarioFile parse(String yaml, Path file) {
        Object doc;
        try {
            doc = new Load(LoadSettings.builder()
                            .setLabel(file == null ? "scenario" : file.toString())
                            .build())
                    .loadFromString(yaml);
        } catch (YamlEngineException e) {
            throw ConfigException.at(file, 0, null, "invalid YAML: " + e.getMessage(), e);
        }
        if (doc == null) {
            return new ScenarioFile(Optional.empty(), Scenario.NONE, Map.of());
        }
        Map<?, ?> top = mapping(doc, file, null);
        for (Object k : top.keySet()) {
            if (!TOP_KEYS.contains(String.valueOf(k))) {
                throw ConfigException.at(
                        file, 0, String.valueOf(k), "unknown key; expected one of root, scenario, endpoints");
            }
        }
        Optional<RootBehaviour> root = Optional.empty();
        if (top.get("root") != null) {
            try {
                root = Optional.of(RootBehaviour.parse(String.valueOf(top.get("root"))));
            } catch (IllegalArgumentException e) {
                throw ConfigException.at(file, 0, "root", e.getMessage(), e);
            }
        }
        Scenario all = top.get("scenario") == null ? Scenario.NONE : scenario(top.get("scenario"), file, "scenario");
        Map<String, Scenario> endpoints = new LinkedHashMap<>();
        if (top.get("endpoints") != null) {
            for (Map.Entry<?, ?> e :
                    mapping(top.get("endpoints"), file, "endpoints").entrySet()) {
                String path = String.valueOf(e.getKey());
                String key = "endpoints." + path;
                try {
                    MockServer.Builder.checkPath(path);
                } catch (IllegalArgumentException bad) {
                    throw ConfigException.at(file, 0, key, bad.getMessage(), bad);
                }
                endpoints.put(path, e.getValue() == null ? Scenario.NONE : scenario(e.getValue(), file, key));
            }
        }
        return new ScenarioFile(root, all, endpoints);
    }

    private static Map<?, ?> mapping(Object value, Path file, String key) {
        if (value instanceof Map<?, ?> m) {
            return m;
        }
        throw ConfigException.at(file, 0, key, "expected a mapping, got " + describe(value));
    }

    private static Scenario scenario(Object value, Path file, String key) {
        Map<?, ?> m = mapping(value, file, key);
        Map<String, Object> params = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
            String name = String.valueOf(e.getKey());
            if (!Scenario.PARAMETERS.contains(name)) {
                throw ConfigException.at(
                        file,
                        0,
                        key + "." + name,
                        "unknown scenario parameter; expected one of ttfb, gap, jitter, seed, chunk, fault, after");
            }
            params.put(name, e.getValue());
        }
        try {
            return Scenario.fromParameters(params);
        } catch (IllegalArgumentException e) {
            throw ConfigException.at(file, 0, key, e.getMessage(), e);
        }
    }

    private static String describe(Object v) {
        return v instanceof java.util.List ? "a list" : v instanceof String ? "a string" : String.valueOf(v);
    }

    /** Sets the builder's root behaviour (when the file names one) and scenarios. */
    public MockServer.Builder applyTo(MockServer.Builder builder) {
        root.ifPresent(builder::root);
        builder.scenario(scenario);
        endpoints.forEach(builder::scenario);
        return builder;
    }
}
