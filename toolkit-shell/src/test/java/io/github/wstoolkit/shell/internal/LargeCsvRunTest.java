package io.github.wstoolkit.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.github.wstoolkit.eval.ConfigLoader;
import io.github.wstoolkit.eval.Eval;
import io.github.wstoolkit.eval.EvalConfig;
import io.github.wstoolkit.eval.EvalResult;
import io.github.wstoolkit.eval.EvalRun;
import io.github.wstoolkit.eval.RunOptions;
import io.github.wstoolkit.mockserver.MockServer;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A suite of 20,000 tests from a CSV file, held as the file's text (each test read when its case runs), runs end to
 * end through the real WebSocket provider against the real mock server, every case passing; the filters of
 * {@code wst eval} keep it held so. (What it costs in memory: {@code bench/run.sh memory}.)
 */
class LargeCsvRunTest {

    private static final int ROWS = 20_000;

    @TempDir
    Path dir;

    @Test
    void twentyThousandCsvRowsRunEndToEndEveryCasePassing() throws Exception {
        Path csv = dir.resolve("tests.csv");
        try (BufferedWriter w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            w.write("q,__expected,__metadata:row\n");
            for (int i = 0; i < ROWS; i++) {
                w.write("case " + i + " alpha beta,equals:You said: case " + i + " alpha beta," + i + "\n");
            }
        }
        try (MockServer server = MockServer.builder().port(0).start()) {
            Path config = dir.resolve("config.yaml");
            Files.writeString(
                    config,
                    """
                    prompts: ['{{ q }}']
                    providers:
                      - id: ws://127.0.0.1:%d/ws
                        config:
                          messageTemplate: '{"input": {{ prompt | dump }}}'
                          transformResponse: data.message
                          timeoutMs: 120000
                    tests: file://tests.csv
                    """
                            .formatted(server.port()));
            EvalConfig loaded = ConfigLoader.load(config, Map.of());
            assertEquals(
                    "io.github.wstoolkit.eval.internal.CsvTests",
                    loaded.tests().getClass().getName());
            assertEquals(ROWS, loaded.tests().size());

            EvalRun run;
            try (Eval eval = Eval.builder()
                    .config(loaded)
                    .env(Map.of())
                    .options(RunOptions.builder()
                            .maxConcurrency(32)
                            .retryBaseDelay(Duration.ofMillis(1))
                            .build())
                    .build()) {
                run = eval.run();
            }
            try {
                checkResults(run, csv);
            } finally {
                // the results beyond the first 1,000 are in a temporary file, freed when the run is collected: freed
                // now, so that a later test of this JVM looking for its own spill file does not find this one
                if (run.results() instanceof AutoCloseable spilled) {
                    spilled.close();
                }
            }

            // the filters keep positions: a filtered config is still read from the file's text
            TestFilters filters = new TestFilters(
                    List.of("row=99"),
                    Optional.empty(),
                    Optional.of("0:2000"),
                    java.util.OptionalInt.empty(),
                    java.util.OptionalInt.of(5),
                    OptionalLong.of(7),
                    Optional.empty());
            EvalConfig filtered = filters.apply(loaded);
            assertFalse(
                    filtered.tests().getClass().getName().startsWith("java."),
                    filtered.tests().getClass().getName());
            assertEquals(5, filtered.tests().size());
            for (var t : filtered.tests()) {
                assertEquals(true, String.valueOf(t.metadata().get("row")).contains("99"));
            }
        }
    }

    private static void checkResults(EvalRun run, Path csv) {
        assertEquals(ROWS + " passed, 0 failed, 0 errors", run.stats().summaryLine());
        assertFalse(run.interrupted());
        assertEquals(ROWS, run.results().size());
        for (int i : new int[] {0, 1, 12_345, ROWS - 1}) {
            EvalResult r = run.results().get(i);
            assertEquals(i, r.index());
            assertEquals("case " + i + " alpha beta", r.vars().get("q"));
            assertEquals(
                    "You said: case " + i + " alpha beta",
                    r.response().orElseThrow().output());
            assertEquals(String.valueOf(i), r.test().metadata().get("row"));
            if (i < 1000) { // held in memory; later results are read back as the JSON report has them
                assertEquals(csv + ":" + (i + 2), r.test().location());
            }
        }
    }
}
