package io.github.wstoolkit.shell.internal.console;

import io.github.wstoolkit.shell.internal.console.ConsoleEngine.Candidate;
import io.github.wstoolkit.shell.internal.console.ConsoleEngine.Completion;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tab completion for the console, with no terminal in it: command names, provider labels after {@code /call},
 * variable names after {@code /set} and {@code /unset}, file paths after {@code /send}, {@code /save} and
 * {@code file://}, keywords ({@code on}, {@code off}, ...), and Groovy names after {@code =}. Reads the engine's
 * state without its lock (snapshots only), so it never waits for a command or a frame.
 */
final class Completer {

    private static final int MAX_PATHS = 500;
    private static final Pattern IDENT_TAIL = Pattern.compile("[A-Za-z_$][\\w$]*$");

    private final ConsoleEngine engine;
    private final Path workingDir;

    Completer(ConsoleEngine engine, Path workingDir) {
        this.engine = engine;
        this.workingDir = workingDir;
    }

    Completion complete(String buffer, int cursor) {
        String before = buffer.substring(0, cursor);
        int wordStart = before.length();
        while (wordStart > 0 && !Character.isWhitespace(before.charAt(wordStart - 1))) {
            wordStart--;
        }
        String word = before.substring(wordStart);
        String head = before.stripLeading();
        int lead = before.length() - head.length();
        if (head.startsWith("=")) {
            return groovyNames(before, cursor);
        }
        if (!head.startsWith("/") || head.startsWith("//")) {
            return new Completion(cursor, List.of());
        }
        int firstSpace = indexOfSpace(head);
        if (firstSpace < 0) {
            List<Candidate> out = new ArrayList<>();
            for (Commands.Command c : Commands.ALL) {
                if (("/" + c.name()).startsWith(word)) {
                    out.add(new Candidate("/" + c.name(), c.summary(), true));
                }
            }
            return new Completion(lead, out);
        }
        Optional<Commands.Command> cmd = Commands.find(head.substring(1, firstSpace));
        if (cmd.isEmpty()) {
            return new Completion(cursor, List.of());
        }
        // how many whole words come between the command and the word at the cursor
        String args = before.substring(lead + firstSpace, wordStart).strip();
        int argIndex = args.isEmpty() ? 0 : args.split("\\s+").length;
        if (word.startsWith("file://")) {
            return new Completion(wordStart, paths(word));
        }
        List<Candidate> out =
                switch (cmd.get().name()) {
                    case "connect" -> word.startsWith("-") ? keywords(word, "-H", "-s") : List.of();
                    case "call" ->
                        argIndex == 0 ? keywords(word, engine.providerNames().toArray(String[]::new)) : List.of();
                    case "set", "unset" ->
                        argIndex == 0 ? keywords(word, engine.vars().keySet().toArray(String[]::new)) : List.of();
                    case "send" -> argIndex == 0 ? paths(word) : List.of();
                    case "save" ->
                        argIndex == 0 ? paths(word) : argIndex == 1 ? keywords(word, "equals", "contains") : List.of();
                    case "template" -> argIndex == 0 ? keywords(word, "off", "file://") : List.of();
                    case "transform" ->
                        argIndex == 0
                                ? keywords(word, "off", "default", "streamResponse", "transformStream", "file://")
                                : argIndex == 1 ? keywords(word, "file://") : List.of();
                    case "json" -> argIndex == 0 ? keywords(word, "on", "off", "indent") : List.of();
                    case "timings", "debug" -> argIndex == 0 ? keywords(word, "on", "off") : List.of();
                    case "close" -> argIndex == 0 ? keywords(word, "1000", "1001", "4000") : List.of();
                    case "help" ->
                        argIndex == 0
                                ? keywords(
                                        word,
                                        Commands.ALL.stream()
                                                .map(Commands.Command::name)
                                                .toArray(String[]::new))
                                : List.of();
                    default -> List.of();
                };
        return new Completion(wordStart, out);
    }

    private Completion groovyNames(String before, int cursor) {
        Matcher m = IDENT_TAIL.matcher(before);
        if (!m.find()) {
            return new Completion(cursor, List.of());
        }
        String prefix = m.group();
        int start = m.start();
        if (start > 0 && before.charAt(start - 1) == '.') {
            return new Completion(cursor, List.of()); // a property: we do not know the object's type
        }
        List<Candidate> out = new ArrayList<>();
        for (Map.Entry<String, Object> e : engine.groovyNamesForCompletion().entrySet()) {
            if (e.getKey().startsWith(prefix)) {
                out.add(new Candidate(e.getKey(), null, true));
            }
        }
        return new Completion(start, out);
    }

    private static List<Candidate> keywords(String word, String... words) {
        List<Candidate> out = new ArrayList<>();
        for (String w : words) {
            if (w.startsWith(word)) {
                out.add(new Candidate(w, null, !w.endsWith("://")));
            }
        }
        return out;
    }

    /** Paths under the working folder for a word (which may start with {@code file://}). */
    private List<Candidate> paths(String word) {
        String prefix = word.startsWith("file://") ? "file://" : "";
        String path = word.substring(prefix.length());
        int slash = path.lastIndexOf('/');
        String dirPart = slash < 0 ? "" : path.substring(0, slash + 1);
        String namePart = slash < 0 ? path : path.substring(slash + 1);
        Path dir = dirPart.startsWith("~/")
                ? Path.of(System.getProperty("user.home")).resolve(dirPart.substring(2))
                : workingDir.resolve(dirPart.isEmpty() ? "." : dirPart);
        List<Candidate> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                String name = p.getFileName().toString();
                if (!name.startsWith(namePart) || (name.startsWith(".") && !namePart.startsWith("."))) {
                    continue;
                }
                boolean isDir = Files.isDirectory(p);
                out.add(new Candidate(prefix + dirPart + name + (isDir ? "/" : ""), null, !isDir));
                if (out.size() >= MAX_PATHS) {
                    break;
                }
            }
        } catch (IOException | SecurityException e) {
            return out;
        }
        out.sort((a, b) -> a.value().compareTo(b.value()));
        return out;
    }

    private static int indexOfSpace(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isWhitespace(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }
}
