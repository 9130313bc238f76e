package io.github.wstoolkit.bench;

import io.github.wstoolkit.api.CallContext;
import io.github.wstoolkit.api.ProviderResponse;
import io.github.wstoolkit.api.json.Json;
import io.github.wstoolkit.api.spi.TransformCompiler;
import io.github.wstoolkit.api.transform.StreamEvent;
import io.github.wstoolkit.api.transform.StreamResponse;
import io.github.wstoolkit.api.transform.StreamStep;
import io.github.wstoolkit.api.transform.TransformSource;
import io.github.wstoolkit.mockserver.MockServer;
import io.github.wstoolkit.ws.WebSocketProvider;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.glassfish.tyrus.client.ClientManager;
import org.glassfish.tyrus.client.ClientProperties;
import org.glassfish.tyrus.container.grizzly.client.GrizzlyClientContainer;

/**
 * The WebSocket provider against a bare Tyrus client, same exchange, same run: N calls to the mock server's
 * {@code /ws-stream} (10 frames per call: ready, 7 deltas, message, done) through the provider with a Groovy
 * {@code streamResponse}, and through a bare Tyrus client that only counts frames; at concurrency 1 and 32 (virtual
 * threads), in rounds that alternate the two. Then the per-frame cost of the compiled Groovy transform beside the same logic as a Java lambda.
 *
 * <p>{@code bench/run.sh wsprovider [calls]} (default 2000: each warm-up round makes that many calls through each path,
 * each measured round a quarter of them).
 */
public final class WsProviderBench {

    private static final String INPUT = "one two three four five"; // reply "You said: ..." = 7 words
    private static final String MESSAGE = "{\"input\": \"" + INPUT + "\"}";
    private static final String GROOVY =
            """
            (acc, event, ctx) -> {
              def m = JSON.parse(event.data)
              if (m.type == 'message') { return [[output: m.message], false] }
              if (m.type == 'done') { return [acc, true] }
              return [acc, false]
            }
            """;

    /**
     * Measured rounds per concurrency, each of {@code calls / 4} calls through each path: short rounds, so that a
     * slow second of a shared machine falls on both paths alike more often than not.
     */
    private static final int ROUNDS = 15;

    private WsProviderBench() {}

    private static double median(double[] values) {
        double[] v = values.clone();
        java.util.Arrays.sort(v);
        return v[v.length / 2];
    }

    private static String rounded(double[] values) {
        StringBuilder b = new StringBuilder();
        for (double d : values) {
            b.append(b.isEmpty() ? "" : " ").append(String.format("%.2f", d));
        }
        return b.toString();
    }

    interface Call {
        void run() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        // the mock server reports every connection at INFO; that is not what we measure
        java.util.logging.Logger.getLogger("io.github.wstoolkit.mockserver").setLevel(java.util.logging.Level.WARNING);
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        try (MockServer server = MockServer.builder().port(0).start()) {
            URI uri = server.wsUri("/ws-stream");
            StreamResponse groovy = java.util.ServiceLoader.load(TransformCompiler.class)
                    .findFirst()
                    .orElseThrow()
                    .streamResponse(TransformSource.inline("streamResponse", GROOVY));
            WebSocketProvider provider = WebSocketProvider.builder()
                    .url(uri.toString())
                    .messageTemplate("{\"input\": {{ prompt | dump }}}")
                    .streamResponse(groovy)
                    .timeout(Duration.ofSeconds(30))
                    .build();
            String expected = "You said: " + INPUT;
            java.util.concurrent.atomic.LongAdder connectNanos = new java.util.concurrent.atomic.LongAdder();
            java.util.concurrent.atomic.LongAdder totalNanos = new java.util.concurrent.atomic.LongAdder();
            java.util.concurrent.atomic.LongAdder counted = new java.util.concurrent.atomic.LongAdder();
            Call viaProvider = () -> {
                ProviderResponse r = provider.call(INPUT, CallContext.EMPTY);
                connectNanos.add(r.timings().connect().toNanos());
                totalNanos.add(r.timings().total().toNanos());
                counted.increment();
                if (!expected.equals(r.output()) || r.timings().framesReceived() != 10) {
                    throw new IllegalStateException(
                            "unexpected " + r.output() + " / " + r.timings().framesReceived());
                }
            };
            // like the provider, one ClientManager for every connection, on the shared transport (see toolkit-ws
            // TyrusClients), and the same Tyrus settings as toolkit-ws (a transport that is not stopped when idle, no
            // per-send idle timer), so the baseline differs from the provider only by templating, transforms and
            // bookkeeping.
            // The transport itself is one per JVM, made by the first connection: the provider's call below, so that
            // both run on toolkit-ws' transport, whose reads stay on the selector threads (SelectorReads). Tyrus with
            // its own defaults is measured in a JVM of its own: the floor of `bench/run.sh vs-promptfoo`.
            provider.call(INPUT, CallContext.EMPTY);
            ClientManager bare = ClientManager.createClient(GrizzlyClientContainer.class.getName());
            bare.getProperties().put(ClientProperties.SHARED_CONTAINER, true);
            bare.getProperties().put(ClientProperties.SHARED_CONTAINER_IDLE_TIMEOUT, 24 * 60 * 60);
            bare.setDefaultMaxSessionIdleTimeout(-1);
            Call viaTyrus = () -> bareExchange(bare, uri);

            System.out.printf(
                    "WebSocket provider vs bare Tyrus: /ws-stream, 10 frames/call, %d rounds of %d calls alternating"
                            + " the two (medians)%n",
                    ROUNDS, Math.max(50, calls / 4));
            for (int concurrency : new int[] {1, 32}) {
                // warm-up, then rounds that alternate bare Tyrus and the provider, so that a noisy neighbour on a
                // shared machine slows both alike; the ratio is taken per round, then the median. The warm-up is
                // long enough that C2 is done compiling both paths: with a short warm-up its compile threads took
                // a third of the process's CPU during the rounds (async-profiler), slowing whichever ran
                for (int w = 0; w < 3; w++) {
                    rate(viaTyrus, calls, concurrency);
                    rate(viaProvider, calls, concurrency);
                }
                double[] tyrus = new double[ROUNDS];
                double[] prov = new double[ROUNDS];
                double[] ratio = new double[ROUNDS];
                double[] tyrusCpu = new double[ROUNDS];
                double[] provCpu = new double[ROUNDS];
                double[] cpuRatio = new double[ROUNDS];
                connectNanos.reset();
                totalNanos.reset();
                counted.reset();
                for (int r = 0; r < ROUNDS; r++) {
                    Rate t = rate(viaTyrus, Math.max(50, calls / 4), concurrency);
                    Rate p = rate(viaProvider, Math.max(50, calls / 4), concurrency);
                    tyrus[r] = t.callsPerSecond();
                    prov[r] = p.callsPerSecond();
                    ratio[r] = prov[r] / tyrus[r];
                    tyrusCpu[r] = t.cpuMicrosPerCall();
                    provCpu[r] = p.cpuMicrosPerCall();
                    cpuRatio[r] = tyrusCpu[r] / provCpu[r];
                }
                System.out.printf(
                        "  concurrency %2d: bare Tyrus %8.0f calls/s, provider %8.0f calls/s, ratio %.2f"
                                + " (per round: %s)%n",
                        concurrency, median(tyrus), median(prov), median(ratio), rounded(ratio));
                System.out.printf(
                        "                  CPU per call (process, server included): bare Tyrus %.0f us, provider"
                                + " %.0f us, bare/provider %.2f (per round: %s)%n",
                        median(tyrusCpu), median(provCpu), median(cpuRatio), rounded(cpuRatio));
                System.out.printf(
                        "                  provider mean connect %.2f ms, mean call %.2f ms (CallTimings)%n",
                        connectNanos.sum() / 1e6 / counted.sum(), totalNanos.sum() / 1e6 / counted.sum());
            }
            provider.close();
            perFrame(groovy);
        }
        System.exit(0);
    }

    /** Calls per second of wall time, and CPU time of the whole process (client and in-process server) per call. */
    private record Rate(double callsPerSecond, double cpuMicrosPerCall) {}

    private static final com.sun.management.OperatingSystemMXBean OS = (com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean();

    private static Rate rate(Call call, int n, int concurrency) throws Exception {
        AtomicInteger next = new AtomicInteger();
        long cpu = OS.getProcessCpuTime();
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < concurrency; w++) {
                workers.add(pool.submit(() -> {
                    while (next.getAndIncrement() < n) {
                        call.run();
                    }
                    return null;
                }));
            }
            for (Future<?> f : workers) {
                f.get();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Rate(n / seconds, (OS.getProcessCpuTime() - cpu) / 1e3 / n);
    }

    /** The same exchange with nothing but Tyrus: connect, send, count frames until {@code done}, close. */
    private static void bareExchange(ClientManager client, URI uri) throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        AtomicInteger frames = new AtomicInteger();
        Endpoint endpoint = new Endpoint() {
            @Override
            public void onOpen(Session session, EndpointConfig config) {
                session.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> {
                    frames.incrementAndGet();
                    if (text.contains("\"done\"")) {
                        done.countDown();
                    }
                });
            }
        };
        Session s = client.connectToServer(
                endpoint, ClientEndpointConfig.Builder.create().build(), uri);
        try {
            s.getBasicRemote().sendText(MESSAGE);
            if (!done.await(30, TimeUnit.SECONDS) || frames.get() != 10) {
                throw new IllegalStateException("bare exchange got " + frames.get() + " frames");
            }
        } finally {
            s.close(new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, ""));
        }
    }

    /** ns per frame of the compiled Groovy streamResponse, beside the same logic as a Java lambda. */
    private static void perFrame(StreamResponse groovy) throws Exception {
        StreamResponse java = (acc, event, ctx) -> {
            Map<?, ?> m = (Map<?, ?>) Json.parse((String) event.data());
            if ("message".equals(m.get("type"))) {
                return StreamStep.more(Map.of("output", m.get("message")));
            }
            return new StreamStep(acc, "done".equals(m.get("type")));
        };
        StreamEvent delta = StreamEvent.text("{\"type\":\"delta\",\"message\":\"four\"}", 3, Duration.ZERO);
        StreamEvent message =
                StreamEvent.text("{\"type\":\"message\",\"message\":\"" + INPUT + "\"}", 8, Duration.ZERO);
        int n = 300_000;
        for (int round = 0; round < 3; round++) {
            double g = nsPerFrame(groovy, delta, message, n);
            double j = nsPerFrame(java, delta, message, n);
            if (round == 2) {
                System.out.printf(
                        "per frame (JSON parse + decision): Groovy streamResponse %.0f ns, Java lambda %.0f ns,"
                                + " Groovy overhead %.0f ns (x%.2f)%n",
                        g, j, g - j, g / j);
            }
        }
    }

    private static double nsPerFrame(StreamResponse fn, StreamEvent a, StreamEvent b, int n) throws Exception {
        Object acc = WebSocketProvider.INITIAL_ACCUMULATOR;
        long sink = 0;
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            StreamStep s = fn.apply(acc, (i & 7) == 7 ? b : a, CallContext.EMPTY);
            sink += s.complete() ? 1 : 0;
            acc = s.accumulator();
        }
        long took = System.nanoTime() - start;
        if (sink < 0) {
            System.out.println(sink);
        }
        return (double) took / n;
    }
}
