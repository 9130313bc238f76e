package io.github.wstoolkit.mockserver.internal;

import io.github.wstoolkit.mockserver.Fault;
import io.github.wstoolkit.mockserver.Handshake;
import io.github.wstoolkit.mockserver.JournalEntry;
import io.github.wstoolkit.mockserver.Refusal;
import io.github.wstoolkit.mockserver.Scenario;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.nio.transport.TCPNIOTransport;
import org.glassfish.grizzly.nio.transport.TCPNIOTransportBuilder;
import org.glassfish.grizzly.strategies.WorkerThreadIOStrategy;
import org.glassfish.grizzly.threadpool.ThreadPoolConfig;
import org.glassfish.tyrus.container.grizzly.server.WebSocketAddOn;

/** The running server: Grizzly listener, Tyrus engine, HTTP routes, scheduler and journal. */
public final class ServerCore implements AutoCloseable {

    /** Prefix of every thread the server starts. */
    public static final String THREAD_PREFIX = "wst-mock-";

    private static final System.Logger LOG = System.getLogger("io.github.wstoolkit.mockserver");
    private static final AtomicInteger SERVERS = new AtomicInteger();

    /**
     * What to start.
     *
     * @param host the address to bind
     * @param port the port, 0 for an ephemeral one
     * @param routes WebSocket endpoints by path
     * @param subprotocols subprotocols the server accepts, in preference order
     * @param journalLimit connections kept in the journal
     * @param onClosed called with each connection's journal entry when it ends (or is refused)
     * @param pageWsPath the WebSocket path the web page connects to
     */
    public record Settings(
            String host,
            int port,
            Map<String, Route> routes,
            List<String> subprotocols,
            int journalLimit,
            Consumer<JournalEntry> onClosed,
            String pageWsPath) {}

    private final Settings settings;
    private final Journal journal;
    private final ScheduledThreadPoolExecutor scheduler;
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, Conn> open = new ConcurrentHashMap<>();
    private final MockContainer container;
    private final HttpServer http;
    private final TCPNIOTransport transport;
    private final int port;
    private final String threadPrefix;
    private volatile boolean closing;

    private ServerCore(Settings settings) throws IOException {
        this.settings = settings;
        this.journal = new Journal(settings.journalLimit());
        int n = SERVERS.incrementAndGet();
        this.threadPrefix = THREAD_PREFIX + n + "-";
        AtomicInteger schedulerThreads = new AtomicInteger();
        this.scheduler = new ScheduledThreadPoolExecutor(2, r -> {
            Thread t = new Thread(r, THREAD_PREFIX + n + "-scheduler-" + schedulerThreads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        scheduler.setRemoveOnCancelPolicy(true);
        this.container = new MockContainer(Bridge.MAX_MESSAGE);
        try {
            for (Route route : settings.routes().values()) {
                container.register(ServerEndpointConfig.Builder.create(Bridge.class, route.path())
                        .subprotocols(settings.subprotocols())
                        .configurator(new EndpointConfigurator(this, route))
                        .build());
            }
        } catch (DeploymentException e) {
            scheduler.shutdownNow();
            throw new IllegalArgumentException("cannot deploy the mock endpoints: " + e.getMessage(), e);
        }
        this.http = new HttpServer();
        NetworkListener listener = new NetworkListener("wst-mock", settings.host(), settings.port());
        this.transport = TCPNIOTransportBuilder.newInstance()
                .setIOStrategy(WorkerThreadIOStrategy.getInstance())
                .setWorkerThreadPoolConfig(ThreadPoolConfig.defaultConfig()
                        .copy()
                        .setPoolName(THREAD_PREFIX + n + "-worker")
                        .setCorePoolSize(2)
                        .setMaxPoolSize(Math.max(8, Runtime.getRuntime().availableProcessors() * 4))
                        .setDaemon(true))
                .setSelectorThreadPoolConfig(ThreadPoolConfig.defaultConfig()
                        .copy()
                        .setPoolName(THREAD_PREFIX + n + "-selector")
                        .setCorePoolSize(Math.max(1, Runtime.getRuntime().availableProcessors()))
                        .setMaxPoolSize(Math.max(1, Runtime.getRuntime().availableProcessors()))
                        .setDaemon(true))
                .build();
        listener.setTransport(transport);
        // WebSocket connections live as long as their peers want.
        listener.getKeepAlive().setIdleTimeoutInSeconds(-1);
        listener.registerAddOn(new WebSocketAddOn(container, "/"));
        listener.registerAddOn(HandshakeGate.addOn(this));
        listener.registerAddOn(PlainPortGate.addOn());
        http.addListener(listener);
        http.getServerConfiguration().setHttpServerName("wst-mock");
        http.getServerConfiguration().setJmxEnabled(false);
        http.getServerConfiguration().addHttpHandler(new HttpRoutes(this, settings.pageWsPath()), "/");
        try {
            http.start();
        } catch (IOException e) {
            shutdown();
            throw e;
        }
        this.port = listener.getPort();
    }

    /**
     * Binds and starts.
     *
     * @throws UncheckedIOException when the address cannot be bound
     */
    public static ServerCore start(Settings settings) {
        try {
            return new ServerCore(settings);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot start the mock server on " + settings.host() + ":" + settings.port() + ": "
                            + e.getMessage(),
                    e);
        }
    }

    public int port() {
        return port;
    }

    public List<JournalEntry> journalSnapshot() {
        return journal.snapshot();
    }

    Journal journal() {
        return journal;
    }

    public void clearJournal() {
        journal.clear();
    }

    public List<JournalEntry> awaitJournal(
            java.util.function.Predicate<List<JournalEntry>> condition, java.time.Duration timeout)
            throws InterruptedException, java.util.concurrent.TimeoutException {
        return journal.await(condition, timeout);
    }

    ScheduledExecutorService scheduler() {
        return scheduler;
    }

    /** The paths of the WebSocket endpoints. */
    public List<String> paths() {
        return new ArrayList<>(settings.routes().keySet());
    }

    static Handshake handshake(String path, String rawQuery, Map<String, List<String>> headers) {
        List<String> protocols = new ArrayList<>();
        headers.forEach((k, v) -> {
            if (k.equalsIgnoreCase("Sec-WebSocket-Protocol")) {
                for (String value : v) {
                    for (String p : value.split(",")) {
                        if (!p.isBlank()) {
                            protocols.add(p.strip());
                        }
                    }
                }
            }
        });
        return new Handshake(path, Query.parse(rawQuery), headers, protocols);
    }

    Scenario scenarioFor(Route route, Handshake hs) {
        try {
            return Scenario.fromQuery(hs.query()).orElse(route.scenario());
        } catch (IllegalArgumentException e) {
            // the gate refused these already; keep the endpoint's scenario if one slips through
            return route.scenario();
        }
    }

    Recorder newRecorder(Handshake hs) {
        Recorder r = new Recorder(ids.incrementAndGet(), hs);
        journal.add(r);
        return r;
    }

    boolean hasRoute(String path) {
        return settings.routes().containsKey(path);
    }

    /** Decides on a handshake before Tyrus sees it: a refusal, or empty to go on. */
    Optional<Refusal> gate(String path, String rawQuery, Map<String, List<String>> headers) {
        Route route = settings.routes().get(path);
        if (route == null) {
            return Optional.empty();
        }
        Handshake hs = handshake(path, rawQuery, headers);
        Optional<Refusal> refusal;
        try {
            Scenario s = Scenario.fromQuery(hs.query()).orElse(route.scenario());
            if (s.fault().orElse(null) instanceof Fault.Refuse r) {
                refusal = Optional.of(
                        Refusal.status(r.status(), "Refused by the scenario (fault=refuse:" + r.status() + ")"));
            } else {
                refusal = route.handler().onHandshake(hs);
            }
        } catch (IllegalArgumentException e) {
            refusal = Optional.of(Refusal.status(400, e.getMessage()));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "handshake handler of " + path + " failed: " + e, e);
            refusal = Optional.of(Refusal.status(500, "The handshake handler failed"));
        }
        if (refusal.isPresent()) {
            Recorder r = newRecorder(hs);
            r.refused(refusal.get().status());
            journal.changed();
            report(r.snapshot());
        }
        return refusal;
    }

    void opened(Conn c) {
        open.put(c.id(), c);
        if (closing) {
            c.closeNow(1001, "Server shutting down");
        }
    }

    /** A connection ended: runs the handler's close callback, logs and reports it, once. */
    void closed(Conn c, Runnable handlerCallback) {
        open.remove(c.id());
        // Tyrus can report one session's close twice; a flag of the connection's own, never cleared (a set of ended
        // ids, emptied after each report to stay small, let a second report that came after the first through)
        if (!c.end()) {
            return;
        }
        try {
            handlerCallback.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "close handler of " + c.path() + " failed: " + e, e);
        }
        report(c.recorder().snapshot());
    }

    private void report(JournalEntry e) {
        // DEBUG: an embedded server (tests, evals) stays quiet; `wst mock` prints these lines itself.
        LOG.log(Level.DEBUG, e::summary);
        try {
            settings.onClosed().accept(e);
        } catch (RuntimeException ex) {
            LOG.log(Level.WARNING, "connection listener failed: " + ex, ex);
        }
    }

    /** Closes every connection with 1001, then stops the listener and every server thread. */
    @Override
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        for (Conn c : List.copyOf(open.values())) {
            c.closeNow(1001, "Server shutting down");
        }
        shutdown();
    }

    private void shutdown() {
        scheduler.shutdownNow();
        http.shutdownNow();
        container.stop();
        ExecutorService workers = transport.getWorkerThreadPool();
        ExecutorService kernel = transport.getKernelThreadPool();
        await(scheduler);
        await(workers);
        await(kernel);
        // a terminated pool may still have threads finishing their last lines: wait for them too
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith(threadPrefix) && t != Thread.currentThread()) {
                try {
                    t.join(5000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private static void await(ExecutorService pool) {
        if (pool == null) {
            return;
        }
        pool.shutdownNow();
        try {
            if (!pool.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.log(Level.WARNING, "mock server threads did not stop within 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
