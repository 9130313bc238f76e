package io.github.wstoolkit.shell.internal;

import io.github.wstoolkit.api.Redaction;
import io.github.wstoolkit.eval.EvalResult;
import io.github.wstoolkit.eval.EvalStats;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The console table of an eval's results ({@code # | result | provider | test | score | latency | output}), as
 * {@code wst eval} prints it; the shell's {@code /eval} and {@code wst show} print the same one. Provider labels are
 * redacted as URLs, so a token in a query never reaches the terminal.
 *
 * <p>Bounded as promptfoo's: at most {@link #DEFAULT_MAX_ROWS} rows, then {@code ... N more rows not shown ...}. When
 * rows must be left out, failed and errored ones are kept first (in plan order, numbered as in the run), passed ones
 * fill the rest. A failed row shows the failure reason before the output ({@code reason --- output}); an errored row
 * its error. Colours (PASS green, FAIL red, ERROR yellow) only when {@link Ansi} says so: without a terminal the text
 * is plain.
 */
public final class ResultTable {

    /** promptfoo's bound. */
    public static final int DEFAULT_MAX_ROWS = 25;

    private ResultTable() {}

    /** The bounded table, without colours. */
    public static void print(PrintStream out, List<EvalResult> results, int cellMax) {
        print(out, results, cellMax, DEFAULT_MAX_ROWS, Ansi.OFF);
    }

    /**
     * Prints the table of these results.
     *
     * @param cellMax the longest text of the output cell; longer texts end with {@code …}
     * @param maxRows rows shown at most (0: all)
     */
    static void print(PrintStream out, List<EvalResult> results, int cellMax, int maxRows, Ansi ansi) {
        List<Integer> shown = shownRows(results, maxRows);
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"#", "result", "provider", "test", "score", "latency", "output"});
        List<EvalResult.FailureReason> kinds = new ArrayList<>();
        for (int i : shown) {
            EvalResult r = results.get(i);
            String status =
                    switch (r.failureReason()) {
                        case NONE -> "PASS";
                        case ASSERT -> "FAIL";
                        case ERROR -> "ERROR";
                    };
            String detail = r.error().orElseGet(() -> {
                if (r.success()) {
                    return r.outputText();
                }
                String reason = r.grading().map(g -> g.reason()).orElse("");
                return reason.isEmpty() ? r.outputText() : reason + " --- " + r.outputText();
            });
            rows.add(new String[] {
                String.valueOf(i + 1),
                status,
                cut(Redaction.redactUrl(r.providerLabel()), 30),
                cut(r.caseName(), 40),
                String.format(Locale.ROOT, "%.2f", r.score()),
                r.latencyMs() + " ms",
                cut(detail, cellMax)
            });
            kinds.add(r.failureReason());
        }
        int[] widths = new int[rows.getFirst().length];
        for (String[] row : rows) {
            for (int c = 0; c < row.length; c++) {
                widths[c] = Math.max(widths[c], row[c].length());
            }
        }
        StringBuilder line = new StringBuilder("+");
        for (int w : widths) {
            line.append("-".repeat(w + 2)).append('+');
        }
        out.println(line);
        for (int r = 0; r < rows.size(); r++) {
            StringBuilder sb = new StringBuilder("|");
            for (int c = 0; c < widths.length; c++) {
                String cell = rows.get(r)[c];
                String pad = " ".repeat(widths[c] - cell.length());
                String shownCell = cell;
                if (r == 0) {
                    shownCell = ansi.bold(cell);
                } else if (c == 1) {
                    shownCell = switch (kinds.get(r - 1)) {
                        case NONE -> ansi.green(cell);
                        case ASSERT -> ansi.red(cell);
                        case ERROR -> ansi.yellow(cell);
                    };
                }
                sb.append(' ').append(shownCell).append(pad).append(" |");
            }
            out.println(sb);
            if (r == 0) {
                out.println(line);
            }
        }
        out.println(line);
        int left = results.size() - shown.size();
        if (left > 0) {
            out.println("... " + left + " more row" + (left == 1 ? "" : "s") + " not shown ...");
        }
    }

    /** The summary line, coloured: {@code N passed, N failed, N errors}. */
    static String summary(EvalStats stats, Ansi ansi) {
        String plain = stats.summaryLine();
        if (!ansi.on()) {
            return plain;
        }
        String[] parts = plain.split(", ");
        if (parts.length != 3) {
            return plain;
        }
        return ansi.green(parts[0]) + ", "
                + (stats.failures() > 0 ? ansi.red(parts[1]) : parts[1]) + ", "
                + (stats.errors() > 0 ? ansi.yellow(parts[2]) : parts[2]);
    }

    /** The indexes of the rows to show: all of them, or failures and errors first, then passes, in plan order. */
    static List<Integer> shownRows(List<EvalResult> results, int maxRows) {
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            all.add(i);
        }
        if (maxRows <= 0 || results.size() <= maxRows) {
            return all;
        }
        Set<Integer> keep = new HashSet<>();
        for (int i : all) {
            if (keep.size() < maxRows && !results.get(i).success()) {
                keep.add(i);
            }
        }
        for (int i : all) {
            if (keep.size() < maxRows) {
                keep.add(i);
            }
        }
        return all.stream().filter(keep::contains).toList();
    }

    /** One line of at most {@code n} characters: line breaks and tabs become spaces, a longer text ends with …. */
    static String cut(String s, int n) {
        String one = s.replace("\r", " ").replace("\n", " ").replace("\t", " ");
        return one.length() <= n ? one : one.substring(0, Math.max(0, n - 1)) + "…";
    }
}
