package io.github.wstoolkit.mockserver;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One open WebSocket connection of a {@link MockServer}, as a {@link MockHandler} sees it. Sending is thread-safe:
 * frames leave in call order, also across threads and scheduled actions. Sends after the connection closed are
 * dropped.
 */
public interface MockConnection {

    /** The connection's number, unique within the server, starting at 1; the journal uses the same number. */
    long id();

    /** The request path, without the query ({@code /script}). */
    String path();

    /** The decoded query parameters, in request order. */
    Map<String, List<String>> query();

    /** The first value of a query parameter. */
    default Optional<String> queryParameter(String name) {
        List<String> v = query().get(name);
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
    }

    /** The handshake's request headers; names are case-insensitive. */
    Map<String, List<String>> requestHeaders();

    /** The first value of a request header (case-insensitive name). */
    default Optional<String> header(String name) {
        List<String> v = requestHeaders().get(name);
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
    }

    /** The negotiated subprotocol, when one was requested and accepted. */
    Optional<String> subprotocol();

    /** The scenario in force: the endpoint's, overridden by the query parameters. */
    Scenario scenario();

    /** A mutable map for the handler's per-connection state. */
    Map<String, Object> attributes();

    /** Sends a text frame. */
    void sendText(String text);

    /** Sends a binary frame. */
    void sendBinary(byte[] data);

    /** Sends a close frame with this code and reason and closes the connection. */
    void close(int code, String reason);

    /**
     * Runs the action after the delay, on the server's scheduler, in order with this connection's other frames:
     * frames sent before this call leave first. Never blocks a server thread.
     */
    void schedule(Duration delay, Runnable action);

    /** Whether the connection is still open. */
    boolean isOpen();
}
