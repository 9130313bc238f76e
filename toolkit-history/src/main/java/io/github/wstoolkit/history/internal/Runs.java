package io.github.wstoolkit.history.internal;

import io.github.wstoolkit.api.json.Json;
import io.github.wstoolkit.history.RunSummary;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/** Reading runs: the {@code runs} table as {@link RunSummary}s, with the liveness of running runs checked. */
public final class Runs {

    private Runs() {}

    /**
     * The columns of a {@link RunSummary}. A run that is still running (or whose process died) has its counts
     * counted from its results (an index lookup: {@code results_by_status}); its row gets them when it ends. The
     * recorder does not keep them up to date in the row while it writes: see {@code RunRecorder.flush}.
     */
    public static final String COLUMNS =
            "id, eval_id, kind, parent_id, description, status, started_at, finished_at, duration_ms, planned, "
                    + liveCount("successes", "pass") + ", " + liveCount("failures", "fail") + ", "
                    + liveCount("errors", "error")
                    + ", config_files, options, source, pid, pid_started, shard, config_hash";

    /** The column {@code column} of a finished run, or its results of {@code status} counted when it runs. */
    public static String liveCount(String column, String status) {
        return "CASE WHEN runs.status = 'running' THEN (SELECT COUNT(*) FROM results l WHERE l.run_id = runs.id AND"
                + " l.status = '" + status + "') ELSE runs." + column + " END AS " + column;
    }

    /** A filter of the runs list. */
    public record Query(Optional<String> text, Optional<Instant> from, Optional<Instant> to, int limit, int offset) {

        public static Query latest(int limit) {
            return new Query(Optional.empty(), Optional.empty(), Optional.empty(), limit, 0);
        }
    }

    /** Runs matching the query, newest first. */
    public static List<RunSummary> list(Connection c, Query q) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM runs WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        where(q, sql, args);
        sql.append(" ORDER BY id DESC LIMIT ? OFFSET ?");
        args.add(q.limit() <= 0 ? -1 : q.limit());
        args.add(q.offset());
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            bind(ps, args);
            List<RunSummary> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(summary(rs));
                }
            }
            return out;
        }
    }

    /** How many runs match the query (limit and offset ignored). */
    public static int count(Connection c, Query q) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT COUNT(*) FROM runs WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        where(q, sql, args);
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static void where(Query q, StringBuilder sql, List<Object> args) {
        q.text().filter(t -> !t.isBlank()).ifPresent(t -> {
            sql.append(" AND (description LIKE ? ESCAPE '\\' OR eval_id LIKE ? ESCAPE '\\')");
            args.add(like(t));
            args.add(like(t));
        });
        q.from().ifPresent(f -> {
            sql.append(" AND started_at >= ?");
            args.add(f.toString());
        });
        q.to().ifPresent(t -> {
            sql.append(" AND started_at < ?");
            args.add(t.toString());
        });
    }

    /** {@code %text%} for LIKE, with LIKE's own characters escaped. */
    public static String like(String text) {
        return "%" + text.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }

    public static void bind(PreparedStatement ps, List<Object> args) throws SQLException {
        for (int i = 0; i < args.size(); i++) {
            ps.setObject(i + 1, args.get(i));
        }
    }

    /** One run, if it exists. */
    public static Optional<RunSummary> byId(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM runs WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(summary(rs)) : Optional.empty();
            }
        }
    }

    /** One run by its eval id, if it exists. */
    public static Optional<RunSummary> byEvalId(Connection c, String evalId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM runs WHERE eval_id = ?")) {
            ps.setString(1, evalId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(summary(rs)) : Optional.empty();
            }
        }
    }

    static RunSummary summary(ResultSet rs) throws SQLException {
        String status = rs.getString("status");
        long pid = rs.getLong("pid");
        boolean hasPid = !rs.wasNull();
        RunSummary.Status st =
                switch (status) {
                    case "complete" -> RunSummary.Status.COMPLETE;
                    case "interrupted" -> RunSummary.Status.INTERRUPTED;
                    default ->
                        hasPid && alive(pid, rs.getString("pid_started"))
                                ? RunSummary.Status.RUNNING
                                : RunSummary.Status.INCOMPLETE;
                };
        List<Path> files = new ArrayList<>();
        String cf = rs.getString("config_files");
        if (cf != null && Json.parse(cf) instanceof List<?> l) {
            l.forEach(x -> files.add(Path.of(String.valueOf(x))));
        }
        long duration = rs.getLong("duration_ms");
        boolean noDuration = rs.wasNull();
        int planned = rs.getInt("planned");
        boolean noPlanned = rs.wasNull();
        long parent = rs.getLong("parent_id");
        boolean noParent = rs.wasNull();
        return new RunSummary(
                rs.getLong("id"),
                Optional.ofNullable(rs.getString("eval_id")),
                RunSummary.Kind.valueOf(rs.getString("kind").toUpperCase(Locale.ROOT)),
                noParent ? OptionalLong.empty() : OptionalLong.of(parent),
                Optional.ofNullable(rs.getString("description")),
                st,
                Instant.parse(rs.getString("started_at")),
                Optional.ofNullable(rs.getString("finished_at")).map(Instant::parse),
                noDuration ? OptionalLong.empty() : OptionalLong.of(duration),
                noPlanned ? OptionalInt.empty() : OptionalInt.of(planned),
                rs.getInt("successes"),
                rs.getInt("failures"),
                rs.getInt("errors"),
                files,
                Rows.objectOf(rs.getString("options")),
                Optional.ofNullable(rs.getString("source")),
                Optional.ofNullable(rs.getString("shard")),
                Optional.ofNullable(rs.getString("config_hash")));
    }

    /** True when the process that is writing a run is still the one that started it (pids are reused). */
    static boolean alive(long pid, String started) {
        Optional<ProcessHandle> ph = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (ph.isEmpty()) {
            return false;
        }
        Optional<Instant> at = ph.get().info().startInstant();
        return started == null || at.isEmpty() || at.get().toString().equals(started);
    }

    /** This process's pid and start time, to tell later whether it is still the writer. */
    public static String processStart() {
        return ProcessHandle.current()
                .info()
                .startInstant()
                .map(Instant::toString)
                .orElse(null);
    }
}
