package io.github.wstoolkit.api.transform;

import java.time.Duration;
import java.util.Objects;

/**
 * One received frame, as a streaming transform sees it: promptfoo's message event, whose {@code data} is the
 * payload.
 *
 * @param data the frame's text for a text frame (not parsed), or {@code byte[]} for a binary frame
 * @param type always {@code "message"}, as a browser's MessageEvent
 * @param index 0 for the first frame of the call, then 1, 2, ...
 * @param at time since the call started
 */
public record StreamEvent(Object data, String type, int index, Duration at) {

    /** Checks that no component is null. */
    public StreamEvent {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(at, "at");
    }

    /**
     * A text frame, as the provider hands it to a streaming transform.
     *
     * @param text the frame's text, not parsed
     * @param index the frame's position in the call, from 0
     * @param at time since the call started
     * @return the event
     */
    public static StreamEvent text(String text, int index, Duration at) {
        return new StreamEvent(text, "message", index, at);
    }

    /**
     * A binary frame, as the provider hands it to a streaming transform.
     *
     * @param bytes the frame's payload
     * @param index the frame's position in the call, from 0
     * @param at time since the call started
     * @return the event
     */
    public static StreamEvent binary(byte[] bytes, int index, Duration at) {
        return new StreamEvent(bytes, "message", index, at);
    }

    /** {@return true for a binary frame, whose {@link #data()} is a {@code byte[]}} */
    public boolean binary() {
        return data instanceof byte[];
    }
}
