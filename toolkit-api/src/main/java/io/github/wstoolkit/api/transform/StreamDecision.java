package io.github.wstoolkit.api.transform;

import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link StreamTransform} returns: promptfoo's unmerged streaming branch's {@code {}} (keep listening), {@code {done: true, output}} or
 * {@code {done: true, error}}.
 *
 * @param done true to end the call
 * @param output the output when done, or null to let {@code transformResponse} make one from the last message
 * @param error an error to end the call with
 */
public record StreamDecision(boolean done, Object output, Optional<String> error) {

    public StreamDecision {
        Objects.requireNonNull(error, "error");
    }

    public static final StreamDecision MORE = new StreamDecision(false, null, Optional.empty());

    public static StreamDecision output(Object output) {
        return new StreamDecision(true, output, Optional.empty());
    }

    public static StreamDecision error(String error) {
        return new StreamDecision(true, null, Optional.of(error));
    }
}
