package io.github.wstoolkit.shell.internal;

import io.github.wstoolkit.api.Suggestions;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * A command line picocli cannot parse (an unknown option, a bad value, a missing argument): one line on stderr that
 * names the problem, the closest known option when the word looks like a misspelled one, and where the help is; exit
 * code 1, as promptfoo exits on usage errors, for every {@code wst} command.
 */
final class UsageErrors implements CommandLine.IParameterExceptionHandler {

    /** The exit code of every usage error. */
    static final int EXIT_CODE = 1;

    private final Io io;

    UsageErrors(Io io) {
        this.io = io;
    }

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        CommandSpec spec = cl.getCommandSpec();
        String command = spec.qualifiedName();
        io.err().println(command + ": " + message(ex, spec) + " (" + command + " --help lists the options)");
        if ("1".equals(io.env().get("WST_DEBUG"))) {
            ex.printStackTrace(io.err());
        }
        return EXIT_CODE;
    }

    static String message(ParameterException ex, CommandSpec spec) {
        if (ex instanceof UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
            String first = u.getUnmatched().getFirst();
            if (first.startsWith("-")) {
                String name = first.contains("=") ? first.substring(0, first.indexOf('=')) : first;
                return "unknown option '" + name + "'" + Suggestions.didYouMean(name, optionNames(spec));
            }
            List<String> subcommands = new ArrayList<>(spec.subcommands().keySet());
            if (!subcommands.isEmpty() && spec.positionalParameters().isEmpty()) {
                return "unknown command '" + first + "'" + Suggestions.didYouMean(first, subcommands);
            }
            return "unexpected argument '" + first + "'";
        }
        String m = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
        java.util.regex.Matcher unknown =
                java.util.regex.Pattern.compile("^Unknown options?: '([^']+)'").matcher(m);
        if (unknown.find()) {
            // an unknown option where an option's value was expected (`-c a.yaml --no-cach`)
            String w = unknown.group(1);
            String name = w.contains("=") ? w.substring(0, w.indexOf('=')) : w;
            return "unknown option '" + name + "'" + Suggestions.didYouMean(name, optionNames(spec));
        }
        // picocli's sentences start with a capital and may end with a period; ours continue after "wst eval: "
        if (m.endsWith(".")) {
            m = m.substring(0, m.length() - 1);
        }
        return m.isEmpty() ? m : Character.toLowerCase(m.charAt(0)) + m.substring(1);
    }

    private static List<String> optionNames(CommandSpec spec) {
        List<String> names = new ArrayList<>();
        spec.options().forEach(o -> {
            if (!o.hidden()) {
                for (String n : o.names()) {
                    names.add(n);
                    if (o.negatable() && n.startsWith("--")) {
                        // picocli lists `--cache` for a negatable option; `--no-cache` is as much a name of it
                        names.add(n.startsWith("--no-") ? "--" + n.substring(5) : "--no-" + n.substring(2));
                    }
                }
            }
        });
        return names;
    }
}
