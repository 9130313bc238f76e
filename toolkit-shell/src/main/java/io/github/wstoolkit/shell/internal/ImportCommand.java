package io.github.wstoolkit.shell.internal;

import io.github.wstoolkit.history.HistoryStore;
import io.github.wstoolkit.history.RunSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code wst import FILE.json}: a results file from another machine, a CI shard or promptfoo, as a stored run. */
@Command(
        name = "import",
        mixinStandardHelpOptions = true,
        description = {
            "Import JSON results files (wst eval -o results.json from another machine or CI shard, or promptfoo's"
                    + " output file) into the results database, one run each."
        })
final class ImportCommand implements Callable<Integer> {

    @ParentCommand
    MainCommand parent;

    @Parameters(paramLabel = "FILE.json", arity = "1..*", description = "The results files.")
    List<String> files;

    @Option(
            names = "--db",
            paramLabel = "FILE",
            description = "The results database (default: WST_DB, else $WST_HOME/wst.db).")
    String db;

    @Override
    public Integer call() throws Exception {
        Io io = parent.io;
        for (String f : files) {
            Path p = io.resolve(f);
            if (!Files.isRegularFile(p)) {
                io.err().println("wst: " + p + " does not exist or is not a file");
                return 1;
            }
        }
        try (HistoryStore store = HistoryDb.open(io, db)) {
            for (String f : files) {
                Path p = io.resolve(f);
                // secrets of this machine's environment are scrubbed as for a recorded run
                RunSummary r = store.importReport(p, Set.copyOf(EvalHistory.envSecrets(io.env())));
                io.out()
                        .println("Imported run " + r.id() + " from " + p
                                + r.evalId().map(e -> " (" + e + ")").orElse("") + ": " + r.successes() + " passed, "
                                + r.failures() + " failed, " + r.errors() + " errors");
            }
        }
        return 0;
    }
}
