package io.github.wstoolkit.bench;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * Entry point of {@code bench/run.sh}: {@code Bench NAME [args...]} runs one benchmark. Each benchmark is a class with
 * a {@code static void main(String[])}, registered in {@link #BENCHMARKS}.
 */
public final class Bench {

    /** Benchmark name → what it measures; the class is {@code io.github.wstoolkit.bench.<Name>Bench}. */
    private static final Map<String, String> BENCHMARKS = new TreeMap<>(
            Map.of(
                    "eval",
                    "wst eval over 500 and 10,000 streaming cases against the mock server: wall time, cases/s, peak RSS",
                    "history",
                    "the results store: rows written/s and db size per 1,000 cases of 10 frames, beside the eval without it",
                    "realtime",
                    "OpenAI Realtime provider (direct, persistent) vs a bare RealtimeSession, turns/s at concurrency 1 and 16",
                    "mockserver",
                    "frames/s and connections/s of the mock server beside a bare Tyrus endpoint",
                    "soak",
                    "wst eval over 10,000 cases at -j 2000 with 1% faulted connections: wall, peak RSS, every check",
                    "wsprovider",
                    "WebSocket provider (Groovy streamResponse) vs bare Tyrus, calls/s at concurrency 1 and 32; per-frame transform cost"));

    /** Names whose class does not follow the {@code <Name>Bench} rule (name → simple class name). */
    private static final Map<String, String> CLASS_NAMES =
            Map.of("mockserver", "MockServerBench", "wsprovider", "WsProviderBench");

    private Bench() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || !BENCHMARKS.containsKey(args[0])) {
            System.out.println("usage: bench/run.sh NAME [args...]\n\nbenchmarks:");
            BENCHMARKS.forEach((name, what) -> System.out.printf("  %-12s %s%n", name, what));
            System.exit(args.length == 0 ? 0 : 1);
        }
        String name = args[0];
        String cls = Bench.class.getPackageName() + "."
                + CLASS_NAMES.getOrDefault(name, Character.toUpperCase(name.charAt(0)) + name.substring(1) + "Bench");
        Class.forName(cls).getMethod("main", String[].class).invoke(null, (Object)
                Arrays.copyOfRange(args, 1, args.length));
    }
}
