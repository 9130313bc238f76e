/**
 * The mock server: plays the reference WebSocket servers and the OpenAI Realtime API offline, with scripted latency
 * and faults.
 *
 * <ul>
 *   <li>{@code io.github.wstoolkit.mockserver}: {@link io.github.wstoolkit.mockserver.MockServer} and its builder,
 *       scenarios, faults, custom handlers and the journal;
 *   <li>{@code io.github.wstoolkit.mockserver.junit}: a JUnit 5 extension that starts a server per test class
 *       (needs JUnit on the module path; optional otherwise);
 *   <li>{@code io.github.wstoolkit.mockserver.internal}: the Tyrus/Grizzly wiring and the built-in endpoints (not
 *       exported).
 * </ul>
 */
module io.github.wstoolkit.mockserver {
    requires io.github.wstoolkit.api;
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
    // Only the JUnit extension needs it (and shows its types); users without JUnit never load that package.
    requires static transitive org.junit.jupiter.api;

    exports io.github.wstoolkit.mockserver;
    exports io.github.wstoolkit.mockserver.junit;
    // Tyrus calls our Endpoint's onOpen/onClose reflectively; only Tyrus sees the internal package.
    exports io.github.wstoolkit.mockserver.internal to
            org.glassfish.tyrus.core;
}
