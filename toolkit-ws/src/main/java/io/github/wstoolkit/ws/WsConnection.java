package io.github.wstoolkit.ws;

import io.github.wstoolkit.api.ProviderException;
import io.github.wstoolkit.ws.internal.ConnectErrors;
import io.github.wstoolkit.ws.internal.ConnectionProbe;
import io.github.wstoolkit.ws.internal.TyrusClients;
import io.github.wstoolkit.ws.internal.Watchdog;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.glassfish.tyrus.client.ClientManager;

/**
 * One open WebSocket connection on the Tyrus client, with a {@link WsListener} for what arrives.
 *
 * <pre>{@code
 * try (WsConnection c = WsConnection.open(
 *         WsConnectOptions.builder(URI.create("ws://localhost:8080/ws")).build(),
 *         new WsListener() {
 *             public void onText(String text) { System.out.println(text); }
 *         })) {
 *     c.sendText("{\"input\":\"hello\"}");
 * }
 * }</pre>
 *
 * <p>{@link #open} blocks until the handshake has completed. Sending is safe from many threads (frames are sent one
 * at a time). Failures are {@link ProviderException}s whose messages never hold the URL, the host, query values or
 * header values (promptfoo's secret-safe classification: {@code WebSocket connection failed (ECONNREFUSED)}, ...).
 */
public final class WsConnection implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(WsConnection.class.getName());

    /** Below Tyrus' fixed 30 s limit for a TLS handshake (its Grizzly container's socket timeout). */
    private static final Duration MAX_TLS_HANDSHAKE_TIMEOUT = Duration.ofSeconds(25);

    private final Session session;
    private final Duration connectDuration;
    private final Bridge bridge;
    private final ReentrantLock sendLock = new ReentrantLock();
    /** Sends made inside a listener callback, in order, for the {@link #drainOutbox} thread. */
    private final Queue<IoAction> outbox = new ConcurrentLinkedQueue<>();

    private final AtomicBoolean draining = new AtomicBoolean();

    private WsConnection(Session session, Duration connectDuration, Bridge bridge) {
        this.session = session;
        this.connectDuration = connectDuration;
        this.bridge = bridge;
    }

    /**
     * Opens a connection and waits for the handshake.
     *
     * @throws ProviderException {@link ProviderException.Kind#CONNECTION} when the connection cannot be opened:
     *     refused ({@code ECONNREFUSED}), reset ({@code ECONNRESET}), a handshake status ({@code HTTP 401},
     *     {@code HTTP 429}, ...; {@link ProviderException#httpStatus()} and {@link ProviderException#retryAfter()}),
     *     TLS ({@code TLS}: reported at once, or when the server gave no TLS answer within the TLS handshake
     *     timeout), DNS ({@code ENOTFOUND}), or no answer within the connect timeout ({@code TIMEOUT});
     *     {@link ProviderException.Kind#CONFIG} for invalid or duplicated subprotocols
     * @throws InterruptedException when the calling thread is interrupted while waiting; the half-open connection
     *     is closed
     */
    public static WsConnection open(WsConnectOptions options, WsListener listener)
            throws ProviderException, InterruptedException {
        validateSubprotocols(options.subprotocols());
        URI uri = options.webSocketUri();
        List<String> secrets = ConnectErrors.lazySecretsOf(options.uri(), options.headers());
        ConnectionProbe probe = new ConnectionProbe(options.maxMessageSize());
        Bridge bridge = new Bridge(listener, options.maxMessageSize(), secrets, probe);
        // Tyrus' synchronous connect, on its own virtual thread so that we can stop waiting at our timeout.
        // (asyncConnectToServer runs on the ClientManager's executor, which Tyrus shuts down whenever the last
        // connection closes; a connect racing that shutdown is rejected.)
        CompletableFuture<Session> future = new CompletableFuture<>();
        ClientEndpointConfig.Builder config = ClientEndpointConfig.Builder.create()
                .preferredSubprotocols(options.subprotocols())
                .configurator(new HeaderConfigurator(options.headers()));
        if ("wss".equalsIgnoreCase(uri.getScheme())) {
            // a TLS handshake the transport would not report (a silent or closing server) fails the connect here
            // never more than the connect timeout, nor than Tyrus' own fixed 30 s wait for the handshake (which
            // would end it first with a bare "Connection failed.")
            Duration tlsTimeout = Collections.min(
                    List.of(options.tlsHandshakeTimeout(), options.connectTimeout(), MAX_TLS_HANDSHAKE_TIMEOUT));
            probe.onTlsFailure(reason -> future.completeExceptionally(ConnectErrors.tls(reason, null)), tlsTimeout);
            try {
                config.sslContext(TyrusClients.tlsContext(probe));
            } catch (java.security.NoSuchAlgorithmException e) {
                throw ConnectErrors.tls("no default TLS context (" + e.getMessage() + ")", e);
            }
        }
        ClientManager client = TyrusClients.forMaxMessageSize(options.maxMessageSize());
        ClientEndpointConfig endpointConfig = config.build();
        endpointConfig.getUserProperties().put(ConnectionProbe.PROPERTY, probe);
        long start = System.nanoTime();
        Thread connector = Thread.ofVirtual().name("ws-connect").start(() -> {
            try {
                Session s = client.connectToServer(bridge, endpointConfig, uri);
                if (!future.complete(s)) {
                    closeAbandoned(s); // the caller stopped waiting (timeout, TLS verdict, interrupt)
                }
            } catch (Throwable e) {
                future.completeExceptionally(e);
            }
        });
        // the connect timeout on the watchdog's coarse timer, and an untimed wait: a timed wait on a virtual thread
        // goes through the virtual threads' timer thread, which cost more than the connect's own work
        // (docs/performance.md, the fifth session)
        // (the only TimeoutException the future can hold: Tyrus' connect throws none)
        Watchdog.Task timer = Watchdog.schedule(
                () -> future.completeExceptionally(new TimeoutException("no connection within the connect timeout")),
                options.connectTimeout().toNanos());
        try {
            Session session = future.get();
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            WsConnection connection = new WsConnection(session, took, bridge);
            LOG.log(Level.DEBUG, "WebSocket connected in {0} ms", took.toMillis());
            return connection;
        } catch (InterruptedException e) {
            bridge.abandon();
            giveUp(future);
            connector.interrupt();
            throw e;
        } catch (ExecutionException e) {
            bridge.abandon();
            giveUp(future);
            if (e.getCause() instanceof TimeoutException timedOut) {
                connector.interrupt();
                throw ConnectErrors.connectTimeout(timedOut, secrets);
            }
            if (e.getCause() instanceof ProviderException pe) {
                connector.interrupt(); // our own verdict (TLS) while Tyrus still waits
                throw pe;
            }
            throw ConnectErrors.classify(e.getCause() == null ? e : e.getCause(), secrets, probe);
        } finally {
            timer.cancel();
        }
    }

    /**
     * The caller stops waiting for a connect that may still complete: a session that arrives later is closed by the
     * connector (its future is already done), and one that arrived just now is closed here.
     */
    private static void giveUp(CompletableFuture<Session> future) {
        if (!future.cancel(false)) {
            future.thenAccept(WsConnection::closeAbandoned);
        }
    }

    private static void closeAbandoned(Session session) {
        try {
            session.close();
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.DEBUG, "closing an abandoned WebSocket failed");
        }
    }

    private static void validateSubprotocols(List<String> subprotocols) throws ProviderException {
        Set<String> seen = new HashSet<>();
        for (String p : subprotocols) {
            if (p == null || p.isEmpty() || !isToken(p) || !seen.add(p)) {
                throw new ProviderException(
                        ProviderException.Kind.CONFIG, "An invalid or duplicated subprotocol was specified");
            }
        }
    }

    private static boolean isToken(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= 32 || c >= 127 || "()<>@,;:\\\"/[]?={}".indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Sends a text frame, and returns when it is written.
     *
     * <p>Called inside a {@link WsListener} callback, it queues the frame and returns at once: the callback runs on a
     * selector thread of the transport, the thread that writes the frame when the socket cannot take it at once, so
     * waiting there could wait forever. Frames queued so are sent in order, by a thread of their own; a failure to
     * send one reaches {@link WsListener#onError} (unless the connection has closed meanwhile).
     *
     * @throws ProviderException {@link ProviderException.Kind#CLOSED} when the connection is no longer open,
     *     {@link ProviderException.Kind#CONNECTION} when the transport fails while sending
     */
    public void sendText(String text) throws ProviderException {
        sendOrQueue(() -> session.getBasicRemote().sendText(text));
    }

    /** Sends a binary frame; as {@link #sendText}, also inside a callback. */
    public void sendBinary(byte[] data) throws ProviderException {
        sendOrQueue(() -> session.getBasicRemote().sendBinary(java.nio.ByteBuffer.wrap(data)));
    }

    /**
     * Sends a ping whose application data is {@code data} (at most 125 bytes, RFC 6455 §5.5); the server's pong
     * arrives at {@link WsListener#onPong}. Fails, and is queued inside a callback, as {@link #sendText}.
     *
     * @throws IllegalArgumentException when {@code data} is longer than 125 bytes
     */
    public void sendPing(byte[] data) throws ProviderException {
        if (data.length > 125) {
            throw new IllegalArgumentException("a ping carries at most 125 bytes, got " + data.length);
        }
        sendOrQueue(() -> session.getBasicRemote().sendPing(java.nio.ByteBuffer.wrap(data)));
    }

    private interface IoAction {
        void run() throws IOException;
    }

    private void sendOrQueue(IoAction action) throws ProviderException {
        if (!Bridge.inCallback()) {
            send(action);
            return;
        }
        if (!isOpen()) {
            throw new ProviderException(ProviderException.Kind.CLOSED, "WebSocket is not open");
        }
        outbox.add(action);
        drainLater();
    }

    /** Starts the outbox's thread unless it runs; it sends one frame at a time, in the order they were queued. */
    private void drainLater() {
        if (draining.compareAndSet(false, true)) {
            Thread.ofVirtual().name("ws-send").start(this::drainOutbox);
        }
    }

    private void drainOutbox() {
        try {
            IoAction next;
            while ((next = outbox.poll()) != null) {
                try {
                    send(next);
                } catch (ProviderException e) {
                    outbox.clear(); // what follows a failed frame is not sent either: the listener hears once
                    bridge.sendFailed(e);
                }
            }
        } finally {
            draining.set(false);
        }
        if (!outbox.isEmpty()) {
            drainLater(); // queued after the last poll, before the flag was cleared
        }
    }

    private void send(IoAction action) throws ProviderException {
        if (!isOpen()) {
            throw new ProviderException(ProviderException.Kind.CLOSED, "WebSocket is not open");
        }
        sendLock.lock();
        try {
            action.run();
        } catch (IOException | RuntimeException e) {
            if (!isOpen()) {
                throw ProviderException.builder(ProviderException.Kind.CLOSED, "WebSocket is not open")
                        .cause(io.github.wstoolkit.ws.internal.SafeCause.of(e, bridge.secrets))
                        .build();
            }
            throw ConnectErrors.classify(e, bridge.secrets);
        } finally {
            sendLock.unlock();
        }
    }

    /** True until the connection closes (either side) or fails. */
    public boolean isOpen() {
        return session.isOpen() && !bridge.closed.get();
    }

    /** The subprotocol the server chose, if any. */
    public Optional<String> subprotocol() {
        String p = session.getNegotiatedSubprotocol();
        return p == null || p.isEmpty() ? Optional.empty() : Optional.of(p);
    }

    /** How long {@link #open} took: TCP connect, TLS and the HTTP upgrade. */
    public Duration connectDuration() {
        return connectDuration;
    }

    /** Closes with 1000 (normal closure). Idempotent; {@link WsListener#onClose} follows once. */
    @Override
    public void close() {
        close(CloseReason.CloseCodes.NORMAL_CLOSURE.getCode(), "");
    }

    /** Closes with this code and reason. Idempotent. */
    public void close(int code, String reason) {
        if (!session.isOpen()) {
            return;
        }
        try {
            session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason));
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.DEBUG, "closing a WebSocket failed: {0}", e.getClass().getName());
        }
    }

    /** Adds the configured headers to the handshake request. */
    private static final class HeaderConfigurator extends ClientEndpointConfig.Configurator {
        private final Map<String, String> headers;

        HeaderConfigurator(Map<String, String> headers) {
            this.headers = headers;
        }

        @Override
        public void beforeRequest(Map<String, List<String>> request) {
            headers.forEach((name, value) -> request.put(name, new ArrayList<>(List.of(value))));
        }

        @Override
        public void afterResponse(HandshakeResponse response) {}
    }

    /**
     * The Tyrus endpoint: turns Tyrus' callbacks into {@link WsListener} calls, one at a time and in order (a
     * trampoline: the thread that finds nobody dispatching runs the queue; a callback that arrives meanwhile,
     * including a close caused by the listener itself, waits its turn).
     */
    private static final class Bridge extends Endpoint {
        /** Set while a thread runs listener callbacks: a send there is queued ({@link #sendOrQueue}). */
        private static final ThreadLocal<Boolean> IN_CALLBACK = new ThreadLocal<>();

        private final WsListener listener;
        private final int maxMessageSize;
        private final List<String> secrets;
        private final AtomicBoolean closed = new AtomicBoolean();
        private final AtomicBoolean abandoned = new AtomicBoolean();
        private final Queue<Runnable> queue = new ConcurrentLinkedQueue<>();
        private final AtomicBoolean dispatching = new AtomicBoolean();
        private final ConnectionProbe probe;

        Bridge(WsListener listener, int maxMessageSize, List<String> secrets, ConnectionProbe probe) {
            this.listener = listener;
            this.maxMessageSize = maxMessageSize;
            this.secrets = secrets;
            this.probe = probe;
        }

        void abandon() {
            abandoned.set(true);
        }

        @Override
        public void onOpen(Session session, EndpointConfig config) {
            session.setMaxTextMessageBufferSize(maxMessageSize);
            session.setMaxBinaryMessageBufferSize(maxMessageSize);
            // never time out, and negative so Tyrus schedules no idle timer on each send: with 0 it still does, and
            // a send racing the server's close then fails on the just-shut-down scheduler although the frame left
            session.setMaxIdleTimeout(-1);
            if (abandoned.get()) {
                // the caller gave up waiting for the handshake; do not leave the connection open
                closed.set(true);
                try {
                    session.close();
                } catch (IOException e) {
                    LOG.log(Level.DEBUG, "closing an abandoned WebSocket failed");
                }
                return;
            }
            session.addMessageHandler(
                    String.class, (MessageHandler.Whole<String>) text -> dispatch(() -> listener.onText(text)));
            session.addMessageHandler(
                    byte[].class, (MessageHandler.Whole<byte[]>) data -> dispatch(() -> listener.onBinary(data)));
            session.addMessageHandler(PongMessage.class, (MessageHandler.Whole<PongMessage>) pong -> {
                java.nio.ByteBuffer buffer = pong.getApplicationData();
                byte[] data = new byte[buffer.remaining()];
                buffer.get(data);
                dispatch(() -> listener.onPong(data));
            });
        }

        @Override
        public void onClose(Session session, CloseReason closeReason) {
            if (abandoned.get() || !closed.compareAndSet(false, true)) {
                return;
            }
            int code = closeReason.getCloseCode().getCode();
            String reason = closeReason.getReasonPhrase() == null ? "" : closeReason.getReasonPhrase();
            Optional<Long> tooBig = probe.tooBig();
            if (tooBig.isPresent() && code == CloseReason.CloseCodes.TOO_BIG.getCode()) {
                // our own 1009: say what was refused before the close
                ProviderException e = ProviderException.closed(
                        "WebSocket message too big (" + tooBig.get() + " bytes > maxMessageSize " + maxMessageSize
                                + ")",
                        code,
                        false);
                dispatch(() -> listener.onError(e));
            }
            dispatch(() -> listener.onClose(code, reason));
        }

        @Override
        public void onError(Session session, Throwable error) {
            if (abandoned.get() || closed.get()) {
                return;
            }
            ProviderException safe = ConnectErrors.classify(error, secrets, probe);
            dispatch(() -> listener.onError(safe));
        }

        /** A frame sent from a callback could not be sent: the listener hears of it, unless the connection closed. */
        void sendFailed(ProviderException e) {
            if (!abandoned.get() && !closed.get()) {
                dispatch(() -> listener.onError(e));
            }
        }

        /** Whether the current thread is running a listener callback (of any connection). */
        static boolean inCallback() {
            return IN_CALLBACK.get() != null;
        }

        private void dispatch(Runnable callback) {
            // most callbacks find nobody dispatching and nothing queued (Tyrus delivers a connection's frames one at a
            // time): those run at once, without a trip through the queue
            if (queue.isEmpty() && dispatching.compareAndSet(false, true)) {
                runCallbacks(callback);
                if (queue.isEmpty()) {
                    return;
                }
            } else {
                queue.add(callback);
            }
            while (dispatching.compareAndSet(false, true)) {
                runCallbacks(null);
                if (queue.isEmpty()) {
                    break;
                }
            }
        }

        /** Runs {@code first} (when not null), then what is queued; this thread holds {@code dispatching}, and frees it. */
        private void runCallbacks(Runnable first) {
            Object outer = IN_CALLBACK.get();
            IN_CALLBACK.set(Boolean.TRUE);
            try {
                Runnable r = first != null ? first : queue.poll();
                while (r != null) {
                    try {
                        r.run();
                    } catch (RuntimeException e) {
                        LOG.log(Level.WARNING, "a WebSocket listener failed: {0}", e.toString());
                    }
                    r = queue.poll();
                }
            } finally {
                if (outer == null) {
                    IN_CALLBACK.remove();
                }
                dispatching.set(false);
            }
        }
    }
}
