package io.github.wstoolkit.api.transform;

import io.github.wstoolkit.api.CallContext;

/**
 * A streaming transform written in Java: called for every received frame with a typed accumulator and the
 * {@link StreamFrame}; decides whether to keep listening or to end the call. The typed form of promptfoo's
 * {@code streamResponse} ({@link StreamResponse}): no casts, no result maps, and the initial accumulator is the
 * caller's own, made fresh for every call.
 *
 * <pre>{@code
 * JavaStreamTransform<StringBuilder> deltas = (text, frame, context) -> {
 *     JsonObject o = frame.jsonObject();
 *     return switch (o.getString("type", "")) {
 *         case "delta" -> StreamOutcome.more(text.append(o.getString("text")));
 *         case "done" -> StreamOutcome.output(text.toString());
 *         case "error" -> StreamOutcome.error(o.getString("message", "the server reported an error"));
 *         default -> StreamOutcome.more(text);
 *     };
 * };
 * }</pre>
 *
 * <p>A transform that throws fails the call (a {@link io.github.wstoolkit.api.ProviderException} of kind
 * {@code RESPONSE}). Calls run concurrently; each call has its own accumulator.
 *
 * @param <A> the accumulator's type
 */
@FunctionalInterface
public interface JavaStreamTransform<A> {

    /**
     * Looks at one frame.
     *
     * @param accumulator the initial accumulator for the first frame, then what the previous frame's outcome carried
     * @param frame the frame
     * @param context the call's context
     * @return {@link StreamOutcome#more} to wait for the next frame, or a {@link StreamOutcome.Done} to end the call
     * @throws Exception to fail the call
     */
    StreamOutcome<A> apply(A accumulator, StreamFrame frame, CallContext context) throws Exception;
}
