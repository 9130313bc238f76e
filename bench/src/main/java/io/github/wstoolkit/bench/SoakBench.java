package io.github.wstoolkit.bench;

import io.github.wstoolkit.api.json.Json;
import io.github.wstoolkit.mockserver.JournalEntry;
import io.github.wstoolkit.mockserver.MockServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code bench/run.sh soak [CASES] [-j N] [--timeout MS]}: the image's {@code wst eval} over CASES streaming cases
 * (default 10,000) at {@code -j N} (default 2000) against the mock server in this JVM, with 1% of the connections
 * faulted, in turn: a close mid-stream ({@code 1011}), a stall, and a refused handshake ({@code 503}, retried three
 * times). The provider's {@code timeoutMs} (default 60 s) ends a stall; it is generous because at {@code -j 2000} on
 * a small machine a healthy case spends seconds waiting for its share of the CPU. Printed: wall time, cases/s and
 * peak RSS of the child beside two baselines measured in the same run ({@code wst --version}, and the same cases with
 * no fault), then the checks: every healthy case passed with its own answer (an answer crossed into another case
 * would fail its {@code equals}), every faulted case is an error with its fault's message, and nothing was lost or
 * doubled (the mock received each case's message exactly once, a refused case's none).
 */
public final class SoakBench {

    private static final java.util.logging.Logger QUIET = java.util.logging.Logger.getLogger("io.github.wstoolkit");
    private static final java.util.logging.Logger QUIET_GRIZZLY = java.util.logging.Logger.getLogger("org.glassfish");

    private SoakBench() {}

    /** Every 100th case is faulted: close mid-stream, stall, refuse, in turn. */
    static String fault(int i) {
        if (i % 100 != 50) {
            return "";
        }
        return switch ((i / 100) % 3) {
            case 0 -> "&fault=close:1011:soak";
            case 1 -> "&fault=stall";
            default -> "&fault=refuse:503";
        };
    }

    static String expectedError(String fault, long timeoutMs) {
        if (fault.contains("close")) {
            return "Error: WebSocket closed before the response was complete (code 1011, reason: soak)";
        }
        if (fault.contains("stall")) {
            return "Error: WebSocket request timed out after " + timeoutMs + "ms";
        }
        return "Error: WebSocket connection failed (HTTP 503)";
    }

    static String config(int cases, String url, long timeoutMs, boolean faults) {
        StringBuilder sb = new StringBuilder();
        sb.append("description: soak\n");
        sb.append("prompts: ['{{ q }}']\n");
        sb.append("providers:\n");
        sb.append("  - id: ws\n");
        sb.append("    config:\n");
        sb.append("      url: '").append(url).append("/ws-stream?case={{ n }}{{ fault }}'\n");
        sb.append("      messageTemplate: '{\"input\": {{ prompt | dump }}}'\n");
        sb.append("      timeoutMs: ").append(timeoutMs).append('\n');
        sb.append("      streamResponse: |\n");
        sb.append("        { acc, event, ctx ->\n");
        sb.append("          def m = JSON.parse(event.data)\n");
        sb.append("          m.type == 'message' ? [[output: m.message], true] : [acc, false]\n");
        sb.append("        }\n");
        sb.append("tests:\n");
        for (int i = 0; i < cases; i++) {
            String q = "case " + i + " alpha beta gamma delta";
            sb.append("  - vars: {n: ").append(i).append(", fault: '").append(faults ? fault(i) : "");
            sb.append("', q: '").append(q).append("'}\n");
            sb.append("    assert: [{type: equals, value: 'You said: ")
                    .append(q)
                    .append("'}]\n");
        }
        return sb.toString();
    }

    public static void main(String[] args) throws Exception {
        QUIET.setLevel(java.util.logging.Level.WARNING);
        QUIET_GRIZZLY.setLevel(java.util.logging.Level.WARNING);
        int cases = 10_000;
        int concurrency = 2000;
        long timeoutMs = 60_000;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "-j" -> concurrency = Integer.parseInt(args[++i]);
                case "--timeout" -> timeoutMs = Long.parseLong(args[++i]);
                default -> cases = Integer.parseInt(args[i]);
            }
        }
        Path wst = Path.of("").toAbsolutePath().resolve("toolkit-shell/target/image/bin/wst");
        if (!Files.isExecutable(wst)) {
            throw new IllegalStateException("no runtime image at " + wst + ": run ./wst --version once to link it");
        }
        Path dir = Files.createTempDirectory("wst-soak-bench");
        try (MockServer server =
                MockServer.builder().port(0).journalLimit(2 * cases + 1000).start()) {
            String url = "ws://127.0.0.1:" + server.port();
            EvalBench.Result base = EvalBench.run(wst, List.of("--version"), dir);
            System.out.printf(
                    Locale.ROOT,
                    "%,d cases at -j %d against the mock server (1%% faulted: close 1011, stall, refuse 503)%n%n",
                    cases,
                    concurrency);
            System.out.println("run                    | wall (s) | cases/s | peak RSS (MiB) | result");
            System.out.println(
                    "-----------------------+----------+---------+----------------+---------------------------");
            row("wst --version", base, 0);
            Path cleanConfig = dir.resolve("clean.yaml");
            Files.writeString(cleanConfig, config(cases, url, timeoutMs, false), StandardCharsets.UTF_8);
            EvalBench.Result clean = EvalBench.run(wst, evalArgs(cleanConfig, concurrency, null), dir);
            row("no fault (baseline)", clean, cases);
            server.clearJournal();
            Path soakConfig = dir.resolve("soak.yaml");
            // JSONL: one result per line (the whole report of 10,000 cases with their frames is too big to parse at
            // once)
            Path json = dir.resolve("soak.jsonl");
            Files.writeString(soakConfig, config(cases, url, timeoutMs, true), StandardCharsets.UTF_8);
            EvalBench.Result soak = EvalBench.run(wst, evalArgs(soakConfig, concurrency, json), dir);
            row("1% faulted", soak, cases);
            System.out.printf(
                    Locale.ROOT,
                    "%nratios, faulted / no fault: wall %.2f, peak RSS %.2f%n",
                    soak.seconds() / clean.seconds(),
                    (double) soak.peakKib() / clean.peakKib());
            check(json, server.journal(), cases, timeoutMs);
        }
    }

    private static List<String> evalArgs(Path config, int concurrency, Path json) {
        List<String> a = new java.util.ArrayList<>(List.of(
                "eval", "-c", config.toString(), "-j", String.valueOf(concurrency), "--no-table", "--no-progress-bar"));
        if (json != null) {
            a.add("-o");
            a.add(json.toString());
        }
        return a;
    }

    private static void row(String name, EvalBench.Result r, int cases) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+) passed, (\\d+) failed, (\\d+) errors")
                .matcher(r.out());
        String summary = cases == 0 ? "" : m.find() ? m.group() : "no summary (exit " + r.exit() + ")";
        System.out.printf(
                Locale.ROOT,
                "%-22s | %8.2f | %7s | %14d | %s%n",
                name,
                r.seconds(),
                cases == 0 ? "" : String.format(Locale.ROOT, "%.0f", cases / r.seconds()),
                r.peakKib() / 1024,
                summary);
    }

    /** The checks of the soak's results file and the mock's journal; prints each and whether it held. */
    @SuppressWarnings("unchecked")
    private static void check(Path json, List<JournalEntry> journal, int cases, long timeoutMs) throws Exception {
        List<Map<String, Object>> results = new java.util.ArrayList<>();
        try (var lines = Files.lines(json)) {
            lines.filter(l -> !l.isBlank()).forEach(l -> results.add((Map<String, Object>) Json.parse(l)));
        }
        int healthyPassed = 0;
        int healthy = 0;
        int healthyRetried = 0;
        Map<String, int[]> faults = new TreeMap<>(); // fault -> {cases, with its own message}
        Map<String, Map<Integer, Integer>> attempts = new TreeMap<>();
        for (Map<String, Object> r : results) {
            int n = ((Number) ((Map<String, Object>) r.get("vars")).get("n")).intValue();
            String f = fault(n);
            if (f.isEmpty()) {
                healthy++;
                if (Boolean.TRUE.equals(r.get("success"))) {
                    healthyPassed++;
                }
                if (((Number) r.get("attempts")).intValue() > 1) {
                    healthyRetried++; // a transient failure (a connect slower than connectTimeoutMs) and a retry
                }
                continue;
            }
            String name = f.substring("&fault=".length());
            int[] c = faults.computeIfAbsent(name, k -> new int[2]);
            c[0]++;
            if (expectedError(f, timeoutMs).equals(r.get("error"))) {
                c[1]++;
            }
            attempts.computeIfAbsent(name, k -> new TreeMap<>())
                    .merge(((Number) r.get("attempts")).intValue(), 1, Integer::sum);
        }
        Map<String, Integer> received = new HashMap<>();
        for (JournalEntry e : journal) {
            for (String t : e.texts()) {
                received.merge(t, 1, Integer::sum);
            }
        }
        int lost = 0;
        int doubled = 0;
        for (int i = 0; i < cases; i++) {
            String sent = "{\"input\": \"case " + i + " alpha beta gamma delta\"}";
            int expected = fault(i).contains("refuse") ? 0 : 1;
            int got = received.getOrDefault(sent, 0);
            if (got < expected) {
                lost++;
            } else if (got > expected) {
                doubled++;
            }
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "results: %,d of %,d cases%n", results.size(), cases);
        System.out.printf(
                Locale.ROOT,
                "healthy cases passed: %,d of %,d (%,d of them after a retry)%n",
                healthyPassed,
                healthy,
                healthyRetried);
        Map<String, String> named = new LinkedHashMap<>();
        faults.forEach(
                (k, v) -> named.put(k, v[1] + " of " + v[0] + " with their own message, attempts " + attempts.get(k)));
        named.forEach((k, v) -> System.out.println("fault " + k + ": " + v));
        System.out.printf(Locale.ROOT, "messages at the mock: %d lost, %d doubled%n", lost, doubled);
        boolean ok = results.size() == cases
                && healthyPassed == healthy
                && faults.values().stream().allMatch(v -> v[0] == v[1])
                && lost == 0
                && doubled == 0;
        System.out.println(ok ? "soak: every check held" : "soak: A CHECK FAILED");
    }
}
