package io.github.wstoolkit.ws.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.glassfish.tyrus.client.ClientManager;
import org.glassfish.tyrus.client.ClientProperties;
import org.glassfish.tyrus.container.grizzly.client.GrizzlyClientProperties;
import org.glassfish.tyrus.core.MaskingKeyGenerator;

/**
 * Tyrus clients: one {@link ClientManager} per message size limit, shared by every connection with that limit, all on
 * one shared Grizzly transport (so a connection does not start a transport and its selector threads).
 *
 * <p>What a connection has of its own travels in its {@code ClientEndpointConfig}: the {@link ConnectionProbe} as a
 * user property ({@link ConnectionProbe#PROPERTY}, read by {@link GuardedClientContainer}), headers, subprotocols and
 * TLS context. The manager's properties are filled before it is shared and never written after: Tyrus copies them at
 * every connect.
 *
 * <p>Why sharing is safe: a {@code ClientManager} shuts its executors down whenever its last connection ends, and makes
 * new ones on the next use, so a connection can hold an executor that has just been shut down. toolkit-ws never
 * schedules on them: connects are Tyrus' synchronous ones (on the caller's virtual thread, not on the manager's
 * executor; the earlier asynchronous connect did race that shutdown and hung handshakes), sessions have no idle timer
 * (a negative idle timeout, from {@link #create} and again in {@code WsConnection}) and no heartbeat, and messages are
 * whole ({@code String}, {@code byte[]}), never streamed through Tyrus' reader buffers.
 *
 * <p>Why sharing matters: a {@code ClientManager}'s constructor looks its executors up through JNDI by reflection,
 * twice, and instantiates its container by reflection; made per connection, that was 2% of the CPU of a 500-case eval
 * (docs/performance.md, the seventh session).
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

    /** More than a socket read brings at once (Grizzly reads at most its read buffer, 64 KiB to a few MiB). */
    private static final long READ_SLACK = 16L * 1024 * 1024;

    static {
        ClosingReadFilter.install();
    }

    private TyrusClients() {}

    /**
     * Shared clients by message size limit; a process that uses more limits than {@link #MAX_SHARED} makes a client
     * per connection for the others (a config has a handful at most).
     */
    private static final ConcurrentMap<Integer, ClientManager> SHARED = new ConcurrentHashMap<>();

    static final int MAX_SHARED = 64;

    /**
     * The client for connections that accept messages up to {@code maxMessageSize} bytes: shared by all of them. Each
     * connection puts its {@link ConnectionProbe} in its {@code ClientEndpointConfig}'s user properties under
     * {@link ConnectionProbe#PROPERTY}; {@link GuardedClientContainer} then closes the connection with 1009 when a
     * message is over the limit.
     */
    public static ClientManager forMaxMessageSize(int maxMessageSize) {
        ClientManager shared = SHARED.get(maxMessageSize);
        if (shared != null) {
            return shared;
        }
        if (SHARED.size() >= MAX_SHARED) {
            return create(maxMessageSize);
        }
        return SHARED.computeIfAbsent(maxMessageSize, TyrusClients::create);
    }

    private static ClientManager create(int maxMessageSize) {
        ClientManager client = ClientManager.createClient(GuardedClientContainer.class.getName());
        Map<String, Object> p = client.getProperties();
        p.put(ClientProperties.SHARED_CONTAINER, true);
        p.put(ClientProperties.SHARED_CONTAINER_IDLE_TIMEOUT, SHARED_TRANSPORT_IDLE_TIMEOUT_S);
        p.put(ClientProperties.HANDSHAKE_TIMEOUT, TYRUS_HANDSHAKE_TIMEOUT_MS);
        // Tyrus' read buffer: our FrameGuard refuses any message over the limit before Tyrus buffers it, so this only
        // has to hold one accepted frame plus what one read brings beyond it (Tyrus fails "Buffer overflow." when a
        // read lands on a buffer holding an incomplete frame and the two exceed this size). Allocated as needed.
        p.put(ClientProperties.INCOMING_BUFFER_SIZE, (int)
                Math.min(Integer.MAX_VALUE - 64L, 2L * maxMessageSize + READ_SLACK));
        p.put(ClientProperties.REDIRECT_ENABLED, false);
        // masking keys from ThreadLocalRandom, not Tyrus' default SecureRandom (a locked read of the OS's generator
        // for every frame sent). Unpredictable keys guard browsers against scripts that poison proxy caches
        // (RFC 6455 10.3); a test client sends its own frames.
        p.put(ClientProperties.MASKING_KEY_GENERATOR, (MaskingKeyGenerator)
                () -> java.util.concurrent.ThreadLocalRandom.current().nextInt());
        p.put(ClientProperties.RETRY_AFTER_SERVICE_UNAVAILABLE, false);
        // reads on the selector threads, without a hand-off to a worker per read (read only when Tyrus starts the
        // shared transport, that is by the first connection)
        p.put(GrizzlyClientProperties.SELECTOR_THREAD_POOL_CONFIG, SelectorReads.selectorPool());
        client.setDefaultMaxTextMessageBufferSize(maxMessageSize);
        client.setDefaultMaxBinaryMessageBufferSize(maxMessageSize);
        client.setDefaultMaxSessionIdleTimeout(-1); // see WsConnection: negative schedules no idle timer
        return client;
    }

    /** An SSL context for one {@code wss://} connection that follows its handshake for {@code probe}. */
    public static javax.net.ssl.SSLContext tlsContext(ConnectionProbe probe)
            throws java.security.NoSuchAlgorithmException {
        return TlsProbe.context(probe);
    }
}
