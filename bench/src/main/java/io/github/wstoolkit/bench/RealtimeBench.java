package io.github.wstoolkit.bench;

import io.github.wstoolkit.api.CallContext;
import io.github.wstoolkit.api.ProviderResponse;
import io.github.wstoolkit.mockserver.MockServer;
import io.github.wstoolkit.realtime.ClientEvent;
import io.github.wstoolkit.realtime.OpenAiRealtimeProvider;
import io.github.wstoolkit.realtime.RealtimeOptions;
import io.github.wstoolkit.realtime.RealtimeResponse;
import io.github.wstoolkit.realtime.RealtimeSession;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The OpenAI Realtime provider against the mock server's GA {@code /v1/realtime}, same run, same answers:
 *
 * <ul>
 *   <li>baseline: a bare {@link RealtimeSession} kept open, one turn after another (item, response.create,
 *       awaitResponse): the least a turn costs on this machine;
 *   <li>persistent: the provider with a {@code conversationId} (one conversation per worker, socket reused);
 *   <li>direct: the provider without one (a new socket, handshake and session per call).
 * </ul>
 *
 * <p>At concurrency 1 and 16 (virtual threads). {@code bench/run.sh realtime [turns]} (default 1000 per figure).
 */
public final class RealtimeBench {

    private static final String KEY = "bench-key";

    private RealtimeBench() {}

    public static void main(String[] args) throws Exception {
        java.util.logging.Logger.getLogger("io.github.wstoolkit.mockserver").setLevel(java.util.logging.Level.WARNING);
        int turns = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        try (MockServer server = MockServer.builder().port(0).start()) {
            String base = "http://127.0.0.1:" + server.port() + "/v1";
            System.out.printf(
                    "OpenAI Realtime provider vs a bare session, mock /v1/realtime, %d turns per figure%n", turns);
            System.out.printf("%-38s %6s %10s %12s %14s%n", "", "conc", "turns/s", "mean ms", "mean connect");
            for (int concurrency : new int[] {1, 16}) {
                // warm-up, not reported
                session(base, Math.max(50, turns / 10), concurrency);
                provider(base, Math.max(50, turns / 10), concurrency, true);
                report("bare RealtimeSession (kept open)", concurrency, session(base, turns, concurrency));
                report("provider, persistent (conversationId)", concurrency, provider(base, turns, concurrency, true));
                report("provider, direct (socket per call)", concurrency, provider(base, turns, concurrency, false));
            }
        }
    }

    /** turns, elapsed nanos, summed call nanos, summed connect nanos. */
    private record Figures(int turns, long elapsed, long callNanos, long connectNanos) {}

    private static void report(String what, int concurrency, Figures f) {
        System.out.printf(
                "%-38s %6d %10.0f %12.2f %14s%n",
                what,
                concurrency,
                f.turns() / (f.elapsed() / 1e9),
                f.callNanos() / 1e6 / f.turns(),
                f.connectNanos() < 0 ? "-" : String.format("%.2f ms", f.connectNanos() / 1e6 / f.turns()));
    }

    private interface Worker {
        void run(int worker, int count, LongAdder callNanos, LongAdder connectNanos) throws Exception;
    }

    private static Figures run(int turns, int concurrency, Worker worker) throws Exception {
        LongAdder calls = new LongAdder();
        LongAdder connects = new LongAdder();
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < concurrency; w++) {
                int id = w;
                int count = turns / concurrency + (w < turns % concurrency ? 1 : 0);
                futures.add(pool.submit(() -> {
                    worker.run(id, count, calls, connects);
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get(10, TimeUnit.MINUTES);
            }
        }
        return new Figures(turns, System.nanoTime() - start, calls.sum(), connects.sum());
    }

    private static Figures session(String base, int turns, int concurrency) throws Exception {
        Figures f = run(turns, concurrency, (id, count, calls, connects) -> {
            RealtimeOptions options = RealtimeOptions.builder()
                    .model("gpt-realtime")
                    .apiKey(KEY)
                    .apiBaseUrl(base)
                    .env(Map.of())
                    .build();
            try (RealtimeSession s = RealtimeSession.open(options)) {
                s.send(new ClientEvent.SessionUpdate(Map.of("type", "realtime", "output_modalities", List.of("text"))));
                for (int i = 0; i < count; i++) {
                    long t = System.nanoTime();
                    s.send(ClientEvent.ConversationItemCreate.userText("Hello number " + i));
                    s.send(ClientEvent.ResponseCreate.withSessionDefaults());
                    RealtimeResponse r = s.awaitResponse(Duration.ofSeconds(30));
                    calls.add(System.nanoTime() - t);
                    if (r.text().isEmpty()) {
                        throw new IllegalStateException("empty answer");
                    }
                }
            }
        });
        return new Figures(f.turns(), f.elapsed(), f.callNanos(), -1);
    }

    private static Figures provider(String base, int turns, int concurrency, boolean persistent) throws Exception {
        try (OpenAiRealtimeProvider provider = OpenAiRealtimeProvider.builder()
                .apiKey(KEY)
                .apiBaseUrl(base)
                .env(Map.of())
                .modalities("text")
                .websocketTimeout(Duration.ofSeconds(30))
                .build()) {
            return run(turns, concurrency, (id, count, calls, connects) -> {
                CallContext context = persistent
                        ? CallContext.builder()
                                .test(Map.of("metadata", Map.of("conversationId", "bench-" + id)))
                                .build()
                        : CallContext.EMPTY;
                for (int i = 0; i < count; i++) {
                    long t = System.nanoTime();
                    ProviderResponse r = provider.call("Hello number " + i, context);
                    calls.add(System.nanoTime() - t);
                    connects.add(r.timings().connect().toNanos());
                    if (r.error().isPresent()) {
                        throw new IllegalStateException(r.error().get());
                    }
                }
            });
        }
    }
}
