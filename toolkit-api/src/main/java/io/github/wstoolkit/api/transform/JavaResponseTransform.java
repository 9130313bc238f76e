package io.github.wstoolkit.api.transform;

import io.github.wstoolkit.api.CallContext;

/**
 * A transform written in Java that makes the result from the first received frame: the typed form of promptfoo's
 * {@code transformResponse} ({@link ResponseTransform}).
 *
 * <pre>{@code
 * JavaResponseTransform answer =
 *         (frame, context) -> TransformResult.output(frame.jsonObject().getString("answer"));
 * }</pre>
 *
 * <p>A {@link TransformResult.Failure} is returned as the response's error; a transform that throws fails the call.
 */
@FunctionalInterface
public interface JavaResponseTransform {

    /**
     * Makes the result from the first frame.
     *
     * @param frame the first frame of the answer
     * @param context the call's context
     * @return the output or the error
     * @throws Exception to fail the call
     */
    TransformResult apply(StreamFrame frame, CallContext context) throws Exception;
}
