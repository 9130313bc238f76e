package io.github.wstoolkit.bench;

import io.github.wstoolkit.mockserver.MockServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code bench/run.sh eval [CASES...] [-j N...]}: runs {@code wst eval} (the runtime image, as a user would) as a
 * child process over generated configs of streaming cases against a mock server in this JVM, and prints wall time,
 * cases per second and the child's peak RSS (VmHWM of its java process, polled from /proc).
 *
 * <p>Each case sends one prompt to the mock's {@code /ws-stream} and reads ten frames (ready, eight one-word deltas,
 * the full message) with a Groovy {@code streamResponse}, then checks the output with {@code equals}. Defaults: 500
 * and 10,000 cases, at {@code -j 8} and {@code -j 64}. Baseline printed beside them: the same wst process running
 * {@code --version} (JVM start and image load alone).
 */
public final class EvalBench {

    /** Kept strongly: the mock server's per-connection INFO lines would flood the output. */
    private static final java.util.logging.Logger QUIET = java.util.logging.Logger.getLogger("io.github.wstoolkit");

    private static final java.util.logging.Logger QUIET_GRIZZLY = java.util.logging.Logger.getLogger("org.glassfish");

    private static final Pattern SUMMARY = Pattern.compile("(\\d+) passed, (\\d+) failed, (\\d+) errors");

    private EvalBench() {}

    public static void main(String[] args) throws Exception {
        QUIET.setLevel(java.util.logging.Level.WARNING);
        QUIET_GRIZZLY.setLevel(java.util.logging.Level.WARNING);
        List<Integer> cases = new ArrayList<>();
        List<Integer> concurrency = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("-j")) {
                concurrency.add(Integer.parseInt(args[++i]));
            } else {
                cases.add(Integer.parseInt(args[i]));
            }
        }
        if (cases.isEmpty()) {
            cases = List.of(500, 10_000);
        }
        if (concurrency.isEmpty()) {
            concurrency = List.of(8, 64);
        }
        Path root = Path.of("").toAbsolutePath();
        Path wst = root.resolve("toolkit-shell/target/image/bin/wst");
        if (!Files.isExecutable(wst)) {
            throw new IllegalStateException("no runtime image at " + wst + ": run ./wst --version once to link it");
        }
        Path dir = Files.createTempDirectory("wst-eval-bench");
        try (MockServer server = MockServer.builder().port(0).start()) {
            String url = "ws://127.0.0.1:" + server.port();
            Result base = run(wst, List.of("--version"), dir);
            System.out.printf(
                    Locale.ROOT,
                    "baseline: wst --version          wall %6.2f s, peak RSS %4d MiB%n",
                    base.seconds,
                    base.peakKib / 1024);
            System.out.println();
            System.out.println("  cases |  -j | wall (s) | cases/s | peak RSS (MiB) | result");
            System.out.println("--------+-----+----------+---------+----------------+---------------------------");
            for (int n : cases) {
                Path config = dir.resolve("bench-" + n + ".yaml");
                Files.writeString(config, config(n, url), StandardCharsets.UTF_8);
                for (int j : concurrency) {
                    Result r = run(
                            wst,
                            List.of(
                                    "eval",
                                    "-c",
                                    config.toString(),
                                    "-j",
                                    String.valueOf(j),
                                    "--no-table",
                                    "--no-progress-bar"),
                            dir);
                    Matcher m = SUMMARY.matcher(r.out);
                    String summary = m.find() ? m.group() : "no summary (exit " + r.exit + ")";
                    System.out.printf(
                            Locale.ROOT,
                            "%7d | %3d | %8.2f | %7.0f | %14d | %s%n",
                            n,
                            j,
                            r.seconds,
                            n / r.seconds,
                            r.peakKib / 1024,
                            summary);
                }
            }
        }
    }

    /** A config of n streaming cases: ten frames each, a Groovy streamResponse, an equals assertion. */
    static String config(int n, String url) {
        StringBuilder sb = new StringBuilder();
        sb.append("description: eval bench\n");
        sb.append("prompts: ['{{ q }}']\n");
        sb.append("providers:\n");
        sb.append("  - id: ").append(url).append("/ws-stream\n");
        sb.append("    config:\n");
        sb.append("      messageTemplate: '{\"input\": {{ prompt | dump }}}'\n");
        sb.append("      streamResponse: |\n");
        sb.append("        { acc, event, ctx ->\n");
        sb.append("          def m = JSON.parse(event.data)\n");
        sb.append("          m.type == 'message' ? [[output: m.message], true] : [acc, false]\n");
        sb.append("        }\n");
        sb.append("tests:\n");
        for (int i = 0; i < n; i++) {
            // "You said: case N alpha beta gamma delta": eight words, so ready + eight deltas + message = 10 frames
            String q = "case " + i + " alpha beta gamma delta";
            sb.append("  - vars: {q: '").append(q).append("'}\n");
            sb.append("    assert: [{type: equals, value: 'You said: ")
                    .append(q)
                    .append("'}]\n");
        }
        return sb.toString();
    }

    record Result(double seconds, long peakKib, int exit, String out) {}

    /** Runs the image's wst with these arguments, polling its peak RSS; for the other benchmarks too. */
    static Result run(Path wst, List<String> args, Path dir) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(wst.toString());
        cmd.addAll(args);
        Path out = dir.resolve("out.txt");
        long t0 = System.nanoTime();
        ProcessBuilder pb =
                new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD);
        // wst eval records every run (as users run it), in a database of the bench's own, never ~/.wst
        pb.environment().put("WST_HOME", dir.resolve("wst-home").toString());
        Process p = pb.start();
        AtomicLong peak = new AtomicLong();
        // bin/wst execs java (the same process); a launcher that forked would show up among the descendants
        while (!p.waitFor(50, TimeUnit.MILLISECONDS)) {
            List<ProcessHandle> tree = new ArrayList<>();
            tree.add(p.toHandle());
            p.toHandle().descendants().forEach(tree::add);
            for (ProcessHandle h : tree) {
                hwm(h.pid()).ifPresent(kib -> peak.accumulateAndGet(kib, Math::max));
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new Result(seconds, peak.get(), p.exitValue(), Files.readString(out));
    }

    /** VmHWM (peak resident set) of a process, in KiB, while it runs. */
    private static Optional<Long> hwm(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Optional.of(Long.parseLong(line.replaceAll("[^0-9]", "")));
                }
            }
        } catch (IOException | RuntimeException gone) {
            // the process ended between the listing and the read
        }
        return Optional.empty();
    }
}
