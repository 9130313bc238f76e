package io.github.wstoolkit.api;

import java.io.Serial;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A configuration that cannot be used: a missing option, a transform that does not compile, a template with a
 * syntax error, a malformed YAML file. It names where the problem is, as far as that is known: the file, the line
 * and column (1-based), and the key (a dotted path such as {@code providers[0].config.streamResponse}).
 *
 * <p>{@link #getMessage()} is the full text a user sees, location first:
 * {@code config.yaml:12:5: providers[0].config.messageTemplate: <what is wrong>}.
 */
public class ConfigException extends RuntimeException {

    @Serial
    private static final long serialVersionUID = 1L;

    private final String problem;
    private final transient Path file;
    private final int line;
    private final int column;
    private final String key;

    public ConfigException(String problem) {
        this(problem, null, null, 0, 0, null);
    }

    public ConfigException(String problem, Throwable cause) {
        this(problem, cause, null, 0, 0, null);
    }

    /**
     * @param file the file, or null when the value did not come from a file
     * @param line 1-based line, or 0 when unknown
     * @param column 1-based column, or 0 when unknown
     * @param key the config key, or null
     */
    public ConfigException(String problem, Throwable cause, Path file, int line, int column, String key) {
        super(format(problem, file, line, column, key), cause);
        this.problem = problem;
        this.file = file;
        this.line = line;
        this.column = column;
        this.key = key;
    }

    /**
     * A problem at a place in a config file.
     *
     * @param file the file, or null when the value did not come from a file
     * @param line 1-based line, or 0 when unknown
     * @param key the config key (a dotted path), or null
     */
    public static ConfigException at(Path file, int line, String key, String problem) {
        return new ConfigException(problem, null, file, line, 0, key);
    }

    /** {@link #at(Path, int, String, String)} with the exception that caused it. */
    public static ConfigException at(Path file, int line, String key, String problem, Throwable cause) {
        return new ConfigException(problem, cause, file, line, 0, key);
    }

    /** A problem with one option, before its file and line are known (a loader can place it with {@link #at}). */
    public static ConfigException forKey(String key, String problem) {
        return new ConfigException(problem, null, null, 0, 0, key);
    }

    /** {@link #forKey(String, String)} with the exception that caused it. */
    public static ConfigException forKey(String key, String problem, Throwable cause) {
        return new ConfigException(problem, cause, null, 0, 0, key);
    }

    private static String format(String problem, Path file, int line, int column, String key) {
        StringBuilder sb = new StringBuilder();
        if (file != null) {
            sb.append(file);
            if (line > 0) {
                sb.append(':').append(line);
                if (column > 0) {
                    sb.append(':').append(column);
                }
            }
            sb.append(": ");
        } else if (line > 0) {
            sb.append("line ").append(line);
            if (column > 0) {
                sb.append(", column ").append(column);
            }
            sb.append(": ");
        }
        if (key != null && !key.isEmpty()) {
            sb.append(key).append(": ");
        }
        return sb.append(problem).toString();
    }

    /**
     * What went wrong reading a file, in words ({@code "there is no such file"}, {@code "permission denied"}), for
     * messages that already name the file; never a Java exception's class name.
     */
    public static String describe(java.io.IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "there is no such file";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        if (e instanceof java.nio.charset.MalformedInputException) {
            return "it is not UTF-8 text";
        }
        return e.getMessage() == null ? "it cannot be read" : e.getMessage();
    }

    /** The problem alone, without the location. */
    public String problem() {
        return problem;
    }

    public Optional<Path> file() {
        return Optional.ofNullable(file);
    }

    public OptionalInt line() {
        return line > 0 ? OptionalInt.of(line) : OptionalInt.empty();
    }

    public OptionalInt column() {
        return column > 0 ? OptionalInt.of(column) : OptionalInt.empty();
    }

    public Optional<String> key() {
        return Optional.ofNullable(key);
    }

    /** The same problem placed at a location, keeping what this exception already knew when the new one is absent. */
    public ConfigException at(Path file, int line, int column, String key) {
        return new ConfigException(
                problem,
                getCause(),
                this.file != null ? this.file : file,
                this.line > 0 ? this.line : line,
                this.column > 0 ? this.column : column,
                this.key != null ? this.key : key);
    }
}
