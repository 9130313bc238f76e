package io.github.wstoolkit.api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a provider call produced.
 *
 * @param output the output: a String, or any plain value (a Map when a JSON frame was returned as is,
 *     {@code byte[]} for a binary frame); {@code null} when there is none (an error response)
 * @param error the error the provider resolved with, if any (see {@link Provider})
 * @param metadata provider-specific facts (response ids, usage events, audio, ...); plain values
 * @param tokenUsage tokens used, when the provider knows
 * @param timings per-call timings and frames
 */
public record ProviderResponse(
        Object output,
        Optional<String> error,
        Map<String, Object> metadata,
        Optional<TokenUsage> tokenUsage,
        CallTimings timings) {

    /**
     * Checks that {@code error}, {@code tokenUsage} and {@code timings} are given (empty, not null) and copies
     * {@code metadata}, which may hold JSON nulls.
     */
    public ProviderResponse {
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(tokenUsage, "tokenUsage");
        Objects.requireNonNull(timings, "timings");
        // metadata may hold null values (JSON null), so copy into an unmodifiable LinkedHashMap
        metadata = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    /**
     * A successful response with no metadata, token usage or timings: what a Java provider or a test returns.
     *
     * @param output a String, or any plain value ({@code Map}, {@code List}, number, boolean)
     * @return the response
     */
    public static ProviderResponse of(Object output) {
        return new ProviderResponse(output, Optional.empty(), Map.of(), Optional.empty(), CallTimings.NONE);
    }

    /**
     * A response that resolved with an error (the call worked, the answer is an error; not retried).
     *
     * @param error the error text, as the assertions and the report show it
     * @return the response, with no output
     */
    public static ProviderResponse ofError(String error) {
        return new ProviderResponse(null, Optional.of(error), Map.of(), Optional.empty(), CallTimings.NONE);
    }

    /** {@return true when {@link #output()} is not null} A response may have an error and still an output. */
    public boolean hasOutput() {
        return output != null;
    }

    /**
     * {@return the output as the assertions read it} A String as is, anything else as compact JSON; empty when there
     * is no output.
     */
    public String outputText() {
        if (output == null) {
            return "";
        }
        if (output instanceof String s) {
            return s;
        }
        return io.github.wstoolkit.api.json.Json.stringify(output);
    }

    /**
     * The same response with the timings of the call, as a provider fills them in once the call has ended.
     *
     * @param newTimings the call's timings
     * @return a copy with {@code newTimings}
     */
    public ProviderResponse withTimings(CallTimings newTimings) {
        return new ProviderResponse(output, error, metadata, tokenUsage, newTimings);
    }

    /**
     * The same response with other metadata (it replaces, not merges).
     *
     * @param newMetadata provider-specific facts, plain values
     * @return a copy with {@code newMetadata}
     */
    public ProviderResponse withMetadata(Map<String, Object> newMetadata) {
        return new ProviderResponse(output, error, newMetadata, tokenUsage, timings);
    }

    /**
     * The same response with the tokens the call used, for the {@code cost} figures and token assertions.
     *
     * @param usage the token counts
     * @return a copy with {@code usage}
     */
    public ProviderResponse withTokenUsage(TokenUsage usage) {
        return new ProviderResponse(output, error, metadata, Optional.of(usage), timings);
    }
}
