package io.github.wstoolkit.mockserver;

import java.util.Optional;

/**
 * A custom WebSocket endpoint of a {@link MockServer}, for tests that need exact frames. One handler serves every
 * connection to its path; per-connection state belongs in {@link MockConnection#attributes()}.
 *
 * <p>Ordering: for one connection the callbacks never overlap and come in order ({@code onOpen}, then messages in
 * arrival order, then {@code onClose}). Frames sent through the {@link MockConnection} leave in call order. A
 * callback that throws closes the connection with 1011 (the message is logged, not sent). Callbacks run on the
 * server's worker threads: schedule delays with {@link MockConnection#schedule}, never sleep.
 */
public interface MockHandler {

    /**
     * Decides on the handshake before it completes: return a {@link Refusal} to answer with an HTTP error status
     * instead of upgrading. The default accepts every handshake.
     */
    default Optional<Refusal> onHandshake(Handshake handshake) {
        return Optional.empty();
    }

    /** The connection is open. */
    default void onOpen(MockConnection connection) throws Exception {}

    /** A text frame arrived. */
    default void onMessage(MockConnection connection, String text) throws Exception {}

    /** A binary frame arrived. */
    default void onBinary(MockConnection connection, byte[] data) throws Exception {}

    /** The connection closed (by either side, or because the server stopped). */
    default void onClose(MockConnection connection, int code, String reason) {}
}
