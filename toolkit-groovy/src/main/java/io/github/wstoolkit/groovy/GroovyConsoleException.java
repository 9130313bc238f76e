package io.github.wstoolkit.groovy;

import java.io.Serial;
import java.util.OptionalInt;

/**
 * A snippet given to {@link GroovyConsole#evaluate} that did not compile or that threw. The message is short enough
 * for a prompt: {@code line 1, column 7: Unexpected input: '}'} or {@code line 2: No such property: foo}; the cause
 * (the Groovy compiler's error, or what the snippet threw) is chained for hosts that show stack traces.
 */
public final class GroovyConsoleException extends Exception {

    @Serial
    private static final long serialVersionUID = 1L;

    /** Whether the snippet failed to compile or failed while it ran. */
    public enum Kind {
        COMPILE,
        RUNTIME
    }

    private final Kind kind;
    private final String problem;
    private final int line;
    private final int column;

    /**
     * @param line 1-based line within the snippet, or 0 when unknown
     * @param column 1-based column, or 0 when unknown
     */
    public GroovyConsoleException(Kind kind, String problem, int line, int column, Throwable cause) {
        super(format(problem, line, column), cause);
        this.kind = kind;
        this.problem = problem;
        this.line = line;
        this.column = column;
    }

    private static String format(String problem, int line, int column) {
        if (line <= 0) {
            return problem;
        }
        return "line " + line + (column > 0 ? ", column " + column : "") + ": " + problem;
    }

    public Kind kind() {
        return kind;
    }

    /** What went wrong, without the location. */
    public String problem() {
        return problem;
    }

    /** The 1-based line within the snippet. */
    public OptionalInt line() {
        return line > 0 ? OptionalInt.of(line) : OptionalInt.empty();
    }

    /** The 1-based column within the line (compile errors). */
    public OptionalInt column() {
        return column > 0 ? OptionalInt.of(column) : OptionalInt.empty();
    }
}
