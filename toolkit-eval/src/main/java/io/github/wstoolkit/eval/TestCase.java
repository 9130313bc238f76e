package io.github.wstoolkit.eval;

import io.github.wstoolkit.api.CallContext;
import io.github.wstoolkit.eval.internal.FrozenMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One test of a config, as written: a run merges it with the config's {@code defaultTest} ({@link #withDefaults}).
 *
 * @param description the description, if given
 * @param vars the variables (plain values)
 * @param asserts the assertions
 * @param options promptfoo's test options ({@code provider} for graders, {@code disableConversationVar}, ...)
 * @param metadata the metadata ({@code conversationId} groups a conversation)
 * @param threshold the score the weighted assertions must reach, when given
 * @param location where it was written, for messages
 */
public record TestCase(
        Optional<String> description,
        Map<String, Object> vars,
        List<AssertionSpec> asserts,
        Map<String, Object> options,
        Map<String, Object> metadata,
        OptionalDouble threshold,
        String location) {

    public TestCase {
        Objects.requireNonNull(description, "description");
        // compact and shared: a run holds one of these per test, and a copy of a test (merged with defaultTest,
        // expanded over list vars) shares the maps it does not change
        vars = FrozenMap.copyOf(vars);
        asserts = List.copyOf(asserts);
        options = FrozenMap.copyOf(options);
        metadata = FrozenMap.copyOf(metadata);
        Objects.requireNonNull(threshold, "threshold");
        Objects.requireNonNull(location, "location");
    }

    /** An empty test. */
    public static final TestCase EMPTY =
            new TestCase(Optional.empty(), Map.of(), List.of(), Map.of(), Map.of(), OptionalDouble.empty(), "");

    /** A test with these vars and assertions. */
    public static TestCase of(Map<String, Object> vars, List<AssertionSpec> asserts) {
        return new TestCase(Optional.empty(), vars, asserts, Map.of(), Map.of(), OptionalDouble.empty(), "");
    }

    /** A builder of an empty test. */
    public static Builder builder() {
        return new Builder(EMPTY);
    }

    /** A builder holding this test's values. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    public TestCase withDescription(String d) {
        return toBuilder().description(d).build();
    }

    /** This test with these vars; this test itself when they are the vars it has. */
    public TestCase withVars(Map<String, Object> v) {
        if (v.equals(vars)) {
            return this;
        }
        return toBuilder().vars(v).build();
    }

    public TestCase withMetadata(Map<String, Object> m) {
        return toBuilder().metadata(m).build();
    }

    public TestCase withOptions(Map<String, Object> o) {
        return toBuilder().options(o).build();
    }

    public TestCase withAsserts(List<AssertionSpec> a) {
        return toBuilder().asserts(a).build();
    }

    /**
     * This test completed by a default test, as promptfoo does: vars, options and metadata merged (the test wins),
     * the default's assertions first, the test's threshold over the default's.
     */
    public TestCase withDefaults(TestCase defaults) {
        if (defaults.description.isEmpty()
                && defaults.vars.isEmpty()
                && defaults.asserts.isEmpty()
                && defaults.options.isEmpty()
                && defaults.metadata.isEmpty()
                && defaults.threshold.isEmpty()) {
            return this;
        }
        List<AssertionSpec> a;
        if (defaults.asserts.isEmpty()) {
            a = asserts;
        } else if (asserts.isEmpty()) {
            a = defaults.asserts;
        } else {
            a = new java.util.ArrayList<>(defaults.asserts);
            a.addAll(asserts);
        }
        return new TestCase(
                description.isPresent() ? description : defaults.description,
                merged(defaults.vars, vars),
                a,
                merged(defaults.options, options),
                merged(defaults.metadata, metadata),
                threshold.isPresent() ? threshold : defaults.threshold,
                location);
    }

    /** {@code over} laid over {@code under}; one of them as it is when the other is empty. */
    private static Map<String, Object> merged(Map<String, Object> under, Map<String, Object> over) {
        if (under.isEmpty()) {
            return over;
        }
        if (over.isEmpty()) {
            return under;
        }
        Map<String, Object> m = new LinkedHashMap<>(under);
        m.putAll(over);
        return m;
    }

    /**
     * The test's {@code metadata.conversationId} as promptfoo reads it (see {@link CallContext#conversationId()}):
     * calls of the same conversation run in order and share a persistent connection.
     */
    public Optional<String> conversationId() {
        return CallContext.conversationIdIn(metadata);
    }

    /** As the plain map providers and assertions see ({@code description, vars, metadata, options}). */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        description.ifPresent(d -> m.put("description", d));
        m.put("vars", vars);
        m.put("metadata", metadata);
        m.put("options", options);
        threshold.ifPresent(t -> m.put("threshold", t));
        return m;
    }

    /** Builds a {@link TestCase}. */
    public static final class Builder {
        private Optional<String> description;
        private Map<String, Object> vars;
        private List<AssertionSpec> asserts;
        private Map<String, Object> options;
        private Map<String, Object> metadata;
        private OptionalDouble threshold;
        private String location;

        private Builder(TestCase t) {
            description = t.description;
            vars = t.vars;
            asserts = t.asserts;
            options = t.options;
            metadata = t.metadata;
            threshold = t.threshold;
            location = t.location;
        }

        public Builder description(String d) {
            this.description = Optional.ofNullable(d);
            return this;
        }

        public Builder vars(Map<String, Object> v) {
            this.vars = Objects.requireNonNull(v, "vars");
            return this;
        }

        public Builder asserts(List<AssertionSpec> a) {
            this.asserts = Objects.requireNonNull(a, "asserts");
            return this;
        }

        public Builder options(Map<String, Object> o) {
            this.options = Objects.requireNonNull(o, "options");
            return this;
        }

        public Builder metadata(Map<String, Object> m) {
            this.metadata = Objects.requireNonNull(m, "metadata");
            return this;
        }

        public Builder threshold(double t) {
            this.threshold = OptionalDouble.of(t);
            return this;
        }

        public Builder threshold(OptionalDouble t) {
            this.threshold = Objects.requireNonNull(t, "threshold");
            return this;
        }

        public Builder location(String l) {
            this.location = Objects.requireNonNull(l, "location");
            return this;
        }

        public TestCase build() {
            return new TestCase(description, vars, asserts, options, metadata, threshold, location);
        }
    }
}
