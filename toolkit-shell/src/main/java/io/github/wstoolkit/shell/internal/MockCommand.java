package io.github.wstoolkit.shell.internal;

import io.github.wstoolkit.mockserver.MockServer;
import io.github.wstoolkit.mockserver.RootBehaviour;
import io.github.wstoolkit.mockserver.ScenarioFile;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code wst mock}: runs the mock server until Ctrl-C (or, when embedded, until the calling thread is interrupted),
 * printing its URLs and one line per connection (secrets redacted).
 */
@Command(
        name = "mock",
        mixinStandardHelpOptions = true,
        description = {
            "Run the mock server: the reference WebSocket servers, the OpenAI Realtime API (/v1/realtime), scripted"
                    + " latency and faults.",
            "Stops cleanly on Ctrl-C."
        })
final class MockCommand implements Callable<Integer> {

    @Option(
            names = "--port",
            defaultValue = "8080",
            paramLabel = "PORT",
            description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(
            names = "--host",
            defaultValue = "127.0.0.1",
            paramLabel = "HOST",
            description = "Address to bind (default: ${DEFAULT-VALUE}, loopback only).")
    String host;

    @Option(
            names = "--scenario",
            paramLabel = "FILE",
            description = "YAML scenario file: root, scenario for every endpoint, scenarios per endpoint.")
    String scenario;

    @Option(
            names = "--root",
            paramLabel = "BEHAVIOUR",
            converter = RootConverter.class,
            description = "What WebSocket connections to / get: seed (default) or legacy-realtime.")
    RootBehaviour root;

    @Option(names = "--verbose", description = "Also print the server's own log lines (Grizzly, Tyrus).")
    boolean verbose;

    @CommandLine.ParentCommand
    MainCommand parent;

    private Io io;

    static final class RootConverter implements CommandLine.ITypeConverter<RootBehaviour> {
        @Override
        public RootBehaviour convert(String value) {
            try {
                return RootBehaviour.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    @Override
    public Integer call() throws Exception {
        io = parent.io;
        EvalCommand.quietServerLogs(io, verbose);
        if (port < 0 || port > 65535) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--port must be 0-65535, got " + port);
        }
        MockServer.Builder b = MockServer.builder().host(host).port(port).onConnectionClosed(e -> io.out()
                .println("wst mock: " + e.summary()));
        if (scenario != null) {
            ScenarioFile.load(io.resolve(scenario)).applyTo(b);
        }
        if (root != null) {
            b.root(root);
        }
        if (!loopback(host)) {
            io.err()
                    .println("wst mock: WARNING: listening on " + host + ": anyone who can reach this address can use"
                            + " the mock (its Realtime endpoint takes any bearer token) and read /__journal, what every"
                            + " connection sent. Use the default 127.0.0.1 unless you mean it.");
        }
        CountDownLatch stopped = new CountDownLatch(1);
        MockServer server = b.start();
        Thread hook = new Thread(
                () -> {
                    server.close();
                    io.out().println("wst mock: stopped");
                    io.out().flush();
                    stopped.countDown();
                    // Ctrl-C is how this command ends: exit 0 once the server is closed, not 130.
                    Runtime.getRuntime().halt(0);
                },
                "wst-mock-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        printBanner(server);
        try {
            stopped.await();
        } catch (InterruptedException e) {
            // embedded use (tests, the shell): the caller interrupts to stop
            Runtime.getRuntime().removeShutdownHook(hook);
            server.close();
            io.out().println("wst mock: stopped");
        }
        return 0;
    }

    private static boolean loopback(String host) {
        try {
            return java.net.InetAddress.getByName(host).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    private void printBanner(MockServer server) {
        String http = server.uri().toString();
        String ws = server.wsUri("/").toString();
        var out = io.out();
        out.println("wst mock: listening on " + http);
        out.println("Streaming chatbots (point a ws:// provider here):");
        out.println("  WS   " + ws + "ws-stream        streams each answer: ready, delta..., message, done");
        out.println("  WS   " + ws + "ws               answers each message with one message");
        out.println("  WS   " + ws + "                 streams word by word: connected, chunk..., done"
                + (root == RootBehaviour.LEGACY_REALTIME ? " (here: the legacy Realtime endpoint)" : ""));
        out.println("OpenAI APIs (any bearer token):");
        out.println("  WS   " + ws + "v1/realtime      the Realtime API, GA shape: text, audio, function calls");
        out.println("  WS   " + ws + "legacy-realtime  the Realtime API with beta event names");
        out.println("  POST " + http + "v1/chat/completions  Chat Completions; grades llm-rubric prompts"
                + " (apiBaseUrl: " + http + "v1)");
        out.println("For people and scripts:");
        out.println("  GET  " + http + "                a web page to chat with the streaming server");
        out.println("  GET  " + http + "health          {\"status\":\"ok\"}");
        out.println("  GET  " + http + "__journal       what each connection sent (secrets redacted)");
        out.println("Latency and faults per connection: ?ttfb=MS&gap=MS&jitter=MS&chunk=N&fault=close:1011 (see"
                + " docs/mock-server.md).");
        out.println("Press Ctrl-C to stop.");
        out.flush();
    }
}
