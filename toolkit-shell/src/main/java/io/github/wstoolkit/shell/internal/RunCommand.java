package io.github.wstoolkit.shell.internal;

import io.github.wstoolkit.dsl.ScriptRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code wst run SCRIPT.groovy [ARGS…]}: runs a Groovy script with the toolkit in scope (the mock server, providers,
 * Realtime sessions, suites built with the config DSL and run). Everything after the script is the script's
 * {@code args}, options included. Exit code: the script's (0 when it ends, 1 when it throws or does not compile, or
 * what it gives {@code exit(n)}).
 */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        modelTransformer = RunCommand.ArgumentsAfterTheScript.class,
        description = {
            "Run a Groovy script with the toolkit in scope: start the mock server, build and call providers, run suites"
                    + " and compare their results.",
            "Arguments after the script are the script's `args`. Exit code: 0 when the script ends, 1 when it throws"
                    + " (a failed assert included) or does not compile, or what it passes to exit(n).",
            "Scripts are trusted code: they run with your rights, as a build script does."
        })
final class RunCommand implements Callable<Integer> {

    @ParentCommand
    MainCommand parent;

    @Parameters(index = "0", paramLabel = "SCRIPT", description = "The Groovy script.")
    String script;

    @Parameters(index = "1..*", paramLabel = "ARGS", description = "The script's arguments (its `args`).")
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() {
        Io io = parent.io;
        Path file = io.resolve(script);
        if (!Files.isRegularFile(file)) {
            io.err().println("wst: no such script: " + file);
            return 1;
        }
        EvalCommand.quietServerLogs(io);
        return ScriptRunner.builder()
                .args(args)
                .env(io.env())
                .out(io.out())
                .err(io.err())
                .build()
                .run(file);
    }

    /** Everything after the script belongs to the script, {@code --options} included. */
    static final class ArgumentsAfterTheScript implements CommandLine.IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec spec) {
            spec.parser().stopAtPositional(true).unmatchedOptionsArePositionalParams(true);
            return spec;
        }
    }
}
