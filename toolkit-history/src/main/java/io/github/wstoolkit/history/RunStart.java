package io.github.wstoolkit.history;

import io.github.wstoolkit.eval.EvalConfig;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What the store records about a run before its first case finishes.
 *
 * @param description the config's description
 * @param config the config as read (plain values); secrets are redacted before it is stored
 * @param configFiles the config files, so {@code --resume} can run the same config again
 * @param options the command-line options (filters, repeat, vars, concurrency) as plain values, for the same reason
 * @param secrets values that must never reach the database (API keys from the environment, secret config values):
 *     every stored text is scrubbed of them; see {@link Secrets#of}
 * @param wstVersion the version of wst that ran it
 */
public record RunStart(
        Optional<String> description,
        Map<String, Object> config,
        List<Path> configFiles,
        Map<String, Object> options,
        Set<String> secrets,
        String wstVersion) {

    public RunStart {
        Objects.requireNonNull(description, "description");
        config = Collections.unmodifiableMap(new LinkedHashMap<>(config));
        configFiles = List.copyOf(configFiles);
        options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
        secrets = Set.copyOf(secrets);
        Objects.requireNonNull(wstVersion, "wstVersion");
    }

    /** The start of a run of this config, with no options and no known secrets. */
    public static RunStart of(EvalConfig config) {
        return new RunStart(
                config.description(),
                config.raw(),
                config.files().stream().map(p -> p.toAbsolutePath().normalize()).toList(),
                Map.of(),
                Set.of(),
                "");
    }

    public RunStart withOptions(Map<String, Object> o) {
        return new RunStart(description, config, configFiles, o, secrets, wstVersion);
    }

    public RunStart withSecrets(Set<String> s) {
        return new RunStart(description, config, configFiles, options, s, wstVersion);
    }

    public RunStart withVersion(String v) {
        return new RunStart(description, config, configFiles, options, secrets, v);
    }
}
