package io.github.wstoolkit.mockserver.internal;

import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.Set;
import org.glassfish.tyrus.core.TyrusWebSocketEngine;
import org.glassfish.tyrus.server.TyrusServerContainer;
import org.glassfish.tyrus.spi.WebSocketEngine;

/**
 * A Tyrus server container whose engine is plugged into our own Grizzly listener (Tyrus' Grizzly container binds
 * every interface and owns the HTTP server; we bind loopback and serve HTTP routes next to the WebSocket ones).
 */
final class MockContainer extends TyrusServerContainer {

    private final TyrusWebSocketEngine engine;

    MockContainer(int incomingBufferSize) {
        super((Set<Class<?>>) null);
        engine = TyrusWebSocketEngine.builder(this)
                .incomingBufferSize(incomingBufferSize)
                .build();
    }

    @Override
    public void register(Class<?> endpointClass) throws DeploymentException {
        engine.register(endpointClass, "/");
    }

    @Override
    public void register(ServerEndpointConfig serverEndpointConfig) throws DeploymentException {
        engine.register(serverEndpointConfig, "/");
    }

    @Override
    public java.util.Map<String, Object> getProperties() {
        return java.util.Map.of();
    }

    @Override
    public WebSocketEngine getWebSocketEngine() {
        return engine;
    }
}
