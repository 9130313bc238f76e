package io.github.wstoolkit.eval;

import io.github.wstoolkit.api.transform.AssertionFunction;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One assertion of a test ({@code assert[]}): promptfoo's {@code {type, value, threshold, weight, metric, provider,
 * rubricPrompt, transform}}, or an {@code assert-set} with its own {@link #children()}.
 *
 * @param type the type
 * @param negated true for the {@code not-} form ({@code not-contains}); never for {@code assert-set}
 * @param value the expected value (a String, a List, a Map, a Number), or null; for code types, the code's text
 * @param threshold the threshold, when given (its meaning depends on the type)
 * @param weight the weight in the test's score (default 1; 0 makes the assertion informational)
 * @param metric the named score this assertion contributes to, if any
 * @param provider the grader for model-graded types (an id or {@code {id, config}}), or null
 * @param rubricPrompt the grader prompt template for {@code llm-rubric}, if given
 * @param transform the per-assertion transform of the output, compiled, if given
 * @param function the compiled code of a {@code groovy}/{@code javascript} assertion
 * @param children the assertions of an {@code assert-set}
 * @param location where it was written ({@code tests.yaml:14}), for messages
 */
public record AssertionSpec(
        AssertionType type,
        boolean negated,
        Object value,
        OptionalDouble threshold,
        double weight,
        Optional<String> metric,
        Object provider,
        Optional<String> rubricPrompt,
        Optional<AssertionFunction> transform,
        Optional<AssertionFunction> function,
        List<AssertionSpec> children,
        String location) {

    public AssertionSpec {
        Objects.requireNonNull(type, "type");
        if (negated && !type.negatable()) {
            throw new IllegalArgumentException(type.id() + " has no not- form");
        }
        Objects.requireNonNull(threshold, "threshold");
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(rubricPrompt, "rubricPrompt");
        Objects.requireNonNull(transform, "transform");
        Objects.requireNonNull(function, "function");
        children = List.copyOf(children);
        Objects.requireNonNull(location, "location");
    }

    /**
     * A plain assertion of this type and value, weight 1.
     *
     * @param typeName the name as configs write it, {@code not-} included ({@code not-contains})
     * @throws IllegalArgumentException when the type is unknown
     */
    public static AssertionSpec of(String typeName, Object value) {
        boolean negated = typeName.startsWith("not-");
        String base = negated ? typeName.substring(4) : typeName;
        AssertionType type = AssertionType.fromId(base)
                .orElseThrow(() -> new IllegalArgumentException("unknown assertion type '" + typeName + "'"));
        return builder(type).negated(negated).value(value).build();
    }

    /** A builder of an assertion of this type (not negated, weight 1, nothing else set). */
    public static Builder builder(AssertionType type) {
        return new Builder(type);
    }

    /** A builder holding this assertion's values. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** The same assertion with a threshold. */
    public AssertionSpec withThreshold(double t) {
        return toBuilder().threshold(t).build();
    }

    /** The same assertion with a weight. */
    public AssertionSpec withWeight(double w) {
        return toBuilder().weight(w).build();
    }

    /** The same assertion contributing to a named metric. */
    public AssertionSpec withMetric(String m) {
        return toBuilder().metric(m).build();
    }

    /** The same assertion with compiled code (a Java user's groovy-type assertion as a lambda). */
    public AssertionSpec withFunction(AssertionFunction f) {
        return toBuilder().function(f).build();
    }

    /** The type as configs write it, {@code not-} included ({@code not-icontains}). */
    public String typeName() {
        return negated ? "not-" + type.id() : type.id();
    }

    /** Builds an {@link AssertionSpec}; unset values are those of {@link AssertionSpec#of}. */
    public static final class Builder {
        private AssertionType type;
        private boolean negated;
        private Object value;
        private OptionalDouble threshold = OptionalDouble.empty();
        private double weight = 1;
        private Optional<String> metric = Optional.empty();
        private Object provider;
        private Optional<String> rubricPrompt = Optional.empty();
        private Optional<AssertionFunction> transform = Optional.empty();
        private Optional<AssertionFunction> function = Optional.empty();
        private List<AssertionSpec> children = List.of();
        private String location = "";

        private Builder(AssertionType type) {
            this.type = Objects.requireNonNull(type, "type");
        }

        private Builder(AssertionSpec a) {
            type = a.type;
            negated = a.negated;
            value = a.value;
            threshold = a.threshold;
            weight = a.weight;
            metric = a.metric;
            provider = a.provider;
            rubricPrompt = a.rubricPrompt;
            transform = a.transform;
            function = a.function;
            children = a.children;
            location = a.location;
        }

        public Builder type(AssertionType t) {
            this.type = Objects.requireNonNull(t, "type");
            return this;
        }

        public Builder negated(boolean n) {
            this.negated = n;
            return this;
        }

        public Builder value(Object v) {
            this.value = v;
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

        public Builder weight(double w) {
            this.weight = w;
            return this;
        }

        public Builder metric(String m) {
            this.metric = Optional.ofNullable(m);
            return this;
        }

        /**
         * The grader: an id or {@code {id, label, config}}; null for none.
         *
         * @return this builder
         */
        public Builder provider(Object p) {
            this.provider = p;
            return this;
        }

        public Builder rubricPrompt(String r) {
            this.rubricPrompt = Optional.ofNullable(r);
            return this;
        }

        public Builder transform(AssertionFunction t) {
            this.transform = Optional.ofNullable(t);
            return this;
        }

        public Builder function(AssertionFunction f) {
            this.function = Optional.ofNullable(f);
            return this;
        }

        public Builder children(List<AssertionSpec> c) {
            this.children = List.copyOf(c);
            return this;
        }

        public Builder location(String l) {
            this.location = Objects.requireNonNull(l, "location");
            return this;
        }

        /** @throws IllegalArgumentException for the {@code not-} form of a type that has none */
        public AssertionSpec build() {
            return new AssertionSpec(
                    type,
                    negated,
                    value,
                    threshold,
                    weight,
                    metric,
                    provider,
                    rubricPrompt,
                    transform,
                    function,
                    children,
                    location);
        }
    }
}
