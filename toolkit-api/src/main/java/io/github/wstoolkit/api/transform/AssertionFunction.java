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
     * Grades one output. Called once per test case and assertion, from many threads at once.
     *
     * @param output the output, after the assertion's transform
     * @param context {@code vars}, {@code test}, {@code prompt}, {@code provider}, {@code response}, {@code timings}
     * @return a Boolean, a Number from 0 to 1, or a {@code {pass, score, reason}} Map
     * @throws Exception anything; the assertion then fails with the exception's message as its reason
     */
    Object evaluate(Object output, Map<String, Object> context) throws Exception;
}
