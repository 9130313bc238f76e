package io.github.wstoolkit.mockserver.internal;

import io.github.wstoolkit.api.json.Json;
import io.github.wstoolkit.api.json.JsonException;
import java.util.Map;

/**
 * The chunk/done test server ({@code /}): {@code connected} on open; {@code {"prompt":...,"stream":true}} → one
 * {@code chunk} per word then {@code done}; {@code "stream": false} → {@code complete}; no prompt →
 * {@code {"error":"No prompt provided"}}.
 */
final class SeedHandler extends BuiltIn {

    static final String CONNECTED = json("type", "connected", "message", "Connected to streaming WebSocket server");

    @Override
    protected long defaultGapMillis() {
        return 50;
    }

    @Override
    protected void open(Conn c) {
        c.sendText(CONNECTED);
    }

    @Override
    protected void text(Conn c, String text) {
        Object msg;
        try {
            msg = Json.parse(text);
        } catch (JsonException e) {
            c.sendText(error("Invalid JSON message"));
            return;
        }
        Object prompt = msg instanceof Map<?, ?> m ? m.get("prompt") : null;
        if (prompt == null || "".equals(prompt) || Boolean.FALSE.equals(prompt)) {
            c.sendText(json("error", "No prompt provided"));
            return;
        }
        if (!(prompt instanceof String p)) {
            c.sendText(error("prompt must be a string"));
            return;
        }
        boolean stream = !(msg instanceof Map<?, ?> m2 && Boolean.FALSE.equals(m2.get("stream")));
        String reply = Replies.seed(p);
        Answer.Builder a = Answer.builder(SeedHandler::error);
        if (stream) {
            for (String delta : c.chunks(reply)) {
                a.add(json("type", "chunk", "delta", delta));
            }
            a.add(json("type", "done", "content", reply));
        } else {
            a.add(json("type", "complete", "content", reply));
        }
        c.answer(a.build());
    }

    static String error(String message) {
        return json("type", "error", "error", message);
    }
}
