package io.github.wstoolkit.api;

import java.util.Map;

/**
 * Tokens a call used, as promptfoo counts them: {@code total}, {@code prompt}, {@code completion}, {@code cached}
 * and the number of model requests that were summed.
 */
public record TokenUsage(long total, long prompt, long completion, long cached, int numRequests) {

    public static final TokenUsage NONE = new TokenUsage(0, 0, 0, 0, 0);

    /** The sum of two usages. */
    public TokenUsage plus(TokenUsage other) {
        return new TokenUsage(
                total + other.total,
                prompt + other.prompt,
                completion + other.completion,
                cached + other.cached,
                numRequests + other.numRequests);
    }

    /** As a plain map for reports and transforms. */
    public Map<String, Object> toMap() {
        return Map.of(
                "total",
                total,
                "prompt",
                prompt,
                "completion",
                completion,
                "cached",
                cached,
                "numRequests",
                numRequests);
    }
}
