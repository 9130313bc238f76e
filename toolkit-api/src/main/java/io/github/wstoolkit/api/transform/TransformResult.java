package io.github.wstoolkit.api.transform;

import io.github.wstoolkit.api.TokenUsage;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a Java transform ends a call with: an output or an error, never both. It replaces promptfoo's result maps
 * ({@code {output: …}} / {@code {error: …}}) for Java callers; {@link #toMap()} gives that map.
 *
 * <p>An {@link Output} becomes the response's output (with its metadata and token usage); an {@link Failure} becomes
 * a response whose {@link io.github.wstoolkit.api.ProviderResponse#error() error} is set: an application-level error
 * that the provider <em>returns</em> (see {@link io.github.wstoolkit.api.Provider}'s failure contract). To fail the
 * call itself, throw from the transform.
 */
public sealed interface TransformResult permits TransformResult.Output, TransformResult.Failure {

    /**
     * An output.
     *
     * @param value the output: a String or any plain value (Map, List, Number, Boolean); not null
     * @return the result
     */
    static Output output(Object value) {
        return new Output(value, Map.of(), Optional.empty());
    }

    /**
     * An error the call resolves with.
     *
     * @param message what went wrong, shown as the response's error; not empty
     * @return the result
     */
    static Failure error(String message) {
        return new Failure(message);
    }

    /** {@return promptfoo's result map: {@code {output, metadata?, tokenUsage?}} or {@code {error}}} */
    Map<String, Object> toMap();

    /**
     * The call's output.
     *
     * @param value the output: a String or any plain value; not null
     * @param metadata facts to keep with the response (plain values)
     * @param tokenUsage tokens the answer used, when the server says
     */
    record Output(Object value, Map<String, Object> metadata, Optional<TokenUsage> tokenUsage)
            implements TransformResult {

        /** Checks the parts; {@code metadata} is copied. */
        public Output {
            Objects.requireNonNull(value, "an output must not be null; return TransformResult.error(…) instead");
            metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
            Objects.requireNonNull(tokenUsage, "tokenUsage");
        }

        /**
         * The same output with metadata the response keeps (replacing, not merging).
         *
         * @param newMetadata facts to keep with the response
         * @return this output with that metadata
         */
        public Output withMetadata(Map<String, ?> newMetadata) {
            return new Output(value, new LinkedHashMap<>(newMetadata), tokenUsage);
        }

        /**
         * The same output with the tokens the answer used.
         *
         * @param usage tokens the answer used
         * @return this output with that token usage
         */
        public Output withTokenUsage(TokenUsage usage) {
            return new Output(value, metadata, Optional.of(usage));
        }

        @Override
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("output", value);
            if (!metadata.isEmpty()) {
                m.put("metadata", metadata);
            }
            tokenUsage.ifPresent(u -> m.put("tokenUsage", u.toMap()));
            return Collections.unmodifiableMap(m);
        }
    }

    /**
     * An error the call resolves with.
     *
     * @param message what went wrong; not empty
     */
    record Failure(String message) implements TransformResult {

        /** Checks the message. */
        public Failure {
            Objects.requireNonNull(message, "message");
            if (message.isEmpty()) {
                throw new IllegalArgumentException("an error result needs a message");
            }
        }

        @Override
        public Map<String, Object> toMap() {
            return Map.of("error", message);
        }
    }
}
