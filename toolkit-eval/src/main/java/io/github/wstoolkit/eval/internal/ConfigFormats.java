package io.github.wstoolkit.eval.internal;

import io.github.wstoolkit.api.ConfigException;
import io.github.wstoolkit.eval.spi.ConfigFormat;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;

/** Picks the {@link ConfigFormat} of a config file by its extension. */
public final class ConfigFormats {

    private static volatile List<ConfigFormat> formats;

    private ConfigFormats() {}

    /** Every format on the module path, found once. */
    public static List<ConfigFormat> all() {
        List<ConfigFormat> f = formats;
        if (f == null) {
            f = ServiceLoader.load(ConfigFormat.class).stream()
                    .map(ServiceLoader.Provider::get)
                    .toList();
            formats = f;
        }
        return f;
    }

    /**
     * The format that reads this file: the one whose {@link ConfigFormat#extensions()} has the file's extension,
     * else YAML (promptfoo reads any config as YAML). A {@code .groovy} file with no Groovy format on the module
     * path is an error that says what is missing.
     */
    public static ConfigFormat forFile(Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
        for (ConfigFormat f : all()) {
            if (f.extensions().contains(ext)) {
                return f;
            }
        }
        if (ext.equals("groovy")) {
            throw ConfigException.at(
                    file,
                    0,
                    null,
                    "a Groovy config needs the Groovy DSL (toolkit-dsl, module io.github.wstoolkit.dsl) on the module"
                            + " path; the wst command has it");
        }
        return new YamlConfigFormat();
    }
}
