package io.github.wstoolkit.shell.internal.console;

/**
 * The connection as Groovy sees it at the prompt ({@code ws}): {@code ws.send('text')}, {@code ws.send([input: 'hi'])}
 * (a Map or List is sent as JSON), {@code ws.sendBinary('48 65')}, {@code ws.open}, {@code ws.url} (secrets
 * redacted), {@code ws.close()}. Frames sent here are shown and counted like typed ones. Public because Groovy calls
 * it reflectively (the module opens this package to Groovy only).
 */
public final class ConsoleSocket {

    private final ConsoleEngine engine;

    ConsoleSocket(ConsoleEngine engine) {
        this.engine = engine;
    }

    /** Sends text as is, a Map or List as JSON, a byte[] as a binary frame. */
    public void send(Object payload) {
        engine.sendFromGroovy(payload);
    }

    /** Sends a binary frame of hex ({@code '48 65 6c'}), {@code base64:…}, or a byte[]. */
    public void sendBinary(Object data) {
        engine.sendFromGroovy(data instanceof byte[] b ? b : ConsoleEngine.parseBytes(String.valueOf(data)));
    }

    /** True while the connection is open. */
    public boolean isOpen() {
        return engine.isOpen();
    }

    /** The URL, with secrets redacted; null when not connected. */
    public String getUrl() {
        return engine.socketUrl();
    }

    /** The negotiated subprotocol, or null. */
    public String getSubprotocol() {
        return engine.socketSubprotocol();
    }

    /** Closes with 1000. */
    public void close() {
        close(1000, "");
    }

    public void close(int code) {
        close(code, "");
    }

    public void close(int code, String reason) {
        if (!engine.execute("/close " + code + (reason.isEmpty() ? "" : " " + reason))) {
            throw new IllegalStateException("the connection was not closed");
        }
    }

    @Override
    public String toString() {
        String url = getUrl();
        return url == null ? "ws (not connected)" : "ws " + url + (isOpen() ? " (open)" : " (closed)");
    }
}
