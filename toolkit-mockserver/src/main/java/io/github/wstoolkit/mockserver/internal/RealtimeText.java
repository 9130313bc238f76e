package io.github.wstoolkit.mockserver.internal;

import java.util.List;
import java.util.Map;

/** Reads the text out of a Realtime conversation item. */
public final class RealtimeText {

    private RealtimeText() {}

    /**
     * The text of a message item: its {@code input_text}/{@code text} parts joined with a space (audio and images
     * are described as {@code [audio]} and {@code [image]}); a string content is used as is.
     */
    public static String userText(Object item) {
        if (!(item instanceof Map<?, ?> m)) {
            return "";
        }
        Object content = m.get("content");
        if (content instanceof String s) {
            return s;
        }
        if (!(content instanceof List<?> parts)) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        for (Object p : parts) {
            if (!(p instanceof Map<?, ?> part)) {
                continue;
            }
            String piece = null;
            Object type = part.get("type");
            if (part.get("text") instanceof String t) {
                piece = t;
            } else if (part.get("transcript") instanceof String t) {
                piece = t;
            } else if ("input_audio".equals(type)) {
                piece = "[audio]";
            } else if ("input_image".equals(type) || "image_url".equals(type)) {
                piece = "[image]";
            }
            if (piece != null && !piece.isEmpty()) {
                if (!sb.isEmpty()) {
                    sb.append(' ');
                }
                sb.append(piece);
            }
        }
        return sb.toString();
    }
}
