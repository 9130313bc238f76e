package io.github.wstoolkit.shell.internal;

import io.github.wstoolkit.eval.ConfigLoader;
import io.github.wstoolkit.eval.Eval;
import io.github.wstoolkit.eval.EvalConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code wst validate -c FILE…}: checks a config as {@code wst eval} would before its first call (the files, keys,
 * assertions, transforms, and every provider created), without calling anything. promptfoo's
 * {@code promptfoo validate}.
 */
@Command(
        name = "validate",
        mixinStandardHelpOptions = true,
        description = {
            "Check a config without running it: syntax, keys, assertions, transforms, providers (created, not called).",
            "Exit code 0 when it is valid (warnings are printed), 1 when it is not."
        })
final class ValidateCommand implements Callable<Integer> {

    @ParentCommand
    MainCommand parent;

    @Option(
            names = {"-c", "--config"},
            arity = "1..*",
            paramLabel = "FILE",
            description = "Config file(s), YAML or Groovy; default: promptfooconfig.yaml (or .groovy) in this folder.")
    List<String> configs = new ArrayList<>();

    @Option(
            names = {"--env-file", "--env-path"},
            paramLabel = "FILE",
            split = ",",
            description = "Read environment variables from FILE, over the environment.")
    List<String> envFiles = new ArrayList<>();

    @Override
    public Integer call() {
        Io base = parent.io;
        List<Path> envPaths = new ArrayList<>();
        for (String f : envFiles) {
            if (!f.isBlank()) {
                envPaths.add(base.resolve(f.strip()));
            }
        }
        Io io = envPaths.isEmpty() ? base : base.withEnv(DotEnv.over(base.env(), envPaths));
        List<Path> files = new ArrayList<>();
        if (configs.isEmpty()) {
            Path def = io.resolve("promptfooconfig.yaml");
            if (!Files.isRegularFile(def) && Files.isRegularFile(io.resolve("promptfooconfig.groovy"))) {
                def = io.resolve("promptfooconfig.groovy");
            }
            files.add(def);
        } else {
            for (String c : configs) {
                files.add(io.resolve(c));
            }
        }
        Map<String, String> env = new LinkedHashMap<>(io.env());
        for (Path f : files) {
            Path dotEnv = f.toAbsolutePath().getParent().resolve(".env");
            env = new LinkedHashMap<>(DotEnv.under(env, dotEnv));
        }
        EvalConfig config = ConfigLoader.load(files, env);
        config.warnings().forEach(w -> parent.io.err().println("wst: warning: " + w));
        EmbeddedMock mock = null;
        try {
            if (config.mockServer().isPresent()) {
                // the embedded mock's address is part of the provider ids: start it to create them, as eval does
                EvalCommand.quietServerLogs(io);
                mock = EmbeddedMock.start(config.mockServer().get());
                env.put(EmbeddedMock.ENV, mock.url());
                env.put(EmbeddedMock.HOST_ENV, mock.hostAndPort());
            }
            try (Eval eval = Eval.builder().config(config).env(env).build()) {
                io.out()
                        .println("Configuration is valid: " + config.prompts().size() + " prompt"
                                + (config.prompts().size() == 1 ? "" : "s") + ", "
                                + eval.providers().size() + " provider"
                                + (eval.providers().size() == 1 ? "" : "s") + ", "
                                + config.tests().size() + " test"
                                + (config.tests().size() == 1 ? "" : "s") + " ("
                                + String.join(
                                        ", ", files.stream().map(Path::toString).toList()) + ")");
            }
        } finally {
            if (mock != null) {
                mock.close();
            }
        }
        return 0;
    }
}
