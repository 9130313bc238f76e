package io.github.wstoolkit.ws;

/**
 * Receives what happens on a {@link WsConnection}. Every method does nothing by default.
 *
 * <p>Ordering guarantee: the callbacks of one connection never overlap, and arrive in the order the frames were
 * received; the next invocation starts only after the previous one has returned. {@link #onClose} is called exactly
 * once per connection, whether the server or the client closed it or the transport failed, and nothing follows it.
 * Callbacks run on a selector thread of the transport, which reads for other connections too (every connection of the
 * process shares the transport and its few selector threads): a callback that blocks, or computes for long, holds up
 * the frames of those connections. Queue what arrives and do the work on a thread of your own, as the WebSocket
 * provider does. Sending from a callback is safe: {@link WsConnection#sendText} and the other sends queue the frame
 * there and return at once. Never wait in a callback for something the transport has to deliver (another frame, a
 * future that another callback completes): that can wait forever.
 */
public interface WsListener {

    /** A text frame (a whole message). */
    default void onText(String text) {}

    /** A binary frame (a whole message). */
    default void onBinary(byte[] data) {}

    /** A pong frame, with its application data (the answer to {@link WsConnection#sendPing}, or unsolicited). */
    default void onPong(byte[] data) {}

    /**
     * The connection closed: the server's close code and reason, or the client's own for a local close, or
     * {@code 1006} when the transport failed without a close frame.
     */
    default void onClose(int code, String reason) {}

    /** A transport or protocol error on the open connection; {@link #onClose} follows. */
    default void onError(Throwable error) {}
}
