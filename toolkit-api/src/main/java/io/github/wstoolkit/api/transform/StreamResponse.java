package io.github.wstoolkit.api.transform;

import io.github.wstoolkit.api.CallContext;

/**
 * promptfoo's {@code streamResponse}: called for every received frame with the accumulator so far; decides what to
 * carry forward and when the response is complete. The accumulator starts as {@code {error: "unknown error
 * occurred"}}; the completed accumulator is normalised as {@link ResponseTransform}'s result is.
 */
@FunctionalInterface
public interface StreamResponse {

    StreamStep apply(Object accumulator, StreamEvent event, CallContext context) throws Exception;
}
