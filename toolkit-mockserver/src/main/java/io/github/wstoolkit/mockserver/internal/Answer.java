package io.github.wstoolkit.mockserver.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The frames that answer one prompt, before the scenario paces them; and how this endpoint words an error frame
 * (for the {@code error} fault).
 */
public record Answer(List<String> frames, Function<String, String> errorFrame) {

    public Answer {
        frames = List.copyOf(frames);
    }

    public static Builder builder(Function<String, String> errorFrame) {
        return new Builder(errorFrame);
    }

    public static final class Builder {
        private final List<String> frames = new ArrayList<>();
        private final Function<String, String> errorFrame;

        private Builder(Function<String, String> errorFrame) {
            this.errorFrame = errorFrame;
        }

        public Builder add(String frame) {
            frames.add(frame);
            return this;
        }

        public Answer build() {
            return new Answer(frames, errorFrame);
        }
    }
}
