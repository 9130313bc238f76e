/**
 * The WebSocket provider.
 */
module io.github.wstoolkit.ws {
    requires transitive io.github.wstoolkit.api;
    requires org.glassfish.tyrus.client;
    // Tyrus picks its container by class name, so the container module must be resolved explicitly.
    requires org.glassfish.tyrus.container.grizzly.client;
}
