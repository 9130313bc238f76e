package io.github.wstoolkit.mockserver;

import io.github.wstoolkit.mockserver.internal.BuiltIns;
import io.github.wstoolkit.mockserver.internal.Route;
import io.github.wstoolkit.mockserver.internal.ServerCore;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A mock of the servers wstoolkit talks to, on one port: the reference WebSocket servers of promptfoo's examples, the OpenAI
 * Realtime API, custom {@link MockHandler}s, scripted latency and faults ({@link Scenario}), and a journal of what
 * every connection sent.
 *
 * <pre>{@code
 * try (MockServer server = MockServer.builder().start()) {     // 127.0.0.1, ephemeral port
 *     URI ws = server.wsUri("/ws-stream?gap=20");
 *     ...
 *     List<JournalEntry> journal = server.journal();
 * }
 * }</pre>
 *
 * <p>Endpoints: {@code GET /health}; {@code GET /} (and {@code /index.html}) the chunk/done server's web page; WebSocket
 * {@code /} the chunk/done server (or {@code /legacy-realtime}, see {@link RootBehaviour}), {@code /seed} the promptfoo's unmerged streaming branch
 * server always, {@code /ws} and {@code /ws-stream} (promptfoo's streaming example), {@code /legacy-realtime}, {@code /v1/realtime} (the
 * OpenAI Realtime API, GA shape); {@code GET /__journal}. Thread-safe. {@link #close()} closes every connection with
 * 1001 and stops every thread the server started.
 */
public final class MockServer implements AutoCloseable {

    /**
     * The port a {@link Builder} binds unless told otherwise: 0, a free port the system picks ({@link #port()} says
     * which), so tests never collide. ({@code wst mock} listens on 8080 by default, as promptfoo's example server;
     * {@code --port} changes it: docs/mock-server.md.)
     */
    public static final int DEFAULT_PORT = 0;

    /** Paths served over plain HTTP, which no WebSocket handler may take. */
    private static final List<String> HTTP_PATHS =
            List.of("/health", "/index.html", "/__journal", "/v1/chat/completions");

    private final ServerCore core;
    private final String host;

    private MockServer(Builder b) {
        this.host = b.host;
        Map<String, MockHandler> handlers = BuiltIns.handlers(b.root, b.realtimeApiKey);
        handlers.putAll(b.handlers);
        Map<String, Route> routes = new LinkedHashMap<>();
        handlers.forEach((path, handler) -> routes.put(
                path,
                new Route(
                        path,
                        handler,
                        b.scenarios.getOrDefault(path, Scenario.NONE).orElse(b.scenario))));
        for (String path : b.scenarios.keySet()) {
            if (!routes.containsKey(path)) {
                throw new IllegalArgumentException(
                        "a scenario names " + path + ", which is no WebSocket endpoint; endpoints: " + routes.keySet());
            }
        }
        this.core = ServerCore.start(new ServerCore.Settings(
                b.host,
                b.port,
                routes,
                List.copyOf(b.subprotocols),
                b.journalLimit,
                b.onConnectionClosed,
                b.root == RootBehaviour.SEED ? "/" : "/seed"));
    }

    /** {@return a builder: loopback, ephemeral port, the chunk/done server on {@code /}, no scenario} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts a server with the defaults of {@link #builder()}.
     *
     * @return the running server; close it to stop it
     */
    public static MockServer start() {
        return builder().start();
    }

    /** {@return the bound address as given ({@code 127.0.0.1} by default)} */
    public String host() {
        return host;
    }

    /** {@return the bound port (the chosen one when the builder said 0)} */
    public int port() {
        return core.port();
    }

    /** {@return {@code http://HOST:PORT/}: the page that lists the endpoints, and the base of the HTTP routes} */
    public URI uri() {
        return URI.create("http://" + authority() + "/");
    }

    /**
     * The URL a WebSocket client connects to: {@code wsUri("/ws-stream?gap=5")}.
     *
     * @param pathAndQuery an endpoint path, which may carry scenario query parameters
     * @return {@code ws://HOST:PORT} followed by the path
     */
    public URI wsUri(String pathAndQuery) {
        String p = pathAndQuery.startsWith("/") ? pathAndQuery : "/" + pathAndQuery;
        return URI.create("ws://" + authority() + p);
    }

    private String authority() {
        String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return h + ":" + port();
    }

    /** {@return the WebSocket endpoint paths, built-in and custom} */
    public List<String> paths() {
        return core.paths();
    }

    /** {@return a snapshot of the journal: every connection and refused handshake, oldest first} */
    public List<JournalEntry> journal() {
        return core.journalSnapshot();
    }

    /**
     * Waits until the journal satisfies the condition and returns that snapshot: how a test waits for the server's
     * side of a call (a close, a count of connections) without sleeping.
     *
     * @param condition tested on each new snapshot
     * @param timeout how long to wait
     * @return the first snapshot that satisfies the condition
     * @throws TimeoutException when it does not within the timeout (the message lists the journal)
     * @throws InterruptedException when interrupted while waiting
     */
    public List<JournalEntry> awaitJournal(Predicate<List<JournalEntry>> condition, Duration timeout)
            throws InterruptedException, TimeoutException {
        return core.awaitJournal(condition, timeout);
    }

    /**
     * Waits until connection {@code id} has closed and returns its entry.
     *
     * @param id the connection's {@link JournalEntry#id()}
     * @param timeout how long to wait
     * @return the connection's entry, with its close (or refusal)
     * @throws TimeoutException when it does not close within the timeout
     * @throws InterruptedException when interrupted while waiting
     */
    public JournalEntry awaitClosed(long id, Duration timeout) throws InterruptedException, TimeoutException {
        Predicate<JournalEntry> done =
                e -> e.id() == id && (e.close().isPresent() || e.refused().isPresent());
        return core.awaitJournal(j -> j.stream().anyMatch(done), timeout).stream()
                .filter(done)
                .findFirst()
                .orElseThrow();
    }

    /** Forgets every journal entry. */
    public void clearJournal() {
        core.clearJournal();
    }

    /** Closes every connection (1001 "Server shutting down") and stops the server and its threads. Idempotent. */
    @Override
    public void close() {
        core.close();
    }

    @Override
    public String toString() {
        return "MockServer[" + uri() + "]";
    }

    /** Configures and starts a {@link MockServer}. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port = DEFAULT_PORT;
        private RootBehaviour root = RootBehaviour.SEED;
        private Scenario scenario = Scenario.NONE;
        private final Map<String, Scenario> scenarios = new LinkedHashMap<>();
        private final Map<String, MockHandler> handlers = new LinkedHashMap<>();
        private final List<String> subprotocols = new ArrayList<>();
        private int journalLimit = 1000;
        private Consumer<JournalEntry> onConnectionClosed = e -> {};
        private java.util.Optional<String> realtimeApiKey = java.util.Optional.empty();

        private Builder() {}

        /**
         * The address to bind; {@code 127.0.0.1} by default.
         *
         * @param host an IP address or host name ({@code 0.0.0.0} for every interface)
         * @return this builder
         */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /**
         * The port to bind.
         *
         * @param port 0 to pick a free one (read it back with {@link MockServer#port()}), else 1-65535
         * @return this builder
         */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0-65535, got " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * What WebSocket connections to {@code /} get.
         *
         * @param root the chunk/done server ({@code SEED}, the default) or the legacy Realtime configuration
         * @return this builder
         */
        public Builder root(RootBehaviour root) {
            this.root = Objects.requireNonNull(root, "root");
            return this;
        }

        /**
         * The scenario of every endpoint (an endpoint's own scenario and the query parameters win).
         *
         * @param scenario latency, faults and closes to play
         * @return this builder
         */
        public Builder scenario(Scenario scenario) {
            this.scenario = Objects.requireNonNull(scenario, "scenario");
            return this;
        }

        /**
         * The scenario of one endpoint (the query parameters win).
         *
         * @param path the endpoint's path, such as {@code /ws-stream}
         * @param scenario latency, faults and closes to play on it
         * @return this builder
         */
        public Builder scenario(String path, Scenario scenario) {
            scenarios.put(checkPath(path), Objects.requireNonNull(scenario, "scenario"));
            return this;
        }

        /**
         * A custom WebSocket endpoint; it replaces a built-in one at the same path.
         *
         * @param path where it listens, not one of the HTTP routes
         * @param handler answers each message of a connection
         * @return this builder
         */
        public Builder handler(String path, MockHandler handler) {
            String p = checkPath(path);
            if (HTTP_PATHS.contains(p)) {
                throw new IllegalArgumentException(p + " is an HTTP route of the mock server; pick another path");
            }
            handlers.put(p, Objects.requireNonNull(handler, "handler"));
            return this;
        }

        /**
         * Subprotocols the server accepts, in preference order: a client asking for one of them gets the first of
         * its own list that is here. None by default (a client's requested subprotocols are then not accepted).
         *
         * @param protocols subprotocol names, without commas
         * @return this builder
         */
        public Builder subprotocols(String... protocols) {
            for (String p : protocols) {
                if (p == null || p.isBlank() || p.contains(",")) {
                    throw new IllegalArgumentException("invalid subprotocol '" + p + "'");
                }
                subprotocols.add(p.strip());
            }
            return this;
        }

        /**
         * The API key {@code /v1/realtime} accepts (as {@code Authorization: Bearer KEY} or {@code api-key: KEY});
         * by default any non-empty key is accepted.
         *
         * @param key the one key to accept; other keys get the handshake refused with 401
         * @return this builder
         */
        public Builder realtimeApiKey(String key) {
            if (key == null || key.isBlank()) {
                throw new IllegalArgumentException("the realtime API key must not be empty");
            }
            this.realtimeApiKey = java.util.Optional.of(key);
            return this;
        }

        /**
         * How many connections the journal keeps (the oldest are dropped); 1000 by default.
         *
         * @param limit at least 1
         * @return this builder
         */
        public Builder journalLimit(int limit) {
            if (limit < 1) {
                throw new IllegalArgumentException("journal limit must be at least 1, got " + limit);
            }
            this.journalLimit = limit;
            return this;
        }

        /**
         * Called with a connection's journal entry when it ends, and with a refused handshake's entry; on a server
         * thread, so keep it short.
         *
         * @param listener receives each ended connection's entry
         * @return this builder
         */
        public Builder onConnectionClosed(Consumer<JournalEntry> listener) {
            this.onConnectionClosed = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Binds and starts the server.
         *
         * @return the running server; close it to stop it
         * @throws java.io.UncheckedIOException when the address cannot be bound
         * @throws IllegalArgumentException when a scenario names no endpoint
         */
        public MockServer start() {
            return new MockServer(this);
        }

        /** An endpoint path as the builder takes it; the scenario file checks its paths with it too. */
        static String checkPath(String path) {
            Objects.requireNonNull(path, "path");
            if (!path.startsWith("/") || path.contains("?") || path.contains("#") || path.contains(" ")) {
                throw new IllegalArgumentException(
                        "an endpoint path starts with / and has no query, fragment or space, got '" + path + "'");
            }
            return path;
        }
    }
}
