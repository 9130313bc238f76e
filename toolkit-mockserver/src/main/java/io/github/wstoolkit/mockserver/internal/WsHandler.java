package io.github.wstoolkit.mockserver.internal;

import io.github.wstoolkit.api.json.Json;
import io.github.wstoolkit.api.json.JsonException;
import java.util.Map;
import java.util.Optional;

/** promptfoo's streaming example's {@code /ws}: {@code {"input":"..."}} → one {@code {"type":"message","message":...}}. */
final class WsHandler extends BuiltIn {

    static final String INVALID_JSON = json("type", "error", "error", "Invalid JSON payload");
    static final String MISSING_INPUT =
            json("type", "error", "error", "Missing \"input\" (non-empty string) in payload");

    @Override
    protected void text(Conn c, String text) {
        Optional<String> input = input(c, text, INVALID_JSON);
        input.ifPresent(in -> c.answer(Answer.builder(WsHandler::error)
                .add(json("type", "message", "message", Replies.echo(in)))
                .build()));
    }

    static String error(String message) {
        return json("type", "error", "error", message);
    }

    /** The request's input, or empty after sending the matching error frame. */
    static Optional<String> input(Conn c, String text, String invalidJsonFrame) {
        Object msg;
        try {
            msg = Json.parse(text);
        } catch (JsonException e) {
            c.sendText(invalidJsonFrame);
            return Optional.empty();
        }
        if (msg instanceof Map<?, ?> m && m.get("input") instanceof String s && !s.isBlank()) {
            return Optional.of(s);
        }
        c.sendText(MISSING_INPUT);
        return Optional.empty();
    }
}
