package io.github.wstoolkit.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wstoolkit.eval.ConfigLoader;
import io.github.wstoolkit.eval.Eval;
import io.github.wstoolkit.eval.EvalResult;
import io.github.wstoolkit.eval.EvalRun;
import io.github.wstoolkit.eval.RunOptions;
import io.github.wstoolkit.mockserver.JournalEntry;
import io.github.wstoolkit.mockserver.MockServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The soak at test size (bench/run.sh soak runs 10,000 cases at -j 2000): 1,000 streaming cases at -j 100 against the
 * mock server, 1% of them faulted (a close mid-stream, a stall, a refused handshake). Every healthy case passes with
 * its own answer (an answer crossed into another case would fail its equals), every faulted one is an error with its
 * specific message and attempts, and nothing is lost: the mock received every case's message once.
 */
class SoakTest {

    private static final int CASES = 1000;
    private static final int CONCURRENCY = 100;

    /** Kept strongly: the mock's per-connection INFO lines would flood the test output. */
    private static final Logger QUIET = Logger.getLogger("io.github.wstoolkit");

    @TempDir
    Path dir;

    private MockServer server;
    private Level level;

    @BeforeEach
    void start() {
        level = QUIET.getLevel();
        QUIET.setLevel(Level.WARNING);
        server = MockServer.builder().port(0).journalLimit(2 * CASES).start();
    }

    @AfterEach
    void stop() {
        server.close();
        QUIET.setLevel(level);
    }

    /** Every 100th case is faulted, the three faults in turn. */
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

    static String config(int cases, String mockUrl, long timeoutMs) {
        StringBuilder sb = new StringBuilder();
        sb.append("description: soak\n");
        sb.append("prompts: ['{{ q }}']\n");
        sb.append("providers:\n");
        sb.append("  - id: ws\n");
        sb.append("    config:\n");
        // the URL is a template: each case's own scenario parameters (and fault) travel in its query
        sb.append("      url: '").append(mockUrl).append("/ws-stream?gap=1&case={{ n }}{{ fault }}'\n");
        sb.append("      messageTemplate: '{\"input\": {{ prompt | dump }}}'\n");
        sb.append("      timeoutMs: ").append(timeoutMs).append('\n');
        sb.append("      streamResponse: |\n");
        sb.append("        { acc, event, ctx ->\n");
        sb.append("          def m = JSON.parse(event.data)\n");
        sb.append("          m.type == 'message' ? [[output: m.message], true] : [acc, false]\n");
        sb.append("        }\n");
        sb.append("tests:\n");
        for (int i = 0; i < cases; i++) {
            String q = "case " + i + " alpha beta gamma";
            sb.append("  - vars: {n: ")
                    .append(i)
                    .append(", fault: '")
                    .append(fault(i))
                    .append("', q: '");
            sb.append(q).append("'}\n");
            sb.append("    assert: [{type: equals, value: 'You said: ")
                    .append(q)
                    .append("'}]\n");
        }
        return sb.toString();
    }

    @Test
    void aThousandCasesWithOnePercentFaultedLoseNothingAndNameEveryFault() throws Exception {
        String url = "ws://127.0.0.1:" + server.port();
        var config = ConfigLoader.parse(config(CASES, url, 10_000), dir);
        CompletableFuture<EvalRun> running = CompletableFuture.supplyAsync(() -> {
            try (Eval eval = Eval.builder()
                    .config(config)
                    .env(Map.of())
                    .options(RunOptions.builder()
                            .maxConcurrency(CONCURRENCY)
                            .retryBaseDelay(Duration.ofMillis(1))
                            .build())
                    .build()) {
                return eval.run();
            }
        });
        EvalRun run = running.get(10, TimeUnit.MINUTES);
        assertEquals(CASES, run.results().size(), "every case has a result");
        int faulted = 0;
        for (int i = 0; i < CASES; i++) {
            EvalResult r = run.results().get(i);
            assertEquals(i, r.index());
            String f = fault(i);
            if (f.isEmpty()) {
                assertTrue(r.success(), "case " + i + ": " + r.error().orElse(r.outputText()));
                assertEquals(1, r.attempts());
                continue;
            }
            faulted++;
            assertTrue(r.error().isPresent(), "case " + i + " did not fail");
            String error = r.error().get();
            if (f.contains("close")) {
                assertEquals(
                        "Error: WebSocket closed before the response was complete (code 1011, reason: soak)", error);
                assertEquals(1, r.attempts(), "a close mid-answer is not retried");
            } else if (f.contains("stall")) {
                assertEquals("Error: WebSocket request timed out after 10000ms", error);
                assertEquals(1, r.attempts());
            } else {
                assertEquals("Error: WebSocket connection failed (HTTP 503)", error);
                assertEquals(4, r.attempts(), "503 is retried three times");
                assertEquals(4, r.attemptErrors().size());
            }
        }
        assertEquals(CASES / 100, faulted);
        assertEquals(
                (CASES - faulted) + " passed, 0 failed, " + faulted + " errors",
                run.stats().summaryLine());
        // nothing lost, nothing doubled: each case's message reached the mock once (refused handshakes send nothing)
        long refused = java.util.stream.IntStream.range(0, CASES)
                .filter(i -> fault(i).contains("refuse"))
                .count();
        List<JournalEntry> journal = server.awaitJournal(j -> j.size() >= CASES + 3 * refused, Duration.ofSeconds(30));
        assertEquals(CASES + 3 * refused, journal.size(), "one connection per attempt");
        Map<String, Integer> received = new HashMap<>();
        for (JournalEntry e : journal) {
            for (String text : e.texts()) {
                received.merge(text, 1, Integer::sum);
            }
        }
        for (int i = 0; i < CASES; i++) {
            String sent = "{\"input\": \"case " + i + " alpha beta gamma\"}";
            int expected = fault(i).contains("refuse") ? 0 : 1;
            assertEquals(expected, received.getOrDefault(sent, 0), "messages of case " + i);
        }
    }
}
