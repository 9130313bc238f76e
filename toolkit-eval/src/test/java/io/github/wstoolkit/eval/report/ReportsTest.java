package io.github.wstoolkit.eval.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.wstoolkit.api.CallContext;
import io.github.wstoolkit.api.CallTimings;
import io.github.wstoolkit.api.ConfigException;
import io.github.wstoolkit.api.Frame;
import io.github.wstoolkit.api.Provider;
import io.github.wstoolkit.api.ProviderException;
import io.github.wstoolkit.api.ProviderRegistry;
import io.github.wstoolkit.api.ProviderResponse;
import io.github.wstoolkit.api.ProviderSpec;
import io.github.wstoolkit.api.json.Json;
import io.github.wstoolkit.api.spi.ProviderFactory;
import io.github.wstoolkit.eval.ConfigLoader;
import io.github.wstoolkit.eval.Eval;
import io.github.wstoolkit.eval.EvalRun;
import io.github.wstoolkit.eval.internal.Csv;
import io.github.wstoolkit.eval.internal.Yaml;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

class ReportsTest {

    private static final String SECRET = "sk-live-0123456789abcdef";

    @TempDir
    Path dir;

    private EvalRun run;

    /** A streaming provider: four frames, the output the joined deltas; "boom" fails, "</script>" is echoed. */
    private static final class Streamer implements ProviderFactory {
        @Override
        public boolean supports(String id) {
            return id.startsWith("stream://");
        }

        @Override
        public String describe() {
            return "stream://";
        }

        @Override
        public Provider create(ProviderSpec spec) {
            return new Provider() {
                @Override
                public String id() {
                    return io.github.wstoolkit.api.Redaction.redactUrl(spec.id());
                }

                @Override
                public ProviderResponse call(String prompt, CallContext context) throws ProviderException {
                    if (prompt.contains("boom")) {
                        // closed mid-stream: one frame arrived, and the failure keeps it
                        throw new ProviderException(ProviderException.Kind.CLOSED, "server closed with 1011")
                                .withTimings(new CallTimings(
                                        Duration.ofMillis(2),
                                        Optional.of(Duration.ofMillis(7)),
                                        Duration.ofMillis(30),
                                        1,
                                        25,
                                        Optional.empty(),
                                        List.of(
                                                Frame.text(Frame.Direction.SENT, Duration.ofMillis(3), "{}", 2),
                                                Frame.text(
                                                        Frame.Direction.RECEIVED,
                                                        Duration.ofMillis(10),
                                                        "{\"type\":\"delta\",\"message\":\"half\"}",
                                                        25))));
                    }
                    List<Frame> frames = new ArrayList<>();
                    frames.add(Frame.text(Frame.Direction.SENT, Duration.ZERO, "{\"input\":\"" + prompt + "\"}", 12));
                    String[] words = prompt.split(" ");
                    for (int i = 0; i < words.length; i++) {
                        frames.add(Frame.text(
                                Frame.Direction.RECEIVED,
                                Duration.ofMillis(10L * (i + 1)),
                                "{\"type\":\"delta\",\"message\":\"" + words[i] + "\"}",
                                30));
                    }
                    CallTimings t = new CallTimings(
                            Duration.ofMillis(2),
                            Optional.of(Duration.ofMillis(10)),
                            Duration.ofMillis(10L * words.length + 5),
                            words.length,
                            30L * words.length,
                            Optional.of(Duration.ofMillis(10)),
                            frames);
                    return ProviderResponse.of(prompt.toUpperCase()).withTimings(t);
                }
            };
        }
    }

    @BeforeEach
    void runOnce() {
        var config = ConfigLoader.parse(
                """
                description: report demo
                prompts: ['{{q}}']
                providers:
                  - id: stream://host/chat?token=%s
                    label: streamer
                    config:
                      headers: {Authorization: 'Bearer %s'}
                      apiKey: %s
                tests:
                  - description: greets paris
                    vars: {q: hello paris}
                    assert: [{type: contains, value: PARIS}, {type: frames, value: {min: 2}}]
                  - description: fails rome
                    vars: {q: hello rome}
                    assert: [{type: contains, value: paris}]
                  - description: errors
                    vars: {q: boom}
                  - description: script tag
                    vars: {q: '</script><b>x</b>'}
                """
                        .formatted(SECRET, SECRET, SECRET),
                dir);
        try (Eval eval = Eval.builder()
                .config(config)
                .registry(ProviderRegistry.of(List.of(new Streamer())))
                .env(Map.of())
                .build()) {
            run = eval.run();
        }
        assertEquals("2 passed, 1 failed, 1 errors", run.stats().summaryLine());
    }

    private String write(String name) throws Exception {
        Path f = dir.resolve("out").resolve(name);
        Reports.write(run, f);
        String text = Files.readString(f);
        assertFalse(text.contains(SECRET), name + " leaks the secret");
        return text;
    }

    @Test
    void jsonIsCloseToPromptfoosOutputFile() throws Exception {
        Map<?, ?> json = (Map<?, ?>) Json.parse(write("results.json"));
        assertEquals(List.of("evalId", "results", "config", "shareableUrl", "metadata"), List.copyOf(json.keySet()));
        Map<?, ?> results = (Map<?, ?>) json.get("results");
        List<?> rs = (List<?>) results.get("results");
        assertEquals(4, rs.size());
        Map<?, ?> first = (Map<?, ?>) rs.getFirst();
        assertEquals("hello paris", ((Map<?, ?>) first.get("prompt")).get("raw"));
        assertEquals("streamer", ((Map<?, ?>) first.get("provider")).get("label"));
        assertEquals("stream://host/chat?token=%5BREDACTED%5D", ((Map<?, ?>) first.get("provider")).get("id"));
        assertEquals(Map.of("q", "hello paris"), first.get("vars"));
        Map<?, ?> response = (Map<?, ?>) first.get("response");
        assertEquals("HELLO PARIS", response.get("output"));
        Map<?, ?> timings = (Map<?, ?>) response.get("timings");
        assertEquals(2, timings.get("framesReceived"));
        assertEquals(3, ((List<?>) timings.get("frames")).size());
        assertEquals(true, first.get("success"));
        Map<?, ?> grading = (Map<?, ?>) first.get("gradingResult");
        assertEquals(2, ((List<?>) grading.get("componentResults")).size());
        assertEquals(0, first.get("failureReason"));
        Map<?, ?> error = (Map<?, ?>) rs.get(2);
        assertEquals("Error: server closed with 1011", error.get("error"));
        assertEquals(2, error.get("failureReason"));
        Map<?, ?> errorResponse = (Map<?, ?>) error.get("response");
        assertEquals(null, errorResponse.get("output"), "an errored case has no output...");
        Map<?, ?> errorTimings = (Map<?, ?>) errorResponse.get("timings");
        assertEquals(2, ((List<?>) errorTimings.get("frames")).size(), "...but keeps the frames that arrived");
        assertEquals(7, errorTimings.get("firstFrameMs"));
        Map<?, ?> stats = (Map<?, ?>) results.get("stats");
        assertEquals(2, stats.get("successes"));
        assertEquals(1, stats.get("failures"));
        assertEquals(1, stats.get("errors"));
        Map<?, ?> config = (Map<?, ?>) json.get("config");
        String cfg = Json.stringify(config);
        assertTrue(cfg.contains("[REDACTED]"), cfg);
    }

    @Test
    void jsonlHasOneResultPerLineAndCsvOneRowPerResult() throws Exception {
        String jsonl = write("results.jsonl");
        String[] lines = jsonl.split("\n");
        assertEquals(4, lines.length);
        assertEquals("fails rome", ((Map<?, ?>) Json.parse(lines[1])).get("description"));
        List<List<String>> rows = Csv.parse(write("results.csv"), ',');
        assertEquals(5, rows.size());
        assertEquals(
                List.of(
                        "id",
                        "description",
                        "provider",
                        "prompt",
                        "var:q",
                        "output",
                        "pass",
                        "score",
                        "latencyMs",
                        "error",
                        "reason"),
                rows.getFirst());
        assertEquals("fails rome", rows.get(2).get(1));
        assertEquals("false", rows.get(2).get(6));
        assertEquals("Expected output to contain \"paris\"", rows.get(2).get(10));
    }

    @Test
    void yamlReadsBackAsTheJsonReport() throws Exception {
        Object yaml = Yaml.parse(write("results.yaml"), null).value();
        Object json = Json.parse(write("results.json"));
        Map<?, ?> y = (Map<?, ?>) ((Map<?, ?>) yaml).get("results");
        Map<?, ?> j = (Map<?, ?>) ((Map<?, ?>) json).get("results");
        assertEquals(j.get("stats"), y.get("stats"));
        assertEquals(((List<?>) j.get("results")).size(), ((List<?>) y.get("results")).size());
        assertEquals(write("results.txt"), write("results.yml"));
    }

    private static Document xml(String text) throws Exception {
        var f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(new InputSource(new StringReader(text)));
    }

    @Test
    void xmlHasPromptfoosRoot() throws Exception {
        Document d = xml(write("results.xml"));
        assertEquals("promptfoo", d.getDocumentElement().getTagName());
        assertEquals(run.evalId(), d.getElementsByTagName("evalId").item(0).getTextContent());
        assertEquals(4, d.getElementsByTagName("testIdx").getLength());
    }

    @Test
    void junitXmlHasOneTestcasePerCaseWithFailuresAndErrors() throws Exception {
        Document d = xml(write("results.junit.xml"));
        Element suites = d.getDocumentElement();
        assertEquals("testsuites", suites.getTagName());
        assertEquals("4", suites.getAttribute("tests"));
        assertEquals("1", suites.getAttribute("failures"));
        assertEquals("1", suites.getAttribute("errors"));
        NodeList cases = d.getElementsByTagName("testcase");
        assertEquals(4, cases.getLength());
        Element failed = (Element) cases.item(1);
        assertEquals("fails rome [{{q}}]", failed.getAttribute("name"));
        assertEquals("streamer", failed.getAttribute("classname"));
        Element failure = (Element) failed.getElementsByTagName("failure").item(0);
        assertEquals("Expected output to contain \"paris\"", failure.getAttribute("message"));
        Element error = (Element)
                ((Element) cases.item(2)).getElementsByTagName("error").item(0);
        assertEquals("Error: server closed with 1011", error.getAttribute("message"));
        assertEquals(0, ((Element) cases.item(0)).getChildNodes().getLength());
    }

    @Test
    void redactReplacesSecretValuesAndBearerTokensButKeepsTemplatesAndStructure() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("Authorization", "Bearer abcdef");
        config.put("apiKey", 12345);
        config.put("token", List.of("not", "a", "scalar"));
        config.put("url", "wss://h/p?access_token=abc&x=1");
        config.put("note", "send bearer sk-abc123 then");
        config.put("short", "Bearer abc");
        config.put("template", "Bearer {{ env.KEY }}");
        config.put("n", 5);
        config.put("list", List.of("Bearer abcd1234", Map.of("session", "s1")));
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("Authorization", "[REDACTED]");
        expected.put("apiKey", "[REDACTED]");
        expected.put("token", List.of("not", "a", "scalar"));
        expected.put("url", "wss://h/p?access_token=%5BREDACTED%5D&x=1");
        expected.put("note", "send bearer [REDACTED] then");
        expected.put("short", "Bearer abc");
        expected.put("template", "Bearer {{ env.KEY }}");
        expected.put("n", 5);
        expected.put("list", List.of("Bearer [REDACTED]", Map.of("session", "[REDACTED]")));
        assertEquals(expected, Reports.redact(config));
        assertEquals(List.of(), Reports.redact(List.of()));
        assertEquals(true, Reports.redact(true));
    }

    @Test
    void anUnknownExtensionGetsPromptfoosMessage() {
        ConfigException e = assertThrows(ConfigException.class, () -> ReportFormat.of(Path.of("out.pdf")));
        assertEquals(
                "Unsupported output file format pdf. Please use one of: csv, html, json, jsonl, junit.xml, txt,"
                        + " xml, yaml, yml.",
                e.getMessage());
        assertEquals(ReportFormat.JUNIT, ReportFormat.of(Path.of("a/b.JUNIT.xml")));
        assertEquals(ReportFormat.XML, ReportFormat.of(Path.of("b.xml")));
    }

    @Test
    void htmlIsSelfContainedAndKeepsOutputsAsText() throws Exception {
        String html = write("report.html");
        assertFalse(html.contains("<script src"), "no external scripts");
        assertFalse(html.contains("<link"), "no external styles");
        assertFalse(html.contains("http://") || html.contains("https://"), "no external references");
        assertFalse(html.contains("</script><b>"), "an output cannot close the data script");
        assertTrue(html.contains("\\u003c/script>\\u003cb>x\\u003c/b>"));
    }

    // ---- headless Chromium ------------------------------------------------------------------------------------

    private static Optional<Path> chromium() {
        for (String c : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")) {
            if (Files.isExecutable(Path.of(c))) {
                return Optional.of(Path.of(c));
            }
        }
        if ("true".equals(System.getenv("CI"))) {
            throw new AssertionError("CI=true but no Chromium is installed (.ci/ensure-chromium.sh installs it)");
        }
        return Optional.empty();
    }

    private String chrome(Path html, String hash, String... extra) throws Exception {
        Path browser = chromium().orElse(null);
        assumeTrue(browser != null, "Chromium is not installed (and CI is not set)");
        List<String> cmd = new ArrayList<>(List.of(
                browser.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--no-first-run",
                "--disable-dev-shm-usage",
                "--user-data-dir=" + Files.createTempDirectory(dir, "chrome"),
                "--virtual-time-budget=5000"));
        cmd.addAll(List.of(extra));
        cmd.add(html.toUri() + hash);
        Process p = new ProcessBuilder(cmd)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "chromium did not finish");
        assertEquals(0, p.exitValue(), "chromium failed");
        return out;
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    private static List<Integer> barCounts(String svg) {
        List<Integer> counts = new ArrayList<>();
        var m = java.util.regex.Pattern.compile("<rect class=\"bar\"[^>]*data-count=\"(\\d+)\"")
                .matcher(svg);
        while (m.find()) {
            counts.add(Integer.parseInt(m.group(1)));
        }
        return counts;
    }

    /** The first {@code <svg>…</svg>} whose title starts with this text. */
    private static String svg(String html, String title) {
        int at = html.indexOf("aria-label=\"" + title);
        assertTrue(at > 0, "no chart '" + title + "'");
        int start = html.lastIndexOf("<svg", at);
        return html.substring(start, html.indexOf("</svg>", at) + 6);
    }

    @Test
    void htmlHasThePerProviderFiguresAndHistogramsWithoutAScript() throws Exception {
        String html = write("report.html");
        String figures = html.substring(html.indexOf("<section id=\"figures\">"), html.indexOf("</section>"));
        assertTrue(figures.contains("<td>streamer</td>"), figures);
        // latency and first frame: every case has a latency, and the four calls (the errored one included) a ttft
        assertEquals(
                4,
                barCounts(svg(figures, "Latency")).stream()
                        .mapToInt(Integer::intValue)
                        .sum());
        assertEquals(
                4,
                barCounts(svg(figures, "Time to first frame")).stream()
                        .mapToInt(Integer::intValue)
                        .sum());
        // nearest rank: of 7, 10, 10, 10 ms the median is the second value
        assertTrue(figures.contains("10 / 10 / 10 ms"), "first frame p50 / p90 / p99: " + figures);
        assertFalse(figures.contains("<script"));
    }

    @Test
    @Tag("browser") // headless Chromium: left out of mutation runs (seconds per mutant)
    void htmlReportRendersEveryRowInChromium() throws Exception {
        write("report.html");
        String dom = chrome(dir.resolve("out/report.html"), "", "--dump-dom");
        assertEquals(4, count(dom, "<tr class=\"row"), dom);
        assertTrue(dom.contains("4 of 4 shown"));
        assertTrue(dom.contains("2 passed") && dom.contains("1 failed") && dom.contains("1 errors"));
        assertEquals(0, count(dom, "class=\"detail\""));
    }

    @Test
    @Tag("browser") // headless Chromium: left out of mutation runs (seconds per mutant)
    void htmlHashFiltersRowsAndExpandsOneToShowFramesAndTimings() throws Exception {
        write("report.html");
        String dom = chrome(dir.resolve("out/report.html"), "#filter=hello%20paris&expand=1", "--dump-dom");
        assertEquals(1, count(dom, "<tr class=\"row"), "only 'hello paris' matches");
        assertTrue(dom.contains("1 of 4 shown"));
        assertEquals(1, count(dom, "<tr class=\"detail\""));
        assertEquals(3, count(dom, "<tr class=\"frame\""), "the sent frame and two received ones");
        assertTrue(dom.contains("{\"type\":\"delta\",\"message\":\"paris\"}"), dom);
        assertTrue(dom.contains("first frame"));
        assertEquals(3, count(dom, "<rect class=\"frame "), "the timeline has one mark per frame");
        String failures = chrome(dir.resolve("out/report.html"), "#status=error&expand=all", "--dump-dom");
        assertEquals(1, count(failures, "<tr class=\"row"));
        assertTrue(failures.contains("Error: server closed with 1011"));
        assertTrue(failures.contains("Attempts: 1 (1 failed)"), "each attempt's error is listed: " + failures);
        assertEquals(1, count(failures, "<table class=\"asserts attempts\""));
        assertEquals(2, count(failures, "<tr class=\"frame\""), "the errored case keeps its frames");
        assertEquals(2, count(failures, "<rect class=\"frame "), "and its timeline");
        Path shots = Path.of("target", "screenshots").toAbsolutePath();
        Files.createDirectories(shots);
        Path png = shots.resolve("report.png");
        Files.deleteIfExists(png);
        chrome(
                dir.resolve("out/report.html"),
                "#filter=hello&expand=1",
                "--screenshot=" + png,
                "--window-size=1280,900",
                "--hide-scrollbars");
        assertTrue(Files.size(png) > 10_000, "a screenshot was written to " + png);
    }
}
