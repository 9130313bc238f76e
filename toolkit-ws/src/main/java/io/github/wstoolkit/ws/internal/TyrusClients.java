package io.github.wstoolkit.ws.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.glassfish.tyrus.client.ClientManager;
import org.glassfish.tyrus.client.ClientProperties;
import org.glassfish.tyrus.container.grizzly.client.GrizzlyClientContainer;

/**
 * The process's Tyrus clients: one {@link ClientManager} per message-size limit (in practice one), each on a shared
 * Grizzly transport, so opening a connection does not start a transport and its thread pools. A ClientManager's
 * {@code connectToServer} may be called from many threads at once.
 */
public final class TyrusClients {

    /** Tyrus' own handshake limit; ours (per connection) is shorter and enforced by the caller. */
    private static final long TYRUS_HANDSHAKE_TIMEOUT_MS = 10 * 60 * 1000L;

    private static final Map<Integer, ClientManager> CLIENTS = new ConcurrentHashMap<>();

    private TyrusClients() {}

    /** The shared client for connections that accept messages up to {@code maxMessageSize} bytes. */
    public static ClientManager forMaxMessageSize(int maxMessageSize) {
        return CLIENTS.computeIfAbsent(maxMessageSize, TyrusClients::create);
    }

    private static ClientManager create(int maxMessageSize) {
        ClientManager client = ClientManager.createClient(GrizzlyClientContainer.class.getName());
        Map<String, Object> p = client.getProperties();
        p.put(ClientProperties.SHARED_CONTAINER, true);
        p.put(ClientProperties.HANDSHAKE_TIMEOUT, TYRUS_HANDSHAKE_TIMEOUT_MS);
        // the read buffer must hold a whole frame: the limit plus the largest frame header
        p.put(ClientProperties.INCOMING_BUFFER_SIZE, maxMessageSize + 14);
        p.put(ClientProperties.REDIRECT_ENABLED, false);
        p.put(ClientProperties.RETRY_AFTER_SERVICE_UNAVAILABLE, false);
        client.setDefaultMaxTextMessageBufferSize(maxMessageSize);
        client.setDefaultMaxBinaryMessageBufferSize(maxMessageSize);
        client.setDefaultMaxSessionIdleTimeout(0);
        return client;
    }
}
