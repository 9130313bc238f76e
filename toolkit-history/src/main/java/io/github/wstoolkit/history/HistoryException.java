package io.github.wstoolkit.history;

import java.io.Serial;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The results store could not do what was asked. The message names the database file and says what to do; it never
 * holds a secret (nothing read from the file is quoted). The SQLite or I/O error is chained as the cause.
 */
public final class HistoryException extends RuntimeException {

    @Serial
    private static final long serialVersionUID = 1L;

    /** What went wrong, for a front end that reacts differently (an exit code, a hint). */
    public enum Kind {
        /** a run, or the database file itself, does not exist */
        NOT_FOUND,
        /** another process holds the database's write lock for longer than the busy timeout */
        LOCKED,
        /** the file is not a SQLite database, is damaged, or is a SQLite database of another program */
        CORRUPT,
        /** the database was written by a newer wst (its schema version is unknown to this one) */
        NEWER_SCHEMA,
        /** input to import, or a flag's value, is not what was expected */
        BAD_INPUT,
        /** the run cannot be changed now (it is being written by a live process) */
        CONFLICT,
        /** anything else: disk full, permissions, a read-only file */
        IO
    }

    private final Kind kind;
    private final transient Path file;

    /**
     * @param file the database file concerned, or null when there is none (a results file of another machine)
     * @param cause the SQLite or I/O error, or null
     */
    public HistoryException(Kind kind, Path file, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.file = file;
    }

    /** @param file the database file concerned, or null when there is none */
    public HistoryException(Kind kind, Path file, String message) {
        this(kind, file, message, null);
    }

    public Kind kind() {
        return kind;
    }

    /** The database file concerned, when there is one. */
    public Optional<Path> file() {
        return Optional.ofNullable(file);
    }
}
