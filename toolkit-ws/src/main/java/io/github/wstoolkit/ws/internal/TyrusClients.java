package io.github.wstoolkit.ws.internal;

import java.util.Map;
import org.glassfish.tyrus.client.ClientManager;
import org.glassfish.tyrus.client.ClientProperties;
import org.glassfish.tyrus.container.grizzly.client.GrizzlyClientContainer;

/**
 * Tyrus clients: a fresh {@link ClientManager} per connection, all on one shared Grizzly transport (so a connection
 * does not start a transport and its selector threads).
 *
 * <p>Why not one ClientManager for the process: a ClientManager shuts its executors down whenever its last connection
 * closes and makes new ones on the next use. With concurrent calls a connection can pick up an executor that another
 * thread is shutting down; Tyrus then fails to schedule the session's timers and that handshake hangs (measured with
 * {@code bench/run.sh wsprovider}: at concurrency 32 a few connects in a thousand never completed). A manager per
 * connection has exactly one connection, so it never races; creating one costs microseconds.
 */
public final class TyrusClients {

    /**
     * Tyrus' own handshake limit; ours (per connection) is shorter and enforced by the caller. An {@code Integer}:
     * Tyrus ignores any other type (a {@code Long} silently left its 30 s default in force).
     */
    private static final Integer TYRUS_HANDSHAKE_TIMEOUT_MS = 10 * 60 * 1000;

    /**
     * How long the shared Grizzly transport may sit without connections before Tyrus stops it: a day, in effect
     * never. Tyrus' default (30 s) stops it from a timer thread that checks "no connection, idle long enough" and
     * then shuts the transport down without excluding connects that have already picked that transport up: such a
     * connect fails on a stopped transport, with an exception no classification knows (a plain {@code WebSocket
     * connection failed}). Pauses of more than 30 s between calls are ordinary (the interactive shell, a test suite,
     * an eval between two slow providers); the transport's threads are daemons and cost nothing while idle.
     * Seconds, an {@code Integer} (Tyrus multiplies it by 1000 as an int).
     */
    private static final Integer SHARED_TRANSPORT_IDLE_TIMEOUT_S = 24 * 60 * 60;

    private TyrusClients() {}

    /** A client for one connection that accepts messages up to {@code maxMessageSize} bytes. */
    public static ClientManager forMaxMessageSize(int maxMessageSize) {
        return create(maxMessageSize);
    }

    private static ClientManager create(int maxMessageSize) {
        ClientManager client = ClientManager.createClient(GrizzlyClientContainer.class.getName());
        Map<String, Object> p = client.getProperties();
        p.put(ClientProperties.SHARED_CONTAINER, true);
        p.put(ClientProperties.SHARED_CONTAINER_IDLE_TIMEOUT, SHARED_TRANSPORT_IDLE_TIMEOUT_S);
        p.put(ClientProperties.HANDSHAKE_TIMEOUT, TYRUS_HANDSHAKE_TIMEOUT_MS);
        // the read buffer must hold a whole frame: the limit plus the largest frame header
        p.put(ClientProperties.INCOMING_BUFFER_SIZE, maxMessageSize + 14);
        p.put(ClientProperties.REDIRECT_ENABLED, false);
        p.put(ClientProperties.RETRY_AFTER_SERVICE_UNAVAILABLE, false);
        client.setDefaultMaxTextMessageBufferSize(maxMessageSize);
        client.setDefaultMaxBinaryMessageBufferSize(maxMessageSize);
        client.setDefaultMaxSessionIdleTimeout(-1); // see WsConnection: negative schedules no idle timer
        return client;
    }
}
