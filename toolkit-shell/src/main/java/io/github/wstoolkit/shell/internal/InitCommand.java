package io.github.wstoolkit.shell.internal;

import io.github.wstoolkit.api.ConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code wst init --example NAME [DIR]} copies one of the bundled examples into a new folder; {@code wst init --list}
 * lists them. The examples are the repository's {@code examples/} folder, packaged as resources at build time under
 * {@code /wst-examples/} with an {@code index.txt} of their files.
 */
@Command(
        name = "init",
        mixinStandardHelpOptions = true,
        description = {
            "Start an eval: a commented starter config, or a copy of a bundled example.",
            "  wst init [DIR]                              write DIR/promptfooconfig.yaml (default: this folder)",
            "  wst init --list                             list the examples",
            "  wst init --example NAME [DIR] [--groovy]    copy one into DIR (default: ./NAME)"
        })
final class InitCommand implements Callable<Integer> {

    static final String ROOT = "/wst-examples/";

    @ParentCommand
    MainCommand parent;

    @Option(names = "--list", description = "List the examples.")
    boolean list;

    @Option(names = "--example", paramLabel = "NAME", description = "The example to copy.")
    String example;

    @Parameters(
            arity = "0..1",
            paramLabel = "DIR",
            description = "Where to write the starter config (default: this folder) or copy the example (default:"
                    + " ./NAME).")
    String dir;

    @Option(
            names = "--groovy",
            description = "Copy the Groovy form of the config (promptfooconfig.groovy) instead of the YAML one.")
    boolean groovy;

    @Override
    public Integer call() throws IOException {
        Io io = parent.io;
        Map<String, List<String>> examples = examples();
        if (list) {
            io.out().println("Examples (wst init --example NAME):");
            examples.keySet().forEach(name -> io.out().printf("  %-26s %s%n", name, summary(name)));
            return 0;
        }
        if (example == null) {
            return starter(io);
        }
        example = ALIASES.getOrDefault(example, example);
        List<String> all = examples.get(example);
        if (all == null) {
            io.err().println("wst: no example named '" + example + "'; known: " + String.join(", ", examples.keySet()));
            return 1;
        }
        List<String> files = oneForm(all, groovy);
        Path target = io.resolve(dir == null ? example : dir);
        if (Files.exists(target)) {
            try (Stream<Path> s = Files.list(target)) {
                if (s.findAny().isPresent()) {
                    io.err().println("wst: " + target + " exists and is not empty; choose another folder");
                    return 1;
                }
            } catch (java.nio.file.NotDirectoryException e) {
                io.err().println("wst: " + target + " is a file; choose another folder");
                return 1;
            }
        }
        for (String f : files) {
            Path out = target.resolve(f.substring(example.length() + 1)).normalize();
            if (!out.startsWith(target)) {
                throw new ConfigException("bad example entry " + f);
            }
            Files.createDirectories(out.getParent());
            try (InputStream in = open(f)) {
                Files.copy(in, out);
            }
        }
        io.out().println("Created " + target + " from the example '" + example + "' (" + files.size() + " files).");
        Path config = target.resolve(groovy ? "promptfooconfig.groovy" : "promptfooconfig.yaml");
        if (Files.exists(config)) {
            io.out().println("Run it: wst eval -c " + io.workingDir().relativize(config));
        }
        return 0;
    }

    /** Old example names, still accepted by {@code --example}. */
    static final Map<String, String> ALIASES =
            Map.of("websocket-streaming", "transform-stream", "websockets-streaming", "stream-response");

    /** {@code wst init [DIR]}: the commented starter config, never over an existing one. */
    private int starter(Io io) throws IOException {
        Path target = io.resolve(dir == null ? "." : dir);
        Path config = target.resolve("promptfooconfig.yaml");
        if (Files.exists(config)) {
            io.err().println("wst: " + config + " exists; not overwritten (wst init --list shows the examples)");
            return 1;
        }
        if (Files.exists(target) && !Files.isDirectory(target)) {
            io.err().println("wst: " + target + " is a file; choose another folder");
            return 1;
        }
        Files.createDirectories(target);
        try (InputStream in = InitCommand.class.getResourceAsStream("starter-promptfooconfig.yaml")) {
            if (in == null) {
                throw new IllegalStateException("the starter config is missing from this build");
            }
            Files.copy(in, config);
        }
        io.out()
                .println("Created " + config + ": a WebSocket target with its common options and one test per kind"
                        + " of assertion, runnable offline against the mock server.");
        io.out()
                .println("Run it: wst eval -c "
                        + io.workingDir().relativize(config.toAbsolutePath().normalize()));
        return 0;
    }

    /**
     * The files of one form of the example: a config that exists both as {@code X.yaml} and {@code X.groovy} is
     * copied in the form asked for, and the other left out.
     */
    static List<String> oneForm(List<String> files, boolean groovy) {
        List<String> out = new ArrayList<>();
        for (String f : files) {
            String twin = f.endsWith(".yaml")
                    ? f.substring(0, f.length() - ".yaml".length()) + ".groovy"
                    : f.endsWith(".groovy") ? f.substring(0, f.length() - ".groovy".length()) + ".yaml" : null;
            boolean paired = twin != null && files.contains(twin);
            if (!paired || f.endsWith(groovy ? ".groovy" : ".yaml")) {
                out.add(f);
            }
        }
        return out;
    }

    private static InputStream open(String file) {
        InputStream in = InitCommand.class.getResourceAsStream(ROOT + file);
        if (in == null) {
            throw new IllegalStateException("the example file " + file + " is missing from this build");
        }
        return in;
    }

    /** Example name → its files (paths starting with the name), from the packaged index. */
    static Map<String, List<String>> examples() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        try (InputStream in = open("index.txt")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String f = line.strip();
                if (f.isEmpty() || f.startsWith("#")) {
                    continue;
                }
                int slash = f.indexOf('/');
                out.computeIfAbsent(f.substring(0, slash), k -> new ArrayList<>())
                        .add(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** The first sentence of the first paragraph under the README's title, cut to fit a line. */
    private static String summary(String name) {
        try (InputStream in = InitCommand.class.getResourceAsStream(ROOT + name + "/README.md")) {
            if (in == null) {
                return "";
            }
            StringBuilder para = new StringBuilder();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String l = line.strip();
                if (l.startsWith("#") || (l.isEmpty() && para.isEmpty())) {
                    continue;
                }
                if (l.isEmpty()) {
                    break;
                }
                para.append(para.isEmpty() ? "" : " ").append(l);
            }
            String text = para.toString().replace("`", "");
            int dot = text.indexOf(". ");
            String first = dot > 0 ? text.substring(0, dot + 1) : text;
            if (first.endsWith(":")) {
                first = first.substring(0, first.length() - 1) + ".";
            }
            return first.length() > 90 ? first.substring(0, 89) + "…" : first;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
