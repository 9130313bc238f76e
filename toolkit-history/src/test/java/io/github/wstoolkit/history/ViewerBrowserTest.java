package io.github.wstoolkit.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The viewer walked in headless Chromium as a user would, by links and forms only: the runs list → a run → its
 * filters → a case → a frame of its timeline → the comparison with the parent run. Screenshots of the four pages
 * are kept under {@code target/screenshots/}.
 */
class ViewerBrowserTest {

    @TempDir
    Path dir;

    @Test
    void aUserWalksFromTheListToARunACaseAndAComparison() throws Exception {
        try (HistoryStore store = HistoryStore.open(dir.resolve("wst.db"))) {
            long[] runs = ViewerFixture.populate(store, dir);
            try (Viewer viewer = Viewer.builder(store).port(0).start();
                    Browser b = Browser.start(Files.createDirectories(dir.resolve("chromium")))) {
                // the list: three runs, a sparkline point each
                b.go(viewer.uri().toString());
                b.awaitUrl("/");
                assertEquals(3, b.count("tr.run"));
                assertEquals(3, b.count("#pass-rate svg circle.point"));
                assertTrue(b.title().startsWith("Runs"));
                b.screenshot("view-1-runs");
                // search narrows the list; clearing brings it back
                b.type("form.filters input[name=q]", "no such run");
                b.click("form.filters button");
                b.awaitUrl("q=no+such+run");
                assertEquals(0, b.count("tr.run"));
                b.click("form.filters a");
                b.awaitUrl(viewer.uri().toString());
                assertEquals(3, b.count("tr.run"));

                // the first run, by its link
                b.click("tr.run[data-id='" + runs[0] + "'] td a");
                b.awaitUrl("/runs/" + runs[0]);
                assertEquals(4, b.count("table.matrix tr.test"));
                assertEquals(16, b.count("table.matrix td.cell"));
                assertEquals("complete", b.text("#run-status"));
                // the per-provider histograms: one bar per non-empty bin, their counts add up to the cases
                Number ttftCases = (Number) b.script(
                        "var n = 0; document.querySelectorAll(\"svg[aria-label='Time to first frame'] rect.bar\")"
                                + ".forEach(function (r) { n += +r.getAttribute('data-count'); }); return n;");
                assertEquals(16, ttftCases.intValue());
                b.fullScreenshot("view-2-run");
                // filters: a select submits on its own (the page's small script)
                b.script("var s = document.querySelector(\"select[name=status]\"); s.value = 'failing';"
                        + " s.dispatchEvent(new Event('change'));");
                b.awaitUrl("status=failing");
                assertEquals(2, b.count("table.matrix tr.test"));
                b.script("var s = document.querySelector(\"select[name=provider]\"); s.value = 'slow';"
                        + " s.dispatchEvent(new Event('change'));");
                b.awaitUrl("provider=slow");
                assertEquals(2, b.count("table.matrix th.col"));
                assertEquals(4, b.count("table.matrix td.cell"));

                // a case: the errored one keeps its frames
                b.click("table.matrix td.cell.error a.open");
                b.awaitUrl("/cases/");
                assertTrue(b.text("pre.error").contains("code 1011"));
                assertEquals(2, b.count("#timeline svg rect.frame"));
                assertEquals(2, b.count("table.frames tr.frame"));
                // a passing case of the slow provider: 1 sent + 8 received frames, each a mark; a click shows it
                b.go(viewer.uri() + "runs/" + runs[0] + "?provider=slow&status=pass");
                b.awaitUrl("status=pass");
                b.click("table.matrix td.cell.pass a.open");
                b.awaitUrl("/cases/");
                assertEquals(9, b.count("#timeline svg rect.frame"));
                assertEquals(9, b.count("table.frames tr.frame"));
                b.click("#timeline svg a[href='#frame-5'] rect");
                b.awaitUrl("#frame-5");
                assertEquals("frame-5", b.script("return document.querySelector('tr.frame:target').id"));
                b.fullScreenshot("view-3-case");

                // back to the list, then the retry run and its comparison with its parent
                b.click("header a.home");
                b.awaitUrl(viewer.uri().toString());
                b.click("tr.run[data-id='" + runs[1] + "'] td a");
                b.awaitUrl("/runs/" + runs[1]);
                b.click("a.compare[href^='/compare?a=" + runs[0] + "']");
                b.awaitUrl("/compare?a=" + runs[0] + "&b=" + runs[1]);
                assertTrue(b.text("#change-counts").contains("4 fixes"), b.text("#change-counts"));
                assertEquals(4, b.count("div.change.fix"));
                // the list's compare form: run 2 → run 3 has the two regressions, listed first
                b.click("header a.home");
                b.awaitUrl(viewer.uri().toString());
                b.script("document.querySelector(\"#compare-form select[name=a]\").value = '" + runs[1] + "';"
                        + "document.querySelector(\"#compare-form select[name=b]\").value = '" + runs[2] + "';");
                b.click("#compare-form button");
                b.awaitUrl("/compare?a=" + runs[1] + "&b=" + runs[2]);
                assertTrue(b.text("#change-counts").startsWith("2 regressions"), b.text("#change-counts"));
                assertEquals(2, b.count("div.change.regression"));
                assertEquals(
                        "regression",
                        b.script("return document.querySelector('div.change').classList[1]"),
                        "regressions come first");
                assertTrue(b.count("div.change del, div.change ins") > 0, "outputs are diffed side by side");
                assertEquals(2, b.count("#distributions svg"));
                b.fullScreenshot("view-4-compare");
            }
        }
        for (String shot : new String[] {"view-1-runs", "view-2-run", "view-3-case", "view-4-compare"}) {
            Path png = Path.of("target", "screenshots", shot + ".png");
            assertTrue(Files.size(png) > 10_000, png + " was written");
        }
    }
}
