package io.github.wstoolkit.shell.internal;

import io.github.wstoolkit.history.HistoryStore;
import io.github.wstoolkit.history.RunSummary;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code wst delete ID…}: removes runs from the results database. */
@Command(
        name = "delete",
        mixinStandardHelpOptions = true,
        description = {
            "Delete runs from the results database, with their results and frames (the freed space is zeroed).",
            "A run still being written by a running wst is refused."
        })
final class DeleteCommand implements Callable<Integer> {

    @ParentCommand
    MainCommand parent;

    @Parameters(paramLabel = "ID", arity = "0..*", description = "The runs: ids (wst list), eval ids, or latest.")
    List<String> refs = new ArrayList<>();

    @Option(names = "--all", description = "Delete every run (asks first, unless --yes).")
    boolean all;

    @Option(
            names = {"-y", "--yes"},
            description = "Do not ask before --all.")
    boolean yes;

    @Option(
            names = "--db",
            paramLabel = "FILE",
            description = "The results database (default: WST_DB, else $WST_HOME/wst.db).")
    String db;

    @Override
    public Integer call() throws Exception {
        Io io = parent.io;
        if (refs.isEmpty() == !all) {
            io.err().println("wst: give the runs to delete (wst delete ID…), or --all");
            return 1;
        }
        try (HistoryStore store = HistoryDb.openExisting(io, db)) {
            List<RunSummary> runs = new ArrayList<>();
            if (all) {
                runs.addAll(store.runs(0));
                if (runs.isEmpty()) {
                    io.out().println("No runs to delete in " + store.file() + ".");
                    return 0;
                }
                if (!yes) {
                    io.out().print("Delete all " + runs.size() + " runs of " + store.file() + "? [y/N] ");
                    io.out().flush();
                    String answer =
                            new BufferedReader(new InputStreamReader(io.in(), StandardCharsets.UTF_8)).readLine();
                    if (answer == null
                            || !answer.strip().toLowerCase(Locale.ROOT).startsWith("y")) {
                        io.out().println("Nothing deleted.");
                        return 1;
                    }
                }
            } else {
                // resolve every id first: a typo deletes nothing
                for (String ref : refs) {
                    runs.add(store.resolve(ref));
                }
            }
            for (RunSummary r : runs) {
                store.delete(r.id());
                io.out()
                        .println(
                                "Deleted run " + r.id() + " (" + r.description().orElse("no description") + ", "
                                        + r.total() + (r.total() == 1 ? " case" : " cases") + ")");
            }
        }
        return 0;
    }
}
