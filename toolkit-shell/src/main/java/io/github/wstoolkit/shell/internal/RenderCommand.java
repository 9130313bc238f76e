package io.github.wstoolkit.shell.internal;

import io.github.wstoolkit.api.ConfigException;
import io.github.wstoolkit.api.json.Json;
import io.github.wstoolkit.api.template.TemplateEngine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code wst render TEMPLATE [--var k=v]… [--vars FILE]}: renders a Nunjucks template the way a provider renders
 * its {@code messageTemplate} (autoescape off, undefined → empty, {@code env} = the process environment), to debug
 * a template before it goes into a config.
 */
@Command(
        name = "render",
        mixinStandardHelpOptions = true,
        description = {
            "Render a Nunjucks template as a provider renders its messageTemplate, and print the result.",
            "Variables come from --vars files, then --var options (later wins); `env` is the process environment."
        })
final class RenderCommand implements Callable<Integer> {

    @ParentCommand
    MainCommand main;

    @Parameters(
            index = "0",
            paramLabel = "TEMPLATE",
            description = "the template text, or file://PATH to read it from a file")
    String template;

    @Option(names = "--var", paramLabel = "KEY=VALUE", description = "a variable (repeatable); the value is a string")
    List<String> vars = new ArrayList<>();

    @Option(
            names = "--vars",
            paramLabel = "FILE",
            description = "variables from a JSON or YAML file holding one object (repeatable)")
    List<Path> varsFiles = new ArrayList<>();

    @Option(names = "--no-newline", description = "do not add a newline after the output")
    boolean noNewline;

    @Override
    public Integer call() throws IOException {
        Io io = main.io;
        Map<String, Object> values = new LinkedHashMap<>();
        for (Path file : varsFiles) {
            values.putAll(readVarsFile(io.resolve(file.toString())));
        }
        for (String kv : vars) {
            values.putAll(parseVar(kv));
        }
        String source = template;
        if (source.startsWith("file://")) {
            Path p = io.resolve(source.substring("file://".length()));
            source = Files.readString(p, StandardCharsets.UTF_8);
        }
        String out = TemplateEngine.builder().env(io.env()).build().render(source, values);
        if (noNewline || out.endsWith("\n")) {
            io.out().print(out);
        } else {
            io.out().println(out);
        }
        io.out().flush();
        return 0;
    }

    /** {@code key=value} → a one-entry map; promptfoo's error text when there is no {@code =}. */
    static Map<String, Object> parseVar(String kv) {
        int eq = kv.indexOf('=');
        if (eq <= 0) {
            throw new ConfigException("--var must be specified in key=value format.");
        }
        return Map.of(kv.substring(0, eq), kv.substring(eq + 1));
    }

    /** A JSON or YAML file holding one object. */
    static Map<String, Object> readVarsFile(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        Object value;
        try {
            value = name.endsWith(".json")
                    ? Json.parse(text)
                    : new Load(LoadSettings.builder().setLabel(file.toString()).build()).loadFromString(text);
        } catch (RuntimeException e) {
            throw ConfigException.at(file, 0, null, "cannot read vars: " + e.getMessage(), e);
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw new ConfigException("expected an object of variables", null, file, 1, 1, null);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }
}
