package io.github.wstoolkit.history.internal;

import static io.github.wstoolkit.history.internal.Page.esc;
import static io.github.wstoolkit.history.internal.Page.url;

import io.github.wstoolkit.api.CallTimings;
import io.github.wstoolkit.api.Frame;
import io.github.wstoolkit.api.json.Json;
import io.github.wstoolkit.eval.EvalRun;
import io.github.wstoolkit.eval.report.Charts;
import io.github.wstoolkit.history.HistoryException;
import io.github.wstoolkit.history.RunSummary;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongFunction;
import java.util.stream.Collectors;

/**
 * The viewer's pages, rendered on the server from the database: the runs list, a run (matrix, filters, figures per
 * provider), a case (frame timeline, frames, assertions) and the comparison of two runs. Every query is
 * parameterised; every text from the database is escaped.
 */
public final class ViewPages {

    /** Rows of a matrix, runs of the list, changes of a comparison shown per page. */
    static final int PAGE_ROWS = 100;

    static final int PAGE_RUNS = 50;

    private final Db db;
    private final LongFunction<EvalRun> loader;

    public ViewPages(Db db, LongFunction<EvalRun> loader) {
        this.db = db;
        this.loader = loader;
    }

    private String layout(String title, String crumbs, String body, int refresh) {
        return Page.layout(title, crumbs, body, db.file().toString(), refresh);
    }

    // ================================================================== runs list

    public String runs(Map<String, String> p) {
        String q = p.getOrDefault("q", "").strip();
        String from = p.getOrDefault("from", "").strip();
        String to = p.getOrDefault("to", "").strip();
        int page = intParam(p, "page", 1);
        List<String> warnings = new ArrayList<>();
        Optional<Instant> fromAt = date(from, 0, warnings);
        Optional<Instant> toAt = date(to, 1, warnings);
        Runs.Query query = new Runs.Query(
                q.isEmpty() ? Optional.empty() : Optional.of(q), fromAt, toAt, PAGE_RUNS, (page - 1) * PAGE_RUNS);
        List<RunSummary> runs = db.read(c -> Runs.list(c, query), "listing runs");
        // each run's comparison is with the previous run of the same config (by description), not of another one
        Map<Long, Long> previous = db.read(
                c -> {
                    Map<Long, Long> out = new HashMap<>();
                    for (RunSummary r : runs) {
                        previousOf(c, r).ifPresent(prev -> out.put(r.id(), prev));
                    }
                    return out;
                },
                "listing runs");
        int total = db.read(c -> Runs.count(c, query), "counting runs");
        StringBuilder b = new StringBuilder();
        b.append("<h1>Runs</h1>");
        b.append("<form class=\"filters\" method=\"get\" action=\"/\">");
        b.append("<input type=\"search\" name=\"q\" placeholder=\"Search descriptions\" value=\"")
                .append(esc(q));
        b.append("\"><label>from <input type=\"date\" name=\"from\" value=\"")
                .append(esc(from))
                .append("\"></label>");
        b.append("<label>to <input type=\"date\" name=\"to\" value=\"")
                .append(esc(to))
                .append("\"></label>");
        b.append("<button type=\"submit\">Filter</button>");
        if (!q.isEmpty() || !from.isEmpty() || !to.isEmpty()) {
            b.append("<a href=\"/\">clear</a>");
        }
        b.append("</form>");
        warnings.forEach(w -> b.append("<p class=\"warn\">").append(esc(w)).append("</p>"));
        if (runs.isEmpty()) {
            b.append(
                    total == 0 && q.isEmpty() && from.isEmpty() && to.isEmpty()
                            ? "<p class=\"empty\" id=\"no-runs\">No runs yet: <code>wst eval</code> records each run here.</p>"
                            : "<p class=\"empty\" id=\"no-runs\">No run matches the filter.</p>");
            return layout("Runs", "", b.toString(), 0);
        }
        List<Charts.Point> points = new ArrayList<>();
        for (RunSummary r : runs.reversed()) {
            points.add(new Charts.Point(
                    "run #" + r.id() + " · " + Page.when(r.startedAt()) + " · "
                            + String.format(Locale.ROOT, "%.1f", r.passRate()) + "% pass (" + r.successes() + "/"
                            + r.total() + ")",
                    r.passRate(),
                    Optional.of("/runs/" + r.id())));
        }
        b.append("<div class=\"charts\" id=\"pass-rate\">");
        b.append(Charts.sparkline("Pass rate of the runs below, oldest first", points))
                .append("</div>");
        b.append("<table class=\"runs\"><thead><tr><th class=\"num\">#</th><th>Started</th><th>Description</th>")
                .append("<th class=\"num\">Pass</th><th class=\"num\">Fail</th><th class=\"num\">Error</th>")
                .append("<th class=\"num\">Pass rate</th><th class=\"num\">Duration</th><th>Status</th><th></th>")
                .append("</tr></thead><tbody>");
        for (int i = 0; i < runs.size(); i++) {
            RunSummary r = runs.get(i);
            b.append("<tr class=\"run\" data-id=\"").append(r.id()).append("\">");
            b.append("<td class=\"num\"><a href=\"/runs/")
                    .append(r.id())
                    .append("\">")
                    .append(r.id())
                    .append("</a></td>");
            b.append("<td>").append(esc(Page.when(r.startedAt()))).append("</td>");
            b.append("<td><a href=\"/runs/").append(r.id()).append("\">");
            b.append(esc(r.description().orElse("(no description)"))).append("</a>");
            if (r.kind() == RunSummary.Kind.RETRY && r.parentId().isPresent()) {
                b.append(" <span class=\"meta\">retry of <a href=\"/runs/")
                        .append(r.parentId().getAsLong());
                b.append("\">#").append(r.parentId().getAsLong()).append("</a></span>");
            } else if (r.kind() == RunSummary.Kind.IMPORT) {
                b.append(" <span class=\"meta\">imported</span>");
            }
            b.append("</td><td class=\"num\">").append(r.successes()).append("</td>");
            b.append("<td class=\"num\">").append(r.failures()).append("</td>");
            b.append("<td class=\"num\">").append(r.errors()).append("</td>");
            b.append("<td class=\"num\">")
                    .append(String.format(Locale.ROOT, "%.1f%%", r.passRate()))
                    .append("</td>");
            b.append("<td class=\"num\">")
                    .append(
                            r.durationMs().isPresent()
                                    ? Page.duration(r.durationMs().getAsLong())
                                    : "—");
            b.append("</td><td class=\"status-").append(r.status().label()).append("\">");
            b.append(r.status().label()).append(progress(r)).append("</td><td>");
            Long prev = previous.get(r.id());
            if (prev != null) {
                b.append("<a class=\"compare\" href=\"/compare?a=")
                        .append(prev)
                        .append("&amp;b=")
                        .append(r.id());
                b.append("\">compare with #").append(prev).append("</a>");
            }
            b.append("</td></tr>");
        }
        b.append("</tbody></table>");
        pager(b, page, total, PAGE_RUNS, "/?q=" + url(q) + "&from=" + url(from) + "&to=" + url(to), "runs");
        // compare any two
        b.append(
                "<h2>Compare two runs</h2><form class=\"filters\" method=\"get\" action=\"/compare\" id=\"compare-form\">");
        b.append(runSelect(
                "a", runs, runs.size() > 1 ? runs.get(1).id() : runs.getFirst().id()));
        b.append("<span>→</span>").append(runSelect("b", runs, runs.getFirst().id()));
        b.append("<button type=\"submit\">Compare</button></form>");
        boolean live = runs.stream().anyMatch(r -> r.status() == RunSummary.Status.RUNNING);
        return layout("Runs", "", b.toString(), live ? 3 : 0);
    }

    private static String progress(RunSummary r) {
        if (r.status() == RunSummary.Status.COMPLETE || r.planned().isEmpty()) {
            return "";
        }
        return " <span class=\"meta\">(" + r.total() + " of " + r.planned().getAsInt() + ")</span>";
    }

    private static String runSelect(String name, List<RunSummary> runs, long selected) {
        StringBuilder b = new StringBuilder("<select name=\"" + name + "\">");
        for (RunSummary r : runs) {
            b.append("<option value=\"").append(r.id()).append('"').append(r.id() == selected ? " selected" : "");
            b.append(">#")
                    .append(r.id())
                    .append(" · ")
                    .append(esc(r.description().orElse("")));
            b.append(" · ").append(esc(Page.when(r.startedAt()))).append("</option>");
        }
        return b.append("</select>").toString();
    }

    private static Optional<Instant> date(String s, int plusDays, List<String> warnings) {
        if (s.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(s)
                    .plusDays(plusDays)
                    .atStartOfDay(ZoneId.systemDefault())
                    .toInstant());
        } catch (DateTimeParseException e) {
            warnings.add("'" + s + "' is not a date (YYYY-MM-DD); it was ignored");
            return Optional.empty();
        }
    }

    private static void pager(StringBuilder b, int page, int total, int per, String base, String what) {
        if (total <= per) {
            return;
        }
        int pages = (total + per - 1) / per;
        b.append("<div class=\"pager\"><span>")
                .append(what)
                .append(' ')
                .append((page - 1) * per + 1)
                .append('–');
        b.append(Math.min(total, page * per)).append(" of ").append(total).append("</span>");
        if (page > 1) {
            b.append("<a rel=\"prev\" href=\"")
                    .append(esc(base + "&page=" + (page - 1)))
                    .append("\">← previous</a>");
        }
        if (page < pages) {
            b.append("<a rel=\"next\" href=\"")
                    .append(esc(base + "&page=" + (page + 1)))
                    .append("\">next →</a>");
        }
        b.append("</div>");
    }

    private static int intParam(Map<String, String> p, String name, int dflt) {
        try {
            return Math.max(
                    1,
                    Integer.parseInt(p.getOrDefault(name, String.valueOf(dflt)).strip()));
        } catch (NumberFormatException e) {
            return dflt;
        }
    }

    // ================================================================== one run

    private record Column(int promptIdx, String promptLabel, String provider) {
        String key() {
            return promptIdx + "\u0000" + provider;
        }
    }

    private record Cell(
            long id,
            int testIdx,
            int repeatIdx,
            Column column,
            String status,
            String output,
            String error,
            long latency,
            Double ttft,
            double score,
            String namedScores) {}

    private record RowKey(int testIdx, int repeatIdx, String description, String vars) {}

    public String run(long id, Map<String, String> p) {
        RunSummary r = summary(id);
        String status = p.getOrDefault("status", "");
        String q = p.getOrDefault("q", "").strip();
        String provider = p.getOrDefault("provider", "");
        String metric = p.getOrDefault("metric", "");
        int page = intParam(p, "page", 1);
        return db.read(
                c -> {
                    List<Column> columns = columns(c, id);
                    List<String> providers =
                            columns.stream().map(Column::provider).distinct().toList();
                    List<String> metrics = strings(
                            c,
                            "SELECT DISTINCT j.key FROM results r, json_each(r.named_scores) j WHERE r.run_id = ?"
                                    + " AND r.named_scores IS NOT NULL ORDER BY 1",
                            id);
                    StringBuilder b = new StringBuilder();
                    runHeader(c, b, r);
                    figures(c, b, id);
                    // filters
                    b.append("<h2 id=\"results\">Results</h2>");
                    b.append("<form class=\"filters\" method=\"get\" action=\"/runs/")
                            .append(id)
                            .append("\">");
                    b.append("<select name=\"status\" data-autosubmit>");
                    for (String[] o : new String[][] {
                        {"", "all results"},
                        {"failing", "failures and errors"},
                        {"error", "errors only"},
                        {"pass", "passing only"}
                    }) {
                        b.append(option(o[0], o[1], status));
                    }
                    b.append("</select><input type=\"search\" name=\"q\" placeholder=\"Search output, vars, errors\"");
                    b.append(" value=\"").append(esc(q)).append("\">");
                    b.append("<select name=\"provider\" data-autosubmit>")
                            .append(option("", "every provider", provider));
                    providers.forEach(x -> b.append(option(x, x, provider)));
                    b.append("</select>");
                    if (!metrics.isEmpty()) {
                        b.append("<select name=\"metric\" data-autosubmit>").append(option("", "any metric", metric));
                        metrics.forEach(x -> b.append(option(x, "metric: " + x, metric)));
                        b.append("</select>");
                    }
                    b.append("<button type=\"submit\">Filter</button>");
                    if (!status.isEmpty() || !q.isEmpty() || !provider.isEmpty() || !metric.isEmpty()) {
                        b.append("<a href=\"/runs/").append(id).append("#results\">clear</a>");
                    }
                    b.append("</form>");
                    matrix(c, b, id, columns, status, q, provider, metric, page);
                    return layout(
                            "Run " + id,
                            Page.crumbs("Run " + id, null),
                            b.toString(),
                            r.status() == RunSummary.Status.RUNNING ? 3 : 0);
                },
                "reading run " + id);
    }

    /** The newest earlier run with the same description (the same config, as far as the store can tell). */
    private static Optional<Long> previousOf(Connection c, RunSummary r) throws SQLException {
        return longs(
                c,
                "SELECT MAX(id) FROM runs WHERE id < ? AND description IS ?",
                r.id(),
                r.description().orElse(null));
    }

    private static String option(String value, String label, String selected) {
        return "<option value=\"" + esc(value) + "\"" + (value.equals(selected) ? " selected" : "") + ">" + esc(label)
                + "</option>";
    }

    private RunSummary summary(long id) {
        return db.read(c -> Runs.byId(c, id), "reading run " + id)
                .orElseThrow(() -> new HistoryException(
                        HistoryException.Kind.NOT_FOUND, db.file(), "There is no run " + id + " in this database."));
    }

    private void runHeader(Connection c, StringBuilder b, RunSummary r) throws SQLException {
        b.append("<h1>Run ")
                .append(r.id())
                .append(": ")
                .append(esc(r.description().orElse("(no description)")));
        b.append("</h1><div class=\"meta\">");
        r.evalId().ifPresent(e -> b.append(esc(e)).append(" · "));
        b.append("started ").append(esc(Page.when(r.startedAt())));
        r.durationMs().ifPresent(d -> b.append(" · ").append(Page.duration(d)));
        b.append(" · <span class=\"status-").append(r.status().label()).append("\" id=\"run-status\">");
        b.append(r.status().label()).append("</span>").append(progress(r));
        if (r.kind() == RunSummary.Kind.RETRY && r.parentId().isPresent()) {
            long parent = r.parentId().getAsLong();
            b.append(" · retry of <a href=\"/runs/")
                    .append(parent)
                    .append("\">run ")
                    .append(parent)
                    .append("</a>");
        }
        r.source().ifPresent(s -> b.append(" · imported from ").append(esc(s)));
        if (!r.configFiles().isEmpty()) {
            b.append(" · ")
                    .append(esc(r.configFiles().stream().map(Object::toString).collect(Collectors.joining(", "))));
        }
        b.append("</div><div class=\"counts\"><span class=\"p\">")
                .append(r.successes())
                .append(" passed</span>");
        b.append("<span class=\"f\">").append(r.failures()).append(" failed</span>");
        b.append("<span class=\"e\">").append(r.errors()).append(" errors</span></div><div class=\"meta\">");
        Optional<Long> previous = previousOf(c, r);
        List<String> links = new ArrayList<>();
        if (r.kind() == RunSummary.Kind.RETRY && r.parentId().isPresent()) {
            long parent = r.parentId().getAsLong();
            links.add("<a class=\"compare\" href=\"/compare?a=" + parent + "&amp;b=" + r.id()
                    + "\">compare with its parent, run " + parent + "</a>");
        }
        previous.ifPresent(prev -> links.add("<a class=\"compare\" href=\"/compare?a=" + prev + "&amp;b=" + r.id()
                + "\">compare with the previous run of this config, " + prev + "</a>"));
        StringBuilder exports = new StringBuilder("export ");
        for (String ext : List.of("json", "html", "csv", "junit.xml", "jsonl", "yaml")) {
            exports.append("<a href=\"/runs/")
                    .append(r.id())
                    .append("/export/run-")
                    .append(r.id())
                    .append('.')
                    .append(ext)
                    .append("\">")
                    .append(ext)
                    .append("</a> ");
        }
        links.add(exports.toString().strip());
        b.append(String.join(" · ", links)).append("</div>");
        if (r.status() == RunSummary.Status.RUNNING) {
            b.append("<p class=\"warn\">This run is still being written: the page reloads every 3 s.</p>");
        } else if (r.resumable()) {
            b.append("<p class=\"warn\">This run did not finish: <code>wst eval --resume ")
                    .append(r.id());
            b.append("</code> runs the cases that are missing.</p>");
        }
    }

    /** Per provider: counts, latency / first frame / longest gap percentiles, and their histograms. */
    private void figures(Connection c, StringBuilder b, long id) throws SQLException {
        Map<String, List<double[]>> byProvider = new LinkedHashMap<>();
        Map<String, int[]> counts = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT provider_label, status, latency_ms, ttft_ms, max_gap_ms FROM results WHERE run_id = ?"
                        + " ORDER BY idx")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String p = rs.getString(1);
                    double ttft = rs.getDouble(4);
                    if (rs.wasNull()) {
                        ttft = Double.NaN;
                    }
                    double gap = rs.getDouble(5);
                    if (rs.wasNull()) {
                        gap = Double.NaN;
                    }
                    byProvider.computeIfAbsent(p, k -> new ArrayList<>()).add(new double[] {rs.getLong(3), ttft, gap});
                    counts.computeIfAbsent(p, k -> new int[3])[
                            switch (rs.getString(2)) {
                                case "pass" -> 0;
                                case "fail" -> 1;
                                default -> 2;
                            }]++;
                }
            }
        }
        if (byProvider.isEmpty()) {
            b.append("<p class=\"empty\">No case has finished yet.</p>");
            return;
        }
        b.append("<h2>Per provider</h2><table class=\"figures\"><thead><tr><th>Provider</th>")
                .append("<th class=\"num\">Cases</th><th class=\"num\">Pass</th><th class=\"num\">Fail</th>")
                .append("<th class=\"num\">Error</th><th class=\"num\">Latency p50 / p90 / p99</th>")
                .append("<th class=\"num\">First frame p50 / p90 / p99</th>")
                .append("<th class=\"num\">Longest gap p50 / p90 / p99</th></tr></thead><tbody>");
        List<Charts.Series> ttft = new ArrayList<>();
        List<Charts.Series> latency = new ArrayList<>();
        for (Map.Entry<String, List<double[]>> e : byProvider.entrySet()) {
            double[] lat = column(e.getValue(), 0);
            double[] first = column(e.getValue(), 1);
            double[] gap = column(e.getValue(), 2);
            int[] n = counts.get(e.getKey());
            b.append("<tr class=\"provider\"><td>").append(esc(e.getKey())).append("</td><td class=\"num\">");
            b.append(e.getValue().size())
                    .append("</td><td class=\"num\">")
                    .append(n[0])
                    .append("</td>");
            b.append("<td class=\"num\">")
                    .append(n[1])
                    .append("</td><td class=\"num\">")
                    .append(n[2])
                    .append("</td>");
            b.append("<td class=\"num\">")
                    .append(pct(lat))
                    .append("</td><td class=\"num\">")
                    .append(pct(first));
            b.append("</td><td class=\"num\">").append(pct(gap)).append("</td></tr>");
            ttft.add(new Charts.Series(e.getKey(), first));
            latency.add(new Charts.Series(e.getKey(), lat));
        }
        b.append("</tbody></table><div class=\"charts\">");
        b.append(Charts.histogram("Time to first frame", "ms", ttft, 24, false));
        b.append(Charts.histogram("Latency", "ms", latency, 24, false));
        b.append("</div>");
    }

    private static double[] column(List<double[]> rows, int i) {
        double[] out = new double[rows.size()];
        for (int k = 0; k < out.length; k++) {
            out[k] = rows.get(k)[i];
        }
        return out;
    }

    static String pct(double[] values) {
        Charts.Distribution d = Charts.Distribution.of(values);
        if (d.count() == 0) {
            return "—";
        }
        return num(d.p50()) + " / " + num(d.p90()) + " / " + num(d.p99()) + " ms";
    }

    private static String num(double v) {
        return Math.abs(v - Math.rint(v)) < 1e-9
                ? String.valueOf((long) Math.rint(v))
                : String.format(Locale.ROOT, v >= 100 ? "%.0f" : "%.1f", v);
    }

    private static List<Column> columns(Connection c, long id) throws SQLException {
        List<Column> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT prompt_idx, MIN(prompt_label), provider_label, MIN(idx) AS first FROM results"
                        + " WHERE run_id = ? GROUP BY prompt_idx, provider_label ORDER BY first")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Column(rs.getInt(1), rs.getString(2), rs.getString(3)));
                }
            }
        }
        return out;
    }

    private void matrix(
            Connection c,
            StringBuilder b,
            long id,
            List<Column> allColumns,
            String status,
            String q,
            String provider,
            String metric,
            int page)
            throws SQLException {
        List<Column> columns = provider.isEmpty()
                ? allColumns
                : allColumns.stream().filter(x -> x.provider().equals(provider)).toList();
        StringBuilder where = new StringBuilder(" WHERE run_id = ?");
        List<Object> args = new ArrayList<>(List.of(id));
        if (!provider.isEmpty()) {
            where.append(" AND provider_label = ?");
            args.add(provider);
        }
        StringBuilder having = new StringBuilder(" HAVING 1 = 1");
        List<Object> havingArgs = new ArrayList<>();
        switch (status) {
            case "failing" -> having.append(" AND SUM(status <> 'pass') > 0");
            case "error" -> having.append(" AND SUM(status = 'error') > 0");
            case "pass" -> having.append(" AND SUM(status <> 'pass') = 0");
            default -> {}
        }
        if (!q.isEmpty()) {
            having.append(" AND SUM(output LIKE ? ESCAPE '\\' OR error LIKE ? ESCAPE '\\'"
                    + " OR vars LIKE ? ESCAPE '\\' OR description LIKE ? ESCAPE '\\'"
                    + " OR prompt LIKE ? ESCAPE '\\') > 0");
            for (int i = 0; i < 5; i++) {
                havingArgs.add(Runs.like(q));
            }
        }
        if (!metric.isEmpty()) {
            having.append(" AND SUM((SELECT COUNT(*) FROM json_each(results.named_scores) j WHERE j.key = ?)) > 0");
            havingArgs.add(metric);
        }
        String grouped = "SELECT test_idx, repeat_idx, MIN(description), MIN(vars), MIN(idx) AS first FROM results"
                + where + " GROUP BY test_idx, repeat_idx" + having;
        List<Object> all = new ArrayList<>(args);
        all.addAll(havingArgs);
        int total;
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM (" + grouped + ")")) {
            Runs.bind(ps, all);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                total = rs.getInt(1);
            }
        }
        List<RowKey> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(grouped + " ORDER BY first LIMIT ? OFFSET ?")) {
            List<Object> paged = new ArrayList<>(all);
            paged.add(PAGE_ROWS);
            paged.add((page - 1) * PAGE_ROWS);
            Runs.bind(ps, paged);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new RowKey(rs.getInt(1), rs.getInt(2), rs.getString(3), rs.getString(4)));
                }
            }
        }
        b.append("<p class=\"meta\" id=\"row-count\">").append(total).append(total == 1 ? " test" : " tests");
        b.append(" shown</p>");
        if (rows.isEmpty()) {
            b.append("<p class=\"empty\" id=\"no-results\">No result matches the filter.</p>");
            return;
        }
        Map<String, Column> byKey = new HashMap<>();
        allColumns.forEach(x -> byKey.put(x.key(), x));
        Map<String, Cell> cells = new HashMap<>();
        Set<Integer> tests = rows.stream().map(RowKey::testIdx).collect(Collectors.toCollection(LinkedHashSet::new));
        String in = tests.stream().map(x -> "?").collect(Collectors.joining(", "));
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id, test_idx, repeat_idx, prompt_idx, provider_label, status, substr(output, 1, 400),"
                        + " substr(error, 1, 400), latency_ms, ttft_ms, score, named_scores FROM results"
                        + " WHERE run_id = ? AND test_idx IN (" + in + ") ORDER BY idx, id")) {
            List<Object> a = new ArrayList<>(List.of(id));
            a.addAll(tests);
            Runs.bind(ps, a);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Column col = byKey.get(rs.getInt(4) + "\u0000" + rs.getString(5));
                    double ttft = rs.getDouble(10);
                    Cell cell = new Cell(
                            rs.getLong(1),
                            rs.getInt(2),
                            rs.getInt(3),
                            col,
                            rs.getString(6),
                            rs.getString(7),
                            rs.getString(8),
                            rs.getLong(9),
                            rs.wasNull() ? null : ttft,
                            rs.getDouble(11),
                            rs.getString(12));
                    cells.putIfAbsent(cell.testIdx() + "/" + cell.repeatIdx() + "/" + col.key(), cell);
                }
            }
        }
        b.append("<div style=\"overflow-x:auto\"><table class=\"matrix\"><thead><tr><th class=\"testcol\">Test</th>");
        for (Column col : columns) {
            b.append("<th class=\"col\">").append(esc(col.provider()));
            b.append("<div class=\"meta\">")
                    .append(esc(cut(col.promptLabel(), 80)))
                    .append("</div></th>");
        }
        b.append("</tr></thead><tbody>");
        for (RowKey row : rows) {
            b.append("<tr class=\"test\"><td class=\"testcol\"><b>")
                    .append(esc(row.description() != null ? row.description() : varsLine(row.vars())))
                    .append("</b>");
            if (row.repeatIdx() > 0) {
                b.append(" <span class=\"meta\">#").append(row.repeatIdx() + 1).append("</span>");
            }
            if (row.description() != null && !"{}".equals(row.vars())) {
                b.append("<div class=\"meta\">")
                        .append(esc(cut(varsLine(row.vars()), 160)))
                        .append("</div>");
            }
            b.append("</td>");
            for (Column col : columns) {
                Cell cell = cells.get(row.testIdx() + "/" + row.repeatIdx() + "/" + col.key());
                if (cell == null) {
                    b.append("<td class=\"cell none\"><span class=\"meta\">not run</span></td>");
                    continue;
                }
                b.append("<td class=\"cell ").append(esc(cell.status())).append("\"><a class=\"open\" href=\"/cases/");
                b.append(cell.id()).append("\">").append(Page.badge(cell.status()));
                String text = cell.error() != null ? cell.error() : cell.output() == null ? "" : cell.output();
                b.append("<div class=\"out\">").append(esc(cut(text, 300))).append("</div><div class=\"cellmeta\">");
                b.append(cell.latency()).append(" ms");
                if (cell.ttft() != null) {
                    b.append(" · first frame ").append(Page.ms(cell.ttft()));
                }
                b.append(" · score ").append(String.format(Locale.ROOT, "%.2f", cell.score()));
                if (!metric.isEmpty()
                        && cell.namedScores() != null
                        && Rows.objectOf(cell.namedScores()).get(metric) instanceof Number n) {
                    b.append(" · ")
                            .append(esc(metric))
                            .append(' ')
                            .append(String.format(Locale.ROOT, "%.2f", n.doubleValue()));
                }
                b.append("</div></a></td>");
            }
            b.append("</tr>");
        }
        b.append("</tbody></table></div>");
        pager(
                b,
                page,
                total,
                PAGE_ROWS,
                "/runs/" + id + "?status=" + url(status) + "&q=" + url(q) + "&provider=" + url(provider) + "&metric="
                        + url(metric),
                "tests");
    }

    private static String varsLine(String varsJson) {
        Map<String, Object> vars = Rows.objectOf(varsJson);
        if (vars.isEmpty()) {
            return "(no vars)";
        }
        List<String> parts = new ArrayList<>();
        vars.forEach((k, v) -> parts.add(k + "=" + (v instanceof String s ? s : Json.stringify(v))));
        return String.join(", ", parts);
    }

    static String cut(String s, int n) {
        if (s == null) {
            return "";
        }
        return s.length() <= n ? s : s.substring(0, n - 1) + "…";
    }

    // ================================================================== one case

    public String caseView(long resultId) {
        return db.read(
                c -> {
                    Map<String, Object> r = new LinkedHashMap<>();
                    try (PreparedStatement ps = c.prepareStatement("SELECT * FROM results WHERE id = ?")) {
                        ps.setLong(1, resultId);
                        try (ResultSet rs = ps.executeQuery()) {
                            if (!rs.next()) {
                                throw new HistoryException(
                                        HistoryException.Kind.NOT_FOUND,
                                        db.file(),
                                        "There is no case " + resultId + " in this database.");
                            }
                            int n = rs.getMetaData().getColumnCount();
                            for (int i = 1; i <= n; i++) {
                                r.put(rs.getMetaData().getColumnName(i), rs.getObject(i));
                            }
                        }
                    }
                    long runId = ((Number) r.get("run_id")).longValue();
                    List<Frame> frames = new ArrayList<>();
                    try (PreparedStatement ps = c.prepareStatement(
                            "SELECT direction, at_ms, binary, size, preview FROM frames WHERE result_id = ?"
                                    + " ORDER BY seq")) {
                        ps.setLong(1, resultId);
                        try (ResultSet rs = ps.executeQuery()) {
                            while (rs.next()) {
                                frames.add(Rows.frame(
                                        rs.getString(1),
                                        rs.getDouble(2),
                                        rs.getInt(3) == 1,
                                        rs.getInt(4),
                                        rs.getString(5)));
                            }
                        }
                    }
                    int idx = ((Number) r.get("idx")).intValue();
                    Optional<Long> prev = longs(
                            c,
                            "SELECT id FROM results WHERE run_id = ? AND (idx < ? OR (idx = ? AND id < ?))"
                                    + " ORDER BY idx DESC, id DESC LIMIT 1",
                            runId,
                            idx,
                            idx,
                            resultId);
                    Optional<Long> next = longs(
                            c,
                            "SELECT id FROM results WHERE run_id = ? AND (idx > ? OR (idx = ? AND id > ?))"
                                    + " ORDER BY idx, id LIMIT 1",
                            runId,
                            idx,
                            idx,
                            resultId);
                    return caseBody(r, runId, frames, prev, next);
                },
                "reading case " + resultId);
    }

    private String caseBody(
            Map<String, Object> r, long runId, List<Frame> frames, Optional<Long> prev, Optional<Long> next) {
        long id = ((Number) r.get("id")).longValue();
        String status = String.valueOf(r.get("status"));
        String description = (String) r.get("description");
        StringBuilder b = new StringBuilder();
        b.append("<h1>").append(Page.badge(status)).append(' ');
        b.append(esc(description != null ? description : varsLine((String) r.get("vars"))))
                .append("</h1>");
        b.append("<div class=\"meta\">case ")
                .append(((Number) r.get("idx")).intValue() + 1)
                .append(" of run ");
        b.append("<a href=\"/runs/").append(runId).append("\">").append(runId).append("</a> · provider ");
        b.append(esc((String) r.get("provider_label")));
        if (!r.get("provider_id").equals(r.get("provider_label"))) {
            b.append(" (").append(esc((String) r.get("provider_id"))).append(')');
        }
        b.append(" · prompt ").append(esc(cut((String) r.get("prompt_label"), 80)));
        if (r.get("carried_from") instanceof Number from) {
            b.append(" · carried over from <a href=\"/cases/")
                    .append(from.longValue())
                    .append("\">the parent run</a>");
        }
        b.append("</div><div class=\"pager\">");
        prev.ifPresent(p -> b.append("<a rel=\"prev\" href=\"/cases/").append(p).append("\">← previous case</a>"));
        next.ifPresent(p -> b.append("<a rel=\"next\" href=\"/cases/").append(p).append("\">next case →</a>"));
        b.append("</div>");
        if (r.get("error") != null) {
            b.append("<h2>Error</h2><pre class=\"error\">")
                    .append(esc((String) r.get("error")))
                    .append("</pre>");
        }
        attempts(b, r);
        b.append("<h2>Output</h2><pre class=\"output\">");
        Object out = r.get("output_json") != null ? r.get("output_json") : r.get("output");
        b.append(out == null ? "<span class=\"meta\">(no output)</span>" : esc(String.valueOf(out)))
                .append("</pre>");
        b.append("<h2>Prompt</h2><pre>").append(esc((String) r.get("prompt"))).append("</pre>");
        b.append("<h2>Vars</h2><pre>")
                .append(esc(Json.stringify(Rows.objectOf(r.get("vars")), 2)))
                .append("</pre>");
        // assertions
        b.append("<h2>Assertions</h2>");
        if (r.get("grading") instanceof String g) {
            Map<String, Object> grading = Rows.objectOf(g);
            b.append("<p>").append(esc(String.valueOf(grading.get("reason")))).append("</p>");
            List<String> rows = new ArrayList<>();
            assertionRows(grading, 0, rows);
            if (!rows.isEmpty()) {
                b.append("<table class=\"asserts\"><thead><tr><th></th><th>Type</th><th>Value</th>")
                        .append("<th class=\"num\">Score</th><th>Reason</th></tr></thead><tbody>");
                rows.forEach(b::append);
                b.append("</tbody></table>");
            }
        } else {
            b.append("<p class=\"empty\">The assertions did not run (the case errored before it had an output).</p>");
        }
        // timings and frames
        b.append("<h2>Timings</h2><div class=\"kv\">");
        kv(
                b,
                "latency",
                r.get("latency_ms") + " ms (" + r.get("attempts") + " attempt"
                        + (((Number) r.get("attempts")).intValue() == 1 ? "" : "s") + ")");
        kv(b, "connect", Page.ms(dbl(r.get("connect_ms"))));
        kv(b, "first frame", Page.ms(dbl(r.get("ttft_ms"))));
        kv(b, "total", Page.ms(dbl(r.get("total_ms"))));
        kv(b, "frames received", r.get("frames_received") == null ? "—" : String.valueOf(r.get("frames_received")));
        kv(b, "bytes received", r.get("bytes_received") == null ? "—" : r.get("bytes_received") + " B");
        kv(b, "longest gap", Page.ms(dbl(r.get("max_gap_ms"))));
        b.append("</div>");
        if (((Number) r.get("has_response")).intValue() == 1) {
            CallTimings t = new CallTimings(
                    ofMs(dbl(r.get("connect_ms"))),
                    Optional.ofNullable(dbl(r.get("ttft_ms"))).map(ViewPages::ofMs),
                    ofMs(dbl(r.get("total_ms"))),
                    r.get("frames_received") instanceof Number n ? n.longValue() : 0,
                    r.get("bytes_received") instanceof Number n ? n.longValue() : 0,
                    Optional.ofNullable(dbl(r.get("max_gap_ms"))).map(ViewPages::ofMs),
                    frames);
            b.append("<h2>Frame timeline</h2><p class=\"meta\">From the start of the call to its end; frames sent")
                    .append(" above the line, received below. Click a frame to see it in the list.</p>");
            b.append("<div class=\"charts\" id=\"timeline\">")
                    .append(Charts.timeline(t, "frame-"))
                    .append("</div>");
        }
        b.append("<h2>Frames (").append(frames.size()).append(")</h2>");
        if (frames.isEmpty()) {
            b.append("<p class=\"empty\">No frames were recorded for this call.</p>");
        } else {
            b.append("<table class=\"frames\"><thead><tr><th class=\"num\">#</th><th>Direction</th>")
                    .append("<th class=\"num\">At</th><th class=\"num\">Since previous</th><th class=\"num\">Size</th>")
                    .append("<th>Payload</th></tr></thead><tbody>");
            double last = Double.NaN;
            for (int i = 0; i < frames.size(); i++) {
                Frame f = frames.get(i);
                double at = f.at().toNanos() / 1e6;
                b.append("<tr class=\"frame\" id=\"frame-")
                        .append(i + 1)
                        .append("\"><td class=\"num\">")
                        .append(i + 1);
                b.append("</td><td>").append(f.direction() == Frame.Direction.SENT ? "→ sent" : "← received");
                b.append("</td><td class=\"num\">").append(Page.ms(at)).append("</td><td class=\"num\">");
                b.append(Double.isNaN(last) ? "" : Page.ms(at - last)).append("</td><td class=\"num\">");
                b.append(f.size())
                        .append(" B")
                        .append(f.binary() ? " (binary)" : "")
                        .append("</td>");
                b.append("<td class=\"out\">").append(esc(f.preview())).append("</td></tr>");
                last = at;
            }
            b.append("</tbody></table>");
        }
        return layout(
                "Case " + id,
                Page.crumbs("Run " + runId, "/runs/" + runId, "Case " + (((Number) r.get("idx")).intValue() + 1), null),
                b.toString(),
                0);
    }

    private static Duration ofMs(Double ms) {
        return ms == null ? Duration.ZERO : Duration.ofNanos(Math.round(ms * 1_000_000));
    }

    private static Double dbl(Object o) {
        return o instanceof Number n ? n.doubleValue() : null;
    }

    private static void kv(StringBuilder b, String k, String v) {
        b.append("<b>").append(esc(k)).append("</b><span>").append(esc(v)).append("</span>");
    }

    private static void assertionRows(Map<String, Object> g, int depth, List<String> rows) {
        if (!(g.get("componentResults") instanceof List<?> parts)) {
            return;
        }
        for (Object o : parts) {
            Map<String, Object> part = Rows.objectOf(o);
            Map<String, Object> a = Rows.objectOf(part.get("assertion"));
            boolean pass = Boolean.TRUE.equals(part.get("pass"));
            Object value = a.get("value");
            rows.add("<tr class=\"assert " + (pass ? "pass" : "fail") + "\"><td>" + Page.badge(pass ? "pass" : "fail")
                    + "</td><td>" + "&nbsp;&nbsp;".repeat(depth) + esc(String.valueOf(a.getOrDefault("type", "")))
                    + "</td><td class=\"out\">"
                    + esc(cut(value == null ? "" : value instanceof String s ? s : Json.stringify(value), 200))
                    + "</td><td class=\"num\">"
                    + (part.get("score") instanceof Number n ? String.format(Locale.ROOT, "%.2f", n.doubleValue()) : "")
                    + "</td><td>" + esc(String.valueOf(part.getOrDefault("reason", ""))) + "</td></tr>");
            assertionRows(part, depth + 1, rows);
        }
    }

    // ================================================================== compare

    private record Side(
            long id,
            String testKey,
            int promptIdx,
            String provider,
            String status,
            String description,
            String vars,
            int idx,
            String promptLabel) {}

    public String compare(Map<String, String> p) {
        Long a = longParam(p.get("a"));
        Long bId = longParam(p.get("b"));
        if (bId == null) {
            bId = db.read(c -> longs(c, "SELECT MAX(id) FROM runs"), "finding the latest run")
                    .orElse(null);
        }
        if (a == null && bId != null) {
            long newer = bId;
            a = db.read(c -> longs(c, "SELECT MAX(id) FROM runs WHERE id < ?", newer), "finding the previous run")
                    .orElse(null);
        }
        if (a == null || bId == null) {
            return layout(
                    "Compare",
                    Page.crumbs("Compare", null),
                    "<h1>Compare two runs</h1><p class=\"empty\">Two runs are needed: <a href=\"/\">pick them in the"
                            + " list</a>.</p>",
                    0);
        }
        RunSummary ra = summary(a);
        RunSummary rb = summary(bId);
        int page = intParam(p, "page", 1);
        long aId = a;
        long bb = bId;
        return db.read(c -> compareBody(c, ra, rb, page), "comparing runs " + aId + " and " + bb);
    }

    private static Long longParam(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            throw new HistoryException(HistoryException.Kind.BAD_INPUT, null, "'" + s + "' is not a run number.");
        }
    }

    private List<Side> sides(Connection c, long run) throws SQLException {
        List<Side> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id, test_key, prompt_idx, provider_label, status, description, vars, idx, prompt_label"
                        + " FROM results WHERE run_id = ? ORDER BY idx, id")) {
            ps.setLong(1, run);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Side(
                            rs.getLong(1),
                            rs.getString(2),
                            rs.getInt(3),
                            rs.getString(4),
                            rs.getString(5),
                            rs.getString(6),
                            rs.getString(7),
                            rs.getInt(8),
                            rs.getString(9)));
                }
            }
        }
        return out;
    }

    private record Change(String kind, Side a, Side b) {}

    private String compareBody(Connection c, RunSummary ra, RunSummary rb, int page) throws SQLException {
        List<Side> as = sides(c, ra.id());
        List<Side> bs = sides(c, rb.id());
        List<String> provA = as.stream().map(Side::provider).distinct().toList();
        List<String> provB = bs.stream().map(Side::provider).distinct().toList();
        boolean byLabel = provA.stream().anyMatch(provB::contains);
        Map<String, Side> mapA = new LinkedHashMap<>();
        for (Side s : as) {
            mapA.putIfAbsent(matchKey(s, byLabel, provA), s);
        }
        Map<String, Side> mapB = new LinkedHashMap<>();
        for (Side s : bs) {
            mapB.putIfAbsent(matchKey(s, byLabel, provB), s);
        }
        List<Change> regressions = new ArrayList<>();
        List<Change> fixes = new ArrayList<>();
        List<Change> others = new ArrayList<>();
        int same = 0;
        int onlyA = 0;
        for (Map.Entry<String, Side> e : mapA.entrySet()) {
            Side y = mapB.get(e.getKey());
            Side x = e.getValue();
            if (y == null) {
                onlyA++;
            } else if (x.status().equals(y.status())) {
                same++;
            } else if (x.status().equals("pass")) {
                regressions.add(new Change("regression", x, y));
            } else if (y.status().equals("pass")) {
                fixes.add(new Change("fix", x, y));
            } else {
                others.add(new Change("other", x, y));
            }
        }
        int onlyB =
                (int) mapB.keySet().stream().filter(k -> !mapA.containsKey(k)).count();
        StringBuilder b = new StringBuilder();
        b.append("<h1>Run ").append(ra.id()).append(" → run ").append(rb.id()).append("</h1>");
        b.append("<table class=\"sides\"><thead><tr><th></th><th>Run <a href=\"/runs/")
                .append(ra.id())
                .append("\">");
        b.append(ra.id())
                .append("</a> (before)</th><th>Run <a href=\"/runs/")
                .append(rb.id())
                .append("\">");
        b.append(rb.id()).append("</a> (after)</th></tr></thead><tbody>");
        sideRow(b, "description", ra.description().orElse(""), rb.description().orElse(""));
        sideRow(b, "started", Page.when(ra.startedAt()), Page.when(rb.startedAt()));
        sideRow(b, "passed / failed / errors", counts(ra), counts(rb));
        sideRow(
                b,
                "pass rate",
                String.format(Locale.ROOT, "%.1f%%", ra.passRate()),
                String.format(Locale.ROOT, "%.1f%%", rb.passRate()));
        sideRow(
                b,
                "duration",
                ra.durationMs().isPresent() ? Page.duration(ra.durationMs().getAsLong()) : "—",
                rb.durationMs().isPresent() ? Page.duration(rb.durationMs().getAsLong()) : "—");
        b.append("</tbody></table>");
        if (!byLabel && !as.isEmpty() && !bs.isEmpty()) {
            b.append("<p class=\"warn\">The runs share no provider label, so providers are matched by position: ");
            for (int i = 0; i < Math.min(provA.size(), provB.size()); i++) {
                b.append(i == 0 ? "" : ", ")
                        .append(esc(provA.get(i)))
                        .append(" ↔ ")
                        .append(esc(provB.get(i)));
            }
            b.append(".</p>");
        }
        b.append("<div class=\"counts\" id=\"change-counts\"><span class=\"f\">")
                .append(regressions.size())
                .append(" regressions</span><span class=\"p\">")
                .append(fixes.size())
                .append(" fixes</span>")
                .append("<span class=\"e\">")
                .append(others.size())
                .append(" other status changes</span>")
                .append("<span class=\"meta\">")
                .append(same)
                .append(" unchanged · ")
                .append(onlyA)
                .append(" only before · ")
                .append(onlyB)
                .append(" only after</span></div>");
        distributions(c, b, ra.id(), rb.id());
        List<Change> changes = new ArrayList<>(regressions);
        changes.addAll(fixes);
        changes.addAll(others);
        b.append("<h2 id=\"changes\">Cases whose status changed</h2>");
        if (changes.isEmpty()) {
            b.append("<p class=\"empty\" id=\"no-changes\">No case changed status.</p>");
        } else {
            int from = (page - 1) * PAGE_ROWS;
            List<Change> shown =
                    changes.subList(Math.min(from, changes.size()), Math.min(changes.size(), from + PAGE_ROWS));
            Map<Long, String[]> texts = texts(c, shown);
            for (Change ch : shown) {
                String[] ta = texts.getOrDefault(ch.a().id(), new String[2]);
                String[] tb = texts.getOrDefault(ch.b().id(), new String[2]);
                b.append("<div class=\"change ").append(ch.kind()).append("\"><div><b>");
                b.append(
                        ch.kind().equals("regression")
                                ? "Regression"
                                : ch.kind().equals("fix") ? "Fixed" : "Changed");
                b.append("</b> · ")
                        .append(esc(
                                ch.a().description() != null
                                        ? ch.a().description()
                                        : varsLine(ch.a().vars())));
                b.append(" · ").append(esc(ch.b().provider())).append(" · ");
                b.append(esc(cut(ch.b().promptLabel(), 60)))
                        .append(" · <a href=\"/cases/")
                        .append(ch.a().id());
                b.append("\">").append(Page.badge(ch.a().status())).append("</a> → <a href=\"/cases/");
                b.append(ch.b().id())
                        .append("\">")
                        .append(Page.badge(ch.b().status()))
                        .append("</a></div>");
                Diff.Sides d = Diff.of(shown(ta), shown(tb));
                b.append("<div class=\"diff\"><div class=\"meta\">run ")
                        .append(ra.id())
                        .append("</div>");
                b.append("<div class=\"meta\">run ").append(rb.id()).append("</div>");
                b.append("<div class=\"out\">").append(d.left()).append("</div>");
                b.append("<div class=\"out\">").append(d.right()).append("</div></div></div>");
            }
            pager(b, page, changes.size(), PAGE_ROWS, "/compare?a=" + ra.id() + "&b=" + rb.id(), "changes");
        }
        return layout(
                "Run " + ra.id() + " → run " + rb.id(),
                Page.crumbs("Compare " + ra.id() + " → " + rb.id(), null),
                b.toString(),
                0);
    }

    /** What a side of a diff shows: the error when there is one, then the output. */
    private static String shown(String[] t) {
        if (t[1] != null) {
            // the stored error reads "Error: …" already
            String error = t[1].startsWith("Error") ? t[1] : "Error: " + t[1];
            return t[0] == null ? error : t[0] + "\n\n" + error;
        }
        return t[0] == null ? "" : t[0];
    }

    private static String matchKey(Side s, boolean byLabel, List<String> providers) {
        return s.testKey() + "|" + s.promptIdx() + "|" + (byLabel ? s.provider() : providers.indexOf(s.provider()));
    }

    private static String counts(RunSummary r) {
        return r.successes() + " / " + r.failures() + " / " + r.errors();
    }

    private static void sideRow(StringBuilder b, String label, String a, String c) {
        b.append("<tr><th>")
                .append(esc(label))
                .append("</th><td>")
                .append(esc(a))
                .append("</td><td>")
                .append(esc(c));
        b.append("</td></tr>");
    }

    private static Map<Long, String[]> texts(Connection c, List<Change> changes) throws SQLException {
        Map<Long, String[]> out = new HashMap<>();
        List<Long> ids = new ArrayList<>();
        changes.forEach(ch -> {
            ids.add(ch.a().id());
            ids.add(ch.b().id());
        });
        if (ids.isEmpty()) {
            return out;
        }
        String in = ids.stream().map(x -> "?").collect(Collectors.joining(", "));
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id, COALESCE(output_json, output), error FROM results WHERE id IN (" + in + ")")) {
            Runs.bind(ps, new ArrayList<Object>(ids));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getLong(1), new String[] {rs.getString(2), rs.getString(3)});
                }
            }
        }
        return out;
    }

    private void distributions(Connection c, StringBuilder b, long a, long bId) throws SQLException {
        double[][] la = figuresOf(c, a);
        double[][] lb = figuresOf(c, bId);
        b.append("<h2>Latency and time to first frame</h2><table class=\"figures\"><thead><tr><th></th>")
                .append("<th class=\"num\">run ")
                .append(a)
                .append(" p50 / p90 / p99</th><th class=\"num\">run ")
                .append(bId)
                .append(" p50 / p90 / p99</th><th class=\"num\">change of p50 / p90</th></tr></thead><tbody>");
        String[] names = {"latency", "first frame"};
        for (int i = 0; i < 2; i++) {
            Charts.Distribution da = Charts.Distribution.of(la[i]);
            Charts.Distribution db2 = Charts.Distribution.of(lb[i]);
            b.append("<tr><th>")
                    .append(names[i])
                    .append("</th><td class=\"num\">")
                    .append(pct(la[i]));
            b.append("</td><td class=\"num\">").append(pct(lb[i])).append("</td><td class=\"num\">");
            b.append(delta(da.p50(), db2.p50(), da.count() > 0 && db2.count() > 0))
                    .append(" / ");
            b.append(delta(da.p90(), db2.p90(), da.count() > 0 && db2.count() > 0))
                    .append("</td></tr>");
        }
        b.append("</tbody></table><div class=\"charts\" id=\"distributions\">");
        b.append(Charts.histogram(
                "Time to first frame: run " + a + " and run " + bId,
                "ms",
                List.of(new Charts.Series("run " + a, la[1]), new Charts.Series("run " + bId, lb[1])),
                24,
                true));
        b.append(Charts.histogram(
                "Latency: run " + a + " and run " + bId,
                "ms",
                List.of(new Charts.Series("run " + a, la[0]), new Charts.Series("run " + bId, lb[0])),
                24,
                true));
        b.append("</div>");
    }

    private static String delta(double before, double after, boolean both) {
        if (!both) {
            return "—";
        }
        if (before == 0) {
            return after == 0 ? "0%" : "+" + num(after) + " ms";
        }
        double pct = 100 * (after - before) / before;
        String cls = pct > 5 ? "delta-worse" : pct < -5 ? "delta-better" : "";
        return "<span class=\"" + cls + "\">" + String.format(Locale.ROOT, "%+.0f%%", pct) + "</span>";
    }

    private static double[][] figuresOf(Connection c, long run) throws SQLException {
        List<double[]> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT latency_ms, ttft_ms FROM results WHERE run_id = ?")) {
            ps.setLong(1, run);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    double lat = rs.getLong(1);
                    double t = rs.getDouble(2);
                    rows.add(new double[] {lat, rs.wasNull() ? Double.NaN : t});
                }
            }
        }
        return new double[][] {column(rows, 0), column(rows, 1)};
    }

    // ================================================================== export

    /** The run as a report file (the format from the name's extension). */
    public EvalRun exportRun(long id) {
        summary(id);
        return loader.apply(id);
    }

    // ================================================================== helpers

    private static List<String> strings(Connection c, String sql, Object... args) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            Runs.bind(ps, java.util.Arrays.asList(args));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    private static Optional<Long> longs(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            Runs.bind(ps, java.util.Arrays.asList(args));
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    long v = rs.getLong(1);
                    return rs.wasNull() ? Optional.empty() : Optional.of(v);
                }
                return Optional.empty();
            }
        }
    }

    /** Each failed attempt of a case (retries included): its error, code, duration and the wait that followed. */
    private static void attempts(StringBuilder b, Map<String, Object> r) {
        if (!(r.get("attempt_errors") instanceof String json)
                || !(Json.parse(json) instanceof List<?> list)
                || list.isEmpty()) {
            return;
        }
        b.append("<h2>Attempts: ")
                .append(r.get("attempts"))
                .append(" (")
                .append(list.size())
                .append(" failed)</h2><table class=\"asserts attempts\"><thead><tr><th class=\"num\">#</th>")
                .append("<th>Error</th><th>Code</th><th class=\"num\">Took</th><th>Then</th></tr></thead><tbody>");
        for (Object o : list) {
            if (o instanceof Map<?, ?> a) {
                b.append("<tr><td class=\"num\">")
                        .append(esc(String.valueOf(a.get("attempt"))))
                        .append("</td><td class=\"ko\">")
                        .append(esc(String.valueOf(a.get("error"))))
                        .append("</td><td>")
                        .append(a.get("code") == null ? "" : esc(String.valueOf(a.get("code"))))
                        .append("</td><td class=\"num\">")
                        .append(esc(String.valueOf(a.get("latencyMs"))))
                        .append(" ms</td><td>")
                        .append(
                                a.get("retryDelayMs") == null
                                        ? "—"
                                        : "retried after " + esc(String.valueOf(a.get("retryDelayMs"))) + " ms")
                        .append("</td></tr>");
            }
        }
        b.append("</tbody></table>");
    }
}
