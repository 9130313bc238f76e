package io.github.wstoolkit.shell.internal;

import io.github.wstoolkit.api.Redaction;
import io.github.wstoolkit.eval.EvalResult;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The console table of an eval's results ({@code # | result | provider | test | score | latency | output}), as
 * {@code wst eval} prints it; the shell's {@code /eval} and any command that shows stored results print the same one.
 * Provider labels are redacted as URLs, so a token in a query never reaches the terminal.
 */
public final class ResultTable {

    private ResultTable() {}

    /**
     * Prints the table of these results.
     *
     * @param cellMax the longest text of the output cell; longer texts end with {@code …}
     */
    public static void print(PrintStream out, List<EvalResult> results, int cellMax) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"#", "result", "provider", "test", "score", "latency", "output"});
        int i = 1;
        for (EvalResult r : results) {
            String status =
                    switch (r.failureReason()) {
                        case NONE -> "PASS";
                        case ASSERT -> "FAIL";
                        case ERROR -> "ERROR";
                    };
            String detail = r.error()
                    .orElseGet(() -> r.success()
                            ? r.outputText()
                            : r.outputText() + " | "
                                    + r.grading().map(g -> g.reason()).orElse(""));
            rows.add(new String[] {
                String.valueOf(i++),
                status,
                cut(Redaction.redactUrl(r.providerLabel()), 30),
                cut(r.caseName(), 40),
                String.format(Locale.ROOT, "%.2f", r.score()),
                r.latencyMs() + " ms",
                cut(detail, cellMax)
            });
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
                sb.append(' ')
                        .append(cell)
                        .append(" ".repeat(widths[c] - cell.length()))
                        .append(" |");
            }
            out.println(sb);
            if (r == 0) {
                out.println(line);
            }
        }
        out.println(line);
    }

    /** One line of at most {@code n} characters: line breaks and tabs become spaces, a longer text ends with …. */
    static String cut(String s, int n) {
        String one = s.replace("\r", " ").replace("\n", " ").replace("\t", " ");
        return one.length() <= n ? one : one.substring(0, Math.max(0, n - 1)) + "…";
    }
}
