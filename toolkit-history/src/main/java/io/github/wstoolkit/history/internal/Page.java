package io.github.wstoolkit.history.internal;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The frame of every viewer page: one HTML document with its style inline, a header linking back to the runs list,
 * no external asset, no script framework (a page works offline and in a headless browser). Text is escaped here.
 */
public final class Page {

    private static final DateTimeFormatter WHEN =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneId.systemDefault());

    private Page() {}

    /** Text for HTML content and attribute values. */
    public static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    /** A query parameter value. */
    public static String url(String s) {
        return URLEncoder.encode(s == null ? "" : s, StandardCharsets.UTF_8);
    }

    /** A time as the user's clock shows it. */
    public static String when(Instant t) {
        return WHEN.format(t);
    }

    /** {@code 850 ms}, {@code 12.4 s}, {@code 3 min 05 s}. */
    public static String duration(long ms) {
        if (ms < 1000) {
            return ms + " ms";
        }
        if (ms < 60_000) {
            return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
        }
        return String.format(Locale.ROOT, "%d min %02d s", ms / 60_000, (ms / 1000) % 60);
    }

    /** {@code 12.3 ms}, or an em dash for a missing value. */
    public static String ms(Double v) {
        if (v == null || v.isNaN()) {
            return "—";
        }
        return (Math.abs(v - Math.rint(v)) < 1e-9
                        ? String.valueOf((long) Math.rint(v))
                        : String.format(Locale.ROOT, v >= 100 ? "%.0f" : "%.1f", v))
                + " ms";
    }

    /** A status badge: PASS, FAIL or ERROR. */
    public static String badge(String status) {
        String s = status.toUpperCase(Locale.ROOT);
        return "<span class=\"badge " + esc(status) + "\">" + (s.equals("FAIL") ? "FAIL" : esc(s)) + "</span>";
    }

    /**
     * A whole page.
     *
     * @param refreshSeconds above 0 to reload the page on its own (a run still being written)
     */
    public static String layout(String title, String crumbs, String body, String dbPath, int refreshSeconds) {
        StringBuilder sb = new StringBuilder(body.length() + 6000);
        sb.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
        sb.append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        if (refreshSeconds > 0) {
            sb.append("<meta http-equiv=\"refresh\" content=\"")
                    .append(refreshSeconds)
                    .append("\">");
        }
        sb.append("<title>")
                .append(esc(title))
                .append(" · wst view</title><style>")
                .append(CSS)
                .append("</style>");
        sb.append("</head><body><header><a class=\"home\" href=\"/\">wst view</a><nav>")
                .append(crumbs);
        sb.append("</nav><span class=\"db\" title=\"the results database\">").append(esc(dbPath));
        sb.append("</span></header><main>").append(body).append("</main>");
        sb.append("<script>").append(SCRIPT).append("</script></body></html>");
        return sb.toString();
    }

    /** Breadcrumbs after the home link: pairs of (label, href-or-null). */
    public static String crumbs(String... labelAndHref) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i + 1 < labelAndHref.length; i += 2) {
            sb.append("<span class=\"sep\">›</span>");
            if (labelAndHref[i + 1] == null) {
                sb.append("<span>").append(esc(labelAndHref[i])).append("</span>");
            } else {
                sb.append("<a href=\"").append(esc(labelAndHref[i + 1])).append("\">");
                sb.append(esc(labelAndHref[i])).append("</a>");
            }
        }
        return sb.toString();
    }

    /** Forms whose selects carry {@code data-autosubmit} submit on change; everything works without it too. */
    private static final String SCRIPT =
            """
            document.querySelectorAll("select[data-autosubmit]").forEach(function (s) {
              s.addEventListener("change", function () { s.form.submit(); });
            });
            """;

    private static final String CSS =
            """
            :root { --pass:#1a7f37; --fail:#cf222e; --err:#9a6700; --line:#d0d7de; --muted:#57606a; --bg:#f6f8fa;
              --link:#0969da; }
            * { box-sizing: border-box; }
            body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0; color: #1f2328; }
            a { color: var(--link); text-decoration: none; } a:hover { text-decoration: underline; }
            header { display: flex; gap: 10px; align-items: baseline; padding: 10px 24px; background: #24292f;
              color: #fff; }
            header a, header span { color: #fff; } header .home { font-weight: 700; }
            header .sep { color: #8c959f; margin: 0 6px; } header .db { margin-left: auto; color: #8c959f;
              font-size: 12px; }
            main { padding: 16px 24px 48px; }
            h1 { font-size: 20px; margin: 0 0 4px; } h2 { font-size: 16px; margin: 24px 0 8px; }
            h3 { font-size: 13px; margin: 16px 0 4px; }
            .meta { color: var(--muted); font-size: 12px; }
            .counts { display: flex; gap: 14px; font-weight: 600; margin: 6px 0; }
            .counts .p { color: var(--pass); } .counts .f { color: var(--fail); } .counts .e { color: var(--err); }
            table { border-collapse: collapse; }
            th, td { text-align: left; padding: 5px 10px; border-bottom: 1px solid var(--line); vertical-align: top; }
            th { background: var(--bg); font-size: 12px; color: var(--muted); font-weight: 600; }
            td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
            .badge { display: inline-block; padding: 1px 8px; border-radius: 10px; color: #fff; font-size: 12px;
              font-weight: 600; }
            .badge.pass { background: var(--pass); } .badge.fail { background: var(--fail); }
            .badge.error { background: var(--err); }
            .status-running { color: var(--link); font-weight: 600; }
            .status-interrupted, .status-incomplete { color: var(--err); font-weight: 600; }
            form.filters { display: flex; gap: 8px; flex-wrap: wrap; align-items: center; margin: 12px 0;
              padding: 10px; background: var(--bg); border: 1px solid var(--line); border-radius: 6px; }
            form.filters input, form.filters select, form.filters button { font: inherit; padding: 4px 8px;
              border: 1px solid var(--line); border-radius: 6px; background: #fff; }
            form.filters button { background: #1f883d; color: #fff; border-color: #1f883d; cursor: pointer; }
            .matrix td.cell { min-width: 220px; max-width: 420px; border-left: 4px solid transparent; }
            .matrix td.cell.pass { border-left-color: var(--pass); background: #f0fff4; }
            .matrix td.cell.fail { border-left-color: var(--fail); background: #fff5f5; }
            .matrix td.cell.error { border-left-color: var(--err); background: #fff8e6; }
            .matrix td.cell a.open { display: block; color: inherit; }
            .out { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 12px; white-space: pre-wrap;
              word-break: break-word; }
            .cellmeta { color: var(--muted); font-size: 11px; margin-top: 3px; }
            .testcol { max-width: 280px; }
            pre { background: var(--bg); border: 1px solid var(--line); border-radius: 6px; padding: 8px; margin: 0;
              white-space: pre-wrap; word-break: break-word; font-size: 12px; max-height: 360px; overflow: auto; }
            .kv { display: grid; grid-template-columns: max-content 1fr; gap: 2px 18px; font-size: 13px; }
            .kv b { color: var(--muted); font-weight: 600; }
            .charts { display: flex; flex-wrap: wrap; gap: 16px; margin: 8px 0; }
            svg.chart { max-width: 100%; height: auto; background: #fff; border: 1px solid var(--line);
              border-radius: 6px; }
            tr.frame:target td, tr.frame.hl td { background: #fff8c5; }
            .pager { margin: 10px 0; display: flex; gap: 12px; align-items: center; }
            .diff { display: grid; grid-template-columns: 1fr 1fr; gap: 8px; }
            .diff del { background: #ffd7d5; text-decoration: line-through; }
            .diff ins { background: #ccffd8; text-decoration: none; }
            .change { border: 1px solid var(--line); border-radius: 6px; padding: 10px; margin: 10px 0; }
            .change.regression { border-left: 4px solid var(--fail); }
            .change.fix { border-left: 4px solid var(--pass); }
            .change.other { border-left: 4px solid var(--err); }
            .empty { color: var(--muted); padding: 12px 0; }
            .delta-worse { color: var(--fail); } .delta-better { color: var(--pass); }
            .warn { background: #fff8c5; border: 1px solid #d4a72c; padding: 8px 12px; border-radius: 6px; }
            """;
}
