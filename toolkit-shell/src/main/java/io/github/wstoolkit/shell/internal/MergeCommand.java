package io.github.wstoolkit.shell.internal;

import io.github.wstoolkit.api.ConfigException;
import io.github.wstoolkit.api.json.Json;
import io.github.wstoolkit.eval.EvalRun;
import io.github.wstoolkit.eval.EvalStats;
import io.github.wstoolkit.eval.ShardInfo;
import io.github.wstoolkit.eval.report.ReportFormat;
import io.github.wstoolkit.eval.report.Reports;
import io.github.wstoolkit.eval.report.ResultsFile;
import io.github.wstoolkit.eval.report.ShardMerge;
import io.github.wstoolkit.history.HistoryStore;
import io.github.wstoolkit.history.RunSummary;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code wst merge FILE… -o OUT…}: the JSON results of a run's shards ({@code wst eval --shard i/n -o x.json}) as
 * one run, checked to be the shards of one config and plan, none missing or given twice; written in any report
 * format, optionally imported into the results database; exit code as {@code wst eval} of the whole run would have
 * given. See docs/scaling.md.
 */
@Command(
        name = "merge",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Merge the JSON results of a run's shards (wst eval --shard I/N -o FILE.json) into one run: checks they"
                    + " are the shards of one config, none missing or twice; writes any report; exits as the"
                    + " unsharded run would.",
            "Exit code 0 when the pass rate reaches the threshold, 100 when cases fail or err, 130 when a shard was"
                    + " stopped, 1 when the files are not the shards of one run."
        })
final class MergeCommand implements Callable<Integer> {

    @ParentCommand
    MainCommand parent;

    @Parameters(
            paramLabel = "FILE",
            arity = "1..*",
            description = "The shards' JSON results: files, folders (their *.json files) or globs ('out/shard-*.json',"
                    + " expanded here, for shells and containers that do not).")
    List<String> files = new ArrayList<>();

    @Option(
            names = {"-o", "--output"},
            arity = "1..*",
            paramLabel = "FILE",
            description = "Write the merged run to FILE; the extension picks the format: json, jsonl, csv, yaml, yml,"
                    + " txt, xml, junit.xml, html.")
    List<String> outputs = new ArrayList<>();

    @Option(
            names = "--allow-partial",
            description = "Merge even when shards are missing: their cases are not in the reports, and count as not"
                    + " passed for the exit code.")
    boolean allowPartial;

    @Option(names = "--into-store", description = "Import the merged run into the results database.")
    boolean intoStore;

    @Option(
            names = "--db",
            paramLabel = "FILE",
            description = "The results database for --into-store (default: WST_DB, else $WST_HOME/wst.db).")
    String db;

    @Option(
            names = "--table",
            negatable = true,
            defaultValue = "true",
            fallbackValue = "true",
            description = "Print the results table (default); --no-table to skip it.")
    boolean table;

    @Option(
            names = "--table-cell-max-length",
            paramLabel = "N",
            defaultValue = "60",
            description = "Longest text in a table cell (default 60).")
    int cellMax;

    @Override
    public Integer call() throws IOException {
        Io io = parent.io;
        PrintStream err = io.err();
        List<Path> outputFiles = new ArrayList<>();
        for (String o : outputs) {
            Path p = io.resolve(o);
            ReportFormat.of(p); // an unknown extension fails now, before anything is read
            outputFiles.add(p);
        }
        List<Path> inputs = expand(io, files, outputFiles);
        // the files parsed on all cores (a shard of 10,000 cases is some 50 MB of JSON), kept in the order given; a bad
        // file's error names it
        List<ShardMerge.Input> read = inputs.parallelStream()
                .map(p -> new ShardMerge.Input(p, ResultsFile.read(p)))
                .toList();
        ShardMerge.Result merged = ShardMerge.merge(read, allowPartial);
        EvalRun run = merged.run();
        ShardInfo s = run.sharding().orElseThrow();
        err.println("wst: merged " + ShardInfo.describe(s.shards(), s.count()) + " from " + inputs.size()
                + (inputs.size() == 1 ? " file" : " files") + " (config "
                + s.configHash().substring(0, Math.min(12, s.configHash().length()))
                + ", " + run.results().size() + " of " + run.planned() + " cases)");
        if (!merged.missing().isEmpty()) {
            err.println("wst: warning: " + ShardInfo.describe(merged.missing(), s.count())
                    + (merged.missing().size() == 1 ? " is" : " are")
                    + " missing: " + merged.casesMissing() + " cases are not in the reports and count as not passed");
        }
        for (ShardInfo.Part p : s.parts()) {
            if (p.interrupted()) {
                err.println("wst: warning: shard " + p.shard() + " was stopped before its last case (" + p.cases()
                        + " of " + p.planned() + " finished)");
            }
        }
        if (table && !run.results().isEmpty()) {
            ResultTable.print(io.out(), run.results(), cellMax);
        }
        for (Path p : outputFiles) {
            Reports.write(run, p);
            err.println("wst: wrote " + p);
        }
        if (intoStore) {
            try (HistoryStore store = HistoryDb.open(io, db)) {
                // wst import's path, from the merged report: secrets of this machine's environment are scrubbed
                Object json = Json.parseDocument(Json.stringify(Reports.toMap(run)));
                List<String> names = inputs.stream().map(Path::toString).toList();
                RunSummary r = store.importReport(
                        json, "wst merge " + String.join(" ", names), Set.copyOf(EvalHistory.envSecrets(io.env())));
                err.println("wst: recorded as run " + r.id() + " in " + store.file() + " (wst show " + r.id()
                        + ", wst view " + r.id() + ")");
            }
        }
        io.out()
                .println(run.stats().summaryLine()
                        + (merged.casesMissing() > 0
                                ? " (" + merged.casesMissing() + " cases of missing shards)"
                                : ""));
        return exitCode(merged, io);
    }

    /**
     * {@code wst eval}'s exit code for the whole run: 130 when a shard was stopped (as the unsharded run would have
     * been); otherwise the pass-rate rule, with the cases of missing shards counted as not passed.
     */
    private static int exitCode(ShardMerge.Result merged, Io io) {
        EvalRun run = merged.run();
        boolean stopped = run.sharding().orElseThrow().parts().stream().anyMatch(ShardInfo.Part::interrupted);
        int missing = merged.missing().isEmpty()
                ? 0
                : Math.max(merged.casesMissing(), merged.missing().size());
        EvalStats st = run.stats();
        EvalRun judged = new EvalRun(
                run.evalId(),
                run.startedAt(),
                run.config(),
                run.results(),
                new EvalStats(st.successes(), st.failures(), st.errors() + missing, st.tokenUsage(), st.durationMs()),
                run.planned(),
                stopped);
        return EvalCommand.exitCode(judged, io.env());
    }

    /**
     * The files the arguments name, in order, each once: a file as it is; a folder's {@code *.json} files, sorted,
     * leaving out this command's own outputs (a merged file written there by an earlier merge); a glob's matches,
     * sorted.
     *
     * @throws ConfigException when an argument names nothing
     */
    static List<Path> expand(Io io, List<String> args, List<Path> outputs) throws IOException {
        Set<Path> out = new LinkedHashSet<>();
        for (String a : args) {
            Path p = io.resolve(a);
            if (Files.isDirectory(p)) {
                List<Path> found;
                try (Stream<Path> s = Files.list(p)) {
                    found = s.filter(f -> f.getFileName()
                                    .toString()
                                    .toLowerCase(Locale.ROOT)
                                    .endsWith(".json"))
                            .filter(Files::isRegularFile)
                            .map(f -> f.toAbsolutePath().normalize())
                            .filter(f -> !outputs.contains(f))
                            .sorted()
                            .toList();
                }
                if (found.isEmpty()) {
                    throw new ConfigException(p + " holds no .json file to merge");
                }
                out.addAll(found);
            } else if (Files.isRegularFile(p)) {
                out.add(p.toAbsolutePath().normalize());
            } else if (a.contains("*") || a.contains("?") || a.contains("[")) {
                List<Path> found = glob(io, a);
                if (found.isEmpty()) {
                    throw new ConfigException("no file matches " + a);
                }
                out.addAll(found);
            } else {
                throw new ConfigException(p + " does not exist or is not a file");
            }
        }
        return List.copyOf(out);
    }

    private static List<Path> glob(Io io, String pattern) throws IOException {
        Path full = io.resolve(pattern);
        // walk from the part of the pattern without wildcards
        Path root = full.getRoot() == null ? io.workingDir() : full.getRoot();
        for (Path segment : full.getRoot() == null ? full : full.getRoot().relativize(full)) {
            if (segment.toString().matches(".*[*?\\[{].*")) {
                break;
            }
            root = root.resolve(segment);
        }
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        PathMatcher matcher;
        try {
            matcher = FileSystems.getDefault().getPathMatcher("glob:" + full);
        } catch (RuntimeException e) {
            throw new ConfigException("not a glob: " + pattern + " (" + e.getMessage() + ")", e);
        }
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile)
                    .filter(matcher::matches)
                    .map(f -> f.toAbsolutePath().normalize())
                    .sorted()
                    .toList();
        }
    }
}
