package io.github.wstoolkit.eval.report;

import io.github.wstoolkit.api.Redaction;
import io.github.wstoolkit.api.json.Json;
import io.github.wstoolkit.eval.EvalResult;
import io.github.wstoolkit.eval.EvalRun;
import io.github.wstoolkit.eval.GradingResult;
import java.io.IOException;
import java.io.Writer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** XML reports: promptfoo's ({@code <promptfoo>} root holding the JSON report's fields) and JUnit's. */
final class Xml {

    private Xml() {}

    static void promptfoo(Map<String, Object> report, Writer w) throws IOException {
        w.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<promptfoo>\n");
        for (Map.Entry<String, Object> e : report.entrySet()) {
            element(w, e.getKey(), e.getValue(), "  ");
        }
        w.write("</promptfoo>\n");
    }

    private static void element(Writer w, String name, Object v, String indent) throws IOException {
        String tag = tagName(name);
        if (v == null) {
            w.write(indent + "<" + tag + "/>\n");
        } else if (v instanceof Map<?, ?> m) {
            if (m.isEmpty()) {
                w.write(indent + "<" + tag + "/>\n");
                return;
            }
            w.write(indent + "<" + tag + ">\n");
            for (Map.Entry<?, ?> e : m.entrySet()) {
                element(w, String.valueOf(e.getKey()), e.getValue(), indent + "  ");
            }
            w.write(indent + "</" + tag + ">\n");
        } else if (v instanceof List<?> l) {
            // repeated elements of the same name, as XML builders write JavaScript arrays
            if (l.isEmpty()) {
                w.write(indent + "<" + tag + "/>\n");
            }
            for (Object item : l) {
                element(w, name, item, indent);
            }
        } else {
            String text = v instanceof String s ? s : v instanceof Number n ? Json.formatNumber(n) : String.valueOf(v);
            w.write(indent + "<" + tag + ">" + escape(text) + "</" + tag + ">\n");
        }
    }

    /** A valid XML element name for a key: invalid characters become {@code _}. */
    static String tagName(String key) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            boolean ok = Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.';
            sb.append(ok ? c : '_');
        }
        if (sb.isEmpty()
                || !(Character.isLetter(sb.charAt(0)) || sb.charAt(0) == '_')
                || sb.toString().toLowerCase(java.util.Locale.ROOT).startsWith("xml")) {
            sb.insert(0, '_');
        }
        return sb.toString();
    }

    /** Text or attribute content with markup characters escaped and characters XML 1.0 forbids dropped. */
    static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&apos;");
                default -> {
                    if (c >= 0x20 || c == '\n' || c == '\r' || c == '\t') {
                        if (c < 0xFFFE) {
                            sb.append(c);
                        }
                    }
                }
            }
        }
        return sb.toString();
    }

    /**
     * JUnit XML as Jenkins, GitLab and GitHub test reporters read it: one {@code <testsuite>} per provider, one
     * {@code <testcase>} per case × provider; an assertion failure is a {@code <failure>}, an error an
     * {@code <error>}, each with the reason as its message.
     */
    static void junit(EvalRun run, Writer w) throws IOException {
        Map<String, List<EvalResult>> byProvider = new TreeMap<>();
        for (EvalResult r : run.results()) {
            byProvider
                    .computeIfAbsent(Redaction.redactUrl(r.providerLabel()), k -> new java.util.ArrayList<>())
                    .add(r);
        }
        var stats = run.stats();
        w.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        w.write("<testsuites name=\"" + escape(run.config().description().orElse("wst eval")) + "\" tests=\""
                + stats.total() + "\" failures=\"" + stats.failures() + "\" errors=\"" + stats.errors()
                + "\" time=\"" + seconds(stats.durationMs()) + "\">\n");
        for (Map.Entry<String, List<EvalResult>> e : byProvider.entrySet()) {
            List<EvalResult> rs = e.getValue();
            long failures = rs.stream()
                    .filter(r -> r.failureReason() == EvalResult.FailureReason.ASSERT)
                    .count();
            long errors = rs.stream()
                    .filter(r -> r.failureReason() == EvalResult.FailureReason.ERROR)
                    .count();
            long time = rs.stream().mapToLong(EvalResult::latencyMs).sum();
            w.write("  <testsuite name=\"" + escape(e.getKey()) + "\" tests=\"" + rs.size() + "\" failures=\""
                    + failures + "\" errors=\"" + errors + "\" skipped=\"0\" time=\"" + seconds(time)
                    + "\" timestamp=\"" + run.startedAt().toString().replaceFirst("\\.\\d+Z$", "Z") + "\">\n");
            for (EvalResult r : rs) {
                String name = r.caseName() + " [" + abbreviate(r.prompt().label(), 60) + "]"
                        + (r.repeatIndex() > 0 ? " #" + (r.repeatIndex() + 1) : "");
                w.write("    <testcase classname=\"" + escape(e.getKey()) + "\" name=\"" + escape(name) + "\" time=\""
                        + seconds(r.latencyMs()) + "\"");
                switch (r.failureReason()) {
                    case NONE -> w.write("/>\n");
                    case ASSERT -> {
                        String reason = r.grading().map(GradingResult::reason).orElse("assertion failed");
                        w.write(">\n      <failure message=\"" + escape(firstLine(reason)) + "\" type=\"assertion\">"
                                + escape(reason + "\n\nOutput:\n" + abbreviate(r.outputText(), 2000))
                                + "</failure>\n");
                        w.write("    </testcase>\n");
                    }
                    case ERROR -> {
                        String err = r.error().orElse("error");
                        w.write(">\n      <error message=\"" + escape(firstLine(err)) + "\" type=\"error\">"
                                + escape(err) + "</error>\n");
                        w.write("    </testcase>\n");
                    }
                }
            }
            w.write("  </testsuite>\n");
        }
        w.write("</testsuites>\n");
    }

    private static String seconds(long ms) {
        return String.format(java.util.Locale.ROOT, "%.3f", ms / 1000.0);
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return abbreviate(nl < 0 ? s : s.substring(0, nl), 300);
    }

    static String abbreviate(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n) + "…";
    }

    static Map<String, Object> ordered(Map<String, Object> m) {
        return new LinkedHashMap<>(m);
    }
}
