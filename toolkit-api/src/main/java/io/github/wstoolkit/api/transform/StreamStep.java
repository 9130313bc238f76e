package io.github.wstoolkit.api.transform;

/**
 * What a {@link StreamResponse} returns for a frame: promptfoo's {@code [nextAccumulator, complete]} pair.
 *
 * @param accumulator the accumulator to carry to the next frame, or the result when complete (may be null)
 * @param complete true to end the call with {@code accumulator} as the response
 */
public record StreamStep(Object accumulator, boolean complete) {

    /** Keep waiting for frames. */
    public static StreamStep more(Object accumulator) {
        return new StreamStep(accumulator, false);
    }

    /** End the call with this result. */
    public static StreamStep done(Object result) {
        return new StreamStep(result, true);
    }
}
