package io.github.wstoolkit.api.transform;

import java.util.Map;

/**
 * A custom assertion ({@code groovy} / {@code javascript} types): looks at the output and says how well it passes.
 * Returns a Boolean (pass or fail), a Number (a score from 0 to 1, compared with the assertion's threshold), or a
 * Map grading result {@code {pass, score, reason}}.
 */
@FunctionalInterface
public interface AssertionFunction {

    /**
     * @param output the output, after the assertion's transform
     * @param context {@code vars}, {@code test}, {@code prompt}, {@code provider}, {@code response}, {@code timings}
     */
    Object evaluate(Object output, Map<String, Object> context) throws Exception;
}
