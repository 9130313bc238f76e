package io.github.wstoolkit.eval.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wstoolkit.api.CallTimings;
import io.github.wstoolkit.api.Frame;
import java.time.Duration;
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

    private static CallTimings timings(Duration connect, Duration firstFrame, long totalMs, List<Frame> frames) {
        return new CallTimings(
                connect, Optional.ofNullable(firstFrame), Duration.ofMillis(totalMs), 3, 9, Optional.empty(), frames);
    }

    @Test
    void timelineDrawsEachFrameAtItsTimeWithTtftAndTheLongestGap() {
        List<Frame> frames = List.of(
                Frame.text(Frame.Direction.SENT, Duration.ofMillis(10), "{\"q\":1}", 7),
                Frame.text(Frame.Direction.RECEIVED, Duration.ofMillis(30), "a<b", 3),
                Frame.binary(Frame.Direction.RECEIVED, Duration.ofMillis(35), new byte[] {0, 1}),
                Frame.text(Frame.Direction.RECEIVED, Duration.ofMillis(60), "done", 4));
        String svg = Charts.timeline(timings(Duration.ofMillis(5), Duration.ofMillis(20), 100, frames), "f-");
        assertTrue(svg.contains("<title>Frame timeline: 4 frames over 100 ms</title>"), svg);
        assertEquals(List.of("connect: 5 ms"), all("<rect class=\"connect\"[^>]*><title>([^<]*)<", svg));
        assertEquals(
                List.of(
                        "#1 → sent at 10 ms · 7 B · {\"q\":1}",
                        "#2 ← received at 30 ms · 3 B · a&lt;b",
                        "#3 ← received at 35 ms · 2 B binary · 00 01",
                        "#4 ← received at 60 ms · 4 B · done"),
                all("<rect class=\"frame [^>]*><title>([^<]*)<", svg).stream()
                        .map(t -> t.replace("&quot;", "\""))
                        .toList());
        assertEquals(List.of("sent", "received", "received", "received"), all("<rect class=\"frame (\\w+)\"", svg));
        assertEquals(List.of("#f-1", "#f-2", "#f-3", "#f-4"), all("<a href=\"([^\"]+)\">", svg));
        assertEquals(List.of("97.7", "272", "316", "534"), all("<rect class=\"frame \\w+\" x=\"([^\"]+)\"", svg));
        assertEquals(List.of("0 ms", "20 ms", "40 ms", "60 ms", "80 ms", "100 ms"), all(">(\\d+ ms)</text>", svg));
        assertEquals(
                List.of(
                        "M99.2 30 V26 H274 V30\"><title>time to first frame: 20 ms",
                        "M317 102 V106 H535 V102\"><title>longest gap between frames: 25 ms"),
                all("d=\"([^<]*<title>[^<]*)<", svg));
    }

    @Test
    void withoutASentFrameTtftIsMeasuredBackFromTheFirstReceivedOne() {
        List<Frame> frames = List.of(Frame.text(Frame.Direction.RECEIVED, Duration.ofMillis(50), "x", 1));
        String svg = Charts.timeline(timings(Duration.ZERO, Duration.ofMillis(20), 100, frames), "f");
        assertEquals(
                List.of("M274 30 V26 H448 V30\"><title>time to first frame: 20 ms"),
                all("d=\"([^<]*<title>[^<]*)<", svg),
                "one received frame has no gap");
        assertFalse(svg.contains("class=\"connect\""), "a reused connection has no connect phase");
    }

    @Test
    void aCallWithoutFramesSaysSo() {
        String svg = Charts.timeline(timings(Duration.ZERO, null, 0, List.of()), "f");
        assertTrue(svg.contains("<title>Frame timeline: 0 frames over 1 ms</title>"), svg);
        assertTrue(svg.contains(">no frames recorded</text>"));
        assertFalse(svg.contains("<path"));
        String late = Charts.timeline(
                timings(
                        Duration.ZERO,
                        null,
                        10,
                        List.of(Frame.text(Frame.Direction.RECEIVED, Duration.ofMillis(40), "x", 1))),
                "f");
        assertTrue(late.contains("over 40 ms"), "the axis reaches the last frame");
        assertFalse(late.contains("<path"), "no first-frame time, no bracket");
    }

    /** The geometry of a histogram's marks: {@code x y width height} of each bar. */
    private static List<String> bars(String svg) {
        return all("<rect class=\"bar\"[^>]* x=\"([^\"]+\" y=\"[^\"]+\" width=\"[^\"]+\" height=\"[^\"]+)\"", svg)
                .stream()
                .map(b -> b.replaceAll("\" \\w+=\"", " "))
                .toList();
    }

    @Test
    void histogramBarsStandOnTheAxisWithHeightsInProportionToTheirCounts() {
        // 0..9 in bins of 1: a plot 464 wide (10 bins of 46.4) and 140 high, from x 44 and y 26
        String svg = Charts.histogram(
                "Latency", "ms", List.of(new Charts.Series("lat", new double[] {0, 1, 1, 2, 9})), 10, false);
        assertEquals(List.of("44 96 44.4 70", "90.4 26 44.4 140", "137 96 44.4 70", "462 96 44.4 70"), bars(svg));
        assertEquals(
                List.of("44 166 508 166"),
                all("<line class=\"axis\" x1=\"([^/]*)\"/>", svg).stream()
                        .map(l -> l.replaceAll("\" \\w+=\"", " "))
                        .toList());
        // every other bin boundary is labelled (at most eight labels), then the unit at the end of the axis
        assertEquals(
                List.of("44 180 0", "137 180 2", "230 180 4", "322 180 6", "415 180 8", "508 180 10"),
                tickLabels(svg, "middle"));
        // the largest count at the top of the y axis, 0 at its foot, the unit at the end of the x axis
        assertEquals(List.of("40 30 2", "40 166 0", "508 196 ms"), tickLabels(svg, "end"));
        // p50 (1) and p90 (9) at their values on the x axis, from the top of the plot to the axis
        assertEquals(
                List.of("90.4 26 90.4 166", "462 26 462 166"),
                all("<line class=\"pct\" x1=\"([^\"]+\" y1=\"[^\"]+\" x2=\"[^\"]+\" y2=\"[^\"]+)\"", svg).stream()
                        .map(l -> l.replaceAll("\" \\w+=\"", " "))
                        .toList());
    }

    /** The tick labels anchored so: {@code x y text}. */
    private static List<String> tickLabels(String svg, String anchor) {
        return all("<text class=\"tick\" x=\"([^\"]+\" y=\"[^\"]+\" text-anchor=\"" + anchor + "\">[^<]*)</text>", svg)
                .stream()
                .map(l -> l.replace("\" y=\"", " ").replace("\" text-anchor=\"" + anchor + "\">", " "))
                .toList();
    }

    @Test
    void barsOfSeveralSeriesStandSideBySideInTheirBinAndTheLegendIsRightAligned() {
        String svg = Charts.histogram(
                "T",
                "ms",
                List.of(new Charts.Series("a", new double[] {0}), new Charts.Series("bb", new double[] {0, 10})),
                10,
                false);
        // bins of 2 (46.4 wide), two bars of 22.7 in each, 1 apart
        assertEquals(List.of("44 26 21.7 140", "66.7 26 21.7 140", "299 26 21.7 140"), bars(svg));
        assertEquals(
                List.of("a · 0–2 ms · 1 case (100%)", "bb · 0–2 ms · 1 case (50%)", "bb · 10–12 ms · 1 case (50%)"),
                all("<rect class=\"bar\"[^>]*><title>([^<]*)</title>", svg));
        assertEquals(List.of("#0969da", "#bf3989", "#bf3989"), all("<rect class=\"bar\"[^>]* fill=\"([^\"]+)\"", svg));
        assertEquals(List.of("44", "44", "44", "276"), all("<line class=\"pct\" x1=\"([^\"]+)\"", svg));
        // the legend ends at the plot's right edge: 24 + 6.2 per character for each entry
        assertEquals(List.of("441", "472"), all("<rect class=\"legend\" x=\"([^\"]+)\"", svg));
        assertEquals(
                List.of("455 17 a", "486 17 bb"),
                all("<text class=\"tick\" x=\"([^\"]+\" y=\"17\">[^<]*)<", svg).stream()
                        .map(l -> l.replace("\" y=\"17\">", " 17 "))
                        .toList());
        // a long title pushes the legend right of it rather than under it
        String titled = Charts.histogram(
                "x".repeat(60),
                "ms",
                List.of(new Charts.Series("a", new double[] {0}), new Charts.Series("bb", new double[] {0, 10})),
                10,
                false);
        assertEquals(List.of("452", "482"), all("<rect class=\"legend\" x=\"([^\"]+)\"", titled));
    }

    @Test
    void aRareValueStillShowsAsABarOfOnePixelAndNarrowBinsHaveNoGap() {
        double[] values = new double[201];
        values[200] = 100;
        String svg = Charts.histogram("T", "ms", List.of(new Charts.Series("s", values)), 200, false);
        // 0 and 100 in bins of 1: 101 bins of 4.6, no gap between bars; 1 of 200 is 0.7 px high, drawn as 1
        assertEquals(List.of("44 26 4.6 140", "503 165 4.6 1"), bars(svg));
    }

    @Test
    void theTimelineDrawsItsConnectPhaseGridAndFramesAboveAndBelowTheAxis() {
        List<Frame> frames = List.of(
                Frame.text(Frame.Direction.SENT, Duration.ofMillis(10), "q", 1),
                Frame.text(Frame.Direction.RECEIVED, Duration.ofMillis(30), "a", 1));
        // 100 ms over 872 px from x 12; the axis at y 66
        String svg = Charts.timeline(timings(Duration.ofMillis(5), Duration.ofMillis(20), 100, frames), "f");
        assertTrue(svg.contains("<rect class=\"connect\" x=\"12\" y=\"36\" width=\"43.6\" height=\"60\">"), svg);
        assertTrue(svg.contains("<line class=\"axis\" x1=\"12\" y1=\"66\" x2=\"884\" y2=\"66\"/>"), svg);
        assertEquals(
                List.of("12", "186", "361", "535", "710", "884"),
                all("<line class=\"grid\" x1=\"([^\"]+)\" y1=\"32\" x2=\"[^\"]+\" y2=\"100\"/>", svg));
        assertEquals(
                List.of(
                        "12 start 0",
                        "186 middle 20",
                        "361 middle 40",
                        "535 middle 60",
                        "710 middle 80",
                        "884 end 100"),
                all("<text class=\"tick\" x=\"([^\"]+\" y=\"126\" text-anchor=\"\\w+\">\\d+) ms</text>", svg).stream()
                        .map(l -> l.replace("\" y=\"126\" text-anchor=\"", " ").replace("\">", " "))
                        .toList());
        assertTrue(svg.contains("<text class=\"tick\" x=\"12\" y=\"12\">sent ↑</text>"), svg);
        assertTrue(svg.contains("<text class=\"tick\" x=\"12\" y=\"112\">received ↓</text>"), svg);
        assertEquals(
                List.of("97.7 40", "272 68"),
                all("<rect class=\"frame \\w+\" x=\"([^\"]+\" y=\"[^\"]+)\"", svg).stream()
                        .map(l -> l.replace("\" y=\"", " "))
                        .toList());
        // a connect phase too short to see is still one pixel wide
        String quick = Charts.timeline(timings(Duration.ofNanos(1000), Duration.ofMillis(20), 100, frames), "f");
        assertTrue(quick.contains("<rect class=\"connect\" x=\"12\" y=\"36\" width=\"1\" height=\"60\">"), quick);
    }

    @Test
    void bracketsStartAtTheSentFrameAndTheFirstOfEqualGapsIsTheLongest() {
        // 40 ms: 21.8 px a millisecond
        List<Frame> frames = List.of(
                Frame.text(Frame.Direction.SENT, Duration.ZERO, "q", 1),
                Frame.text(Frame.Direction.RECEIVED, Duration.ofMillis(10), "a", 1),
                Frame.text(Frame.Direction.RECEIVED, Duration.ofMillis(20), "b", 1),
                Frame.text(Frame.Direction.RECEIVED, Duration.ofMillis(30), "c", 1));
        String svg = Charts.timeline(timings(Duration.ZERO, Duration.ofMillis(5), 40, frames), "f");
        assertEquals(
                List.of(
                        "M12 30 V26 H230 V30\"><title>time to first frame: 5 ms",
                        "M230 102 V106 H448 V102\"><title>longest gap between frames: 10 ms"),
                all("d=\"([^<]*<title>[^<]*)<", svg));
        // a first frame at 0 ms counts; a bracket of no length is still a pixel wide
        List<Frame> atZero = List.of(
                Frame.text(Frame.Direction.RECEIVED, Duration.ZERO, "a", 1),
                Frame.text(Frame.Direction.RECEIVED, Duration.ofMillis(10), "b", 1));
        assertEquals(
                List.of(
                        "M12 30 V26 H13 V30\"><title>time to first frame: 0 ms",
                        "M12 102 V106 H230 V102\"><title>longest gap between frames: 10 ms"),
                all(
                        "d=\"([^<]*<title>[^<]*)<",
                        Charts.timeline(timings(Duration.ZERO, Duration.ZERO, 40, atZero), "f")));
    }

    @Test
    void theSparklineHasA100PercentGridLineAZeroAxisAndLinksOnlyTheLinkedPoints() {
        String svg = Charts.sparkline(
                "Pass rate",
                List.of(
                        new Charts.Point("run 1", 100, Optional.of("/runs/1")),
                        new Charts.Point("run 2", 50, Optional.empty())));
        assertTrue(
                svg.contains("<line class=\"grid\" x1=\"6\" y1=\"6\" x2=\"314\" y2=\"6\"><title>100%</title></line>"),
                svg);
        assertTrue(
                svg.contains("<line class=\"axis\" x1=\"6\" y1=\"50\" x2=\"314\" y2=\"50\"><title>0%</title></line>"),
                svg);
        assertTrue(svg.contains("<a href=\"/runs/1\"><circle class=\"point\" cx=\"6\" cy=\"6\""), svg);
        assertTrue(svg.contains("<title>run 1</title></circle></a><circle class=\"point\" cx=\"314\" cy=\"28\""), svg);
        assertEquals(1, all("</a>", svg).size());
    }

    @Test
    void binsStartAtARoundValueBelowTheSmallestAndTicksStepByTheWidth() {
        // 10..30 in bins of 5 from 10: the p50 (12) and p90 (30) at their place on that scale
        String svg =
                Charts.histogram("T", "ms", List.of(new Charts.Series("s", new double[] {10, 12, 14, 30})), 10, false);
        assertEquals(List.of("44 26 44.4 140", "230 119 44.4 46.7"), bars(svg));
        assertEquals(
                List.of("s · 10–15 ms · 3 cases (75%)", "s · 30–35 ms · 1 case (25%)"),
                all("<rect class=\"bar\"[^>]*><title>([^<]*)</title>", svg));
        assertEquals(
                List.of("44 180 10", "137 180 20", "230 180 30", "322 180 40", "415 180 50", "508 180 60"),
                tickLabels(svg, "middle"));
        assertEquals(List.of("62.6", "230"), all("<line class=\"pct\" x1=\"([^\"]+)\"", svg));
        // a name of 28 characters fits the legend whole; a longer one is cut to 27 and an ellipsis
        String legend = Charts.histogram(
                "T",
                "ms",
                List.of(
                        new Charts.Series("a".repeat(28), new double[] {1}),
                        new Charts.Series("b".repeat(29), new double[] {1})),
                10,
                false);
        assertEquals(
                List.of("a".repeat(28), "b".repeat(27) + "…"),
                all("<text class=\"tick\" x=\"[^\"]+\" y=\"17\">([^<]*)<", legend));
    }

    @Test
    void emptyChartsSayItInTheirMiddle() {
        assertTrue(Charts.histogram("E", "ms", List.of(), 10, false)
                .contains("<text class=\"empty\" x=\"260\" y=\"100\" text-anchor=\"middle\">no values</text>"));
        assertTrue(Charts.timeline(timings(Duration.ZERO, null, 0, List.of()), "f")
                .contains("<text class=\"empty\" x=\"450\" y=\"60\" text-anchor=\"middle\">no frames recorded</text>"));
    }

    @Test
    void timeToFirstFrameIsMeasuredFromTheFirstSentFrame() {
        List<Frame> frames = List.of(
                Frame.text(Frame.Direction.SENT, Duration.ZERO, "q", 1),
                Frame.text(Frame.Direction.SENT, Duration.ofMillis(5), "q2", 2),
                Frame.text(Frame.Direction.RECEIVED, Duration.ofMillis(10), "a", 1));
        assertEquals(
                List.of("M12 30 V26 H230 V30\"><title>time to first frame: 10 ms"),
                all(
                        "d=\"([^<]*<title>[^<]*)<",
                        Charts.timeline(timings(Duration.ZERO, Duration.ofMillis(10), 40, frames), "f")));
    }
}
