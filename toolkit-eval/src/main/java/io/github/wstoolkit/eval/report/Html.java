package io.github.wstoolkit.eval.report;

import io.github.wstoolkit.api.json.Json;
import io.github.wstoolkit.eval.EvalRun;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The self-contained HTML report: one file, no external assets. The run is embedded as JSON; inline JavaScript
 * draws the table, filters it as the user types, and expands a row (click) to show the prompt, output, assertion
 * results, timings and frames. The URL hash keeps the state, so a link (or a headless browser) can open the report
 * filtered and expanded: {@code report.html#filter=paris&status=fail&expand=3} ({@code expand=all} expands every
 * shown row).
 */
final class Html {

    private static final String TEMPLATE = load();

    private Html() {}

    private static String load() {
        try (InputStream in = Html.class.getResourceAsStream("report.html")) {
            if (in == null) {
                throw new IllegalStateException("report.html is missing from the module");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void write(EvalRun run, Map<String, Object> report, Writer w) throws IOException {
        // JSON inside <script>: escape '<' so "</script>" in an output cannot end the element
        String data = Json.stringify(report)
                .replace("<", "\\u003c")
                .replace("\u2028", "\\u2028")
                .replace("\u2029", "\\u2029");
        String title = Xml.escape(run.config().description().orElse("wst eval") + " — " + run.evalId());
        w.write(TEMPLATE.replace("@@TITLE@@", title).replace("@@DATA@@", data));
    }
}
