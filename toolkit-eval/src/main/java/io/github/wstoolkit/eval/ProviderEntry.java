package io.github.wstoolkit.eval;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A provider as a config lists it, before env templates are rendered and the provider is created.
 *
 * @param id the provider id as written (it may hold {@code {{ env.X }}} templates)
 * @param label the label, if given
 * @param config the provider's options as plain values
 * @param baseDir the folder of the config file it came from
 * @param origin where it was written ({@code config.yaml:12}), for messages; empty when not from a file
 */
public record ProviderEntry(
        String id, Optional<String> label, Map<String, Object> config, Path baseDir, Optional<String> origin) {

    public ProviderEntry {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(label, "label");
        config = Collections.unmodifiableMap(new LinkedHashMap<>(config));
        Objects.requireNonNull(baseDir, "baseDir");
        Objects.requireNonNull(origin, "origin");
    }

    /** A provider with only an id, resolved against the working folder. */
    public static ProviderEntry of(String id) {
        return new ProviderEntry(id, Optional.empty(), Map.of(), Path.of("").toAbsolutePath(), Optional.empty());
    }

    /** The label when given, else the id. */
    public String displayName() {
        return label.orElse(id);
    }
}
