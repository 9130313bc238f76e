package io.github.wstoolkit.history.internal;

import io.github.wstoolkit.eval.EvalRun;
import io.github.wstoolkit.eval.report.ReportFormat;
import io.github.wstoolkit.eval.report.Reports;
import io.github.wstoolkit.history.HistoryException;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.BindException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.glassfish.grizzly.http.Method;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;
import org.glassfish.grizzly.nio.transport.TCPNIOTransport;
import org.glassfish.grizzly.nio.transport.TCPNIOTransportBuilder;
import org.glassfish.grizzly.threadpool.ThreadPoolConfig;

/**
 * The viewer's HTTP server: Grizzly's, on the address asked for (loopback by default), read-only (GET and HEAD).
 * Requests whose {@code Host} is not the address served are refused when it is loopback, so a page on another site
 * cannot read the runs through DNS rebinding.
 */
public final class ViewServer implements AutoCloseable {

    private static final Pattern RUN = Pattern.compile("/runs/(\\d{1,18})/?");
    private static final Pattern EXPORT = Pattern.compile("/runs/(\\d{1,18})/export/([A-Za-z0-9._-]{1,80})");
    private static final Pattern CASE = Pattern.compile("/cases/(\\d{1,18})/?");

    private static final String CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline';"
            + " img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    private final HttpServer http;
    private final TCPNIOTransport transport;
    private final String host;
    private final int port;

    private ViewServer(ViewPages pages, String host, int requestedPort) throws IOException {
        this.host = host;
        this.http = new HttpServer();
        NetworkListener listener = new NetworkListener("wst-view", host, requestedPort);
        this.transport = TCPNIOTransportBuilder.newInstance()
                .setWorkerThreadPoolConfig(ThreadPoolConfig.defaultConfig()
                        .copy()
                        .setPoolName("wst-view-worker")
                        .setCorePoolSize(1)
                        .setMaxPoolSize(8)
                        .setDaemon(true))
                .setSelectorThreadPoolConfig(ThreadPoolConfig.defaultConfig()
                        .copy()
                        .setPoolName("wst-view-selector")
                        .setCorePoolSize(1)
                        .setMaxPoolSize(1)
                        .setDaemon(true))
                .build();
        listener.setTransport(transport);
        http.addListener(listener);
        http.getServerConfiguration().setHttpServerName("wst-view");
        http.getServerConfiguration().setJmxEnabled(false);
        // search boxes send UTF-8 (the pages declare it)
        http.getServerConfiguration().setDefaultQueryEncoding(StandardCharsets.UTF_8);
        http.getServerConfiguration().addHttpHandler(new Routes(pages, allowedHosts(host)), "/");
        http.start();
        this.port = listener.getPort();
    }

    /**
     * Binds and starts.
     *
     * @throws UncheckedIOException when the address cannot be bound (the port is taken, the host is not local)
     */
    public static ViewServer start(ViewPages pages, String host, int port) {
        try {
            return new ViewServer(pages, host, port);
        } catch (BindException e) {
            throw new UncheckedIOException(
                    "cannot listen on " + host + ":" + port + " (" + e.getMessage() + "): is another wst view running?"
                            + " Use --port to pick another port, or --port 0 for any free one",
                    e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        http.shutdownNow();
        try {
            transport.shutdownNow();
        } catch (IOException e) {
            // stopping anyway
        }
    }

    /** Host names a browser on this machine uses for a loopback address; empty (anything goes) otherwise. */
    static Set<String> allowedHosts(String host) {
        try {
            if (!InetAddress.getByName(host).isLoopbackAddress()) {
                return Set.of();
            }
        } catch (UnknownHostException e) {
            return Set.of();
        }
        Set<String> names = new java.util.HashSet<>(Set.of("localhost", "127.0.0.1", "[::1]", "::1"));
        names.add(host.toLowerCase(Locale.ROOT));
        return Set.copyOf(names);
    }

    private static final class Routes extends HttpHandler {
        private final ViewPages pages;
        private final Set<String> allowedHosts;

        Routes(ViewPages pages, Set<String> allowedHosts) {
            this.pages = pages;
            this.allowedHosts = allowedHosts;
        }

        @Override
        public void service(Request request, Response response) throws Exception {
            response.setHeader("Cache-Control", "no-store");
            response.setHeader("X-Content-Type-Options", "nosniff");
            response.setHeader("Referrer-Policy", "no-referrer");
            response.setHeader("Content-Security-Policy", CSP);
            Method method = request.getMethod();
            if (!Method.GET.equals(method) && !Method.HEAD.equals(method)) {
                response.setHeader("Allow", "GET, HEAD");
                send(response, 405, "text/plain; charset=utf-8", "wst view is read-only\n");
                return;
            }
            if (!allowedHosts.isEmpty() && !allowedHosts.contains(hostOf(request.getHeader("Host")))) {
                send(response, 403, "text/plain; charset=utf-8", "wst view answers only to this machine's names\n");
                return;
            }
            String path = request.getRequestURI();
            Map<String, String> params = new LinkedHashMap<>();
            for (String name : request.getParameterNames()) {
                params.put(name, request.getParameter(name));
            }
            try {
                Matcher m;
                if (path.equals("/") || path.equals("/runs") || path.equals("/runs/")) {
                    html(response, 200, pages.runs(params));
                } else if ((m = EXPORT.matcher(path)).matches()) {
                    export(response, Long.parseLong(m.group(1)), m.group(2));
                } else if ((m = RUN.matcher(path)).matches()) {
                    html(response, 200, pages.run(Long.parseLong(m.group(1)), params));
                } else if ((m = CASE.matcher(path)).matches()) {
                    html(response, 200, pages.caseView(Long.parseLong(m.group(1))));
                } else if (path.equals("/compare")) {
                    html(response, 200, pages.compare(params));
                } else if (path.equals("/favicon.ico")) {
                    response.setStatus(204);
                } else {
                    html(response, 404, message("Not found", "There is no page " + path + " here."));
                }
            } catch (HistoryException e) {
                int status =
                        switch (e.kind()) {
                            case NOT_FOUND -> 404;
                            case BAD_INPUT -> 400;
                            default -> 500;
                        };
                html(response, status, message(status == 500 ? "The database failed" : "Not here", e.getMessage()));
            } catch (RuntimeException e) {
                html(response, 500, message("Something went wrong", e.toString()));
            }
        }

        private void export(Response response, long id, String name) throws IOException {
            ReportFormat format;
            try {
                format = ReportFormat.of(Path.of(name));
            } catch (RuntimeException e) {
                html(response, 400, message("Not a report format", e.getMessage()));
                return;
            }
            EvalRun run = pages.exportRun(id);
            response.setStatus(200);
            response.setContentType(
                    switch (format) {
                        case JSON -> "application/json";
                        case HTML -> "text/html";
                        case CSV -> "text/csv";
                        case JSONL -> "application/x-ndjson";
                        case YAML -> "application/yaml";
                        case XML, JUNIT -> "application/xml";
                    });
            response.setCharacterEncoding("utf-8");
            response.setHeader("Content-Disposition", "attachment; filename=\"" + name + "\"");
            Writer w = new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8);
            Reports.write(run, format, w);
            w.flush();
        }

        private static String hostOf(String header) {
            if (header == null) {
                return "";
            }
            String h = header.strip().toLowerCase(Locale.ROOT);
            if (h.startsWith("[")) {
                int close = h.indexOf(']');
                return close > 0 ? h.substring(0, close + 1) : h;
            }
            int colon = h.lastIndexOf(':');
            return colon > 0 ? h.substring(0, colon) : h;
        }

        private static String message(String title, String text) {
            return Page.layout(
                    title,
                    "",
                    "<h1>" + Page.esc(title) + "</h1><p>" + Page.esc(text) + "</p><p><a href=\"/\">All runs</a></p>",
                    "",
                    0);
        }

        private static void html(Response response, int status, String body) throws IOException {
            send(response, status, "text/html; charset=utf-8", body);
        }

        private static void send(Response response, int status, String type, String body) throws IOException {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            response.setStatus(status);
            response.setContentType(type);
            response.setContentLength(bytes.length);
            response.getOutputStream().write(bytes);
        }
    }
}
