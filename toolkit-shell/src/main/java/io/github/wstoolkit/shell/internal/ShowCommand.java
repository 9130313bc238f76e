package io.github.wstoolkit.shell.internal;

import io.github.wstoolkit.eval.EvalRun;
import io.github.wstoolkit.eval.report.ReportFormat;
import io.github.wstoolkit.eval.report.Reports;
import io.github.wstoolkit.history.HistoryStore;
import io.github.wstoolkit.history.RunSummary;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code wst show ID|latest}: one stored run as {@code wst eval} printed it, and any report of it. */
@Command(
        name = "show",
        mixinStandardHelpOptions = true,
        description = {
            "Show a stored run: its results table and summary line, as wst eval printed them.",
            "-o writes any report format from the store (json, jsonl, csv, yaml, xml, junit.xml, html)."
        })
final class ShowCommand implements Callable<Integer> {

    @ParentCommand
    MainCommand parent;

    @Parameters(
            index = "0",
            paramLabel = "ID",
            defaultValue = "latest",
            description = "The run: its id (wst list), its eval id, or latest (default).")
    String ref;

    @Option(
            names = {"-o", "--output"},
            arity = "1..*",
            paramLabel = "FILE",
            description = "Write the run to FILE; the extension picks the format, as for wst eval -o.")
    List<String> outputs = new ArrayList<>();

    @Option(
            names = "--db",
            paramLabel = "FILE",
            description = "The results database (default: WST_DB, else $WST_HOME/wst.db).")
    String db;

    @Option(
            names = "--table",
            negatable = true,
            defaultValue = "true",
            fallbackValue = "true",
            description = "Print the results table (default); --no-table for the summary alone.")
    boolean table;

    @Option(
            names = "--table-cell-max-length",
            paramLabel = "N",
            defaultValue = "60",
            description = "Longest text in a table cell (default 60).")
    int cellMax;

    @Option(
            names = "--table-max-rows",
            paramLabel = "N",
            defaultValue = "25",
            description = "Rows the table shows before it says how many were left out (default 25; 0 shows all).")
    int tableMaxRows;

    @Override
    public Integer call() throws Exception {
        Io io = parent.io;
        PrintStream out = io.out();
        List<Path> files = new ArrayList<>();
        for (String o : outputs) {
            Path p = io.resolve(o);
            ReportFormat.of(p); // an unknown extension fails before anything is read
            files.add(p);
        }
        try (HistoryStore store = HistoryDb.openExisting(io, db)) {
            RunSummary r = store.resolve(ref);
            EvalRun run = store.load(r.id(), !files.isEmpty());
            out.println("Run " + r.id() + r.evalId().map(e -> " · " + e).orElse("") + " · " + HistoryDb.status(r));
            StringBuilder meta = new StringBuilder(r.description().orElse("(no description)"));
            meta.append(" · started ").append(HistoryDb.when(r.startedAt()));
            r.durationMs().ifPresent(d -> meta.append(" · ").append(HistoryDb.duration(d)));
            if (!r.configFiles().isEmpty()) {
                meta.append(" · ")
                        .append(String.join(
                                ", ",
                                r.configFiles().stream().map(Path::toString).toList()));
            }
            r.source().ifPresent(s -> meta.append(" · imported from ").append(s));
            r.shard().ifPresent(s -> meta.append(" · shard ").append(s));
            out.println(meta);
            if (table && !run.results().isEmpty()) {
                ResultTable.print(out, run.results(), cellMax, tableMaxRows, Ansi.forStream(out, io));
            }
            for (Path p : files) {
                Reports.write(run, p);
                io.err().println("wst: wrote " + p);
            }
            if (r.resumable()) {
                io.err()
                        .println("wst: the run did not finish: " + r.total() + " of "
                                + r.planned().orElse(r.total()) + " cases (wst eval --resume " + r.id()
                                + " finishes it)");
            }
            out.println(run.stats().summaryLine());
        }
        return 0;
    }
}
