package io.github.wstoolkit.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.wstoolkit.eval.ConfigLoader;
import io.github.wstoolkit.eval.Eval;
import io.github.wstoolkit.eval.EvalConfig;
import io.github.wstoolkit.eval.EvalListener;
import io.github.wstoolkit.eval.EvalResult;
import io.github.wstoolkit.eval.EvalRun;
import io.github.wstoolkit.eval.EvalStats;
import io.github.wstoolkit.eval.RunOptions;
import io.github.wstoolkit.eval.report.ReportFormat;
import io.github.wstoolkit.eval.report.Reports;
import io.github.wstoolkit.mockserver.MockServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run whose results mostly go to a temporary file (the system property {@code wst.eval.resultsInMemory} set to 5)
 * writes the same reports and table as its results held in memory would, and the file holds nothing secret and
 * leaves nothing behind. The real WebSocket provider against the real mock server.
 */
class SpilledRunTest {

    private static final String TOKEN = "sekrit-query-token-4711";
    private static final String BEARER = "sekrit-bearer-0815";

    @TempDir
    Path dir;

    @Test
    void aSpilledRunWritesTheSameReportsAndTableAndItsFileHoldsNoSecretAndIsGone() throws Exception {
        boolean proc = Files.isDirectory(Path.of("/proc/self/fd"));
        StringBuilder tests = new StringBuilder();
        for (int i = 0; i < 25; i++) {
            tests.append("  - vars: {q: 'question ").append(i).append("'}\n");
            tests.append("    assert:\n");
            tests.append(
                    i % 3 == 0
                            ? "      - {type: icontains, value: 'not in the answer'}\n"
                            : "      - {type: icontains, value: 'you said'}\n");
        }
        String yaml =
                """
                prompts: ['{{ q }}']
                providers:
                  - id: 'ws://127.0.0.1:%d/ws?token=%s'
                    config:
                      messageTemplate: '{"input": {{ prompt | dump }}}'
                      headers: {Authorization: 'Bearer %s'}
                  - id: 'ws://127.0.0.1:%d/ws?fault=close:1011&token=%s'
                    config: {messageTemplate: '{"input": {{ prompt | dump }}}', maxRetries: 0}
                tests:
                """;
        ConcurrentLinkedQueue<EvalResult> originals = new ConcurrentLinkedQueue<>();
        AtomicInteger finished = new AtomicInteger();
        AtomicReference<String> midRun = new AtomicReference<>();
        EvalRun run;
        String before = System.getProperty("wst.eval.resultsInMemory");
        System.setProperty("wst.eval.resultsInMemory", "5");
        try (MockServer server = MockServer.builder().port(0).start()) {
            EvalConfig config =
                    ConfigLoader.parse(yaml.formatted(server.port(), TOKEN, BEARER, server.port(), TOKEN) + tests, dir);
            try (Eval eval = Eval.builder()
                    .config(config)
                    .options(RunOptions.builder()
                            .maxConcurrency(8)
                            .retryBaseDelay(Duration.ofMillis(1))
                            .build())
                    .listener(new EvalListener() {
                        @Override
                        public void finished(EvalResult result) {
                            originals.add(result);
                            // while the run goes on: what the spill file holds so far
                            if (finished.incrementAndGet() == 30 && proc) {
                                midRun.set(spillFile());
                            }
                        }
                    })
                    .build()) {
                run = eval.run();
            }
        } finally {
            if (before == null) {
                System.clearProperty("wst.eval.resultsInMemory");
            } else {
                System.setProperty("wst.eval.resultsInMemory", before);
            }
        }
        assertEquals(50, run.results().size());
        assertEquals(50, originals.size());
        List<EvalResult> held = new ArrayList<>(originals);
        held.sort(Comparator.comparingInt(EvalResult::index));
        EvalRun inMemory = new EvalRun(
                run.evalId(), run.startedAt(), run.config(), held, run.stats(), run.planned(), run.interrupted());
        assertEquals(EvalStats.of(held, run.stats().durationMs()), run.stats());
        assertTrue(
                run.stats().failures() > 0 && run.stats().errors() > 0,
                run.stats().summaryLine());

        for (ReportFormat f : ReportFormat.values()) {
            assertEquals(report(inMemory, f), report(run, f), f + " report");
        }
        assertEquals(table(inMemory), table(run));
        // reading it twice, and iterating, gives the same
        assertEquals(report(run, ReportFormat.JSON), report(run, ReportFormat.JSON));
        List<EvalResult> iterated = new ArrayList<>();
        run.results().forEach(iterated::add);
        for (int i = 0; i < 50; i++) {
            assertEquals(run.results().get(i), iterated.get(i));
            assertEquals(Reports.resultMap(held.get(i)), Reports.resultMap(iterated.get(i)));
        }

        // the file: named nowhere (unlinked at once), readable only through the run's open channel
        try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            assertEquals(
                    List.of(),
                    s.filter(p -> p.getFileName().toString().startsWith("wst-results-"))
                            .toList());
        }
        assumeTrue(proc, "reads the unlinked file through /proc/self/fd");
        String during = midRun.get();
        assertNotNull(during, "the spill file was open during the run");
        String after = spillFile();
        assertNotNull(after);
        assertEquals(45, after.lines().count(), "all but the 5 held results were written");
        assertTrue(after.contains("\"testIdx\""), after);
        // mid-run the file holds what its 64 KiB buffer has written so far (here, maybe nothing yet)
        assertTrue(after.startsWith(during), "the file only grows");
        for (String content : List.of(during, after)) {
            assertFalse(content.contains(TOKEN), "no query token in the spill file");
            assertFalse(content.contains(BEARER), "no bearer token in the spill file");
        }
    }

    private static String report(EvalRun run, ReportFormat format) throws IOException {
        StringWriter w = new StringWriter();
        Reports.write(run, format, w);
        return w.toString();
    }

    private static String table(EvalRun run) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        ResultTable.print(out, run.results(), 60, 100, Ansi.OFF);
        ResultTable.print(out, run.results(), 60, ResultTable.DEFAULT_MAX_ROWS, Ansi.OFF);
        out.println(ResultTable.summary(run.stats(), Ansi.OFF));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** The content of this process's open (deleted) spill file, or null when there is none. */
    private static String spillFile() {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    if (Files.isSymbolicLink(fd)
                            && Files.readSymbolicLink(fd).toString().contains("wst-results-")) {
                        return Files.readString(fd, StandardCharsets.UTF_8);
                    }
                } catch (IOException e) {
                    // a descriptor closed meanwhile
                }
            }
            return null;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
