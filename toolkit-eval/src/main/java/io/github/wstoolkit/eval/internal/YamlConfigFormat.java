package io.github.wstoolkit.eval.internal;

import io.github.wstoolkit.api.ConfigException;
import io.github.wstoolkit.eval.spi.ConfigDocument;
import io.github.wstoolkit.eval.spi.ConfigFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/** promptfoo's config files: YAML, and JSON (which YAML reads). Lenient: an unknown key is a warning. */
public final class YamlConfigFormat implements ConfigFormat {

    /** A no-op constructor, as {@link java.util.ServiceLoader} needs. */
    public YamlConfigFormat() {}

    @Override
    public Set<String> extensions() {
        return Set.of("yaml", "yml", "json");
    }

    @Override
    public String name() {
        return "YAML";
    }

    @Override
    public ConfigDocument read(Path file, Context context) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw ConfigException.at(
                    file,
                    0,
                    null,
                    java.nio.file.Files.isDirectory(file)
                            ? "this is a folder, not a config file"
                            : "cannot read the config file: " + ConfigException.describe(e),
                    e);
        }
        return document(Yaml.parse(text, file), file.getParent());
    }

    /** A parsed YAML document as a config document whose {@code file://} references resolve against baseDir. */
    public static ConfigDocument document(Yaml.Document d, Path baseDir) {
        return new ConfigDocument(d.value(), Optional.ofNullable(d.file()), baseDir, d.lines(), false);
    }
}
