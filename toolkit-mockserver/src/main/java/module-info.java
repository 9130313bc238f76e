/**
 * The mock server: plays the reference WebSocket servers and the OpenAI Realtime API offline, with scripted latency
 * and faults.
 *
 * <ul>
 *   <li>{@code io.github.wstoolkit.mockserver}: {@link io.github.wstoolkit.mockserver.MockServer} and its builder,
 *       scenarios, faults, custom handlers and the journal;
 *   <li>{@code io.github.wstoolkit.mockserver.internal}: the Tyrus/Grizzly wiring and the built-in endpoints (not
 *       exported).
 * </ul>
 *
 * <p>The JUnit 5 extension is a module of its own ({@code io.github.wstoolkit.mockserver.junit}, artifact
 * {@code toolkit-mockserver-junit}), so that nothing reading this module ever needs JUnit.
 */
module io.github.wstoolkit.mockserver {
    // ConfigException (scenario files) and the Redaction rules are part of our contract.
    requires transitive io.github.wstoolkit.api;
    requires org.glassfish.tyrus.server;
    requires org.glassfish.tyrus.core;
    requires org.glassfish.tyrus.spi;
    // Tyrus picks its container by class name, so the container module must be resolved explicitly;
    // we also use its WebSocket add-on and filter on our own Grizzly listener.
    requires org.glassfish.tyrus.container.grizzly.server;
    requires org.glassfish.grizzly;
    requires org.glassfish.grizzly.http;
    requires org.glassfish.grizzly.http.server;
    requires org.snakeyaml.engine;

    exports io.github.wstoolkit.mockserver;
    // Tyrus calls our Endpoint's onOpen/onClose reflectively; only Tyrus may reach into the internal package.
    opens io.github.wstoolkit.mockserver.internal to
            org.glassfish.tyrus.core;
}
