package io.github.wstoolkit.shell.internal;

import io.github.wstoolkit.api.ConfigException;
import io.github.wstoolkit.dsl.EvalScripts;
import io.github.wstoolkit.eval.ConfigLoader;
import io.github.wstoolkit.eval.EvalConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code wst convert CONFIG.yaml [-o CONFIG.groovy]}: prints the Groovy form of a YAML config, a script that loads
 * into the same suite, to migrate from YAML. {@code file://} references stay relative, so the script belongs next to
 * the YAML file.
 */
@Command(
        name = "convert",
        mixinStandardHelpOptions = true,
        description = {
            "Print the Groovy form of a YAML eval config (a script that loads into the same suite).",
            "File references stay relative: keep the script next to the YAML file.",
            "  wst convert promptfooconfig.yaml -o promptfooconfig.groovy"
        })
final class ConvertCommand implements Callable<Integer> {

    @ParentCommand
    MainCommand parent;

    @Parameters(paramLabel = "CONFIG", description = "The YAML (or JSON) config.")
    String config;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FILE",
            description = "Write the script to FILE (a new file) instead of printing it.")
    String output;

    @Override
    public Integer call() throws IOException {
        Io io = parent.io;
        Path file = io.resolve(config);
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".groovy")) {
            io.err().println("wst: " + file + " is Groovy already; convert reads YAML or JSON configs");
            return 1;
        }
        if (!Files.isRegularFile(file)) {
            throw ConfigException.at(file, 0, null, "no such file");
        }
        // loading checks the config as `wst eval` would, so a broken config is not converted
        EvalConfig loaded = ConfigLoader.load(file, io.env());
        loaded.warnings().forEach(w -> io.err().println("wst: warning: " + w));
        String groovy = EvalScripts.toGroovy(loaded.raw());
        if (output == null) {
            io.out().print(groovy);
            return 0;
        }
        Path out = io.resolve(output);
        if (Files.exists(out)) {
            io.err().println("wst: " + out + " exists; choose another file");
            return 1;
        }
        Files.writeString(out, groovy, StandardCharsets.UTF_8);
        io.err().println("wst: wrote " + out);
        return 0;
    }
}
