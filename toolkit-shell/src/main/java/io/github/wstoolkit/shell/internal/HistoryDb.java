package io.github.wstoolkit.shell.internal;

import io.github.wstoolkit.history.HistoryException;
import io.github.wstoolkit.history.HistoryStore;
import io.github.wstoolkit.history.RunSummary;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Where the results database is, for every command that uses it: {@code --db FILE}, else {@code WST_DB}, else
 * {@code $WST_HOME/wst.db} (the folder created {@code 0700} by {@link WstHome}; the file is created {@code 0600} by
 * the store).
 */
final class HistoryDb {

    /** The environment variable that names another database file. */
    static final String ENV = "WST_DB";

    static final String FILE_NAME = "wst.db";

    private static final DateTimeFormatter WHEN =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneId.systemDefault());

    private HistoryDb() {}

    /** The database file, without creating anything. */
    static Path path(Io io, String dbOption) {
        if (dbOption != null && !dbOption.isBlank()) {
            return io.resolve(dbOption);
        }
        String env = io.env().get(ENV);
        if (env != null && !env.isBlank()) {
            return io.resolve(env.strip());
        }
        return WstHome.of(io.env()).resolve(FILE_NAME);
    }

    /** Opens (creating when missing) the database a run is recorded in. */
    static HistoryStore open(Io io, String dbOption) {
        Path p = path(io, dbOption);
        if (p.equals(WstHome.of(io.env()).resolve(FILE_NAME))) {
            WstHome.ensure(io.env());
        }
        return HistoryStore.open(p);
    }

    /** Opens a database that must exist (reading commands never create one). */
    static HistoryStore openExisting(Io io, String dbOption) {
        return HistoryStore.openExisting(path(io, dbOption));
    }

    /** A time as the user's clock shows it. */
    static String when(Instant t) {
        return WHEN.format(t);
    }

    /** {@code 850 ms}, {@code 12.4 s}, {@code 3 min 05 s}. */
    static String duration(long ms) {
        if (ms < 1000) {
            return ms + " ms";
        }
        if (ms < 60_000) {
            return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
        }
        return String.format(Locale.ROOT, "%d min %02d s", ms / 60_000, (ms / 1000) % 60);
    }

    /** {@code complete}, {@code interrupted (12 of 40)}, {@code retry of 5, complete}. */
    static String status(RunSummary r) {
        String s = r.status().label();
        if (r.status() != RunSummary.Status.COMPLETE && r.planned().isPresent()) {
            s += " (" + r.total() + " of " + r.planned().getAsInt() + ")";
        }
        if (r.kind() == RunSummary.Kind.RETRY && r.parentId().isPresent()) {
            s = "retry of " + r.parentId().getAsLong() + ", " + s;
        } else if (r.kind() == RunSummary.Kind.IMPORT) {
            s = "imported, " + s;
        }
        return s;
    }

    /** True for the errors a user fixes by changing the input (exit code 1). */
    static boolean isUsage(HistoryException e) {
        return e.kind() != HistoryException.Kind.IO;
    }
}
