package io.github.wstoolkit.shell.internal;

import io.github.wstoolkit.eval.ConfigLoader;
import io.github.wstoolkit.eval.EvalConfig;
import io.github.wstoolkit.shell.internal.console.ConsoleEngine;
import io.github.wstoolkit.shell.internal.console.ScriptedConsole;
import io.github.wstoolkit.shell.internal.console.ServerLogs;
import io.github.wstoolkit.shell.internal.jline.JLineConsole;
import java.io.Console;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code wst shell [URL] [-H 'Name: value']… [-s PROTOCOL]… [-c CONFIG]…}: the interactive WebSocket console. At a
 * terminal it is the JLine face; with stdin a pipe or a file, the same inputs run line by line (scripted mode).
 */
@Command(
        name = "shell",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "An interactive WebSocket console: send frames, watch replies with timings, pretty JSON and Groovy"
                    + " transforms, evaluate Groovy on the frames (= last), call a config's providers (/call) and run"
                    + " its tests (/eval), record exchanges as test cases (/save).",
            "Without a terminal (stdin a pipe or a file) it runs the same lines as a script: each frame sent waits"
                    + " for its reply, output is one frame per line (> sent, < received), and the exit code is 2"
                    + " when a line failed.",
            "Type /help inside for the commands."
        })
final class ShellCommand implements Callable<Integer> {

    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    @ParentCommand
    MainCommand parent;

    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "URL",
            description =
                    "Connect to this ws://, wss://, http:// or https:// URL at once ({{ env.X }} templates work).")
    String url;

    @Option(
            names = {"-H", "--header"},
            paramLabel = "'Name: value'",
            description = "A handshake header (repeatable); the value is a Nunjucks template over env, so"
                    + " 'Authorization: Bearer {{ env.API_KEY }}' keeps the key out of your shell history.")
    List<String> headers = new ArrayList<>();

    @Option(
            names = {"-s", "--subprotocol"},
            paramLabel = "PROTOCOL",
            description = "A subprotocol to offer (repeatable).")
    List<String> subprotocols = new ArrayList<>();

    @Option(
            names = {"-c", "--config"},
            paramLabel = "FILE",
            description = "An eval config (repeatable, merged as wst eval does): /call calls its providers, /eval"
                    + " runs its tests; mockServer: true starts the mock server for the session.")
    List<String> configs = new ArrayList<>();

    @Option(
            names = "--var",
            paramLabel = "KEY=VALUE",
            description = "A variable for templates, as /set KEY VALUE (repeatable).")
    List<String> vars = new ArrayList<>();

    @Option(
            names = "--quiet-ms",
            paramLabel = "N",
            defaultValue = "1000",
            description = "Silence after which a reply counts as finished (default ${DEFAULT-VALUE}); scripts wait"
                    + " that long after the last frame of each reply unless a transform says done first.")
    long quietMs;

    @Option(
            names = "--connect-timeout-ms",
            paramLabel = "N",
            defaultValue = "30000",
            description = "How long a connection may take to open (default ${DEFAULT-VALUE}).")
    long connectTimeoutMs;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Io io = parent.io;
        if (quietMs < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--quiet-ms must be 0 or more");
        }
        if (connectTimeoutMs <= 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--connect-timeout-ms must be positive");
        }
        Map<String, String> headerMap = new LinkedHashMap<>();
        for (String h : headers) {
            int colon = h.indexOf(':');
            String name = colon < 0 ? "" : h.substring(0, colon).strip();
            if (colon < 0 || !HEADER_NAME.matcher(name).matches()) {
                // never echo the value: it may be a secret
                throw new CommandLine.ParameterException(
                        spec.commandLine(), "-H needs 'Name: value' (a header name, a colon, a value)");
            }
            headerMap.put(name, h.substring(colon + 1).strip());
        }
        Map<String, String> varMap = new LinkedHashMap<>();
        for (String v : vars) {
            int eq = v.indexOf('=');
            if (eq <= 0) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(), "--var must be specified in key=value format.");
            }
            varMap.put(v.substring(0, eq), v.substring(eq + 1));
        }
        EvalConfig config = null;
        if (!configs.isEmpty()) {
            List<Path> files = new ArrayList<>();
            configs.forEach(c -> files.add(io.resolve(c)));
            config = ConfigLoader.load(files);
            config.warnings().forEach(w -> io.err().println("wst: warning: " + w));
        }
        Map<String, String> env = new LinkedHashMap<>(io.env());
        ConsoleEngine.Builder builder = ConsoleEngine.builder()
                .workingDir(io.workingDir())
                .config(config)
                .quiet(Duration.ofMillis(quietMs))
                .connectTimeout(Duration.ofMillis(connectTimeoutMs))
                .vars(varMap);
        if (config != null && config.mockServer().isPresent()) {
            if (!"1".equals(io.env().get("WST_DEBUG"))) {
                ServerLogs.quiet();
            }
            EmbeddedMock mock = EmbeddedMock.start(config.mockServer().get());
            env.put(EmbeddedMock.ENV, mock.url());
            env.put(EmbeddedMock.HOST_ENV, mock.hostAndPort());
            builder.closeWith(mock).mockUrl(mock.url());
            io.err().println("wst: mock server started at " + mock.url());
        }
        builder.env(env);
        if (interactive(io)) {
            Path history = null;
            try {
                history = JLineConsole.prepareHistory(WstHome.ensure(io.env()));
            } catch (IOException | RuntimeException e) {
                io.err().println("wst: no persistent history (" + e.getMessage() + ")");
            }
            return JLineConsole.run(
                    builder,
                    url == null ? null : engine -> engine.connect(url, headerMap, subprotocols),
                    io.env(),
                    history,
                    io.err());
        }
        ScriptedConsole face = new ScriptedConsole(io.out(), io.err());
        ConsoleEngine engine = builder.scripted(true).listener(face).build();
        boolean connected = url == null || engine.connect(url, headerMap, subprotocols);
        return face.run(engine, io.in(), !connected);
    }

    /** A person at a terminal: our stdin is the process's, and both it and stdout are a terminal. */
    private static boolean interactive(Io io) {
        if (io.in() != System.in || io.out() != System.out) {
            return false;
        }
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            // Java 22+: System.console() exists even when redirected; isTerminal() tells
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (NoSuchMethodException e) {
            return true; // Java 21: a console exists only at a terminal
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }
}
