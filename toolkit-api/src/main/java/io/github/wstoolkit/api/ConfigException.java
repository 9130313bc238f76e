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

    /** What is wrong, without the location. */
    private final String problem;

    private final transient Path file;

    /** 1-based line, 0 when unknown. */
    private final int line;

    /** 1-based column, 0 when unknown. */
    private final int column;

    /** The dotted config key, or null. */
    private final String key;

    /**
     * A problem whose place is not known (yet); a loader that knows it makes a placed copy with {@link #at(Path, int,
     * int, String)}.
     *
     * @param problem what is wrong, in words a user acts on
     */
    public ConfigException(String problem) {
        this(problem, null, null, 0, 0, null);
    }

    /**
     * A problem with no known place, caused by another exception (an unreadable file, a parser's error).
     *
     * @param problem what is wrong, in words a user acts on
     * @param cause the exception behind it
     */
    public ConfigException(String problem, Throwable cause) {
        this(problem, cause, null, 0, 0, null);
    }

    /**
     * A problem at a known place; {@link #getMessage()} puts the place first.
     *
     * @param problem what is wrong, without the location
     * @param cause the exception behind it, or null
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
     * @param problem what is wrong, without the location
     * @return the exception, to throw
     */
    public static ConfigException at(Path file, int line, String key, String problem) {
        return new ConfigException(problem, null, file, line, 0, key);
    }

    /**
     * {@link #at(Path, int, String, String)} with the exception that caused it.
     *
     * @param file the file, or null when the value did not come from a file
     * @param line 1-based line, or 0 when unknown
     * @param key the config key (a dotted path), or null
     * @param problem what is wrong, without the location
     * @param cause the exception behind it
     * @return the exception, to throw
     */
    public static ConfigException at(Path file, int line, String key, String problem, Throwable cause) {
        return new ConfigException(problem, cause, file, line, 0, key);
    }

    /**
     * A problem with one option, before its file and line are known: what a provider factory throws; the config
     * loader places it with {@link #at(Path, int, int, String)}.
     *
     * @param key the option's key ({@code streamResponse}), relative to where the loader found the options
     * @param problem what is wrong with its value
     * @return the exception, to throw
     */
    public static ConfigException forKey(String key, String problem) {
        return new ConfigException(problem, null, null, 0, 0, key);
    }

    /**
     * {@link #forKey(String, String)} with the exception that caused it.
     *
     * @param key the option's key
     * @param problem what is wrong with its value
     * @param cause the exception behind it
     * @return the exception, to throw
     */
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
     *
     * @param e the failure reading a file
     * @return a few words for a message
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

    /** {@return the problem alone, without the location} */
    public String problem() {
        return problem;
    }

    /** {@return the config file the problem is in, when it came from a file} */
    public Optional<Path> file() {
        return Optional.ofNullable(file);
    }

    /** {@return the 1-based line of the problem, when known} */
    public OptionalInt line() {
        return line > 0 ? OptionalInt.of(line) : OptionalInt.empty();
    }

    /** {@return the 1-based column of the problem, when known} */
    public OptionalInt column() {
        return column > 0 ? OptionalInt.of(column) : OptionalInt.empty();
    }

    /** {@return the config key (a dotted path such as {@code tests[2].assert[0].value}), when known} */
    public Optional<String> key() {
        return Optional.ofNullable(key);
    }

    /**
     * The same problem placed at a location: what a config loader does with a {@link #forKey} exception. What this
     * exception already knew wins; the arguments fill in what it did not.
     *
     * @param file the config file, or null
     * @param line 1-based line, or 0 when unknown
     * @param column 1-based column, or 0 when unknown
     * @param key the config key, or null
     * @return a new exception with the same problem and cause
     */
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
