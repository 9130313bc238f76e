/**
 * The mock server.
 */
module io.github.wstoolkit.mockserver {
    requires io.github.wstoolkit.api;
    requires org.glassfish.tyrus.server;
    // Tyrus picks its container by class name, so the container module must be resolved explicitly.
    requires org.glassfish.tyrus.container.grizzly.server;
    requires org.snakeyaml.engine;
}
