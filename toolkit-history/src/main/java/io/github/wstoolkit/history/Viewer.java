package io.github.wstoolkit.history;

import io.github.wstoolkit.history.internal.ViewPages;
import io.github.wstoolkit.history.internal.ViewServer;
import java.net.URI;
import java.util.Objects;

/**
 * {@code wst view}: a local web viewer of the store, served by Grizzly's HTTP server on loopback by default. Pages,
 * each reachable by links from the first: the runs ({@code /}: search, dates, a pass-rate sparkline), a run
 * ({@code /runs/ID}: the test × prompt × provider matrix with filters, and per provider the latency and time to
 * first frame percentiles and histograms), a case ({@code /cases/ID}: prompt, vars, output, assertions, the frame
 * timeline and the frames), and two runs compared ({@code /compare?a=ID&b=ID}: status changes with regressions
 * first, output diffs side by side, both runs' distributions overlaid). Every page is rendered on the server
 * (HTML and inline SVG), needs nothing from the network, and is read-only; a run still being written reloads itself.
 *
 * <pre>{@code
 * try (Viewer v = Viewer.builder(store).port(0).start()) {
 *     System.out.println(v.uri());
 * }
 * }</pre>
 */
public final class Viewer implements AutoCloseable {

    /** The port {@code wst view} uses unless told otherwise (promptfoo view's). */
    public static final int DEFAULT_PORT = 15500;

    private final ViewServer server;

    private Viewer(ViewServer server) {
        this.server = server;
    }

    public static Builder builder(HistoryStore store) {
        return new Builder(store);
    }

    /** Options of a viewer. */
    public static final class Builder {
        private final HistoryStore store;
        private String host = "127.0.0.1";
        private int port = DEFAULT_PORT;

        private Builder(HistoryStore store) {
            this.store = Objects.requireNonNull(store, "store");
        }

        /**
         * The address to bind (default {@code 127.0.0.1}: only this machine can connect).
         *
         * @return this builder
         */
        public Builder host(String h) {
            this.host = Objects.requireNonNull(h, "h");
            return this;
        }

        /** The port (default {@value Viewer#DEFAULT_PORT}; 0 for any free one). */
        public Builder port(int p) {
            if (p < 0 || p > 65535) {
                throw new IllegalArgumentException("port must be 0-65535, got " + p);
            }
            this.port = p;
            return this;
        }

        /**
         * Binds and starts serving.
         *
         * @throws java.io.UncheckedIOException when the address cannot be bound (the message says what to do)
         */
        public Viewer start() {
            ViewPages pages = new ViewPages(store.db(), id -> store.load(id, true));
            return new Viewer(ViewServer.start(pages, host, port));
        }
    }

    /** The address served, {@code http://127.0.0.1:15500/}. */
    public URI uri() {
        String h = server.host().contains(":") ? "[" + server.host() + "]" : server.host();
        return URI.create("http://" + h + ":" + server.port() + "/");
    }

    public int port() {
        return server.port();
    }

    /** Stops serving. */
    @Override
    public void close() {
        server.close();
    }
}
