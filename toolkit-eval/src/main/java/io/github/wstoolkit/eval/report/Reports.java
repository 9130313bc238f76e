package io.github.wstoolkit.eval.report;

import io.github.wstoolkit.api.Redaction;
import io.github.wstoolkit.api.json.Json;
import io.github.wstoolkit.eval.AttemptError;
import io.github.wstoolkit.eval.EvalResult;
import io.github.wstoolkit.eval.EvalRun;
import io.github.wstoolkit.eval.internal.Csv;
import io.github.wstoolkit.eval.internal.ResponseMaps;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;

/**
 * Writes a run as a report file. The JSON (and YAML, XML) shape is close to promptfoo's output file:
 * {@code {evalId, results: {version, timestamp, results: [...], stats}, config, shareableUrl: null, metadata}}; each
 * result is {@code {prompt, provider: {id, label}, vars, response: {output, error, metadata, timings, tokenUsage},
 * success, score, gradingResult, latencyMs, error, failureReason, ...}}.
 */
public final class Reports {

    private Reports() {}

    /** Writes the run to the file in the format its extension names; creates missing folders. */
    public static void write(EvalRun run, Path file) throws IOException {
        ReportFormat format = ReportFormat.of(file);
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            write(run, format, w);
        }
    }

    /** Writes the run in a format. */
    public static void write(EvalRun run, ReportFormat format, Writer w) throws IOException {
        switch (format) {
            case JSON -> w.write(Json.stringify(toMap(run), 2));
            case JSONL -> {
                for (EvalResult r : run.results()) {
                    w.write(Json.stringify(resultMap(r)));
                    w.write('\n');
                }
            }
            case CSV -> csv(run, w);
            case YAML -> w.write(yaml(toMap(run)));
            case XML -> Xml.promptfoo(toMap(run), w);
            case JUNIT -> Xml.junit(run, w);
            case HTML -> Html.write(run, toMap(run), w);
        }
    }

    /** The run as plain values (the JSON report). */
    public static Map<String, Object> toMap(EvalRun run) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("evalId", run.evalId());
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("version", 3);
        results.put("timestamp", run.startedAt().toString());
        results.put("results", run.results().stream().map(Reports::resultMap).toList());
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("successes", run.stats().successes());
        stats.put("failures", run.stats().failures());
        stats.put("errors", run.stats().errors());
        stats.put("tokenUsage", run.stats().tokenUsage().toMap());
        stats.put("durationMs", run.stats().durationMs());
        results.put("stats", stats);
        m.put("results", results);
        m.put("config", redact(run.config().raw()));
        m.put("shareableUrl", null);
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("planned", run.planned());
        meta.put("interrupted", run.interrupted());
        run.config().description().ifPresent(d -> meta.put("description", d));
        run.sharding().ifPresent(s -> meta.putAll(ResultsFile.shardingMap(s)));
        m.put("metadata", meta);
        return m;
    }

    /** One result as plain values. */
    public static Map<String, Object> resultMap(EvalResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.index());
        m.put("testIdx", r.testIndex());
        m.put("promptIdx", r.promptIndex());
        m.put("repeatIdx", r.repeatIndex());
        Map<String, Object> prompt = new LinkedHashMap<>();
        prompt.put("raw", r.renderedPrompt());
        prompt.put("label", r.prompt().label());
        prompt.put("id", r.prompt().id());
        m.put("prompt", prompt);
        Map<String, Object> provider = new LinkedHashMap<>();
        provider.put("id", Redaction.redactUrl(r.providerId()));
        provider.put("label", Redaction.redactUrl(r.providerLabel()));
        m.put("provider", provider);
        m.put("vars", r.vars());
        Map<String, Object> testCase = new LinkedHashMap<>();
        r.test().description().ifPresent(d -> testCase.put("description", d));
        testCase.put("vars", r.test().vars());
        if (!r.test().metadata().isEmpty()) {
            testCase.put("metadata", r.test().metadata());
        }
        testCase.put(
                "assert",
                r.test().asserts().stream()
                        .map(a -> {
                            Map<String, Object> am = new LinkedHashMap<>();
                            am.put("type", a.typeName());
                            if (a.value() != null) {
                                am.put("value", a.value());
                            }
                            return am;
                        })
                        .toList());
        m.put("testCase", testCase);
        r.test().description().ifPresent(d -> m.put("description", d));
        m.put("response", r.response().map(ResponseMaps::stored).orElse(null));
        m.put("success", r.success());
        m.put("score", r.score());
        m.put("gradingResult", r.grading().map(g -> g.toMap()).orElse(null));
        m.put("namedScores", r.grading().map(g -> (Object) g.namedScores()).orElse(Map.of()));
        m.put("latencyMs", r.latencyMs());
        m.put("error", r.error().orElse(null));
        m.put("failureReason", r.failureReason().ordinal());
        m.put("attempts", r.attempts());
        if (!r.attemptErrors().isEmpty()) {
            m.put(
                    "attemptErrors",
                    r.attemptErrors().stream().map(AttemptError::toMap).toList());
        }
        return m;
    }

    /** A copy of config values with secret-like keys' values replaced and URL query secrets redacted. */
    public static Object redact(Object v) {
        if (v instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, x) -> {
                String key = String.valueOf(k);
                boolean secret = (Redaction.isSecretHeader(key) || Redaction.isSecretParameter(key))
                        && (x instanceof String || x instanceof Number);
                out.put(key, secret ? Redaction.REDACTED : redact(x));
            });
            return out;
        }
        if (v instanceof List<?> l) {
            return l.stream().map(Reports::redact).toList();
        }
        if (v instanceof String s) {
            String r = Redaction.redactUrl(s);
            // the pattern compiled once: redaction runs on every string of every result's test
            return BEARER_TOKEN.matcher(r).replaceAll(BEARER_REDACTED);
        }
        return v;
    }

    /** A bearer token in free text; not a template placeholder ({@code Bearer {{ token }}}). */
    private static final Pattern BEARER_TOKEN = Pattern.compile("(?i)(bearer\\s+)(?!\\{\\{)[A-Za-z0-9._~+/=-]{4,}");

    private static final String BEARER_REDACTED = "$1" + Matcher.quoteReplacement(Redaction.REDACTED);

    private static void csv(EvalRun run, Writer w) throws IOException {
        List<String> varNames = new ArrayList<>();
        for (EvalResult r : run.results()) {
            for (String k : r.vars().keySet()) {
                if (!varNames.contains(k)) {
                    varNames.add(k);
                }
            }
        }
        List<String> header = new ArrayList<>(List.of("id", "description", "provider", "prompt"));
        varNames.forEach(v -> header.add("var:" + v));
        header.addAll(List.of("output", "pass", "score", "latencyMs", "error", "reason"));
        w.write(String.join(",", header.stream().map(Csv::cell).toList()));
        w.write("\r\n");
        for (EvalResult r : run.results()) {
            List<String> row = new ArrayList<>();
            row.add(String.valueOf(r.index()));
            row.add(r.test().description().orElse(""));
            row.add(Redaction.redactUrl(r.providerLabel()));
            row.add(r.prompt().label());
            for (String v : varNames) {
                Object x = r.vars().get(v);
                row.add(x == null ? "" : x instanceof String s ? s : Json.stringify(x));
            }
            row.add(r.outputText());
            row.add(String.valueOf(r.success()));
            row.add(Json.jsNumber(r.score()));
            row.add(String.valueOf(r.latencyMs()));
            row.add(r.error().orElse(""));
            row.add(r.grading().map(g -> g.reason()).orElse(""));
            w.write(String.join(",", row.stream().map(Csv::cell).toList()));
            w.write("\r\n");
        }
    }

    static String yaml(Object value) {
        DumpSettings settings = DumpSettings.builder()
                .setDefaultFlowStyle(FlowStyle.BLOCK)
                .setIndent(2)
                .setWidth(120)
                .build();
        return new Dump(settings).dumpToString(plain(value));
    }

    /** Numbers YAML can print as JavaScript would; every other value as is. */
    private static Object plain(Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put(String.valueOf(k), plain(x)));
            return out;
        }
        if (v instanceof List<?> l) {
            return l.stream().map(Reports::plain).toList();
        }
        if (v instanceof byte[] b) {
            return "base64:" + Json.base64(b);
        }
        return v;
    }
}
