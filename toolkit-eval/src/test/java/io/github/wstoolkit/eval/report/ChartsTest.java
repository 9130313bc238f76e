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
}
