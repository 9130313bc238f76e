/**
 * The WebSocket provider (promptfoo's {@code ws://} / {@code wss://} provider) and a small reusable connection type.
 *
 * <ul>
 *   <li>{@code io.github.wstoolkit.ws}: {@link io.github.wstoolkit.ws.WsConnection} (one connection on the Tyrus
 *       client, with a {@link io.github.wstoolkit.ws.WsListener}), and the provider's builder for library use;
 *   <li>{@code io.github.wstoolkit.ws.internal} (not exported): the Tyrus glue and the error classification.
 * </ul>
 *
 * @provides io.github.wstoolkit.api.spi.ProviderFactory
 */
// "module": the realtime module, the target of the one qualified export, is built after this one
@SuppressWarnings("module")
module io.github.wstoolkit.ws {
    requires transitive io.github.wstoolkit.api;
    requires org.glassfish.tyrus.client;
    // HandshakeException (the HTTP status of a refused handshake) and, transitively, jakarta.websocket
    requires org.glassfish.tyrus.core;
    // Tyrus picks its container by class name, so the container module must be resolved explicitly.
    requires org.glassfish.tyrus.container.grizzly.client;
    // the container SPI: GuardedClientContainer wraps the Grizzly container's connections (frame size guard)
    requires org.glassfish.tyrus.spi;
    // SelectorReads: the I/O strategy of Tyrus' shared Grizzly transport
    requires org.glassfish.grizzly;
    // ClosingReadFilter: Grizzly logs to java.util.logging
    requires java.logging;

    exports io.github.wstoolkit.ws;
    // the call recorder (timings and frames of one call), shared with the Realtime provider and no one else
    exports io.github.wstoolkit.ws.internal.calls to
            io.github.wstoolkit.realtime;

    // Tyrus instantiates GuardedClientContainer by class name, reflectively (tyrus-core's ReflectionHelper, for
    // tyrus-client's ClientManager); opened to those two alone, not exported
    opens io.github.wstoolkit.ws.internal to
            org.glassfish.tyrus.client,
            org.glassfish.tyrus.core;

    provides io.github.wstoolkit.api.spi.ProviderFactory with
            io.github.wstoolkit.ws.internal.WebSocketProviderFactory;
}
