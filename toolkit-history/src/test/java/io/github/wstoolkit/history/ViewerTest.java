package io.github.wstoolkit.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wstoolkit.api.json.Json;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The viewer over HTTP on loopback: each page's content, its filters, exports, and what it refuses. */
class ViewerTest {

    @TempDir
    static Path dir;

    static HistoryStore store;
    static Viewer viewer;
    static long[] runs;
    static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() {
        store = HistoryStore.open(dir.resolve("wst.db"));
        runs = ViewerFixture.populate(store, dir);
        viewer = Viewer.builder(store).port(0).start();
    }

    @AfterAll
    static void stop() {
        viewer.close();
    }

    record Page(int status, String body) {}

    static Page get(String path) throws Exception {
        HttpResponse<String> r = HTTP.send(
                HttpRequest.newBuilder(viewer.uri().resolve(path))
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return new Page(r.statusCode(), r.body());
    }

    static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    @Test
    void theRunsListShowsEveryRunWithCountsASparklineAndCompareLinks() throws Exception {
        Page p = get("/");
        assertEquals(200, p.status());
        assertEquals(3, count(p.body(), "<tr class=\"run\""));
        assertEquals(3, count(p.body(), "<circle class=\"point\""), "one sparkline point per run");
        assertTrue(p.body().contains("retry of <a href=\"/runs/" + runs[0] + "\">"), "the retry names its parent");
        assertTrue(p.body().contains("/compare?a=" + runs[1] + "&amp;b=" + runs[2]));
        assertTrue(p.body().contains("75.0% pass (12/16)"), "the sparkline point of run 2 says its pass rate");
        assertFalse(p.body().contains("sk-view-0123456789"), "no secret on any page");
    }

    @Test
    void theRunsListFiltersByDescriptionAndDate() throws Exception {
        assertEquals(3, count(get("/?q=chat").body(), "<tr class=\"run\""));
        Page none = get("/?q=nothing+like+this");
        assertEquals(0, count(none.body(), "<tr class=\"run\""));
        assertTrue(none.body().contains("No run matches the filter."));
        String tomorrow = java.time.LocalDate.now().plusDays(1).toString();
        assertEquals(0, count(get("/?from=" + tomorrow).body(), "<tr class=\"run\""));
        assertEquals(3, count(get("/?to=" + tomorrow).body(), "<tr class=\"run\""));
        Page bad = get("/?from=last+week");
        assertTrue(bad.body().contains("is not a date (YYYY-MM-DD); it was ignored"), bad.body());
        assertEquals(3, count(bad.body(), "<tr class=\"run\""));
    }

    @Test
    void aRunShowsItsMatrixFiguresAndHistograms() throws Exception {
        Page p = get("/runs/" + runs[0]);
        assertEquals(200, p.status());
        assertEquals(4, count(p.body(), "<tr class=\"test\""), "rows are tests");
        assertEquals(4, count(p.body(), "<th class=\"col\""), "columns are prompt × provider");
        assertEquals(16, count(p.body(), "<td class=\"cell "));
        assertEquals(4, count(p.body(), "<td class=\"cell error\""));
        assertEquals(2, count(p.body(), "<tr class=\"provider\""));
        // histograms of both providers: the bars hold every case with a first frame (errored ones included)
        int bars = 0;
        Matcher m = Pattern.compile("data-count=\"(\\d+)\"").matcher(p.body());
        while (m.find()) {
            bars += Integer.parseInt(m.group(1));
        }
        assertEquals(16 + 16, bars, "first frame and latency histograms: 16 cases each");
        assertFalse(p.body().contains("compare with the previous run"), "the first run has none");
        Page third = get("/runs/" + runs[2]);
        assertTrue(
                third.body()
                        .contains("/compare?a=" + runs[1] + "&amp;b=" + runs[2] + "\">compare with the previous run"),
                "the previous run of the same config");
    }

    @Test
    void theMatrixFiltersByStatusTextProviderAndMetric() throws Exception {
        String base = "/runs/" + runs[0];
        Page failing = get(base + "?status=failing");
        assertEquals(2, count(failing.body(), "<tr class=\"test\""), "boom once and wrong answer");
        Page errors = get(base + "?status=error");
        assertEquals(1, count(errors.body(), "<tr class=\"test\""));
        Page passing = get(base + "?status=pass");
        assertEquals(2, count(passing.body(), "<tr class=\"test\""));
        Page slow = get(base + "?provider=slow");
        assertEquals(2, count(slow.body(), "<th class=\"col\""));
        assertEquals(8, count(slow.body(), "<td class=\"cell "));
        Page text = get(base + "?q=THREE");
        assertEquals(1, count(text.body(), "<tr class=\"test\""));
        Page metric = get(base + "?metric=recall");
        assertEquals(1, count(metric.body(), "<tr class=\"test\""));
        assertTrue(metric.body().contains("recall 1.00"), "the metric's score is shown in its cells");
        Page none = get(base + "?q=%25_nothing");
        assertTrue(none.body().contains("No result matches the filter."), "LIKE wildcards are escaped");
    }

    @Test
    void aCaseShowsItsTimelineWithOneMarkPerFrameAndTheFrames() throws Exception {
        long id = Fake.queryLong(
                dir.resolve("wst.db"),
                "SELECT id FROM results WHERE run_id = " + runs[0] + " AND provider_label = 'slow'"
                        + " AND description = 'counts' ORDER BY idx LIMIT 1");
        Page p = get("/cases/" + id);
        assertEquals(200, p.status());
        assertEquals(9, count(p.body(), "<rect class=\"frame "), "1 sent + 8 received");
        assertEquals(9, count(p.body(), "<tr class=\"frame\" id=\"frame-"));
        assertTrue(p.body().contains("<a href=\"#frame-9\">"));
        assertTrue(p.body().contains("Say one two three") || p.body().contains("SAY ONE TWO THREE"));
        assertTrue(p.body().contains("<tr class=\"assert pass\">"));
        long error = Fake.queryLong(
                dir.resolve("wst.db"),
                "SELECT id FROM results WHERE run_id = " + runs[0] + " AND status = 'error' LIMIT 1");
        Page e = get("/cases/" + error);
        assertTrue(e.body().contains("WebSocket closed before the response was complete (code 1011)"));
        assertEquals(2, count(e.body(), "<rect class=\"frame "), "the errored call's frames are on its timeline");
        // the attempt that failed, with its code (1011 is not retried: one attempt)
        assertTrue(e.body().contains("<h2>Attempts: 1 (1 failed)</h2>"), e.body());
        assertTrue(e.body().contains("<td>CLOSED 1011</td>"), e.body());
        assertEquals(404, get("/cases/999999").status());
    }

    @Test
    void compareListsRegressionsFirstWithDiffsAndOverlaysTheDistributions() throws Exception {
        Page p = get("/compare?a=" + runs[1] + "&b=" + runs[2]);
        assertEquals(200, p.status());
        assertTrue(p.body().contains("2 regressions</span>"), p.body());
        assertTrue(p.body().contains("0 fixes</span>"));
        assertEquals(2, count(p.body(), "<div class=\"change regression\">"));
        assertTrue(p.body().contains("<del>SAY</del>") || p.body().contains("<del>"), "a word diff");
        assertTrue(p.body().contains("<ins>"));
        // the overlaid histograms: both runs' 16 cases, as shares of each run
        String dist = p.body().substring(p.body().indexOf("id=\"distributions\""));
        assertTrue(dist.contains("data-series=\"run " + runs[1] + "\""));
        assertTrue(dist.contains("data-series=\"run " + runs[2] + "\""));
        Page fixes = get("/compare?a=" + runs[0] + "&b=" + runs[1]);
        assertTrue(fixes.body().contains("4 fixes</span>"), fixes.body());
        assertTrue(fixes.body().indexOf("class=\"change fix\"") > 0);
        Page defaults = get("/compare");
        assertTrue(defaults.body().contains("<h1>Run " + runs[1] + " → run " + runs[2] + "</h1>"));
    }

    @Test
    void aRunExportsAsAnyReportFormat() throws Exception {
        Page json = get("/runs/" + runs[0] + "/export/run.json");
        assertEquals(200, json.status());
        Map<?, ?> report = (Map<?, ?>) Json.parse(json.body());
        assertEquals(16, ((List<?>) ((Map<?, ?>) report.get("results")).get("results")).size());
        Page html = get("/runs/" + runs[0] + "/export/run.html");
        assertTrue(html.body().contains("<section id=\"figures\">"));
        Page junit = get("/runs/" + runs[0] + "/export/run.junit.xml");
        assertTrue(junit.body().startsWith("<?xml"));
        assertEquals(400, get("/runs/" + runs[0] + "/export/run.pdf").status());
    }

    @Test
    void unknownRunsAndPagesAre404AndWritesAreRefused() throws Exception {
        Page missing = get("/runs/999");
        assertEquals(404, missing.status());
        assertTrue(missing.body().contains("There is no run 999 in this database."));
        assertEquals(404, get("/nothing/here").status());
        HttpResponse<String> post = HTTP.send(
                HttpRequest.newBuilder(viewer.uri())
                        .POST(HttpRequest.BodyPublishers.ofString("x"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(405, post.statusCode());
    }

    @Test
    void aRequestForAnotherHostNameIsRefused() throws Exception {
        // what a page of another site reaches after rebinding its name to 127.0.0.1
        try (Socket s = new Socket("127.0.0.1", viewer.port())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(("GET / HTTP/1.1\r\nHost: attacker.example:" + viewer.port() + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(response.startsWith("HTTP/1.1 403"), response);
        }
        assertEquals(200, get("/").status(), "127.0.0.1 itself is fine");
    }

    @Test
    void aPortInUseSaysSo() {
        UncheckedIOException e = assertThrows(
                UncheckedIOException.class,
                () -> Viewer.builder(store).port(viewer.port()).start());
        assertTrue(e.getMessage().contains("is another wst view running?"), e.getMessage());
        assertEquals(URI.create("http://127.0.0.1:" + viewer.port() + "/"), viewer.uri());
    }
}
