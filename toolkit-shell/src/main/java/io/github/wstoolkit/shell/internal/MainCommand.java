package io.github.wstoolkit.shell.internal;

import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code wst}: the top-level command; it only dispatches to sub-commands ({@link #SUBCOMMANDS}). */
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
        })
public final class MainCommand implements Runnable {

    /**
     * The sub-commands, in the order {@code wst --help} lists them. Added by {@link #execute}: all of them when the
     * first argument is not a sub-command's name ({@code wst}, {@code wst --help}, {@code wst help eval}, a mistyped
     * name that the usage error suggests a name for), otherwise only the one named. picocli builds a command's model
     * by reflection when it is added, and its classes (Java 5 class files) cannot be stored in the AOT cache, so
     * building all fifteen models cost a small command such as {@code wst render} about a fifth of its CPU
     * (docs/performance.md).
     */
    static final List<Class<?>> SUBCOMMANDS = List.of(
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
            ValidateCommand.class);

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
        String first = args.length > 0 ? args[0] : "";
        boolean named = !first.equals("help") && SUBCOMMANDS.stream().anyMatch(c -> name(c).equals(first));
        for (Class<?> c : SUBCOMMANDS) {
            if (!named || name(c).equals(first)) {
                cl.addSubcommand(c);
            }
        }
        cl.setOut(new PrintWriter(withDotEnv.out(), true));
        cl.setErr(new PrintWriter(io.err(), true));
        cl.setExecutionExceptionHandler(new ErrorHandler(io));
        cl.setParameterExceptionHandler(new UsageErrors(io));
        // `-c a.yaml --no-cach` must not read `--no-cach` as a second file: a word that looks like an option and is
        // not one is an unknown option wherever it stands
        cl.setUnmatchedOptionsAllowedAsOptionParameters(false);
        // the settings above reach every sub-command added before them; a sub-command's own model transformer (wst
        // run's: everything after the script is the script's) is applied again so that its own parser settings win
        for (CommandLine sub : cl.getSubcommands().values()) {
            CommandSpec spec = sub.getCommandSpec();
            if (spec.modelTransformer() != null) {
                spec.modelTransformer().transform(spec);
            }
        }
        return cl.execute(args);
    }

    private static String name(Class<?> command) {
        return command.getAnnotation(Command.class).name();
    }
}
