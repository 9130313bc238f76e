package io.github.wstoolkit.mockserver;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.StringJoiner;

/**
 * How a connection's answers are paced and which fault, if any, they carry. Every part is optional: an absent part
 * falls back to the endpoint's scenario, then to the built-in default. A connection's scenario is the endpoint's
 * scenario (from the builder or the scenario file) overridden by the query parameters of its handshake URL:
 *
 * <table>
 *   <caption>Scenario parameters</caption>
 *   <tr><th>parameter</th><th>meaning</th><th>default</th></tr>
 *   <tr><td>{@code ttfb=MS}</td><td>delay before an answer's first frame</td><td>0</td></tr>
 *   <tr><td>{@code gap=MS}</td><td>delay between an answer's frames</td><td>50 on {@code /} and
 *       {@code /legacy-realtime} (as the reference server), else 0</td></tr>
 *   <tr><td>{@code jitter=MS}</td><td>each delay moves by a seeded random amount in [-MS, +MS] (never below 0)</td>
 *       <td>0</td></tr>
 *   <tr><td>{@code seed=N}</td><td>seed of the jitter; the same seed gives the same delays</td><td>0</td></tr>
 *   <tr><td>{@code chunk=N}, {@code chunk=words:N}, {@code chunk=chars:N}</td><td>words or characters per delta</td>
 *       <td>one word</td></tr>
 *   <tr><td>{@code fault=...}</td><td>a {@link Fault}</td><td>none</td></tr>
 *   <tr><td>{@code after=N}</td><td>answer frames sent before the fault hits (always before the last frame)</td>
 *       <td>1</td></tr>
 * </table>
 *
 * <p>Example: {@code ws://127.0.0.1:8080/ws-stream?ttfb=200&gap=20&jitter=5&seed=1&chunk=3&fault=close:1011:bye}.
 */
public final class Scenario {

    private final Optional<Duration> ttfb;
    private final Optional<Duration> gap;
    private final Optional<Duration> jitter;
    private final OptionalLong seed;
    private final Optional<Chunking> chunking;
    private final Optional<Fault> fault;
    private final OptionalInt faultAfter;

    /** The query parameter names a scenario reads; all others are left to the endpoint. */
    public static final Set<String> PARAMETERS = Set.of("ttfb", "gap", "jitter", "seed", "chunk", "fault", "after");

    /** No part set: everything falls back. */
    public static final Scenario NONE = new Scenario(
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            OptionalLong.empty(),
            Optional.empty(),
            Optional.empty(),
            OptionalInt.empty());

    // made by builder(), parse(...) and orElse(...): every part optional, so callers never list seven Optionals
    private Scenario(
            Optional<Duration> ttfb,
            Optional<Duration> gap,
            Optional<Duration> jitter,
            OptionalLong seed,
            Optional<Chunking> chunking,
            Optional<Fault> fault,
            OptionalInt faultAfter) {
        Objects.requireNonNull(ttfb, "ttfb");
        Objects.requireNonNull(gap, "gap");
        Objects.requireNonNull(jitter, "jitter");
        Objects.requireNonNull(seed, "seed");
        Objects.requireNonNull(chunking, "chunking");
        Objects.requireNonNull(fault, "fault");
        Objects.requireNonNull(faultAfter, "faultAfter");
        nonNegative("ttfb", ttfb);
        nonNegative("gap", gap);
        nonNegative("jitter", jitter);
        if (faultAfter.isPresent() && faultAfter.getAsInt() < 0) {
            throw new IllegalArgumentException("after must be 0 or more, got " + faultAfter.getAsInt());
        }
        this.ttfb = ttfb;
        this.gap = gap;
        this.jitter = jitter;
        this.seed = seed;
        this.chunking = chunking;
        this.fault = fault;
        this.faultAfter = faultAfter;
    }

    /** {@return the delay before an answer's first frame, if set} */
    public Optional<Duration> ttfb() {
        return ttfb;
    }

    /** {@return the delay between an answer's frames, if set} */
    public Optional<Duration> gap() {
        return gap;
    }

    /** {@return the largest random change of each delay, if set} */
    public Optional<Duration> jitter() {
        return jitter;
    }

    /** {@return the jitter's seed, if set} */
    public OptionalLong seed() {
        return seed;
    }

    /** {@return how answers are cut into deltas, if set} */
    public Optional<Chunking> chunking() {
        return chunking;
    }

    /** {@return the fault to inject, if any} */
    public Optional<Fault> fault() {
        return fault;
    }

    /** {@return how many answer frames go out before the fault hits, if set} */
    public OptionalInt faultAfter() {
        return faultAfter;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Scenario s
                && ttfb.equals(s.ttfb)
                && gap.equals(s.gap)
                && jitter.equals(s.jitter)
                && seed.equals(s.seed)
                && chunking.equals(s.chunking)
                && fault.equals(s.fault)
                && faultAfter.equals(s.faultAfter);
    }

    @Override
    public int hashCode() {
        return Objects.hash(ttfb, gap, jitter, seed, chunking, fault, faultAfter);
    }

    private static void nonNegative(String name, Optional<Duration> d) {
        if (d.isPresent() && d.get().isNegative()) {
            throw new IllegalArgumentException(
                    name + " must be 0 or more milliseconds, got " + d.get().toMillis());
        }
    }

    /** A builder with no part set. */
    public static Builder builder() {
        return new Builder(NONE);
    }

    /** A builder starting from this scenario. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * Parses a query string ({@code ttfb=200&fault=close:1011:bye}, with or without a leading {@code ?});
     * parameters not in {@link #PARAMETERS} are ignored.
     *
     * @throws IllegalArgumentException naming the bad parameter and what was expected
     */
    public static Scenario parse(String query) {
        Map<String, String> params = new LinkedHashMap<>();
        String q = query.startsWith("?") ? query.substring(1) : query;
        for (String pair : q.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            try {
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                params.put(name, value);
            } catch (IllegalArgumentException badEscape) {
                throw new IllegalArgumentException(
                        "invalid scenario parameter " + pair + ": " + badEscape.getMessage(), badEscape);
            }
        }
        return fromParameters(params);
    }

    /** Reads the scenario parameters from decoded query parameters (the last value of each name wins). */
    public static Scenario fromQuery(Map<String, List<String>> query) {
        Map<String, String> params = new LinkedHashMap<>();
        query.forEach((k, v) -> {
            if (!v.isEmpty()) {
                params.put(k, v.get(v.size() - 1));
            }
        });
        return fromParameters(params);
    }

    /**
     * Reads the scenario parameters from a name → value map (values may be strings or numbers, as a YAML file
     * gives them).
     *
     * @throws IllegalArgumentException naming the bad parameter and what was expected
     */
    public static Scenario fromParameters(Map<String, ?> params) {
        Builder b = builder();
        for (Map.Entry<String, ?> e : params.entrySet()) {
            String name = e.getKey();
            if (!PARAMETERS.contains(name)) {
                continue;
            }
            String value = String.valueOf(e.getValue()).strip();
            try {
                switch (name) {
                    case "ttfb" -> b.ttfb(Duration.ofMillis(millis(value)));
                    case "gap" -> b.gap(Duration.ofMillis(millis(value)));
                    case "jitter" -> b.jitter(Duration.ofMillis(millis(value)));
                    case "seed" -> b.seed(Long.parseLong(value));
                    case "chunk" -> b.chunking(Chunking.parse(value));
                    case "fault" -> b.fault(Fault.parse(value));
                    case "after" -> b.faultAfter(frames(value));
                    default -> throw new IllegalStateException(name);
                }
            } catch (IllegalArgumentException ex) {
                String why = ex instanceof NumberFormatException ? "expected an integer" : ex.getMessage();
                throw new IllegalArgumentException("invalid scenario parameter " + name + "=" + value + ": " + why, ex);
            }
        }
        return b.build();
    }

    private static int frames(String value) {
        int n = Integer.parseInt(value);
        if (n < 0) {
            throw new IllegalArgumentException("expected 0 or more frames");
        }
        return n;
    }

    private static long millis(String value) {
        long ms = Long.parseLong(value);
        if (ms < 0) {
            throw new IllegalArgumentException("expected 0 or more milliseconds");
        }
        return ms;
    }

    /** This scenario with every absent part taken from {@code fallback}. */
    public Scenario orElse(Scenario fallback) {
        return new Scenario(
                ttfb.or(fallback::ttfb),
                gap.or(fallback::gap),
                jitter.or(fallback::jitter),
                seed.isPresent() ? seed : fallback.seed,
                chunking.or(fallback::chunking),
                fault.or(fallback::fault),
                faultAfter.isPresent() ? faultAfter : fallback.faultAfter);
    }

    /** The query-string form, which {@link #parse} reads back (empty for {@link #NONE}). */
    public String toQuery() {
        StringJoiner j = new StringJoiner("&");
        ttfb.ifPresent(d -> j.add("ttfb=" + d.toMillis()));
        gap.ifPresent(d -> j.add("gap=" + d.toMillis()));
        jitter.ifPresent(d -> j.add("jitter=" + d.toMillis()));
        seed.ifPresent(s -> j.add("seed=" + s));
        chunking.ifPresent(c -> j.add("chunk=" + c));
        fault.ifPresent(f -> j.add("fault=" + java.net.URLEncoder.encode(Fault.format(f), StandardCharsets.UTF_8)));
        faultAfter.ifPresent(a -> j.add("after=" + a));
        return j.toString();
    }

    @Override
    public String toString() {
        String q = toQuery();
        return "Scenario[" + (q.isEmpty() ? "default" : q) + "]";
    }

    /** Builds a {@link Scenario}; every setter sets one part. */
    public static final class Builder {
        private Optional<Duration> ttfb;
        private Optional<Duration> gap;
        private Optional<Duration> jitter;
        private OptionalLong seed;
        private Optional<Chunking> chunking;
        private Optional<Fault> fault;
        private OptionalInt faultAfter;

        private Builder(Scenario s) {
            ttfb = s.ttfb;
            gap = s.gap;
            jitter = s.jitter;
            seed = s.seed;
            chunking = s.chunking;
            fault = s.fault;
            faultAfter = s.faultAfter;
        }

        /**
         * Delay before each answer's first frame.
         *
         * @return this builder
         */
        public Builder ttfb(Duration d) {
            ttfb = Optional.of(d);
            return this;
        }

        /**
         * Delay between an answer's frames.
         *
         * @return this builder
         */
        public Builder gap(Duration d) {
            gap = Optional.of(d);
            return this;
        }

        /**
         * Largest random change of each delay, either way.
         *
         * @return this builder
         */
        public Builder jitter(Duration d) {
            jitter = Optional.of(d);
            return this;
        }

        /**
         * Seed of the jitter.
         *
         * @return this builder
         */
        public Builder seed(long s) {
            seed = OptionalLong.of(s);
            return this;
        }

        /**
         * How answers are cut into deltas.
         *
         * @return this builder
         */
        public Builder chunking(Chunking c) {
            chunking = Optional.of(c);
            return this;
        }

        /**
         * The fault to inject.
         *
         * @return this builder
         */
        public Builder fault(Fault f) {
            fault = Optional.of(f);
            return this;
        }

        /**
         * Answer frames sent before the fault hits.
         *
         * @return this builder
         */
        public Builder faultAfter(int frames) {
            faultAfter = OptionalInt.of(frames);
            return this;
        }

        public Scenario build() {
            return new Scenario(ttfb, gap, jitter, seed, chunking, fault, faultAfter);
        }
    }
}
