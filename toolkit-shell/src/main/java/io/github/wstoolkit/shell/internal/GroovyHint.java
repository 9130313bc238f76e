package io.github.wstoolkit.shell.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether a command line is about to compile Groovy, guessed before picocli reads it, so that {@code Wst.main} can
 * warm Groovy's compiler up on a thread of its own ({@code GroovyWarmUp}) only when it will be used: the warm-up costs
 * about 0.15 s of CPU beside a run that needs no Groovy (0.74 s against 0.66 s wall for an eval of two cases with no
 * transform), and saves more than that where the first transform compiles.
 *
 * <p>A guess, and only a question of speed: {@code wst run} always compiles Groovy; {@code wst eval} does when a
 * config it names ({@code -c}, {@code --config}, or the folder's {@code promptfooconfig.yaml} /
 * {@code promptfooconfig.groovy}) is a Groovy script or its text holds anything that is compiled (a transform, a
 * code assertion, a function, a {@code file://} reference that may lead to one). Anything unreadable counts as yes.
 */
public final class GroovyHint {

    /** Text in a config that Groovy may compile; any one of them is enough. */
    private static final List<String> MARKERS = List.of(
            "transform", // transformResponse, transformStream, transformVars, an assertion's transform
            "Response", // streamResponse
            "groovy",
            "javascript",
            "python",
            "function", // function calls, prompt functions, callbacks
            "Filters", // nunjucksFilters
            "Handler", // functionCallHandler
            "=>",
            "->",
            "file://",
            "__expected");

    /** Configs larger than this are not read here (they count as yes). */
    private static final long READ_LIMIT = 4L << 20;

    private GroovyHint() {}

    /**
     * @param args the command line, as {@code main} gets it
     * @param workingDir the folder relative paths are resolved against
     * @return whether the command will probably compile Groovy
     */
    public static boolean likely(String[] args, Path workingDir) {
        if (args.length == 0) {
            return false;
        }
        return switch (args[0]) {
            case "run" -> true;
            case "eval" -> configsNeedGroovy(configs(args, workingDir));
            default -> false;
        };
    }

    /** The config files an eval command line names, or the folder's default one. */
    static List<Path> configs(String[] args, Path workingDir) {
        List<Path> out = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            if ((a.equals("-c") || a.equals("--config")) && i + 1 < args.length) {
                out.add(workingDir.resolve(args[++i]));
            } else if (a.startsWith("--config=")) {
                out.add(workingDir.resolve(a.substring("--config=".length())));
            } else if (a.startsWith("-c") && a.length() > 2 && !a.startsWith("--")) {
                out.add(workingDir.resolve(a.substring(a.charAt(2) == '=' ? 3 : 2)));
            }
        }
        if (out.isEmpty()) {
            Path yaml = workingDir.resolve("promptfooconfig.yaml");
            out.add(Files.isRegularFile(yaml) ? yaml : workingDir.resolve("promptfooconfig.groovy"));
        }
        return out;
    }

    private static boolean configsNeedGroovy(List<Path> configs) {
        for (Path p : configs) {
            try {
                if (!Files.isRegularFile(p)) {
                    continue; // the command will say so; nothing to compile
                }
                if (p.getFileName().toString().endsWith(".groovy") || Files.size(p) > READ_LIMIT) {
                    return true;
                }
                String text = Files.readString(p, StandardCharsets.UTF_8);
                for (String m : MARKERS) {
                    if (text.contains(m)) {
                        return true;
                    }
                }
            } catch (IOException | RuntimeException e) {
                return true;
            }
        }
        return false;
    }
}
