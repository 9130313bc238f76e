package io.github.wstoolkit.api.transform;

import io.github.wstoolkit.api.CallContext;
import java.util.Map;

/**
 * promptfoo's {@code streamResponse}: called for every received frame with the accumulator so far; decides what to
 * carry forward and when the response is complete. The accumulator starts as {@code {error: "unknown error
 * occurred"}}; the completed accumulator is normalised as {@link ResponseTransform}'s result is.
 *
 * <p>Java callers: {@link JavaStreamTransform} is the typed form (a frame with its JSON, an accumulator of your type,
 * one result type). With this form, {@link StreamStep#done(Object)} refuses the initial accumulator itself (the stream
 * would end with the error {@code unknown error occurred} and no word of why); return {@code StreamStep.done(Map.of(
 * "output", …))} or {@code Map.of("error", …)}.
 */
@FunctionalInterface
public interface StreamResponse {

    /**
     * The accumulator the first frame's call receives, promptfoo's {@code {error: "unknown error occurred"}}: a stream
     * completed with it unchanged ends with that error.
     */
    Map<String, Object> INITIAL_ACCUMULATOR = Map.of("error", "unknown error occurred");

    /**
     * Looks at one frame.
     *
     * @param accumulator {@link #INITIAL_ACCUMULATOR} for the first frame, then what the previous step carried
     * @param event the frame
     * @param context the call's context
     * @return what to carry forward, and whether the response is complete
     * @throws Exception to fail the call
     */
    StreamStep apply(Object accumulator, StreamEvent event, CallContext context) throws Exception;
}
