package io.github.wstoolkit.history.internal;

import io.github.wstoolkit.history.HistoryException;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The database file: opens connections with the store's settings (WAL journal, a busy timeout, foreign keys,
 * {@code BEGIN IMMEDIATE} transactions so a writer takes the lock up front instead of failing on upgrade), applies
 * the migrations on open, and turns SQLite's errors into {@link HistoryException}s that say what to do.
 *
 * <p>Connections are not shared between threads: each caller opens one ({@link #connect()}), uses it, closes it.
 */
public final class Db {

    /** How long a writer waits for another process's write lock by default. */
    public static final Duration DEFAULT_BUSY_TIMEOUT = Duration.ofSeconds(10);

    // SQLite's primary result codes (sqlite3.h)
    private static final int SQLITE_PERM = 3;
    private static final int SQLITE_BUSY = 5;
    private static final int SQLITE_LOCKED = 6;
    private static final int SQLITE_READONLY = 8;
    private static final int SQLITE_IOERR = 10;
    private static final int SQLITE_CORRUPT = 11;
    private static final int SQLITE_FULL = 13;
    private static final int SQLITE_CANTOPEN = 14;
    private static final int SQLITE_NOTADB = 26;

    private final Path file;
    private final Duration busyTimeout;

    private Db(Path file, Duration busyTimeout) {
        this.file = file;
        this.busyTimeout = busyTimeout;
    }

    /**
     * Opens (creating when missing, readable by its owner only) and migrates the database.
     *
     * @param create false to fail with {@link HistoryException.Kind#NOT_FOUND} when the file does not exist
     */
    public static Db open(Path file, Duration busyTimeout, boolean create, List<Schema.Migration> migrations) {
        Path abs = file.toAbsolutePath().normalize();
        if (Files.isDirectory(abs)) {
            throw new HistoryException(
                    HistoryException.Kind.BAD_INPUT, abs, abs + " is a folder; the results database is a file");
        }
        if (!Files.exists(abs)) {
            if (!create) {
                throw new HistoryException(
                        HistoryException.Kind.NOT_FOUND,
                        abs,
                        "no results database at " + abs + " yet (wst eval creates it)");
            }
            createOwnerOnly(abs);
        }
        Db db = new Db(abs, busyTimeout);
        db.migrate(migrations);
        return db;
    }

    /** An empty file readable by its owner only, so the WAL and shared-memory files SQLite adds get that mode too. */
    private static void createOwnerOnly(Path file) {
        try {
            Path parent = file.getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            if (Files.getFileStore(parent == null ? file.toAbsolutePath().getRoot() : parent)
                    .supportsFileAttributeView("posix")) {
                Files.createFile(
                        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createFile(file);
            }
        } catch (FileAlreadyExistsException raced) {
            // another wst created it meanwhile
        } catch (IOException e) {
            throw new HistoryException(
                    HistoryException.Kind.IO, file, "cannot create the results database " + file + ": " + e, e);
        }
    }

    public Path file() {
        return file;
    }

    /** A new connection with the store's settings; the caller closes it. */
    public Connection connect() {
        Properties p = new Properties();
        p.setProperty("journal_mode", "WAL");
        p.setProperty("synchronous", "NORMAL");
        p.setProperty("foreign_keys", "true");
        p.setProperty("busy_timeout", String.valueOf(busyTimeout.toMillis()));
        p.setProperty("transaction_mode", "IMMEDIATE");
        try {
            return DriverManager.getConnection("jdbc:sqlite:" + file, p);
        } catch (SQLException e) {
            throw failure(e, "opening it");
        }
    }

    /** Runs {@code work} on a fresh connection in autocommit mode (reads). */
    public <T> T read(Sql<T> work, String doing) {
        try (Connection c = connect()) {
            return work.apply(c);
        } catch (SQLException e) {
            throw failure(e, doing);
        }
    }

    /** Runs {@code work} in one {@code BEGIN IMMEDIATE} transaction on a fresh connection; rolls back on failure. */
    public <T> T write(Sql<T> work, String doing) {
        try (Connection c = connect()) {
            return inTransaction(c, work, doing);
        } catch (SQLException e) {
            throw failure(e, doing);
        }
    }

    /** Runs {@code work} in one transaction on this connection; rolls back on failure. */
    public <T> T inTransaction(Connection c, Sql<T> work, String doing) {
        try {
            c.setAutoCommit(false);
            try {
                T t = work.apply(c);
                c.commit();
                return t;
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException again) {
                    e.addSuppressed(again);
                }
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw failure(e, doing);
        }
    }

    /** SQL work on a connection. */
    @FunctionalInterface
    public interface Sql<T> {
        T apply(Connection c) throws SQLException;
    }

    private void migrate(List<Schema.Migration> migrations) {
        int known = migrations.isEmpty() ? 0 : migrations.getLast().version();
        // a read first: an up-to-date file needs no write lock to open (another process may be writing a run)
        int found = read(
                c -> {
                    try (Statement s = c.createStatement();
                            ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'"
                                    + " AND name = 'schema_version'")) {
                        rs.next();
                        if (rs.getInt(1) == 0) {
                            return -1;
                        }
                    }
                    try (Statement s = c.createStatement();
                            ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")) {
                        rs.next();
                        return rs.getInt(1);
                    }
                },
                "reading its schema version");
        if (found == known) {
            return;
        }
        write(
                c -> {
                    try (Statement s = c.createStatement()) {
                        boolean ours = false;
                        List<String> tables = new ArrayList<>();
                        try (ResultSet rs = s.executeQuery(
                                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")) {
                            while (rs.next()) {
                                tables.add(rs.getString(1));
                                ours |= rs.getString(1).equals("schema_version");
                            }
                        }
                        if (!ours && !tables.isEmpty()) {
                            throw new HistoryException(
                                    HistoryException.Kind.CORRUPT,
                                    file,
                                    file + " is a SQLite database of another program (tables "
                                            + String.join(", ", tables.subList(0, Math.min(5, tables.size())))
                                            + "), not a wst results database: use another --db");
                        }
                        s.execute(Schema.VERSION_TABLE);
                        int current = 0;
                        try (ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")) {
                            rs.next();
                            current = rs.getInt(1);
                        }
                        if (current > known) {
                            throw new HistoryException(
                                    HistoryException.Kind.NEWER_SCHEMA,
                                    file,
                                    file + " has schema version " + current + ", written by a newer wst; this one"
                                            + " knows versions up to " + known + ": upgrade wst, or use another --db");
                        }
                        for (Schema.Migration m : migrations) {
                            if (m.version() <= current) {
                                continue;
                            }
                            for (String sql : m.statements()) {
                                s.execute(sql);
                            }
                            try (PreparedStatement ins = c.prepareStatement(
                                    "INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, ?)")) {
                                ins.setInt(1, m.version());
                                ins.setString(2, m.description());
                                ins.setString(3, Instant.now().toString());
                                ins.executeUpdate();
                            }
                        }
                    }
                    return null;
                },
                "migrating its schema");
    }

    /** The schema version of the database. */
    public int version() {
        return read(
                c -> {
                    try (Statement s = c.createStatement();
                            ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")) {
                        rs.next();
                        return rs.getInt(1);
                    }
                },
                "reading its schema version");
    }

    /** A SQLite error as a {@link HistoryException} that names the file, what was being done, and what to do. */
    public HistoryException failure(SQLException e, String doing) {
        int code = e.getErrorCode() & 0xff;
        String what = " (while " + doing + ")";
        return switch (code) {
            case SQLITE_BUSY, SQLITE_LOCKED ->
                new HistoryException(
                        HistoryException.Kind.LOCKED,
                        file,
                        "the results database " + file + " is locked by another process (waited "
                                + busyTimeout.toMillis() / 1000.0 + " s)" + what
                                + "; try again when it is done, or use --no-write / another --db",
                        e);
            case SQLITE_CORRUPT, SQLITE_NOTADB ->
                new HistoryException(
                        HistoryException.Kind.CORRUPT,
                        file,
                        file + " is not a wst results database or is damaged (SQLite: " + sqliteMessage(e) + ")" + what
                                + "; move it aside (wst creates a new one), or use --no-write / another --db",
                        e);
            case SQLITE_FULL ->
                new HistoryException(HistoryException.Kind.IO, file, "the disk holding " + file + " is full" + what, e);
            case SQLITE_READONLY, SQLITE_PERM, SQLITE_CANTOPEN, SQLITE_IOERR ->
                new HistoryException(
                        HistoryException.Kind.IO,
                        file,
                        "cannot write the results database " + file + " (SQLite: " + sqliteMessage(e) + ")" + what
                                + "; check its permissions, or use --no-write / another --db",
                        e);
            default ->
                new HistoryException(
                        HistoryException.Kind.IO,
                        file,
                        "the results database " + file + " failed (SQLite: " + sqliteMessage(e) + ")" + what,
                        e);
        };
    }

    /** SQLite's own words, without the driver's prefix ({@code [SQLITE_NOTADB] ...}). */
    private static String sqliteMessage(SQLException e) {
        String m = e.getMessage() == null ? e.toString() : e.getMessage();
        int close = m.indexOf(']');
        return (m.startsWith("[") && close > 0 ? m.substring(close + 1) : m).strip();
    }
}
