package io.github.wstoolkit.mockserver.internal;

/**
 * promptfoo's streaming example's {@code /ws-stream}: {@code ready} on open; per request {@code delta}… then the full {@code message}
 * then {@code done}.
 */
final class WsStreamHandler extends BuiltIn {

    static final String READY = json("type", "ready", "message", "Connected to /ws-stream");
    static final String INVALID_JSON = json("type", "error", "message", "Invalid JSON payload");

    @Override
    protected void open(Conn c) {
        c.sendText(READY);
    }

    @Override
    protected void text(Conn c, String text) {
        WsHandler.input(c, text, INVALID_JSON).ifPresent(in -> {
            String reply = Replies.echo(in);
            Answer.Builder a = Answer.builder(WsStreamHandler::error);
            for (String delta : c.chunks(reply)) {
                a.add(json("type", "delta", "message", delta));
            }
            a.add(json("type", "message", "message", reply));
            a.add(json("type", "done"));
            c.answer(a.build());
        });
    }

    static String error(String message) {
        return json("type", "error", "message", message);
    }
}
