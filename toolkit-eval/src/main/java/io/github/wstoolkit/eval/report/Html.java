package io.github.wstoolkit.eval.report;

import io.github.wstoolkit.api.Redaction;
import io.github.wstoolkit.api.json.Json;
import io.github.wstoolkit.eval.EvalResult;
import io.github.wstoolkit.eval.EvalRun;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The self-contained HTML report: one file, no external assets. The run is embedded as JSON; inline JavaScript
 * draws the table, filters it as the user types, and expands a row (click) to show the prompt, output, assertion
 * results, timings, the frame timeline and the frames. The URL hash keeps the state, so a link (or a headless
 * browser) can open the report filtered and expanded: {@code report.html#filter=paris&status=fail&expand=3}
 * ({@code expand=all} expands every shown row). Above the table, a summary per provider: latency, time to first
 * frame and longest gap percentiles, and their histograms ({@link Charts}, drawn here, so the file needs no script
 * to show them).
 */
final class Html {

    /** Reports of more cases than this leave the per-case timelines out (the frames table stays). */
    static final int TIMELINE_LIMIT = 2000;

    private static final String TEMPLATE = load();

    private static final Pattern PLACEHOLDER = Pattern.compile("@@([A-Z]+)@@");

    private Html() {}

    private static String load() {
        try (InputStream in = Html.class.getResourceAsStream("report.html")) {
            if (in == null) {
                throw new IllegalStateException("report.html is missing from the module");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void write(EvalRun run, Map<String, Object> report, Writer w) throws IOException {
        Map<String, Object> charts = new LinkedHashMap<>();
        Map<String, Object> timelines = new LinkedHashMap<>();
        if (run.results().size() <= TIMELINE_LIMIT) {
            int n = 1;
            for (EvalResult r : run.results()) {
                int row = n++;
                r.response()
                        .ifPresent(resp ->
                                timelines.put(String.valueOf(row), Charts.timeline(resp.timings(), "f" + row + "-")));
            }
        }
        charts.put("timelines", timelines);
        charts.put("timelineLimit", TIMELINE_LIMIT);
        Map<String, String> values = Map.of(
                "TITLE",
                Xml.escape(run.config().description().orElse("wst eval") + " — " + run.evalId()
                        + run.sharding().map(s -> " · shard " + s.label()).orElse("")),
                "DATA",
                scriptJson(report),
                "CHARTS",
                scriptJson(charts),
                "SUMMARY",
                summary(run.results()));
        // one pass, so a placeholder-like text inside the data is never replaced
        Matcher m = PLACEHOLDER.matcher(TEMPLATE);
        StringBuilder out =
                new StringBuilder(TEMPLATE.length() + values.get("DATA").length() * 2);
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(values.getOrDefault(m.group(1), m.group())));
        }
        m.appendTail(out);
        w.write(out.toString());
    }

    /** JSON inside {@code <script>}: '<' escaped so "</script>" in an output cannot end the element. */
    private static String scriptJson(Object value) {
        return Json.stringify(value)
                .replace("<", "\\u003c")
                .replace("\u2028", "\\u2028")
                .replace("\u2029", "\\u2029");
    }

    /** Per provider: counts, latency, time to first frame and longest gap percentiles, and two histograms. */
    static String summary(List<EvalResult> results) {
        Map<String, List<EvalResult>> byProvider = new LinkedHashMap<>();
        for (EvalResult r : results) {
            byProvider
                    .computeIfAbsent(Redaction.redactUrl(r.providerLabel()), k -> new ArrayList<>())
                    .add(r);
        }
        if (byProvider.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        sb.append("<table class=\"figures\"><thead><tr><th>Provider</th><th class=\"num\">Cases</th>")
                .append("<th class=\"num\">Pass</th><th class=\"num\">Fail</th><th class=\"num\">Error</th>")
                .append("<th class=\"num\">Latency p50 / p90 / p99</th>")
                .append("<th class=\"num\">First frame p50 / p90 / p99</th>")
                .append("<th class=\"num\">Longest gap p50 / p90 / p99</th></tr></thead><tbody>");
        List<Charts.Series> ttft = new ArrayList<>();
        List<Charts.Series> latency = new ArrayList<>();
        for (Map.Entry<String, List<EvalResult>> e : byProvider.entrySet()) {
            List<EvalResult> rs = e.getValue();
            double[] lat = rs.stream().mapToDouble(EvalResult::latencyMs).toArray();
            double[] first = rs.stream()
                    .flatMap(r -> r.response().flatMap(p -> p.timings().firstFrame()).stream())
                    .mapToDouble(d -> d.toNanos() / 1e6)
                    .toArray();
            double[] gap = rs.stream()
                    .flatMap(r -> r.response().flatMap(p -> p.timings().maxFrameGap()).stream())
                    .mapToDouble(d -> d.toNanos() / 1e6)
                    .toArray();
            long pass = rs.stream()
                    .filter(r -> r.failureReason() == EvalResult.FailureReason.NONE)
                    .count();
            long fail = rs.stream()
                    .filter(r -> r.failureReason() == EvalResult.FailureReason.ASSERT)
                    .count();
            sb.append("<tr class=\"provider\"><td>")
                    .append(Xml.escape(e.getKey()))
                    .append("</td>");
            sb.append("<td class=\"num\">").append(rs.size()).append("</td>");
            sb.append("<td class=\"num\">").append(pass).append("</td>");
            sb.append("<td class=\"num\">").append(fail).append("</td>");
            sb.append("<td class=\"num\">").append(rs.size() - pass - fail).append("</td>");
            sb.append("<td class=\"num\">").append(percentiles(lat)).append("</td>");
            sb.append("<td class=\"num\">").append(percentiles(first)).append("</td>");
            sb.append("<td class=\"num\">").append(percentiles(gap)).append("</td></tr>");
            ttft.add(new Charts.Series(e.getKey(), first));
            latency.add(new Charts.Series(e.getKey(), lat));
        }
        sb.append("</tbody></table><div class=\"charts\">");
        sb.append(Charts.histogram("Time to first frame", "ms", ttft, 24, false));
        sb.append(Charts.histogram("Latency", "ms", latency, 24, false));
        return sb.append("</div>").toString();
    }

    /** {@code 12 / 40 / 95 ms}, or an em dash when there are no values. */
    static String percentiles(double[] values) {
        Charts.Distribution d = Charts.Distribution.of(values);
        if (d.count() == 0) {
            return "—";
        }
        return String.format(
                Locale.ROOT, "%s / %s / %s ms", Charts.fmt(d.p50()), Charts.fmt(d.p90()), Charts.fmt(d.p99()));
    }
}
