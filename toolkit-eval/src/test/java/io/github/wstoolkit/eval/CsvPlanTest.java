package io.github.wstoolkit.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.github.wstoolkit.eval.internal.CsvTests;
import io.github.wstoolkit.eval.report.Reports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run of tests read from a CSV file (held as its text, each test read when its case runs) plans and runs exactly as
 * the same tests written inline: plan order, list-var expansion (from defaultTest), repetitions, several providers and
 * prompts, conversations ({@code metadata.conversationId}) and a case selection give the same results.
 */
class CsvPlanTest {

    @TempDir
    Path dir;

    private static final String HEAD =
            """
            prompts: ['{{ lang }}: {{ q }}', 'again {{ q }} ({{ lang }})']
            providers: [echo, {id: echo, label: second}]
            defaultTest:
              vars: {lang: [en, fr]}
              assert: [{type: contains, value: '{{ q }}'}]
            evaluateOptions: {repeat: 2}
            """;

    private List<Map<String, Object>> run(String yaml, RunOptions options) throws Exception {
        Path config = dir.resolve("c-" + yaml.hashCode() + ".yaml");
        Files.writeString(config, yaml);
        EvalConfig c = ConfigLoader.load(config, Map.of());
        try (Eval eval = Eval.builder().config(c).env(Map.of()).options(options).build()) {
            EvalRun run = eval.run();
            List<Map<String, Object>> out = new ArrayList<>();
            for (EvalResult r : run.results()) {
                Map<String, Object> m = new LinkedHashMap<>(Reports.resultMap(r));
                m.remove("latencyMs");
                m.remove("id");
                m.remove("timings");
                m.put("testIndex", r.testIndex());
                m.put("index", r.index());
                m.put("conversationId", r.test().conversationId().orElse(""));
                out.add(m);
            }
            return out;
        }
    }

    @Test
    void aCsvSuiteRunsAsTheSameTestsWrittenInline() throws Exception {
        StringBuilder csv = new StringBuilder("q,__expected,__metadata:conversationId,__description\n");
        StringBuilder inline = new StringBuilder("tests:\n");
        for (int i = 0; i < 12; i++) {
            String conversation = i % 4 == 1 ? "trip" : i % 4 == 2 ? "other" : "";
            csv.append("question ")
                    .append(i)
                    .append(",icontains:QUESTION ")
                    .append(i)
                    .append(',');
            csv.append(conversation).append(",case ").append(i).append('\n');
            inline.append("  - description: case ").append(i).append('\n');
            inline.append("    vars: {q: question ").append(i).append("}\n");
            inline.append("    metadata: {conversationId: '")
                    .append(conversation)
                    .append("'}\n");
            inline.append("    assert: [{type: icontains, value: QUESTION ")
                    .append(i)
                    .append("}]\n");
        }
        Files.writeString(dir.resolve("tests.csv"), csv);
        String fromCsv = HEAD + "tests: file://tests.csv\n";
        String written = HEAD + inline;
        assertInstanceOf(CsvTests.class, ConfigLoader.parse(fromCsv, dir).tests(), "the CSV suite is held as its text");

        for (int concurrency : new int[] {1, 4}) {
            RunOptions all = RunOptions.builder().maxConcurrency(concurrency).build();
            List<Map<String, Object>> expected = run(written, all);
            assertEquals(12 * 2 * 2 * 2 * 2, expected.size());
            assertEquals(expected, run(fromCsv, all), "-j " + concurrency);

            RunOptions some = RunOptions.builder()
                    .maxConcurrency(concurrency)
                    .filterCases(p -> p.index() % 5 == 0 || p.conversation().isPresent())
                    .filterPattern(java.util.regex.Pattern.compile("case [1-9]"))
                    .filterFirstN(7)
                    .build();
            List<Map<String, Object>> selected = run(written, some);
            // 7 tests × 2 langs × 2 repetitions × 2 providers × 2 prompts planned; the selection keeps some
            assertEquals(true, selected.size() > 7 * 16 / 5 && selected.size() < 7 * 16, "" + selected.size());
            assertEquals(selected, run(fromCsv, some), "selected, -j " + concurrency);
        }
    }
}
