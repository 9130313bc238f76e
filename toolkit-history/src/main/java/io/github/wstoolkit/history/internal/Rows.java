package io.github.wstoolkit.history.internal;

import io.github.wstoolkit.api.CallTimings;
import io.github.wstoolkit.api.Frame;
import io.github.wstoolkit.api.ProviderResponse;
import io.github.wstoolkit.api.Redaction;
import io.github.wstoolkit.api.TokenUsage;
import io.github.wstoolkit.api.json.Json;
import io.github.wstoolkit.eval.AssertionSpec;
import io.github.wstoolkit.eval.AssertionType;
import io.github.wstoolkit.eval.AttemptError;
import io.github.wstoolkit.eval.EvalResult;
import io.github.wstoolkit.eval.GradingResult;
import io.github.wstoolkit.eval.PromptSpec;
import io.github.wstoolkit.eval.TestCase;
import io.github.wstoolkit.eval.report.Reports;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;

/**
 * One result as a row of {@code results} (and its frames as rows of {@code frames}): built from a finished case,
 * from a result of a JSON report (import), and read back into an {@link EvalResult} for reports. Every text that
 * may hold a secret is redacted as the reports redact it (provider ids, config-like keys) and scrubbed of the
 * secret values the run knows (API keys from the environment, secret config values).
 */
public final class Rows {

    private Rows() {}

    /** A frame row. */
    public record FrameRow(String direction, double atMs, boolean binary, int size, String preview) {}

    /** A results row, column by column (docs/history.md describes each). */
    public record ResultRow(
            int idx,
            int testIdx,
            int promptIdx,
            int repeatIdx,
            String caseKey,
            String testKey,
            String description,
            String providerId,
            String providerLabel,
            String promptLabel,
            String promptRaw,
            String prompt,
            String vars,
            String test,
            String status,
            boolean success,
            double score,
            String output,
            String outputJson,
            String error,
            String responseError,
            boolean hasResponse,
            String grading,
            String namedScores,
            String metadata,
            String tokenUsage,
            long latencyMs,
            int attempts,
            String attemptErrors,
            Double connectMs,
            Double ttftMs,
            Double totalMs,
            Long framesReceived,
            Long bytesReceived,
            Double maxGapMs,
            String finishedAt,
            List<FrameRow> frames) {}

    /** The columns of an insert, in the order {@link #bind} sets them. */
    public static final String INSERT =
            """
            INSERT INTO results (run_id, idx, test_idx, prompt_idx, repeat_idx, case_key, test_key, description,
              provider_id, provider_label, prompt_label, prompt_raw, prompt, vars, test, status, success, score,
              output, output_json, error, response_error, has_response, grading, named_scores, metadata,
              token_usage, latency_ms, attempts, attempt_errors, connect_ms, ttft_ms, total_ms, frames_received,
              bytes_received, max_gap_ms, finished_at, id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,
              ?, ?, ?, ?, ?)""";

    public static final String INSERT_FRAME =
            "INSERT INTO frames (result_id, seq, direction, at_ms, binary, size, preview) VALUES (?, ?, ?, ?, ?, ?, ?)";

    /**
     * Sets the parameters of {@link #INSERT}.
     *
     * @param id the row's id, or null for SQLite to pick the next one
     */
    public static void bind(PreparedStatement ps, long runId, ResultRow r, Long id) throws SQLException {
        int i = 1;
        ps.setLong(i++, runId);
        ps.setInt(i++, r.idx());
        ps.setInt(i++, r.testIdx());
        ps.setInt(i++, r.promptIdx());
        ps.setInt(i++, r.repeatIdx());
        ps.setString(i++, r.caseKey());
        ps.setString(i++, r.testKey());
        ps.setString(i++, r.description());
        ps.setString(i++, r.providerId());
        ps.setString(i++, r.providerLabel());
        ps.setString(i++, r.promptLabel());
        ps.setString(i++, r.promptRaw());
        ps.setString(i++, r.prompt());
        ps.setString(i++, r.vars());
        ps.setString(i++, r.test());
        ps.setString(i++, r.status());
        ps.setInt(i++, r.success() ? 1 : 0);
        ps.setDouble(i++, r.score());
        ps.setString(i++, r.output());
        ps.setString(i++, r.outputJson());
        ps.setString(i++, r.error());
        ps.setString(i++, r.responseError());
        ps.setInt(i++, r.hasResponse() ? 1 : 0);
        ps.setString(i++, r.grading());
        ps.setString(i++, r.namedScores());
        ps.setString(i++, r.metadata());
        ps.setString(i++, r.tokenUsage());
        ps.setLong(i++, r.latencyMs());
        ps.setInt(i++, r.attempts());
        ps.setString(i++, r.attemptErrors());
        setDouble(ps, i++, r.connectMs());
        setDouble(ps, i++, r.ttftMs());
        setDouble(ps, i++, r.totalMs());
        setLong(ps, i++, r.framesReceived());
        setLong(ps, i++, r.bytesReceived());
        setDouble(ps, i++, r.maxGapMs());
        ps.setString(i++, r.finishedAt());
        setLong(ps, i, id);
    }

    private static void setDouble(PreparedStatement ps, int i, Double v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.REAL);
        } else {
            ps.setDouble(i, v);
        }
    }

    private static void setLong(PreparedStatement ps, int i, Long v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.INTEGER);
        } else {
            ps.setLong(i, v);
        }
    }

    // ------------------------------------------------------------------ from a finished case

    /** The row of a finished case. */
    public static ResultRow of(EvalResult r, Scrubber s) {
        String label = s.text(Redaction.redactUrl(r.providerLabel()));
        Optional<String> description = r.test().description().map(s::text);
        Map<String, Object> vars = s.map(r.vars());
        Optional<ProviderResponse> resp = r.response();
        Object out = resp.map(ProviderResponse::output).orElse(null);
        String output = null;
        String outputJson = null;
        if (out instanceof byte[] b) {
            output = "base64:" + Json.base64(b);
        } else if (out instanceof String str) {
            output = s.text(str);
        } else if (out != null) {
            Object clean = s.value(out);
            output = Json.stringify(clean);
            outputJson = output;
        }
        Optional<CallTimings> t = resp.map(ProviderResponse::timings);
        List<FrameRow> frames = new ArrayList<>();
        t.ifPresent(x -> {
            for (Frame f : x.frames()) {
                frames.add(new FrameRow(
                        f.direction() == Frame.Direction.SENT ? "sent" : "received",
                        ms(f.at()),
                        f.binary(),
                        f.size(),
                        s.text(f.preview())));
            }
        });
        return new ResultRow(
                r.index(),
                r.testIndex(),
                r.promptIndex(),
                r.repeatIndex(),
                // keys are hashes of the values as planned (before scrubbing), so a plan's keys match them
                caseKey(
                        Redaction.redactUrl(r.providerLabel()),
                        r.prompt().label(),
                        r.test().description(),
                        r.vars(),
                        r.repeatIndex()),
                testKey(r.test().description(), r.vars(), r.repeatIndex()),
                description.orElse(null),
                s.text(Redaction.redactUrl(r.providerId())),
                label,
                s.text(r.prompt().label()),
                s.text(r.prompt().raw()),
                s.text(r.renderedPrompt()),
                Json.stringify(vars),
                Json.stringify(s.value(Reports.redact(testMap(r.test())))),
                status(r.failureReason()),
                r.success(),
                r.score(),
                output,
                outputJson,
                r.error().map(s::text).orElse(null),
                resp.flatMap(ProviderResponse::error).map(s::text).orElse(null),
                resp.isPresent(),
                r.grading().map(g -> Json.stringify(s.value(g.toMap()))).orElse(null),
                r.grading().map(g -> Json.stringify(g.namedScores())).orElse(null),
                resp.map(x -> Json.stringify(s.value(Reports.redact(x.metadata()))))
                        .orElse(null),
                resp.flatMap(ProviderResponse::tokenUsage)
                        .map(u -> Json.stringify(u.toMap()))
                        .orElse(null),
                r.latencyMs(),
                r.attempts(),
                r.attemptErrors().isEmpty()
                        ? null
                        : Json.stringify(s.value(r.attemptErrors().stream()
                                .map(AttemptError::toMap)
                                .toList())),
                t.map(x -> ms(x.connect())).orElse(null),
                t.flatMap(CallTimings::firstFrame).map(Rows::ms).orElse(null),
                t.map(x -> ms(x.total())).orElse(null),
                t.map(CallTimings::framesReceived).orElse(null),
                t.map(CallTimings::bytesReceived).orElse(null),
                t.flatMap(CallTimings::maxFrameGap).map(Rows::ms).orElse(null),
                timestamp(System.currentTimeMillis()),
                frames);
    }

    /**
     * An instant as ISO-8601 in UTC with milliseconds ({@code 2026-12-02T18:09:48.123Z}), as {@link Instant#parse}
     * reads it. Written by hand: {@code Instant.toString()} goes through {@code DateTimeFormatter}, which cost 1% of
     * a 500-case run's CPU, once per result, mostly still interpreted. Years outside 0000-9999 are left to
     * {@code Instant}.
     */
    public static String timestamp(long epochMillis) {
        long seconds = Math.floorDiv(epochMillis, 1000L);
        int millis = (int) Math.floorMod(epochMillis, 1000L);
        LocalDate day = LocalDate.ofEpochDay(Math.floorDiv(seconds, 86_400L));
        int second = (int) Math.floorMod(seconds, 86_400L);
        int year = day.getYear();
        if (year < 0 || year > 9999) {
            return Instant.ofEpochMilli(epochMillis).toString();
        }
        char[] c = new char[24];
        digits(c, 0, year, 4);
        c[4] = '-';
        digits(c, 5, day.getMonthValue(), 2);
        c[7] = '-';
        digits(c, 8, day.getDayOfMonth(), 2);
        c[10] = 'T';
        digits(c, 11, second / 3600, 2);
        c[13] = ':';
        digits(c, 14, second / 60 % 60, 2);
        c[16] = ':';
        digits(c, 17, second % 60, 2);
        c[19] = '.';
        digits(c, 20, millis, 3);
        c[23] = 'Z';
        return new String(c);
    }

    private static void digits(char[] c, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            c[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    static String status(EvalResult.FailureReason reason) {
        return switch (reason) {
            case NONE -> "pass";
            case ASSERT -> "fail";
            case ERROR -> "error";
        };
    }

    /** Milliseconds with microsecond precision. */
    static double ms(Duration d) {
        return Math.round(d.toNanos() / 1_000.0) / 1_000.0;
    }

    private static Map<String, Object> testMap(TestCase t) {
        Map<String, Object> m = new LinkedHashMap<>();
        t.description().ifPresent(d -> m.put("description", d));
        m.put("vars", t.vars());
        m.put("assert", t.asserts().stream().map(Rows::assertionMap).toList());
        if (!t.metadata().isEmpty()) {
            m.put("metadata", t.metadata());
        }
        if (!t.options().isEmpty()) {
            m.put("options", t.options());
        }
        t.threshold().ifPresent(x -> m.put("threshold", x));
        return m;
    }

    private static Map<String, Object> assertionMap(AssertionSpec a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", a.typeName());
        if (a.value() != null) {
            m.put("value", a.value());
        }
        a.threshold().ifPresent(x -> m.put("threshold", x));
        if (a.weight() != 1) {
            m.put("weight", a.weight());
        }
        a.metric().ifPresent(x -> m.put("metric", x));
        if (!a.children().isEmpty()) {
            m.put("assert", a.children().stream().map(Rows::assertionMap).toList());
        }
        return m;
    }

    // ------------------------------------------------------------------ keys

    /**
     * The identity of a case within a config: provider label, prompt label, test description, vars and repetition.
     * Two runs of one config give a case the same key; {@code --resume} and {@code --retry-errors} match on it.
     */
    public static String caseKey(
            String providerLabel, String promptLabel, Optional<String> description, Map<String, ?> vars, int repeat) {
        return hash(
                Json.stringify(List.of(providerLabel, promptLabel, description.orElse(""), canonical(vars), repeat)));
    }

    /** The identity of a test (description, vars, repetition), whatever prompt and provider ran it: compare rows. */
    public static String testKey(Optional<String> description, Map<String, ?> vars, int repeat) {
        return hash(Json.stringify(List.of(description.orElse(""), canonical(vars), repeat)));
    }

    /** Maps with their keys sorted, recursively, so equal values give equal JSON whatever the key order. */
    static Object canonical(Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> sorted = new TreeMap<>();
            m.forEach((k, x) -> sorted.put(String.valueOf(k), canonical(x)));
            return sorted;
        }
        if (v instanceof List<?> l) {
            return l.stream().map(Rows::canonical).toList();
        }
        if (v instanceof Number n
                && n.doubleValue() == Math.rint(n.doubleValue())
                && !Double.isInfinite(n.doubleValue())) {
            return n.longValue();
        }
        return v;
    }

    private static String hash(String text) {
        byte[] d = sha256().digest(text.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(d, 0, 16);
    }

    /**
     * A fresh SHA-256 digest, cloned from one made once: looking the algorithm up among the security providers cost
     * more than the hashing (twice per result). A digest is not thread-safe, and results are made on many threads.
     */
    private static MessageDigest sha256() {
        try {
            return (MessageDigest) SHA256.clone();
        } catch (CloneNotSupportedException e) {
            try {
                return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException x) {
                throw new IllegalStateException("SHA-256 is always available", x);
            }
        }
    }

    private static final MessageDigest SHA256;

    static {
        try {
            SHA256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    // ------------------------------------------------------------------ from a JSON report (import)

    /**
     * The row of one result of a JSON report ({@code wst eval -o x.json} or promptfoo's output file).
     *
     * @param position the result's place in the file, used when it has no {@code id}
     * @throws IllegalArgumentException when the result is not an object
     */
    public static ResultRow fromReport(Object result, int position, Scrubber s) {
        if (!(result instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException("result " + (position + 1) + " is not an object");
        }
        Map<?, ?> provider = map(m.get("provider"));
        String rawId = Redaction.redactUrl(str(provider.get("id"), str(m.get("provider"), "unknown")));
        String rawLabel = Redaction.redactUrl(str(provider.get("label"), rawId));
        String providerId = s.text(rawId);
        String label = s.text(rawLabel);
        Map<?, ?> prompt = map(m.get("prompt"));
        String rawPromptLabel = str(prompt.get("label"), str(prompt.get("raw"), ""));
        String promptLabel = s.text(rawPromptLabel);
        Map<?, ?> testCase = map(m.get("testCase"));
        Optional<String> rawDescription =
                Optional.ofNullable(str(m.get("description"), str(testCase.get("description"), null)));
        Optional<String> description = rawDescription.map(s::text);
        Map<String, Object> rawVars = plainMap(m.get("vars"));
        Map<String, Object> vars = s.map(rawVars);
        int repeat = num(m.get("repeatIdx"), 0).intValue();
        int reason = num(m.get("failureReason"), -1).intValue();
        boolean success = Boolean.TRUE.equals(m.get("success"));
        String status =
                reason == 2 || (reason < 0 && m.get("error") != null && !success) ? "error" : success ? "pass" : "fail";
        Map<?, ?> resp = m.get("response") instanceof Map<?, ?> r ? r : null;
        Object out = resp == null ? null : resp.get("output");
        String output = null;
        String outputJson = null;
        if (out instanceof String str) {
            output = s.text(str);
        } else if (out != null) {
            output = Json.stringify(s.value(out));
            outputJson = output;
        }
        Map<?, ?> timings = resp == null ? Map.of() : map(resp.get("timings"));
        List<FrameRow> frames = new ArrayList<>();
        if (timings.get("frames") instanceof List<?> fl) {
            for (Object o : fl) {
                Map<?, ?> f = map(o);
                frames.add(new FrameRow(
                        "sent".equals(f.get("direction")) ? "sent" : "received",
                        num(f.get("atMs"), 0).doubleValue(),
                        Boolean.TRUE.equals(f.get("binary")),
                        num(f.get("size"), 0).intValue(),
                        s.text(str(f.get("preview"), ""))));
            }
        }
        Map<String, Object> test = new LinkedHashMap<>(plainMap(testCase));
        description.ifPresent(d -> test.put("description", d));
        test.putIfAbsent("vars", vars);
        Object grading = m.get("gradingResult");
        return new ResultRow(
                num(m.get("id"), position).intValue(),
                num(m.get("testIdx"), position).intValue(),
                num(m.get("promptIdx"), 0).intValue(),
                repeat,
                caseKey(rawLabel, rawPromptLabel, rawDescription, rawVars, repeat),
                testKey(rawDescription, rawVars, repeat),
                description.orElse(null),
                providerId,
                label,
                promptLabel,
                s.text(str(prompt.get("label"), str(prompt.get("raw"), ""))),
                s.text(str(prompt.get("raw"), "")),
                Json.stringify(vars),
                Json.stringify(s.value(Reports.redact(test))),
                status,
                success,
                num(m.get("score"), success ? 1 : 0).doubleValue(),
                output,
                outputJson,
                m.get("error") == null ? null : s.text(str(m.get("error"), "")),
                resp == null || resp.get("error") == null ? null : s.text(str(resp.get("error"), "")),
                resp != null,
                grading instanceof Map<?, ?> ? Json.stringify(s.value(grading)) : null,
                m.get("namedScores") instanceof Map<?, ?> ns && !ns.isEmpty() ? Json.stringify(ns) : null,
                resp != null && resp.get("metadata") instanceof Map<?, ?> md
                        ? Json.stringify(s.value(Reports.redact(md)))
                        : null,
                resp != null && resp.get("tokenUsage") instanceof Map<?, ?> tu ? Json.stringify(tu) : null,
                num(m.get("latencyMs"), 0).longValue(),
                num(m.get("attempts"), 1).intValue(),
                attemptErrorsOf(m.get("attemptErrors"), s),
                dbl(timings.get("connectMs")),
                dbl(timings.get("firstFrameMs")),
                dbl(timings.get("totalMs")),
                timings.get("framesReceived") instanceof Number n ? n.longValue() : null,
                timings.get("bytesReceived") instanceof Number n ? n.longValue() : null,
                // the JSON report's name, and the one earlier imports read
                dbl(timings.containsKey("maxFrameGapMs") ? timings.get("maxFrameGapMs") : timings.get("maxGapMs")),
                null,
                frames);
    }

    private static Map<?, ?> map(Object o) {
        return o instanceof Map<?, ?> m ? m : Map.of();
    }

    /** A report's {@code attemptErrors} as the column stores them: the entries that read as attempts, or null. */
    private static String attemptErrorsOf(Object value, Scrubber s) {
        if (!(value instanceof List<?> l)) {
            return null;
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object o : l) {
            AttemptError a = AttemptError.fromMap(o);
            if (a != null) {
                out.add(a.toMap());
            }
        }
        return out.isEmpty() ? null : Json.stringify(s.value(out));
    }

    private static Map<String, Object> plainMap(Object o) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (o instanceof Map<?, ?> m) {
            m.forEach((k, v) -> out.put(String.valueOf(k), v));
        }
        return out;
    }

    private static String str(Object o, String dflt) {
        return o instanceof String s ? s : o == null ? dflt : String.valueOf(o);
    }

    private static Number num(Object o, Number dflt) {
        return o instanceof Number n ? n : dflt;
    }

    private static Double dbl(Object o) {
        return o instanceof Number n ? n.doubleValue() : null;
    }

    // ------------------------------------------------------------------ back to an EvalResult

    /** The columns {@link #toResult} reads, for {@code SELECT ... FROM results r}. */
    public static final String COLUMNS =
            "r.id, r.idx, r.test_idx, r.prompt_idx, r.repeat_idx, r.description, r.provider_id, r.provider_label,"
                    + " r.prompt_label, r.prompt_raw, r.prompt, r.vars, r.test, r.status, r.success, r.score,"
                    + " r.output, r.output_json, r.error, r.response_error, r.has_response, r.grading,"
                    + " r.named_scores, r.metadata, r.token_usage, r.latency_ms, r.attempts, r.attempt_errors,"
                    + " r.connect_ms,"
                    + " r.ttft_ms, r.total_ms, r.frames_received, r.bytes_received, r.max_gap_ms";

    /** The result of the current row of a query over {@link #COLUMNS}, with these frames. */
    public static EvalResult toResult(ResultSet rs, List<Frame> frames) throws SQLException {
        Map<String, Object> test = objectOf(rs.getString("test"));
        Map<String, Object> vars = objectOf(rs.getString("vars"));
        TestCase tc = new TestCase(
                Optional.ofNullable(rs.getString("description")),
                vars,
                assertions(test.get("assert")),
                objectOf(test.get("options")),
                objectOf(test.get("metadata")),
                test.get("threshold") instanceof Number n ? OptionalDouble.of(n.doubleValue()) : OptionalDouble.empty(),
                "");
        Optional<ProviderResponse> response = Optional.empty();
        if (rs.getInt("has_response") == 1) {
            String oj = rs.getString("output_json");
            Object output = oj != null ? Json.parse(oj) : rs.getString("output");
            Map<String, Object> usage = objectOf(rs.getString("token_usage"));
            Optional<TokenUsage> tokenUsage = usage.isEmpty()
                    ? Optional.empty()
                    : Optional.of(new TokenUsage(
                            longOf(usage.get("total")),
                            longOf(usage.get("prompt")),
                            longOf(usage.get("completion")),
                            longOf(usage.get("cached")),
                            (int) longOf(usage.get("numRequests"))));
            CallTimings timings = new CallTimings(
                    duration(rs, "connect_ms").orElse(Duration.ZERO),
                    duration(rs, "ttft_ms"),
                    duration(rs, "total_ms").orElse(Duration.ZERO),
                    rs.getLong("frames_received"),
                    rs.getLong("bytes_received"),
                    duration(rs, "max_gap_ms"),
                    frames);
            response = Optional.of(new ProviderResponse(
                    output,
                    Optional.ofNullable(rs.getString("response_error")),
                    objectOf(rs.getString("metadata")),
                    tokenUsage,
                    timings));
        }
        String status = rs.getString("status");
        return new EvalResult(
                rs.getInt("idx"),
                rs.getInt("test_idx"),
                rs.getInt("prompt_idx"),
                rs.getInt("repeat_idx"),
                new PromptSpec(rs.getString("prompt_raw"), rs.getString("prompt_label"), Optional.empty()),
                rs.getString("prompt"),
                rs.getString("provider_id"),
                rs.getString("provider_label"),
                tc,
                vars,
                response,
                Optional.ofNullable(rs.getString("error")),
                rs.getInt("success") == 1,
                rs.getDouble("score"),
                Optional.ofNullable(rs.getString("grading")).map(g -> grading(objectOf(g))),
                rs.getLong("latency_ms"),
                switch (status) {
                    case "pass" -> EvalResult.FailureReason.NONE;
                    case "fail" -> EvalResult.FailureReason.ASSERT;
                    default -> EvalResult.FailureReason.ERROR;
                },
                rs.getInt("attempts"),
                attemptErrors(rs.getString("attempt_errors")));
    }

    private static List<AttemptError> attemptErrors(String json) {
        if (json == null) {
            return List.of();
        }
        List<AttemptError> out = new ArrayList<>();
        if (Json.parse(json) instanceof List<?> l) {
            for (Object o : l) {
                AttemptError a = AttemptError.fromMap(o);
                if (a != null) {
                    out.add(a);
                }
            }
        }
        return out;
    }

    /** A frame read back. */
    public static Frame frame(String direction, double atMs, boolean binary, int size, String preview) {
        return new Frame(
                "sent".equals(direction) ? Frame.Direction.SENT : Frame.Direction.RECEIVED,
                Duration.ofNanos(Math.round(atMs * 1_000_000)),
                binary,
                size,
                preview);
    }

    private static Optional<Duration> duration(ResultSet rs, String column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? Optional.empty() : Optional.of(Duration.ofNanos(Math.round(v * 1_000_000)));
    }

    private static long longOf(Object o) {
        return o instanceof Number n ? n.longValue() : 0;
    }

    /** A JSON object (text or an already parsed value) as a map; empty for anything else. */
    public static Map<String, Object> objectOf(Object json) {
        Object v = json instanceof String s ? Json.parse(s) : json;
        Map<String, Object> out = new LinkedHashMap<>();
        if (v instanceof Map<?, ?> m) {
            m.forEach((k, x) -> out.put(String.valueOf(k), x));
        }
        return out;
    }

    private static List<AssertionSpec> assertions(Object list) {
        List<AssertionSpec> out = new ArrayList<>();
        if (list instanceof List<?> l) {
            for (Object o : l) {
                if (o instanceof Map<?, ?> m) {
                    assertion(m).ifPresent(out::add);
                }
            }
        }
        return out;
    }

    /**
     * An assertion as a stored or imported result names it; empty for a type this wst does not have (a promptfoo
     * results file may grade with {@code similar} or {@code g-eval}): the grading's pass, score and reason are kept,
     * only the assertion it names is left out.
     */
    private static Optional<AssertionSpec> assertion(Map<?, ?> m) {
        String name = str(m.get("type"), "");
        boolean negated = name.startsWith("not-");
        return AssertionType.fromId(negated ? name.substring(4) : name).map(type -> {
            AssertionSpec.Builder b = AssertionSpec.builder(type)
                    .negated(negated)
                    .value(m.get("value"))
                    .weight(m.get("weight") instanceof Number w ? w.doubleValue() : 1)
                    .children(assertions(m.get("assert")));
            if (m.get("threshold") instanceof Number n) {
                b.threshold(n.doubleValue());
            }
            if (m.get("metric") != null) {
                b.metric(String.valueOf(m.get("metric")));
            }
            return b.build();
        });
    }

    private static GradingResult grading(Map<String, Object> m) {
        List<GradingResult> components = new ArrayList<>();
        if (m.get("componentResults") instanceof List<?> l) {
            for (Object o : l) {
                components.add(grading(objectOf(o)));
            }
        }
        Map<String, Double> named = new LinkedHashMap<>();
        if (m.get("namedScores") instanceof Map<?, ?> ns) {
            ns.forEach((k, v) -> {
                if (v instanceof Number n) {
                    named.put(String.valueOf(k), n.doubleValue());
                }
            });
        }
        return new GradingResult(
                Boolean.TRUE.equals(m.get("pass")),
                m.get("score") instanceof Number n ? n.doubleValue() : 0,
                str(m.get("reason"), ""),
                m.get("assertion") instanceof Map<?, ?> a ? assertion(a) : Optional.empty(),
                components,
                named);
    }

    /** Replaces each known secret value, wherever it appears in a text or a plain value, with {@code [REDACTED]}. */
    public record Scrubber(Set<String> secrets) {

        public static final Scrubber NONE = new Scrubber(Set.of());

        public Scrubber {
            // longest first (Redaction.scrub's order, so that it sorts nothing per text): a secret found inside a
            // longer one must not be replaced before it
            secrets = Collections.unmodifiableSet(new LinkedHashSet<>(secrets.stream()
                    .filter(x -> x != null && x.length() >= 4)
                    .sorted(Comparator.comparingInt(String::length).reversed())
                    .toList()));
        }

        public String text(String s) {
            return s == null || secrets.isEmpty() ? s : Redaction.scrub(s, secrets);
        }

        public Object value(Object v) {
            if (secrets.isEmpty()) {
                return v;
            }
            if (v instanceof String s) {
                return text(s);
            }
            if (v instanceof Map<?, ?> m) {
                Map<String, Object> out = new LinkedHashMap<>();
                m.forEach((k, x) -> out.put(text(String.valueOf(k)), value(x)));
                return out;
            }
            if (v instanceof List<?> l) {
                return l.stream().map(this::value).toList();
            }
            return v;
        }

        public Map<String, Object> map(Map<String, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put(k, value(x)));
            return out;
        }
    }
}
