package io.github.wstoolkit.eval.report;

import io.github.wstoolkit.api.CallTimings;
import io.github.wstoolkit.api.ConfigException;
import io.github.wstoolkit.api.Frame;
import io.github.wstoolkit.api.ProviderResponse;
import io.github.wstoolkit.api.TokenUsage;
import io.github.wstoolkit.api.json.Json;
import io.github.wstoolkit.api.json.JsonException;
import io.github.wstoolkit.eval.AssertionSpec;
import io.github.wstoolkit.eval.AssertionType;
import io.github.wstoolkit.eval.AttemptError;
import io.github.wstoolkit.eval.EvalConfig;
import io.github.wstoolkit.eval.EvalResult;
import io.github.wstoolkit.eval.EvalRun;
import io.github.wstoolkit.eval.EvalStats;
import io.github.wstoolkit.eval.GradingResult;
import io.github.wstoolkit.eval.PromptSpec;
import io.github.wstoolkit.eval.ShardInfo;
import io.github.wstoolkit.eval.TestCase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * Reads a JSON report ({@code wst eval -o results.json}) back into the {@link EvalRun} it was written from, so it can
 * be written again in any format, or merged with other shards' ({@code wst merge}). What the JSON report holds comes
 * back: every result's prompt as sent, provider, vars, test (description, vars, metadata, assertions' types and
 * values), response (output, error, metadata, token usage, timings and frames, to the millisecond as written),
 * grading, score, latency, error and attempts; the run's id, start, duration, planned count and
 * {@link ShardInfo}. Writing the run again as JSON gives the same report, except that a prompt whose template is
 * not its label gets its id from the prompt as sent (the report does not hold the template).
 */
public final class ResultsFile {

    private ResultsFile() {}

    /**
     * Reads a JSON report.
     *
     * @throws ConfigException naming the file, when it cannot be read, is not JSON or is not a results file of
     *     {@code wst eval -o}
     */
    public static EvalRun read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException("cannot read " + file + ": " + e.getMessage(), e);
        }
        Object json;
        try {
            json = Json.parseDocument(text);
        } catch (JsonException e) {
            throw new ConfigException(file + " is not JSON: " + e.getMessage(), e);
        }
        try {
            return of(json);
        } catch (IllegalArgumentException | ClassCastException e) {
            throw new ConfigException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The run of a parsed JSON report.
     *
     * @throws IllegalArgumentException when it is not a results file of {@code wst eval -o}
     */
    public static EvalRun of(Object json) {
        String shape =
                "not a results file of wst eval -o (expected {\"evalId\": …, \"results\": {\"results\": [...]}})";
        if (!(json instanceof Map<?, ?> top)
                || !(top.get("results") instanceof Map<?, ?> body)
                || !(body.get("results") instanceof List<?> list)) {
            throw new IllegalArgumentException(shape);
        }
        List<EvalResult> results = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            try {
                results.add(result(list.get(i), i));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("result " + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        Map<String, Object> meta = plain(top.get("metadata"));
        Map<String, Object> config = plain(top.get("config"));
        Map<String, Object> stats = plain(body.get("stats"));
        Instant started = instant(body.get("timestamp")).orElse(Instant.EPOCH);
        EvalConfig.Builder cfg = EvalConfig.builder().raw(config);
        Object description = meta.containsKey("description") ? meta.get("description") : config.get("description");
        if (description instanceof String d) {
            cfg.description(d);
        }
        long duration = num(stats.get("durationMs"), 0).longValue();
        EvalRun run = new EvalRun(
                top.get("evalId") instanceof String id ? id : "eval-imported",
                started,
                cfg.build(),
                results,
                EvalStats.of(results, duration),
                num(meta.get("planned"), results.size()).intValue(),
                Boolean.TRUE.equals(meta.get("interrupted")));
        Optional<ShardInfo> sharding = sharding(meta);
        return sharding.isPresent() ? run.withSharding(sharding.get()) : run;
    }

    // ------------------------------------------------------------------ sharding in the metadata

    /**
     * A run's {@link ShardInfo} as the report's {@code metadata} holds it: {@code shard} ({@code 2/4}, or
     * {@code 1-4/4} for a merged run), {@code configHash}, {@code planHash} and {@code plannedTotal} when known, and
     * for a merged run {@code shardRuns} (each shard's run: {@code shard, evalId, timestamp, durationMs, planned,
     * cases, interrupted}).
     */
    public static Map<String, Object> shardingMap(ShardInfo s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("shard", s.label());
        m.put("configHash", s.configHash());
        s.planHash().ifPresent(h -> m.put("planHash", h));
        s.plannedTotal().ifPresent(n -> m.put("plannedTotal", n));
        if (!s.parts().isEmpty()) {
            List<Object> parts = new ArrayList<>();
            for (ShardInfo.Part p : s.parts()) {
                Map<String, Object> pm = new LinkedHashMap<>();
                pm.put("shard", p.shard());
                pm.put("evalId", p.evalId());
                pm.put("timestamp", p.startedAt().toString());
                pm.put("durationMs", p.durationMs());
                pm.put("planned", p.planned());
                pm.put("cases", p.cases());
                pm.put("interrupted", p.interrupted());
                parts.add(pm);
            }
            m.put("shardRuns", parts);
        }
        return m;
    }

    /**
     * The {@link ShardInfo} a report's {@code metadata} holds ({@link #shardingMap}), if it holds one.
     *
     * @throws IllegalArgumentException when it names a shard badly, or without a config hash
     */
    public static Optional<ShardInfo> sharding(Map<String, Object> meta) {
        if (!(meta.get("shard") instanceof String label)) {
            return Optional.empty();
        }
        if (!(meta.get("configHash") instanceof String hash) || hash.isBlank()) {
            throw new IllegalArgumentException("metadata.shard is " + label + " but metadata.configHash is missing");
        }
        ShardInfo s;
        try {
            s = ShardInfo.parse(label, hash);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("metadata.shard: " + e.getMessage(), e);
        }
        s = s.withPlan(
                meta.get("planHash") instanceof String h ? Optional.of(h) : Optional.empty(),
                meta.get("plannedTotal") instanceof Number n ? OptionalInt.of(n.intValue()) : OptionalInt.empty());
        if (meta.get("shardRuns") instanceof List<?> l) {
            List<ShardInfo.Part> parts = new ArrayList<>();
            for (Object o : l) {
                Map<String, Object> p = plain(o);
                parts.add(new ShardInfo.Part(
                        str(p.get("shard"), "?"),
                        str(p.get("evalId"), "?"),
                        instant(p.get("timestamp")).orElse(Instant.EPOCH),
                        num(p.get("durationMs"), 0).longValue(),
                        num(p.get("planned"), 0).intValue(),
                        num(p.get("cases"), 0).intValue(),
                        Boolean.TRUE.equals(p.get("interrupted"))));
            }
            s = s.withParts(parts);
        }
        return Optional.of(s);
    }

    // ------------------------------------------------------------------ one result

    /**
     * One result of a JSON report, as {@link Reports#resultMap} wrote it (parsed), back as the {@link EvalResult}
     * it was written from (see the class comment for what the report does not hold).
     *
     * @param position the result's place in the report: its plan index when the map has no {@code id}
     * @throws IllegalArgumentException when it is not a result's map
     */
    public static EvalResult result(Object o, int position) {
        if (!(o instanceof Map<?, ?>)) {
            throw new IllegalArgumentException("not an object");
        }
        Map<String, Object> m = plain(o);
        Map<String, Object> prompt = plain(m.get("prompt"));
        String sent = str(prompt.get("raw"), "");
        String label = str(prompt.get("label"), sent);
        // the report keeps the prompt as sent; the template comes back when it is the label (a text prompt)
        String template = prompt.get("id") instanceof String id && sha256(label).equals(id) ? label : sent;
        Map<String, Object> provider = plain(m.get("provider"));
        String providerId = str(provider.get("id"), str(m.get("provider"), "unknown"));
        Map<String, Object> testCase = plain(m.get("testCase"));
        Map<String, Object> vars = plain(m.get("vars"));
        Optional<String> description = Optional.ofNullable(
                m.get("description") instanceof String d ? d : str(testCase.get("description"), null));
        TestCase test = new TestCase(
                description,
                testCase.containsKey("vars") ? plain(testCase.get("vars")) : vars,
                assertions(testCase.get("assert")),
                plain(testCase.get("options")),
                plain(testCase.get("metadata")),
                testCase.get("threshold") instanceof Number n
                        ? OptionalDouble.of(n.doubleValue())
                        : OptionalDouble.empty(),
                "");
        int reason = num(m.get("failureReason"), -1).intValue();
        boolean success = Boolean.TRUE.equals(m.get("success"));
        EvalResult.FailureReason failure =
                switch (reason) {
                    case 0 -> EvalResult.FailureReason.NONE;
                    case 1 -> EvalResult.FailureReason.ASSERT;
                    case 2 -> EvalResult.FailureReason.ERROR;
                    default ->
                        success
                                ? EvalResult.FailureReason.NONE
                                : m.get("error") != null
                                        ? EvalResult.FailureReason.ERROR
                                        : EvalResult.FailureReason.ASSERT;
                };
        return new EvalResult(
                num(m.get("id"), position).intValue(),
                num(m.get("testIdx"), position).intValue(),
                num(m.get("promptIdx"), 0).intValue(),
                num(m.get("repeatIdx"), 0).intValue(),
                new PromptSpec(template, label, Optional.empty()),
                sent,
                providerId,
                str(provider.get("label"), providerId),
                test,
                vars,
                m.get("response") instanceof Map<?, ?> r ? Optional.of(response(plain(r))) : Optional.empty(),
                Optional.ofNullable(m.get("error") == null ? null : str(m.get("error"), "")),
                success,
                num(m.get("score"), success ? 1 : 0).doubleValue(),
                m.get("gradingResult") instanceof Map<?, ?> g ? Optional.of(grading(plain(g))) : Optional.empty(),
                num(m.get("latencyMs"), 0).longValue(),
                failure,
                num(m.get("attempts"), 1).intValue(),
                attemptErrors(m.get("attemptErrors")));
    }

    /** A result's failed attempts as {@link AttemptError#toMap()} wrote them; what is not one is skipped. */
    private static List<AttemptError> attemptErrors(Object value) {
        List<AttemptError> out = new ArrayList<>();
        if (value instanceof List<?> l) {
            for (Object o : l) {
                AttemptError a = AttemptError.fromMap(o);
                if (a != null) {
                    out.add(a);
                }
            }
        }
        return out;
    }

    private static ProviderResponse response(Map<String, Object> r) {
        Map<String, Object> t = plain(r.get("timings"));
        List<Frame> frames = new ArrayList<>();
        if (t.get("frames") instanceof List<?> l) {
            for (Object o : l) {
                Map<String, Object> f = plain(o);
                frames.add(new Frame(
                        "sent".equals(f.get("direction")) ? Frame.Direction.SENT : Frame.Direction.RECEIVED,
                        Duration.ofNanos(Math.round(num(f.get("atMs"), 0).doubleValue() * 1_000_000)),
                        Boolean.TRUE.equals(f.get("binary")),
                        num(f.get("size"), 0).intValue(),
                        str(f.get("preview"), "")));
            }
        }
        CallTimings timings = new CallTimings(
                millis(t.get("connectMs")).orElse(Duration.ZERO),
                millis(t.get("firstFrameMs")),
                millis(t.get("totalMs")).orElse(Duration.ZERO),
                num(t.get("framesReceived"), 0).longValue(),
                num(t.get("bytesReceived"), 0).longValue(),
                millis(t.get("maxFrameGapMs")),
                frames);
        Optional<TokenUsage> usage = Optional.empty();
        if (r.get("tokenUsage") instanceof Map<?, ?> u) {
            Map<String, Object> um = plain(u);
            usage = Optional.of(new TokenUsage(
                    num(um.get("total"), 0).longValue(),
                    num(um.get("prompt"), 0).longValue(),
                    num(um.get("completion"), 0).longValue(),
                    num(um.get("cached"), 0).longValue(),
                    num(um.get("numRequests"), 0).intValue()));
        }
        return new ProviderResponse(
                r.get("output"),
                Optional.ofNullable(r.get("error") == null ? null : str(r.get("error"), "")),
                plain(r.get("metadata")),
                usage,
                timings);
    }

    private static List<AssertionSpec> assertions(Object list) {
        List<AssertionSpec> out = new ArrayList<>();
        if (list instanceof List<?> l) {
            for (Object o : l) {
                if (o instanceof Map<?, ?> m) {
                    assertion(plain(m)).ifPresent(out::add);
                }
            }
        }
        return out;
    }

    /** An assertion as a report names it; empty for a type this wst does not have (its grading is kept). */
    private static Optional<AssertionSpec> assertion(Map<String, Object> m) {
        String name = str(m.get("type"), "");
        boolean negated = name.startsWith("not-");
        return AssertionType.fromId(negated ? name.substring(4) : name)
                .filter(type -> !negated || type.negatable())
                .map(type -> {
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
                components.add(grading(plain(o)));
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
                num(m.get("score"), 0).doubleValue(),
                str(m.get("reason"), ""),
                m.get("assertion") instanceof Map<?, ?> a ? assertion(plain(a)) : Optional.empty(),
                components,
                named);
    }

    // ------------------------------------------------------------------ plain values

    private static Map<String, Object> plain(Object o) {
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

    private static Optional<Duration> millis(Object o) {
        return o instanceof Number n
                ? Optional.of(Duration.ofNanos(Math.round(n.doubleValue() * 1_000_000)))
                : Optional.empty();
    }

    private static Optional<Instant> instant(Object o) {
        if (o instanceof String s) {
            try {
                return Optional.of(Instant.parse(s));
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
