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
 * @param type the type as written, {@code not-} prefix included ({@code not-contains})
 * @param value the expected value (a String, a List, a Map, a Number), or null
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
        String type,
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
        Objects.requireNonNull(threshold, "threshold");
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(rubricPrompt, "rubricPrompt");
        Objects.requireNonNull(transform, "transform");
        Objects.requireNonNull(function, "function");
        children = List.copyOf(children);
        Objects.requireNonNull(location, "location");
    }

    /** A plain assertion of this type and value, weight 1. */
    public static AssertionSpec of(String type, Object value) {
        return new AssertionSpec(
                type,
                value,
                OptionalDouble.empty(),
                1,
                Optional.empty(),
                null,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                List.of(),
                "");
    }

    /** The same assertion with a threshold. */
    public AssertionSpec withThreshold(double t) {
        return new AssertionSpec(
                type,
                value,
                OptionalDouble.of(t),
                weight,
                metric,
                provider,
                rubricPrompt,
                transform,
                function,
                children,
                location);
    }

    /** The same assertion with a weight. */
    public AssertionSpec withWeight(double w) {
        return new AssertionSpec(
                type, value, threshold, w, metric, provider, rubricPrompt, transform, function, children, location);
    }

    /** The same assertion with compiled code (a Java user's groovy-type assertion as a lambda). */
    public AssertionSpec withFunction(AssertionFunction f) {
        return new AssertionSpec(
                type,
                value,
                threshold,
                weight,
                metric,
                provider,
                rubricPrompt,
                transform,
                Optional.of(f),
                children,
                location);
    }

    /** True for {@code not-} forms. */
    public boolean negated() {
        return type.startsWith("not-");
    }

    /** The type without its {@code not-} prefix. */
    public String baseType() {
        return negated() ? type.substring(4) : type;
    }
}
