package io.github.wstoolkit.shell.internal;

import io.github.wstoolkit.history.HistoryException;
import io.github.wstoolkit.history.HistoryStore;
import io.github.wstoolkit.history.RunSummary;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code wst list}: the recent runs of the results database, newest first. */
@Command(
        name = "list",
        mixinStandardHelpOptions = true,
        description = {
            "List recent runs of the results database: id, when, description, pass/fail/error counts, duration.",
            "wst show ID prints one; wst view shows them in a browser."
        })
final class ListCommand implements Callable<Integer> {

    @ParentCommand
    MainCommand parent;

    @Option(
            names = {"-n", "--limit"},
            paramLabel = "N",
            defaultValue = "20",
            description = "How many runs (default: ${DEFAULT-VALUE}; 0 for all).")
    int limit;

    @Option(
            names = "--db",
            paramLabel = "FILE",
            description = "The results database (default: WST_DB, else $WST_HOME/wst.db).")
    String db;

    @Override
    public Integer call() {
        Io io = parent.io;
        PrintStream out = io.out();
        if (limit < 0) {
            io.err().println("wst: -n must be 0 (all) or more");
            return 1;
        }
        Path file = HistoryDb.path(io, db);
        if (!Files.exists(file)) {
            out.println("No runs yet: " + file + " does not exist (wst eval creates it and records each run).");
            return 0;
        }
        List<RunSummary> runs;
        int total;
        try (HistoryStore store = HistoryStore.openExisting(file)) {
            runs = store.runs(limit);
            total = limit == 0 || runs.size() < limit
                    ? runs.size()
                    : store.runs(0).size();
        } catch (HistoryException e) {
            io.err().println("wst: " + e.getMessage());
            return HistoryDb.isUsage(e) ? 1 : 2;
        }
        if (runs.isEmpty()) {
            out.println("No runs yet in " + file + " (wst eval records each run).");
            return 0;
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(
                new String[] {"id", "started", "description", "pass", "fail", "error", "pass rate", "duration", "status"
                });
        for (RunSummary r : runs) {
            rows.add(new String[] {
                String.valueOf(r.id()),
                HistoryDb.when(r.startedAt()),
                ResultTable.cut(r.description().orElse(""), 40),
                String.valueOf(r.successes()),
                String.valueOf(r.failures()),
                String.valueOf(r.errors()),
                String.format(Locale.ROOT, "%.1f%%", r.passRate()),
                r.durationMs().isPresent() ? HistoryDb.duration(r.durationMs().getAsLong()) : "-",
                HistoryDb.status(r) + r.shard().map(x -> ", shard " + x).orElse("")
            });
        }
        print(out, rows, new boolean[] {true, false, false, true, true, true, true, true, false});
        if (total > runs.size()) {
            out.println(runs.size() + " of " + total + " runs in " + file + " (wst list -n 0 shows all)");
        } else {
            out.println(runs.size() + (runs.size() == 1 ? " run in " : " runs in ") + file);
        }
        return 0;
    }

    /** A plain table: columns padded, numbers right-aligned, a rule under the header. */
    static void print(PrintStream out, List<String[]> rows, boolean[] right) {
        int[] widths = new int[rows.getFirst().length];
        for (String[] row : rows) {
            for (int c = 0; c < row.length; c++) {
                widths[c] = Math.max(widths[c], row[c].length());
            }
        }
        for (int r = 0; r < rows.size(); r++) {
            StringBuilder sb = new StringBuilder();
            for (int c = 0; c < widths.length; c++) {
                String cell = rows.get(r)[c];
                String pad = " ".repeat(widths[c] - cell.length());
                sb.append(c == 0 ? "" : "  ").append(right[c] ? pad + cell : cell + pad);
            }
            out.println(sb.toString().stripTrailing());
            if (r == 0) {
                StringBuilder rule = new StringBuilder();
                for (int c = 0; c < widths.length; c++) {
                    rule.append(c == 0 ? "" : "  ").append("-".repeat(widths[c]));
                }
                out.println(rule);
            }
        }
    }
}
