package io.github.wstoolkit.mockserver.internal;

import io.github.wstoolkit.mockserver.Handshake;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import org.glassfish.tyrus.core.TyrusServerEndpointConfigurator;

/** Hands each connection its own {@link Bridge} and the handshake data it needs. */
final class EndpointConfigurator extends TyrusServerEndpointConfigurator {

    private final ServerCore core;
    private final Route route;

    EndpointConfigurator(ServerCore core, Route route) {
        this.core = core;
        this.route = route;
    }

    @Override
    public <T> T getEndpointInstance(Class<T> endpointClass) {
        return endpointClass.cast(new Bridge(core, route));
    }

    @Override
    public boolean checkOrigin(String originHeaderValue) {
        return true;
    }

    @Override
    public void modifyHandshake(ServerEndpointConfig sec, HandshakeRequest request, HandshakeResponse response) {
        Handshake hs =
                ServerCore.handshake(request.getRequestURI().getPath(), request.getQueryString(), request.getHeaders());
        sec.getUserProperties().put(Bridge.HANDSHAKE, hs);
        sec.getUserProperties().put(Bridge.SCENARIO, core.scenarioFor(route, hs));
        sec.getUserProperties().put(Bridge.RECORDER, core.newRecorder(hs));
    }
}
