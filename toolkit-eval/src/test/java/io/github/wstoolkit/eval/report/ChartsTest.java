package io.github.wstoolkit.eval.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The report's SVG charts: the figures they compute and the marks they draw, each with its title. */
class ChartsTest {

    private static List<String> all(String regex, String text) {
        Matcher m = Pattern.compile(regex).matcher(text);
        List<String> out = new ArrayList<>();
        while (m.find()) {
            out.add(m.groupCount() > 0 ? m.group(1) : m.group());
        }
        return out;
    }

    @Test
    void distributionTakesNearestRankPercentilesOfTheValuesMeasured() {
        Charts.Distribution d = Charts.Distribution.of(new double[] {5, 1, 3, Double.NaN, 2, 4});
        assertEquals(new Charts.Distribution(5, 1, 3, 5, 5, 5, 3), d);
        double[] hundred = IntStream.rangeClosed(1, 100).asDoubleStream().toArray();
        assertEquals(new Charts.Distribution(100, 1, 50, 90, 99, 100, 50.5), Charts.Distribution.of(hundred));
        assertEquals(new Charts.Distribution(1, 7, 7, 7, 7, 7, 7), Charts.Distribution.of(new double[] {7}));
        assertEquals(new Charts.Distribution(0, 0, 0, 0, 0, 0, 0), Charts.Distribution.of(new double[] {Double.NaN}));
    }

    @Test
    void binsHaveARoundWidthThatFitsTheRange() {
        assertEquals(1, Charts.niceWidth(0, 10));
        assertEquals(1, Charts.niceWidth(-3, 10));
        assertEquals(10, Charts.niceWidth(95, 10));
        assertEquals(20, Charts.niceWidth(100, 10), "10 would need 11 bins");
        assertEquals(1, Charts.niceWidth(7, 10));
        assertEquals(0.5, Charts.niceWidth(2, 10));
        assertEquals(50, Charts.niceWidth(240, 5));
        assertEquals(200, Charts.niceWidth(100, 1));
    }

    @Test
    void labelsPrintIntegersWithoutDecimalsAndOthersShort() {
        assertEquals("3", Charts.fmt(3.0));
        assertEquals("-2", Charts.fmt(-2.0000000001));
        assertEquals("2.3", Charts.fmt(2.25));
        assertEquals("-0.5", Charts.fmt(-0.5));
        assertEquals("99.9", Charts.fmt(99.94));
        assertEquals("123", Charts.fmt(123.4));
        assertEquals("-101", Charts.fmt(-100.6));
    }

    @Test
    void histogramCountsEachValueInItsBinAndMarksP50AndP90() {
        String svg = Charts.histogram(
                "Latency", "ms", List.of(new Charts.Series("lat", new double[] {1, 2, 2, 3, Double.NaN})), 10, false);
        assertTrue(svg.startsWith("<svg class=\"chart histogram\""), svg);
        assertTrue(svg.contains("aria-label=\"Latency\""));
        assertEquals(
                List.of(
                        "lat · 1–1.5 ms · 1 case (25%)",
                        "lat · 2–2.5 ms · 2 cases (50%)", "lat · 3–3.5 ms · 1 case (25%)"),
                all("<rect class=\"bar\"[^>]*><title>([^<]*)</title>", svg));
        assertEquals(List.of("1", "2", "1"), all("data-count=\"(\\d+)\"", svg));
        assertEquals(List.of("lat p50: 2 ms", "lat p90: 3 ms"), all("<line class=\"pct\"[^>]*><title>([^<]*)<", svg));
        assertTrue(svg.contains("text-anchor=\"end\">2</text>"), "the y axis goes up to the largest count");
        assertFalse(svg.contains("class=\"legend\""), "one series needs no legend");
        assertTrue(svg.endsWith("</svg>"));
    }

    @Test
    void normalisedSeriesAreDrawnAsSharesWithALegend() {
        String svg = Charts.histogram(
                "TTFT",
                "ms",
                List.of(
                        new Charts.Series("run <1>", new double[] {10, 10, 20, 30}),
                        new Charts.Series("run 2", new double[] {10})),
                10,
                true);
        assertTrue(svg.contains("text-anchor=\"end\">100%</text>"), "the largest share: run 2's one value");
        assertEquals(
                List.of(
                        "run &lt;1&gt; · 10–15 ms · 2 cases (50%)",
                        "run &lt;1&gt; · 20–25 ms · 1 case (25%)",
                        "run &lt;1&gt; · 30–35 ms · 1 case (25%)",
                        "run 2 · 10–15 ms · 1 case (100%)"),
                all("<rect class=\"bar\"[^>]*><title>([^<]*)</title>", svg));
        assertEquals(2, all("class=\"legend\"", svg).size());
        assertEquals(List.of("#0969da", "#bf3989"), all("class=\"legend\"[^>]* fill=\"([^\"]+)\"", svg));
    }

    @Test
    void aHistogramWithoutValuesSaysSo() {
        String svg =
                Charts.histogram("Empty", "ms", List.of(new Charts.Series("x", new double[] {Double.NaN})), 10, false);
        assertTrue(svg.contains(">no values</text></svg>"), svg);
        assertFalse(svg.contains("<rect"));
    }

    @Test
    void sparklineColoursEachPointByItsPassRateAndLinksItsRun() {
        String svg = Charts.sparkline(
                "Pass rate",
                List.of(
                        new Charts.Point("run 1", 100, Optional.of("/runs/1?a=1&b=2")),
                        new Charts.Point("run 2", 50, Optional.empty()),
                        new Charts.Point("run 3", 0, Optional.empty()),
                        new Charts.Point("run 4", 150, Optional.empty())));
        assertEquals(
                List.of("#1a7f37", "#9a6700", "#cf222e", "#1a7f37"),
                all("<circle class=\"point\"[^>]* fill=\"([^\"]+)\"", svg));
        assertEquals(List.of("run 1", "run 2", "run 3", "run 4"), all("<circle[^>]*><title>([^<]*)<", svg));
        assertEquals(List.of("/runs/1?a=1&amp;b=2"), all("<a href=\"([^\"]+)\">", svg));
        assertEquals(List.of("6,6 109,28 211,50 314,6"), all("points=\"([^\"]+)\"", svg));
        String one = Charts.sparkline("One", List.of(new Charts.Point("only", 80, Optional.empty())));
        assertFalse(one.contains("polyline"), "one point draws no line");
        assertEquals(List.of("160"), all("cx=\"([^\"]+)\"", one));
        assertEquals(List.of("14.8"), all("cy=\"([^\"]+)\"", one));
    }
}
