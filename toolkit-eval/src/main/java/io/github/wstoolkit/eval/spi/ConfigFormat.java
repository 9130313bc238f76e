package io.github.wstoolkit.eval.spi;

import io.github.wstoolkit.api.ConfigException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Reads one kind of config file into a {@link ConfigDocument}. Registered with {@code provides
 * io.github.wstoolkit.eval.spi.ConfigFormat with ...}; {@link io.github.wstoolkit.eval.ConfigLoader} picks the format
 * by the file's extension ({@link #extensions()}, a cheap key: instances are cheap to create and do no work until
 * {@link #read}).
 */
public interface ConfigFormat {

    /** The file name extensions this format reads, lower case, without the dot ({@code yaml}, {@code groovy}). */
    Set<String> extensions();

    /** The format's name for messages ({@code YAML}, {@code Groovy}). */
    String name();

    /**
     * Reads a config file.
     *
     * @param file the file, absolute
     * @throws ConfigException when the file cannot be read or is malformed; it names the file and line
     */
    ConfigDocument read(Path file, Context context);

    /**
     * What a read may depend on besides the file.
     *
     * @param env the environment the run will have ({@code wst eval}'s, or the process's); a script sees it as
     *     {@code env}
     */
    record Context(Map<String, String> env) {
        public Context {
            env = Map.copyOf(Objects.requireNonNull(env, "env"));
        }
    }
}
