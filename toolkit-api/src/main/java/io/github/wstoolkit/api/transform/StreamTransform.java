package io.github.wstoolkit.api.transform;

import io.github.wstoolkit.api.CallContext;
import java.util.List;

/**
 * promptfoo's unmerged streaming branch's {@code transformStream}: called for every received frame with that frame's value and every value so
 * far (text frames JSON-parsed when they parse); decides whether the stream is done.
 */
@FunctionalInterface
public interface StreamTransform {

    /**
     * Looks at the latest frame and decides whether the response is complete.
     *
     * @param message the latest frame's value
     * @param messages every frame's value so far, the latest last
     * @param context the call's context
     * @return {@link StreamDecision#MORE} to wait for the next frame, or the output or error that ends the call
     * @throws Exception anything; the call then fails, as a throwing {@code transformResponse} does
     */
    StreamDecision apply(Object message, List<Object> messages, CallContext context) throws Exception;
}
