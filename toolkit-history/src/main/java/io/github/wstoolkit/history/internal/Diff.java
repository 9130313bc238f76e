package io.github.wstoolkit.history.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A word diff of two outputs for the compare page: the longest common subsequence of their tokens (words,
 * whitespace runs, punctuation), the left side with what was removed in {@code <del>}, the right with what was added
 * in {@code <ins>}. Texts too long for the quadratic table are compared line by line instead.
 */
public final class Diff {

    /** Token pairs beyond which words give way to lines (the table is n × m shorts). */
    static final long MAX_CELLS = 4_000_000;

    private static final Pattern TOKEN = Pattern.compile("\\s+|[\\p{L}\\p{N}_]+|[^\\s\\p{L}\\p{N}_]");

    private Diff() {}

    /** The two sides as HTML (escaped, with del/ins marks). */
    public record Sides(String left, String right, boolean changed) {}

    public static Sides of(String a, String b) {
        String x = a == null ? "" : a;
        String y = b == null ? "" : b;
        if (x.equals(y)) {
            return new Sides(Page.esc(x), Page.esc(y), false);
        }
        List<String> ta = tokens(x);
        List<String> tb = tokens(y);
        if ((long) ta.size() * tb.size() > MAX_CELLS) {
            ta = x.lines().map(l -> l + "\n").toList();
            tb = y.lines().map(l -> l + "\n").toList();
            if ((long) ta.size() * tb.size() > MAX_CELLS) {
                return new Sides("<del>" + Page.esc(x) + "</del>", "<ins>" + Page.esc(y) + "</ins>", true);
            }
        }
        int n = ta.size();
        int m = tb.size();
        int[][] lcs = new int[n + 1][m + 1];
        for (int i = n - 1; i >= 0; i--) {
            for (int j = m - 1; j >= 0; j--) {
                lcs[i][j] =
                        ta.get(i).equals(tb.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        StringBuilder left = new StringBuilder();
        StringBuilder right = new StringBuilder();
        StringBuilder del = new StringBuilder();
        StringBuilder ins = new StringBuilder();
        int i = 0;
        int j = 0;
        while (i < n || j < m) {
            if (i < n && j < m && ta.get(i).equals(tb.get(j))) {
                flush(left, del, "del");
                flush(right, ins, "ins");
                left.append(Page.esc(ta.get(i)));
                right.append(Page.esc(tb.get(j)));
                i++;
                j++;
            } else if (j < m && (i == n || lcs[i][j + 1] >= lcs[i + 1][j])) {
                ins.append(tb.get(j++));
            } else {
                del.append(ta.get(i++));
            }
        }
        flush(left, del, "del");
        flush(right, ins, "ins");
        return new Sides(left.toString(), right.toString(), true);
    }

    private static void flush(StringBuilder out, StringBuilder pending, String tag) {
        if (!pending.isEmpty()) {
            out.append('<').append(tag).append('>').append(Page.esc(pending.toString()));
            out.append("</").append(tag).append('>');
            pending.setLength(0);
        }
    }

    static List<String> tokens(String s) {
        List<String> out = new ArrayList<>();
        Matcher m = TOKEN.matcher(s);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }
}
