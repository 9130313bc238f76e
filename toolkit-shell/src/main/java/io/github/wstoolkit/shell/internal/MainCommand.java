package io.github.wstoolkit.shell.internal;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code wst}: the top-level command; it only dispatches to sub-commands. */
@Command(
        name = "wst",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Test LLM applications that speak WebSocket: render templates, run evals, play mock servers,"
                + " keep and view the results of every run.",
        footer = {
            "",
            "Exit codes (every command): 0 success; 1 a usage error (unknown option, bad value, missing argument) or"
                    + " a config error, nothing ran; 2 a failure while running; 100 eval cases failed or erred"
                    + " (WST_FAILED_TEST_EXIT_CODE); 130 interrupted."
        },
        subcommands = {
            RenderCommand.class,
            CommandLine.HelpCommand.class,
            EvalCommand.class,
            InitCommand.class,
            MockCommand.class,
            ShellCommand.class,
            ListCommand.class,
            ShowCommand.class,
            DeleteCommand.class,
            ImportCommand.class,
            MergeCommand.class,
            ViewCommand.class,
            RunCommand.class,
            ConvertCommand.class,
            ValidateCommand.class,
        })
public final class MainCommand implements Runnable {

    @Spec
    CommandSpec spec;

    final Io io;

    MainCommand(Io io) {
        this.io = io;
    }

    @Override
    public void run() {
        // `wst` alone: show what it can do
        spec.commandLine().usage(io.out());
    }

    /** Parses and runs the arguments; returns the exit code. */
    public static int execute(String[] args, Io io) {
        // picocli's default factory otherwise loads groovy.lang.Closure (Groovy is in the image) to support closures in
        // annotations, which we never use: that initialises ~300 Groovy classes and costs every command ~0.5 s
        System.setProperty("picocli.disable.closures", "true");
        // promptfoo reads .env in the working folder for every command; the environment wins over it
        Io withDotEnv = io.withEnv(DotEnv.under(io.env(), io.workingDir().resolve(".env")));
        CommandLine cl = new CommandLine(new MainCommand(withDotEnv));
        cl.setOut(new PrintWriter(withDotEnv.out(), true));
        cl.setErr(new PrintWriter(io.err(), true));
        cl.setExecutionExceptionHandler(new ErrorHandler(io));
        cl.setParameterExceptionHandler(new UsageErrors(io));
        // `-c a.yaml --no-cach` must not read `--no-cach` as a second file: a word that looks like an option and is
        // not one is an unknown option wherever it stands
        cl.setUnmatchedOptionsAllowedAsOptionParameters(false);
        return cl.execute(args);
    }
}
