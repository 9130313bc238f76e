package io.github.wstoolkit.api.transform;

import java.util.Objects;

/**
 * What a {@link StreamTransform} returns for a frame, one of three outcomes: {@link More} (keep listening; promptfoo's
 * {@code {}}), {@link Done} (end the call with an output; {@code {done: true, output}}) or {@link Failed} (end the call
 * with an error; {@code {done: true, error}}). "Not done, but with an error" cannot be represented, and a
 * {@code switch} over a decision is exhaustive:
 *
 * <pre>{@code
 * switch (decision) {
 *     case StreamDecision.More more -> keepListening();
 *     case StreamDecision.Done done -> finish(done.output());
 *     case StreamDecision.Failed failed -> fail(failed.error());
 * }
 * }</pre>
 */
public sealed interface StreamDecision permits StreamDecision.More, StreamDecision.Done, StreamDecision.Failed {

    /** Keep listening for frames. */
    StreamDecision MORE = new More();

    /** Keep listening for frames. */
    record More() implements StreamDecision {}

    /**
     * End the call with this output.
     *
     * @param output the output, or null (or {@code ""}) to let the provider use the last frame's value
     */
    record Done(Object output) implements StreamDecision {}

    /**
     * End the call with this error; the call resolves with it as its error text.
     *
     * @param error the error text
     */
    record Failed(String error) implements StreamDecision {
        /** Checks that there is an error text: an error decision always carries one. */
        public Failed {
            Objects.requireNonNull(error, "error");
        }
    }

    /**
     * End the call with this output.
     *
     * @param output the output; null or {@code ""} lets the provider use the last frame's value
     * @return a {@link Done} decision
     */
    static StreamDecision output(Object output) {
        return new Done(output);
    }

    /**
     * End the call with this error; the call resolves (it is not retried) with it as its error text.
     *
     * @param error the error text
     * @return a {@link Failed} decision
     */
    static StreamDecision error(String error) {
        return new Failed(error);
    }

    /** {@return true when the call ends here, with an output or an error; false for {@link More}} */
    default boolean done() {
        return !(this instanceof More);
    }
}
