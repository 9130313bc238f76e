package io.github.wstoolkit.api.transform;

/**
 * What a {@link StreamResponse} returns for a frame: promptfoo's {@code [nextAccumulator, complete]} pair.
 *
 * @param accumulator the accumulator to carry to the next frame, or the result when complete (may be null)
 * @param complete true to end the call with {@code accumulator} as the response
 */
public record StreamStep(Object accumulator, boolean complete) {

    /**
     * Keep waiting for frames.
     *
     * @param accumulator what the next frame's call receives
     * @return the step
     */
    public static StreamStep more(Object accumulator) {
        return new StreamStep(accumulator, false);
    }

    /**
     * End the call with this result: a map with {@code output} or {@code error} (and {@code metadata},
     * {@code tokenUsage}), or any other value as the output.
     *
     * @param result the result; not {@link StreamResponse#INITIAL_ACCUMULATOR} itself
     * @return the step
     * @throws IllegalArgumentException when {@code result} is the initial accumulator: completing with it would end
     *     the call with promptfoo's {@code unknown error occurred} and hide that no result was ever set (a config's
     *     promptfoo-style transform, which returns {@code [acc, true]}, keeps promptfoo's behaviour)
     */
    public static StreamStep done(Object result) {
        if (result == StreamResponse.INITIAL_ACCUMULATOR) {
            throw new IllegalArgumentException("StreamStep.done(accumulator) was given the initial accumulator"
                    + " {error: \"unknown error occurred\"}, so no result was set before the stream ended; return"
                    + " StreamStep.done(Map.of(\"output\", …)) or StreamStep.done(Map.of(\"error\", …))");
        }
        return new StreamStep(result, true);
    }
}
