package io.github.wstoolkit.shell.internal.jline;

import io.github.wstoolkit.shell.internal.console.ConsoleEngine;
import io.github.wstoolkit.shell.internal.console.ConsoleEvent;
import io.github.wstoolkit.shell.internal.console.ConsoleListener;
import io.github.wstoolkit.shell.internal.console.Styled;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jline.reader.EndOfFileException;
import org.jline.reader.History;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

/**
 * The console's face at a terminal: reads lines with JLine (editing, history in {@code $WST_HOME/shell-history},
 * Ctrl-R search, tab completion, multi-line input) and renders the engine's events above the prompt
 * ({@link LineReader#printAbove}), so frames that arrive while the user types never corrupt the line being edited.
 * Colours follow the styles of the events, unless {@code NO_COLOR} is set or the terminal is dumb.
 *
 * <p>The loop is JLine's: Ctrl-C on the prompt clears the line, Ctrl-C while an input runs cancels it
 * ({@link ConsoleEngine#cancel()}), Ctrl-D on an empty line or {@code /exit} closes the connection with 1000 and
 * leaves with 0.
 */
public final class JLineConsole implements ConsoleListener {

    private final Terminal terminal;
    private final boolean colour;
    private volatile LineReader reader;

    private JLineConsole(Terminal terminal, boolean colour) {
        this.terminal = terminal;
        this.colour = colour;
    }

    /**
     * Runs the console at the process's terminal until {@code /exit} or Ctrl-D.
     *
     * @param builder the engine's settings; the face adds the listener, the width and the history
     * @param connect connects at start (the URL on the command line), or null
     * @param historyFile where history persists, or null for none
     * @return the exit code (0)
     */
    public static int run(
            ConsoleEngine.Builder builder,
            java.util.function.Predicate<ConsoleEngine> connect,
            Map<String, String> env,
            Path historyFile,
            PrintStream err)
            throws IOException {
        Terminal terminal = TerminalBuilder.builder()
                .system(true)
                .name("wst")
                .nativeSignals(true)
                // JLine then catches the signals natively and dispatches them to terminal.handle(...) handlers; with
                // the default (SIG_DFL) a Ctrl-C outside readLine would end the JVM instead of cancelling a /call
                .signalHandler(Terminal.SignalHandler.SIG_IGN)
                .build();
        String noColor = env.get("NO_COLOR");
        boolean colour = (noColor == null || noColor.isEmpty())
                && !Terminal.TYPE_DUMB.equals(terminal.getType())
                && !"dumb".equals(env.get("TERM"));
        JLineConsole face = new JLineConsole(terminal, colour);
        AtomicReference<LineReader> readerRef = new AtomicReference<>();
        ConsoleEngine engine = builder.listener(face)
                .width(() -> columns(terminal))
                .inputHistory(() -> historyLines(readerRef.get()))
                .build();
        Handler logs = face.captureLogs("1".equals(env.get("WST_DEBUG")));
        // Ctrl-C while an input runs (readLine installs its own handler while the user types)
        terminal.handle(Terminal.Signal.INT, signal -> engine.cancel());
        face.event(new ConsoleEvent.Notice(
                Styled.of(Styled.Style.DIM, "wst shell: /help lists the commands, Tab completes, Ctrl-D exits")));
        // the connection (Tyrus' start-up and the handshake) opens while JLine builds its reader: the first prompt
        // comes after both, not after one then the other
        Thread connecting = connect == null
                ? null
                : Thread.ofVirtual().name("wst-shell-connect").start(() -> {
                    connect.test(engine);
                });
        try {
            LineReaderBuilder lrb = LineReaderBuilder.builder()
                    .terminal(terminal)
                    .appName("wst")
                    .parser(new ConsoleParser(engine))
                    .completer((r, line, candidates) -> {
                        ConsoleEngine.Completion c = line instanceof ConsoleParser.Line l
                                ? l.completion()
                                : engine.complete(line.line(), line.cursor());
                        for (ConsoleEngine.Candidate k : c.candidates()) {
                            candidates.add(new org.jline.reader.Candidate(
                                    k.value(), k.value(), null, k.description(), null, null, k.complete()));
                        }
                    })
                    .history(new RedactingHistory())
                    .variable(LineReader.SECONDARY_PROMPT_PATTERN, "%P … ")
                    .variable(LineReader.HISTORY_SIZE, 1000)
                    .variable(LineReader.HISTORY_FILE_SIZE, 10_000)
                    .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                    .option(LineReader.Option.HISTORY_IGNORE_SPACE, true)
                    .option(LineReader.Option.HISTORY_IGNORE_DUPS, true)
                    .option(LineReader.Option.INSERT_TAB, false);
            if (historyFile != null) {
                lrb.variable(LineReader.HISTORY_FILE, historyFile);
            }
            LineReader reader = lrb.build();
            if (connecting != null) {
                connecting.join();
            }
            readerRef.set(reader);
            face.reader = reader;
            loop(reader, engine);
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        } finally {
            try {
                engine.close();
            } finally {
                LineReader r = readerRef.get();
                if (r != null) {
                    try {
                        r.getHistory().save();
                    } catch (IOException e) {
                        err.println("wst: could not save the history: " + e.getMessage());
                    }
                }
                if (historyFile != null) {
                    restrict(historyFile);
                }
                face.releaseLogs(logs);
                terminal.close();
            }
        }
    }

    private static void loop(LineReader reader, ConsoleEngine engine) {
        while (!engine.exitRequested()) {
            String line;
            try {
                line = reader.readLine(engine.prompt());
            } catch (UserInterruptException e) {
                continue; // Ctrl-C at the prompt: the line is dropped, the shell stays
            } catch (EndOfFileException e) {
                return; // Ctrl-D
            }
            engine.execute(line);
        }
    }

    private static int columns(Terminal terminal) {
        int c = terminal.getSize().getColumns();
        return c > 0 ? c : 100;
    }

    private static List<String> historyLines(LineReader reader) {
        List<String> lines = new ArrayList<>();
        if (reader != null) {
            for (History.Entry e : reader.getHistory()) {
                lines.add(e.line());
            }
        }
        return lines;
    }

    /**
     * Creates the history file readable by its owner only before JLine first writes it (JLine replaces it through a
     * temporary file, which is created 0600 too).
     */
    public static Path prepareHistory(Path dir) throws IOException {
        Path file = dir.resolve("shell-history");
        if (!Files.exists(file)) {
            try {
                if (Files.getFileStore(dir).supportsFileAttributeView("posix")) {
                    Files.createFile(
                            file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                } else {
                    Files.createFile(file);
                }
            } catch (FileAlreadyExistsException raced) {
                // another wst shell created it meanwhile
            }
        }
        restrict(file);
        return file;
    }

    private static void restrict(Path file) {
        try {
            io.github.wstoolkit.shell.internal.WstHome.restrict(file);
        } catch (RuntimeException e) {
            // best effort: the folder is 0700 anyway
        }
    }

    // ------------------------------------------------------------------ rendering

    @Override
    public void event(ConsoleEvent event) {
        AttributedString text = render(event.text());
        LineReader r = reader;
        if (r != null) {
            r.printAbove(text);
        } else {
            terminal.writer().println(text.toAnsi(terminal));
            terminal.flush();
        }
    }

    AttributedString render(Styled styled) {
        AttributedStringBuilder b = new AttributedStringBuilder();
        for (Styled.Span s : styled.spans()) {
            if (colour) {
                b.styled(style(s.style()), s.text());
            } else {
                b.append(s.text());
            }
        }
        return b.toAttributedString();
    }

    private static AttributedStyle style(Styled.Style s) {
        AttributedStyle d = AttributedStyle.DEFAULT;
        return switch (s) {
            case PLAIN, PUNCT -> d;
            case DIM -> d.foreground(AttributedStyle.BRIGHT + AttributedStyle.BLACK);
            case BOLD, OUTPUT -> d.bold();
            case KEY -> d.foreground(AttributedStyle.BLUE).bold();
            case STRING -> d.foreground(AttributedStyle.GREEN);
            case NUMBER -> d.foreground(AttributedStyle.CYAN);
            case LITERAL -> d.foreground(AttributedStyle.MAGENTA);
            case SENT -> d.foreground(AttributedStyle.MAGENTA).bold();
            case RECEIVED -> d.foreground(AttributedStyle.CYAN).bold();
            case OK -> d.foreground(AttributedStyle.GREEN);
            case WARN -> d.foreground(AttributedStyle.YELLOW);
            case ERROR -> d.foreground(AttributedStyle.RED);
        };
    }

    // ------------------------------------------------------------------ logs

    /**
     * Sends java.util.logging (which Tyrus, Grizzly and our System.Loggers write to) above the prompt instead of to
     * stderr, which would tear the line being edited; only warnings and worse unless {@code WST_DEBUG=1}.
     */
    private Handler captureLogs(boolean debug) {
        Logger root = Logger.getLogger("");
        Handler[] previous = root.getHandlers();
        for (Handler h : previous) {
            root.removeHandler(h);
        }
        Handler h = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (!isLoggable(record)) {
                    return;
                }
                String msg = record.getMessage();
                if (record.getParameters() != null && msg != null && msg.contains("{")) {
                    msg = java.text.MessageFormat.format(msg, record.getParameters());
                }
                event(new ConsoleEvent.Notice(Styled.of(
                        record.getLevel().intValue() >= Level.SEVERE.intValue()
                                ? Styled.Style.ERROR
                                : Styled.Style.WARN,
                        "wst: " + record.getLevel().getName().toLowerCase(java.util.Locale.ROOT) + ": " + msg)));
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        h.setLevel(debug ? Level.ALL : Level.WARNING);
        root.addHandler(h);
        previousHandlers = previous;
        return h;
    }

    private Handler[] previousHandlers = new Handler[0];

    private void releaseLogs(Handler h) {
        Logger root = Logger.getLogger("");
        root.removeHandler(h);
        for (Handler p : previousHandlers) {
            root.addHandler(p);
        }
    }
}
