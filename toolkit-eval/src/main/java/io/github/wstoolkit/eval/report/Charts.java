package io.github.wstoolkit.eval.report;

import io.github.wstoolkit.api.CallTimings;
import io.github.wstoolkit.api.Frame;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The charts of the HTML report and of {@code wst view}, drawn as inline SVG by this class: no script, no library,
 * nothing fetched, so a page works offline, in a CI artefact and in a headless browser. Every mark carries a
 * {@code <title>}, so a chart reads without hovering (and a test can count and read the marks): bars are
 * {@code rect.bar} with {@code data-count}, frames of a timeline are {@code rect.frame} inside a link to the frame's
 * row, points of a sparkline are {@code circle.point}.
 *
 * <p>Text is escaped for XML; the returned strings can be placed in an HTML page as they are.
 */
public final class Charts {

    /** Colours of series, in order (readable on white, distinct for the common colour blindnesses). */
    private static final String[] PALETTE = {"#0969da", "#bf3989", "#1a7f37", "#9a6700", "#8250df", "#cf222e"};

    private Charts() {}

    /**
     * A named set of values drawn in one colour.
     *
     * @param name what the values are of (a provider's label, a run)
     * @param values the values, in the chart's unit; NaN values are ignored
     */
    public record Series(String name, double[] values) {
        public Series {
            Objects.requireNonNull(name, "name");
            values = Arrays.stream(values).filter(v -> !Double.isNaN(v)).toArray();
        }
    }

    /**
     * Percentiles of a set of values, by the nearest-rank method (the p-th percentile is the smallest value that at
     * least p% of the values do not exceed), so every figure is a value that was measured.
     */
    public record Distribution(int count, double min, double p50, double p90, double p99, double max, double mean) {

        /** Of these values (NaN ignored); all zero when there are none. */
        public static Distribution of(double[] values) {
            double[] v =
                    Arrays.stream(values).filter(x -> !Double.isNaN(x)).sorted().toArray();
            if (v.length == 0) {
                return new Distribution(0, 0, 0, 0, 0, 0, 0);
            }
            return new Distribution(
                    v.length,
                    v[0],
                    rank(v, 50),
                    rank(v, 90),
                    rank(v, 99),
                    v[v.length - 1],
                    Arrays.stream(v).sum() / v.length);
        }

        private static double rank(double[] sorted, double p) {
            int n = (int) Math.ceil(p / 100 * sorted.length);
            return sorted[Math.max(0, Math.min(sorted.length, n) - 1)];
        }
    }

    /**
     * A point of a sparkline.
     *
     * @param label what the point is, for its title ({@code run #4 · 2026-05-01 · 80% pass})
     * @param value from 0 to 100
     * @param href where a click on the point goes, if anywhere
     */
    public record Point(String label, double value, Optional<String> href) {
        public Point {
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(href, "href");
        }
    }

    // ------------------------------------------------------------------ histogram

    /**
     * A histogram of one or more series on the same bins, bars of a bin side by side (one colour per series, a
     * legend when there are several). Bins have a round width (1, 2 or 5 × 10ⁿ), at most {@code maxBins} of them;
     * empty bins draw nothing. A dashed line marks each series' p50 and p90.
     *
     * @param title what the chart shows ({@code Time to first frame})
     * @param unit the values' unit, for labels ({@code ms})
     * @param normalize true to draw each series as shares of its own count (to compare runs of different sizes)
     */
    public static String histogram(String title, String unit, List<Series> series, int maxBins, boolean normalize) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (double v : s.values()) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        int w = 520;
        int h = 200;
        int left = 44;
        int right = 12;
        int top = 26;
        int bottom = 34;
        StringBuilder sb = svgOpen(w, h, title, "histogram");
        sb.append("<text class=\"chart-title\" x=\"").append(left).append("\" y=\"16\">");
        sb.append(Xml.escape(title)).append("</text>");
        if (lo == Double.POSITIVE_INFINITY) {
            sb.append("<text class=\"empty\" x=\"")
                    .append(w / 2)
                    .append("\" y=\"")
                    .append(h / 2);
            sb.append("\" text-anchor=\"middle\">no values</text></svg>");
            return sb.toString();
        }
        double width = niceWidth(hi - lo, Math.max(1, maxBins));
        double start = Math.floor(lo / width) * width;
        // at least ten bins (or maxBins), so a narrow spread reads as narrow rather than as one wide bar
        int bins = Math.max(Math.min(10, maxBins), (int) Math.floor((hi - start) / width) + 1);
        int[][] counts = new int[series.size()][bins];
        for (int s = 0; s < series.size(); s++) {
            for (double v : series.get(s).values()) {
                int b = (int) Math.floor((v - start) / width);
                counts[s][Math.max(0, Math.min(bins - 1, b))]++;
            }
        }
        double yMax = 0;
        for (int s = 0; s < series.size(); s++) {
            int n = series.get(s).values().length;
            for (int b = 0; b < bins; b++) {
                yMax = Math.max(yMax, normalize ? share(counts[s][b], n) : counts[s][b]);
            }
        }
        double plotW = w - left - right;
        double plotH = h - top - bottom;
        double binW = plotW / bins;
        // axes and labels
        sb.append("<line class=\"axis\" x1=\"").append(left).append("\" y1=\"").append(fmt(top + plotH));
        sb.append("\" x2=\"")
                .append(fmt(left + plotW))
                .append("\" y2=\"")
                .append(fmt(top + plotH))
                .append("\"/>");
        sb.append("<text class=\"tick\" x=\"")
                .append(left - 4)
                .append("\" y=\"")
                .append(top + 4);
        sb.append("\" text-anchor=\"end\">")
                .append(normalize ? fmt(yMax) + "%" : fmt(yMax))
                .append("</text>");
        sb.append("<text class=\"tick\" x=\"")
                .append(left - 4)
                .append("\" y=\"")
                .append(fmt(top + plotH));
        sb.append("\" text-anchor=\"end\">0</text>");
        int every = Math.max(1, (int) Math.ceil(bins / 8.0));
        for (int b = 0; b <= bins; b += every) {
            double x = left + b * binW;
            sb.append("<text class=\"tick\" x=\"")
                    .append(fmt(x))
                    .append("\" y=\"")
                    .append(fmt(top + plotH + 14));
            sb.append("\" text-anchor=\"middle\">")
                    .append(fmt(start + b * width))
                    .append("</text>");
        }
        sb.append("<text class=\"tick\" x=\"")
                .append(fmt(left + plotW))
                .append("\" y=\"")
                .append(h - 4);
        sb.append("\" text-anchor=\"end\">").append(Xml.escape(unit)).append("</text>");
        // bars
        int k = series.size();
        double gap = binW > 6 ? 1 : 0;
        double barW = Math.max(0.5, (binW - gap) / Math.max(1, k));
        for (int s = 0; s < k; s++) {
            Series ser = series.get(s);
            int n = ser.values().length;
            for (int b = 0; b < bins; b++) {
                int c = counts[s][b];
                if (c == 0) {
                    continue;
                }
                double y = normalize ? share(c, n) : c;
                double barH = yMax == 0 ? 0 : Math.max(1, y / yMax * plotH);
                double x = left + b * binW + s * barW;
                sb.append("<rect class=\"bar\" data-series=\"").append(Xml.escape(ser.name()));
                sb.append("\" data-count=\"")
                        .append(c)
                        .append("\" x=\"")
                        .append(fmt(x))
                        .append("\" y=\"");
                sb.append(fmt(top + plotH - barH)).append("\" width=\"").append(fmt(Math.max(0.5, barW - gap)));
                sb.append("\" height=\"")
                        .append(fmt(barH))
                        .append("\" fill=\"")
                        .append(colour(s))
                        .append("\">");
                sb.append("<title>")
                        .append(Xml.escape(ser.name()))
                        .append(" · ")
                        .append(fmt(start + b * width));
                sb.append("–").append(fmt(start + (b + 1) * width)).append(' ').append(Xml.escape(unit));
                sb.append(" · ").append(c).append(c == 1 ? " case" : " cases");
                sb.append(" (").append(fmt(share(c, n))).append("%)</title></rect>");
            }
        }
        // percentile markers
        for (int s = 0; s < k; s++) {
            Distribution d = Distribution.of(series.get(s).values());
            if (d.count() == 0) {
                continue;
            }
            for (double[] p : new double[][] {{50, d.p50()}, {90, d.p90()}}) {
                double x = left + (p[1] - start) / (bins * width) * plotW;
                sb.append("<line class=\"pct\" x1=\"")
                        .append(fmt(x))
                        .append("\" y1=\"")
                        .append(top);
                sb.append("\" x2=\"").append(fmt(x)).append("\" y2=\"").append(fmt(top + plotH));
                sb.append("\" stroke=\"").append(colour(s)).append("\" stroke-dasharray=\"3 3\"><title>");
                sb.append(Xml.escape(series.get(s).name()))
                        .append(" p")
                        .append((int) p[0])
                        .append(": ");
                sb.append(fmt(p[1])).append(' ').append(Xml.escape(unit)).append("</title></line>");
            }
        }
        // legend
        if (k > 1) {
            // right-aligned above the plot, so it never runs into the title
            double x = w - right;
            for (int s = 0; s < k; s++) {
                x -= 24 + cut(series.get(s).name(), 28).length() * 6.2;
            }
            x = Math.max(x, left + title.length() * 6.6 + 12);
            for (int s = 0; s < k; s++) {
                sb.append("<rect class=\"legend\" x=\"").append(fmt(x)).append("\" y=\"8\" width=\"10\" height=\"10\"");
                sb.append(" fill=\"").append(colour(s)).append("\"/>");
                String name = cut(series.get(s).name(), 28);
                sb.append("<text class=\"tick\" x=\"").append(fmt(x + 14)).append("\" y=\"17\">");
                sb.append(Xml.escape(name)).append("</text>");
                x += 24 + name.length() * 6.2;
            }
        }
        return sb.append("</svg>").toString();
    }

    private static double share(int count, int n) {
        return n == 0 ? 0 : 100.0 * count / n;
    }

    /** A round bin width (1, 2 or 5 × 10ⁿ) that covers {@code range} in at most {@code maxBins} bins. */
    static double niceWidth(double range, int maxBins) {
        if (range <= 0) {
            return 1;
        }
        double raw = range / maxBins;
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * mag >= raw && Math.floor(range / (m * mag)) + 1 <= maxBins) {
                return m * mag;
            }
        }
        return 10 * mag * 2;
    }

    // ------------------------------------------------------------------ frame timeline

    /**
     * The frames of one call on a time axis from the call's start to its end: the connect phase as a band, frames
     * sent above the axis, frames received below it, each a mark at its time (so gaps between frames show as
     * space), the time to first frame and the longest gap as brackets. Each mark links to
     * {@code #<anchorPrefix><n>} (frames numbered from 1), so a page that lists the frames with those ids shows
     * the frame a click points at, with no script.
     */
    public static String timeline(CallTimings t, String anchorPrefix) {
        List<Frame> frames = t.frames();
        double end = ms(t.total().toNanos());
        for (Frame f : frames) {
            end = Math.max(end, ms(f.at().toNanos()));
        }
        if (end <= 0) {
            end = 1;
        }
        int w = 900;
        int h = 132;
        int left = 12;
        int right = 16;
        double axisY = 66;
        double plotW = w - left - right;
        double scale = plotW / end;
        StringBuilder sb =
                svgOpen(w, h, "Frame timeline: " + frames.size() + " frames over " + fmt(end) + " ms", "timeline");
        double connect = ms(t.connect().toNanos());
        if (connect > 0) {
            sb.append("<rect class=\"connect\" x=\"")
                    .append(left)
                    .append("\" y=\"")
                    .append(fmt(axisY - 30));
            sb.append("\" width=\"").append(fmt(Math.max(1, connect * scale))).append("\" height=\"60\">");
            sb.append("<title>connect: ").append(fmt(connect)).append(" ms</title></rect>");
        }
        sb.append("<line class=\"axis\" x1=\"").append(left).append("\" y1=\"").append(fmt(axisY));
        sb.append("\" x2=\"")
                .append(fmt(left + plotW))
                .append("\" y2=\"")
                .append(fmt(axisY))
                .append("\"/>");
        for (int i = 0; i <= 5; i++) {
            double at = end * i / 5;
            double x = left + at * scale;
            sb.append("<line class=\"grid\" x1=\"")
                    .append(fmt(x))
                    .append("\" y1=\"")
                    .append(fmt(axisY - 34));
            sb.append("\" x2=\"")
                    .append(fmt(x))
                    .append("\" y2=\"")
                    .append(fmt(axisY + 34))
                    .append("\"/>");
            sb.append("<text class=\"tick\" x=\"")
                    .append(fmt(x))
                    .append("\" y=\"")
                    .append(h - 6);
            sb.append("\" text-anchor=\"")
                    .append(i == 0 ? "start" : i == 5 ? "end" : "middle")
                    .append("\">");
            sb.append(fmt(at)).append(" ms</text>");
        }
        sb.append("<text class=\"tick\" x=\"").append(left).append("\" y=\"12\">sent ↑</text>");
        sb.append("<text class=\"tick\" x=\"").append(left).append("\" y=\"").append(fmt(axisY + 46));
        sb.append("\">received ↓</text>");
        // time to first frame and the longest gap, as brackets
        double sentAt = -1;
        double firstAt = -1;
        double gapFrom = -1;
        double gapTo = -1;
        double last = -1;
        for (Frame f : frames) {
            double at = ms(f.at().toNanos());
            if (f.direction() == Frame.Direction.SENT) {
                if (sentAt < 0) {
                    sentAt = at;
                }
            } else {
                if (firstAt < 0) {
                    firstAt = at;
                } else if (at - last > gapTo - gapFrom) {
                    gapFrom = last;
                    gapTo = at;
                }
                last = at;
            }
        }
        if (firstAt >= 0 && t.firstFrame().isPresent()) {
            double from =
                    sentAt >= 0 ? sentAt : firstAt - ms(t.firstFrame().get().toNanos());
            bracket(
                    sb,
                    left + from * scale,
                    left + firstAt * scale,
                    axisY - 40,
                    "ttft",
                    "time to first frame: " + fmt(ms(t.firstFrame().get().toNanos())) + " ms");
        }
        if (gapTo > gapFrom && gapFrom >= 0) {
            bracket(
                    sb,
                    left + gapFrom * scale,
                    left + gapTo * scale,
                    axisY + 40,
                    "gap",
                    "longest gap between frames: " + fmt(gapTo - gapFrom) + " ms");
        }
        // the frames
        for (int i = 0; i < frames.size(); i++) {
            Frame f = frames.get(i);
            double at = ms(f.at().toNanos());
            boolean sent = f.direction() == Frame.Direction.SENT;
            double x = left + at * scale;
            sb.append("<a href=\"#")
                    .append(Xml.escape(anchorPrefix))
                    .append(i + 1)
                    .append("\">");
            sb.append("<rect class=\"frame ").append(sent ? "sent" : "received").append("\" x=\"");
            sb.append(fmt(Math.max(left, x - 1.5))).append("\" y=\"").append(fmt(sent ? axisY - 26 : axisY + 2));
            sb.append("\" width=\"3\" height=\"24\"><title>#").append(i + 1).append(sent ? " → sent" : " ← received");
            sb.append(" at ").append(fmt(at)).append(" ms · ").append(f.size()).append(" B");
            if (f.binary()) {
                sb.append(" binary");
            }
            sb.append(" · ").append(Xml.escape(cut(f.preview(), 120))).append("</title></rect></a>");
        }
        if (frames.isEmpty()) {
            sb.append("<text class=\"empty\" x=\"")
                    .append(w / 2)
                    .append("\" y=\"")
                    .append(fmt(axisY - 6));
            sb.append("\" text-anchor=\"middle\">no frames recorded</text>");
        }
        return sb.append("</svg>").toString();
    }

    private static void bracket(StringBuilder sb, double x1, double x2, double y, String cls, String text) {
        double tick = y < 66 ? 4 : -4;
        sb.append("<path class=\"bracket ")
                .append(cls)
                .append("\" d=\"M")
                .append(fmt(x1))
                .append(' ');
        sb.append(fmt(y + tick)).append(" V").append(fmt(y)).append(" H").append(fmt(Math.max(x1 + 1, x2)));
        sb.append(" V")
                .append(fmt(y + tick))
                .append("\"><title>")
                .append(Xml.escape(text))
                .append("</title></path>");
    }

    // ------------------------------------------------------------------ sparkline

    /** A small line of points from 0 to 100 (a pass rate over runs, oldest first); each point has a title. */
    public static String sparkline(String title, List<Point> points) {
        int w = 320;
        int h = 56;
        int pad = 6;
        StringBuilder sb = svgOpen(w, h, title, "sparkline");
        sb.append("<line class=\"grid\" x1=\"").append(pad).append("\" y1=\"").append(pad);
        sb.append("\" x2=\"").append(w - pad).append("\" y2=\"").append(pad).append("\"><title>100%</title></line>");
        sb.append("<line class=\"axis\" x1=\"").append(pad).append("\" y1=\"").append(h - pad);
        sb.append("\" x2=\"").append(w - pad).append("\" y2=\"").append(h - pad).append("\"><title>0%</title></line>");
        int n = points.size();
        List<String> xy = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double x = n == 1 ? w / 2.0 : pad + (w - 2.0 * pad) * i / (n - 1);
            double y = h
                    - pad
                    - (h - 2.0 * pad) * Math.max(0, Math.min(100, points.get(i).value())) / 100;
            xy.add(fmt(x) + "," + fmt(y));
        }
        if (n > 1) {
            sb.append("<polyline class=\"line\" fill=\"none\" stroke=\"").append(PALETTE[0]);
            sb.append("\" points=\"").append(String.join(" ", xy)).append("\"/>");
        }
        for (int i = 0; i < n; i++) {
            Point p = points.get(i);
            String[] c = xy.get(i).split(",");
            if (p.href().isPresent()) {
                sb.append("<a href=\"").append(Xml.escape(p.href().get())).append("\">");
            }
            sb.append("<circle class=\"point\" cx=\"")
                    .append(c[0])
                    .append("\" cy=\"")
                    .append(c[1]);
            sb.append("\" r=\"3.5\" fill=\"")
                    .append(p.value() >= 100 ? "#1a7f37" : p.value() > 0 ? "#9a6700" : "#cf222e");
            sb.append("\"><title>").append(Xml.escape(p.label())).append("</title></circle>");
            if (p.href().isPresent()) {
                sb.append("</a>");
            }
        }
        return sb.append("</svg>").toString();
    }

    // ------------------------------------------------------------------ helpers

    private static StringBuilder svgOpen(int w, int h, String title, String cls) {
        StringBuilder sb = new StringBuilder(1024);
        // inline in HTML: no namespace needed (and no URL in a page that must work offline)
        sb.append("<svg class=\"chart ").append(cls);
        sb.append("\" viewBox=\"0 0 ")
                .append(w)
                .append(' ')
                .append(h)
                .append("\" width=\"")
                .append(w);
        sb.append("\" height=\"")
                .append(h)
                .append("\" role=\"img\" aria-label=\"")
                .append(Xml.escape(title));
        sb.append("\" font-family=\"system-ui, sans-serif\" font-size=\"11\"><title>")
                .append(Xml.escape(title));
        sb.append("</title><style>.axis{stroke:#57606a}.grid{stroke:#d0d7de;stroke-dasharray:2 3}")
                .append(".tick,.empty{fill:#57606a}.chart-title{font-weight:600;fill:#1f2328}")
                .append(".connect{fill:#fff8c5;stroke:#d4a72c}.frame.sent{fill:#0969da}.frame.received{fill:#8250df}")
                .append(".frame:hover{fill:#cf222e}.bracket{fill:none;stroke-width:1.5}.bracket.ttft{stroke:#1a7f37}")
                .append(".bracket.gap{stroke:#cf222e}.line{stroke-width:1.5}</style>");
        return sb;
    }

    private static String colour(int i) {
        return PALETTE[i % PALETTE.length];
    }

    private static double ms(long nanos) {
        return nanos / 1_000_000.0;
    }

    private static String cut(String s, int n) {
        String one = s.replace('\n', ' ').replace('\r', ' ');
        return one.length() <= n ? one : one.substring(0, n - 1) + "…";
    }

    /** A number as a short label: integers without decimals, others with at most one. */
    static String fmt(double v) {
        if (Math.abs(v - Math.rint(v)) < 1e-9) {
            return String.valueOf((long) Math.rint(v));
        }
        return String.format(Locale.ROOT, Math.abs(v) >= 100 ? "%.0f" : "%.1f", v);
    }
}
