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

    public ProviderResponse {
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(tokenUsage, "tokenUsage");
        Objects.requireNonNull(timings, "timings");
        // metadata may hold null values (JSON null), so copy into an unmodifiable LinkedHashMap
        metadata = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    /** A response with this output and nothing else. */
    public static ProviderResponse of(Object output) {
        return new ProviderResponse(output, Optional.empty(), Map.of(), Optional.empty(), CallTimings.NONE);
    }

    /** A response that resolved with an error and no output. */
    public static ProviderResponse ofError(String error) {
        return new ProviderResponse(null, Optional.of(error), Map.of(), Optional.empty(), CallTimings.NONE);
    }

    /** True when {@link #output()} is not null. */
    public boolean hasOutput() {
        return output != null;
    }

    /** The output as text: a String as is, anything else as compact JSON; empty when there is no output. */
    public String outputText() {
        if (output == null) {
            return "";
        }
        if (output instanceof String s) {
            return s;
        }
        return io.github.wstoolkit.api.json.Json.stringify(output);
    }

    public ProviderResponse withTimings(CallTimings newTimings) {
        return new ProviderResponse(output, error, metadata, tokenUsage, newTimings);
    }

    public ProviderResponse withMetadata(Map<String, Object> newMetadata) {
        return new ProviderResponse(output, error, newMetadata, tokenUsage, timings);
    }

    public ProviderResponse withTokenUsage(TokenUsage usage) {
        return new ProviderResponse(output, error, metadata, Optional.of(usage), timings);
    }
}
