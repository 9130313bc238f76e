package io.github.wstoolkit.api.transform;

import io.github.wstoolkit.api.CallContext;

/**
 * promptfoo's {@code transformResponse} (old name {@code responseParser}): turns the received payload into the
 * output. The result is normalised: a Map with an {@code output} or {@code error} key is used as the response,
 * anything else becomes the output.
 */
@FunctionalInterface
public interface ResponseTransform {

    /**
     * Turns one received payload into the output (or a {@code {output, error, metadata, tokenUsage}} Map).
     *
     * @param data the parsed JSON value of the frame, its text when it is not JSON, or {@code byte[]} for a binary
     *     frame
     * @param context the call's context
     * @return the output, or a Map with an {@code output} or {@code error} key
     * @throws Exception anything; the call then fails with {@code Failed to process response: <message>}
     */
    Object apply(Object data, CallContext context) throws Exception;

    /** {@return the transform used when none is configured: the payload is the output} */
    static ResponseTransform identity() {
        return (data, context) -> data;
    }
}
