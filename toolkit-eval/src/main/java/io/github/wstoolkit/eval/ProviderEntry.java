package io.github.wstoolkit.eval;

import io.github.wstoolkit.api.ConfigException;
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

    /**
     * A problem with this provider's config placed where the provider was written: the exception's own file, line and
     * key when it has a file (a transform file that does not compile), else this entry's file and line with the
     * exception's key ({@code config.timeoutMs}).
     */
    public ConfigException placed(ConfigException e) {
        if (origin.isEmpty() || e.file().isPresent()) {
            return e;
        }
        String o = origin.get();
        int colon = o.lastIndexOf(':');
        int line = 0;
        if (colon > 0) {
            try {
                line = Integer.parseInt(o.substring(colon + 1));
            } catch (NumberFormatException notALine) {
                colon = -1;
            }
        }
        String where = colon > 0 ? o.substring(0, colon) : o;
        // "config" is the origin of a document that did not come from a file
        return e.at(where.equals("config") ? null : Path.of(where), line, 0, null);
    }

    /** The label when given, else the id. */
    public String displayName() {
        return label.orElse(id);
    }
}
