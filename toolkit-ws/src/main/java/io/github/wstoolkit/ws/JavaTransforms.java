package io.github.wstoolkit.ws;

import io.github.wstoolkit.api.transform.JavaResponseTransform;
import io.github.wstoolkit.api.transform.JavaStreamTransform;
import io.github.wstoolkit.api.transform.StreamFrame;
import io.github.wstoolkit.api.transform.StreamOutcome;
import io.github.wstoolkit.api.transform.StreamResponse;
import io.github.wstoolkit.api.transform.StreamStep;
import io.github.wstoolkit.api.transform.TransformResult;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Runs the typed Java transforms ({@link JavaStreamTransform}, {@link JavaResponseTransform}) as the provider's
 * {@code streamResponse}: the accumulator travels boxed between frames (so the first frame, which receives
 * promptfoo's initial accumulator, is told apart and given the caller's own), and a result becomes promptfoo's
 * result map, which the provider turns into the response.
 */
final class JavaTransforms {

    /** The caller's accumulator between two frames of one call. */
    private record Carried(Object value) {}

    private JavaTransforms() {}

    static <A> StreamResponse stream(Supplier<? extends A> initial, JavaStreamTransform<A> transform) {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(transform, "transform");
        return (accumulator, event, context) -> {
            @SuppressWarnings("unchecked") // only this adapter makes a Carried, always from an A
            A acc = accumulator instanceof Carried c ? (A) c.value() : initial.get();
            StreamOutcome<A> outcome = transform.apply(acc, StreamFrame.of(event), context);
            return switch (outcome) {
                case null ->
                    throw new IllegalStateException(
                            "the transform returned null; return StreamOutcome.more(accumulator)"
                                    + " to wait for the next frame");
                case StreamOutcome.More<A> more -> StreamStep.more(new Carried(more.accumulator()));
                case StreamOutcome.Done<A> done -> new StreamStep(done.result().toMap(), true);
            };
        };
    }

    static StreamResponse firstFrame(JavaResponseTransform transform) {
        Objects.requireNonNull(transform, "transform");
        return (accumulator, event, context) -> {
            TransformResult result = transform.apply(StreamFrame.of(event), context);
            if (result == null) {
                throw new IllegalStateException("the transform returned null; return TransformResult.output(…) or"
                        + " TransformResult.error(…)");
            }
            return new StreamStep(result.toMap(), true);
        };
    }
}
