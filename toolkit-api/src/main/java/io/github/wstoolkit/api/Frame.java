package io.github.wstoolkit.api;

import java.time.Duration;
import java.util.Objects;

/**
 * One WebSocket frame of a call, as recorded for reports and the shell.
 *
 * @param direction whether the client sent it or received it
 * @param at time since the call started
 * @param binary true for a binary frame
 * @param size payload size in bytes
 * @param preview the text of a text frame, or a hex dump of the first bytes of a binary one; cut to
 *     {@link #PREVIEW_LIMIT} characters
 */
public record Frame(Direction direction, Duration at, boolean binary, int size, String preview) {

    /** Longest preview kept, in characters. */
    public static final int PREVIEW_LIMIT = 4096;

    /** Who sent a frame. */
    public enum Direction {
        SENT,
        RECEIVED
    }

    public Frame {
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(preview, "preview");
    }

    /** A text frame, its preview cut to the limit. */
    public static Frame text(Direction direction, Duration at, String text, int size) {
        String preview = text.length() > PREVIEW_LIMIT ? text.substring(0, PREVIEW_LIMIT) + "…" : text;
        return new Frame(direction, at, false, size, preview);
    }

    /** A binary frame, previewed as hex of its first 64 bytes. */
    public static Frame binary(Direction direction, Duration at, byte[] data) {
        StringBuilder sb = new StringBuilder();
        int n = Math.min(data.length, 64);
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(Character.forDigit((data[i] >> 4) & 0xF, 16)).append(Character.forDigit(data[i] & 0xF, 16));
        }
        if (data.length > n) {
            sb.append(" …");
        }
        return new Frame(direction, at, true, data.length, sb.toString());
    }
}
