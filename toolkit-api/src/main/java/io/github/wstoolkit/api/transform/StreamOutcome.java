package io.github.wstoolkit.api.transform;

import java.util.Objects;

/**
 * What a {@link JavaStreamTransform} decides for a frame: keep listening with a new accumulator, or end the call with
 * a {@link TransformResult}. The accumulator is never the result, so no stream ends with an accumulator by mistake.
 *
 * @param <A> the accumulator's type
 */
public sealed interface StreamOutcome<A> permits StreamOutcome.More, StreamOutcome.Done {

    /**
     * Keep listening.
     *
     * @param <A> the accumulator's type
     * @param accumulator what the next frame's call receives (may be null)
     * @return the outcome
     */
    static <A> StreamOutcome<A> more(A accumulator) {
        return new More<>(accumulator);
    }

    /**
     * End the call with this result.
     *
     * @param <A> the accumulator's type
     * @param result the output or the error
     * @return the outcome
     */
    static <A> StreamOutcome<A> done(TransformResult result) {
        return new Done<>(result);
    }

    /**
     * End the call with this output.
     *
     * @param <A> the accumulator's type
     * @param output the output; not null
     * @return the outcome
     */
    static <A> StreamOutcome<A> output(Object output) {
        return new Done<>(TransformResult.output(output));
    }

    /**
     * End the call with an error response (the call itself worked; see {@link TransformResult}).
     *
     * @param <A> the accumulator's type
     * @param message what went wrong; not empty
     * @return the outcome
     */
    static <A> StreamOutcome<A> error(String message) {
        return new Done<>(TransformResult.error(message));
    }

    /**
     * Not done: wait for the next frame.
     *
     * @param <A> the accumulator's type
     * @param accumulator what the next frame's call receives
     */
    record More<A>(A accumulator) implements StreamOutcome<A> {}

    /**
     * Done: the call ends with this result.
     *
     * @param <A> the accumulator's type
     * @param result the output or the error
     */
    record Done<A>(TransformResult result) implements StreamOutcome<A> {

        /** Checks the result. */
        public Done {
            Objects.requireNonNull(result, "result");
        }
    }
}
