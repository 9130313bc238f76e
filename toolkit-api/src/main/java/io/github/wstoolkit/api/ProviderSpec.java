package io.github.wstoolkit.api;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A provider as a config names it: promptfoo's {@code {id, label, config}}.
 *
 * @param id the provider id ({@code ws://host/path}, {@code openai:realtime:gpt-realtime-1.5}, ...)
 * @param label the label, if given
 * @param config the provider's options as plain values
 * @param baseDir the folder {@code file://} references in the config are resolved against
 * @param env variables that templates see as {@code env}, over the process environment
 */
public record ProviderSpec(
        String id, Optional<String> label, Map<String, Object> config, Path baseDir, Map<String, String> env) {

    /** Checks that no component is null and copies the maps, so a spec never changes after it is made. */
    public ProviderSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(label, "label");
        config = Collections.unmodifiableMap(new LinkedHashMap<>(config));
        Objects.requireNonNull(baseDir, "baseDir");
        env = Map.copyOf(env);
    }

    /**
     * A spec with only an id and options, as a Java caller gives them: no label, {@code file://} references resolved
     * against the working directory, {@code env} templates against the process environment alone.
     *
     * @param id the provider id, such as {@code ws://localhost:8080/ws} or {@code openai:realtime:gpt-realtime}
     * @param config the provider's options by their config names
     * @return the spec, for {@link ProviderRegistry#create(ProviderSpec)}
     */
    public static ProviderSpec of(String id, Map<String, Object> config) {
        return new ProviderSpec(id, Optional.empty(), config, Path.of("").toAbsolutePath(), Map.of());
    }
}
