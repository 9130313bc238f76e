package io.github.wstoolkit.shell.internal.jline;

import io.github.wstoolkit.shell.internal.console.ConsoleEngine;
import io.github.wstoolkit.shell.internal.console.InputSyntax;
import java.util.ArrayList;
import java.util.List;
import org.jline.reader.CompletingParsedLine;
import org.jline.reader.EOFError;
import org.jline.reader.ParsedLine;
import org.jline.reader.Parser;

/**
 * How JLine splits the console's input. On Enter it asks {@link InputSyntax} whether the input continues (an open
 * JSON object or array, open Groovy brackets), and if so JLine shows the secondary prompt instead of accepting the
 * line. For completion, the word at the cursor is what the engine's completion replaces. Unlike JLine's default
 * parser it gives quotes no meaning, so {@code don't} in a frame never waits for a closing quote.
 */
final class ConsoleParser implements Parser {

    private final ConsoleEngine engine;

    ConsoleParser(ConsoleEngine engine) {
        this.engine = engine;
    }

    @Override
    public ParsedLine parse(String line, int cursor, ParseContext context) {
        if (context == ParseContext.ACCEPT_LINE && InputSyntax.needsMore(line)) {
            throw new EOFError(-1, cursor, "input continues", "…");
        }
        ConsoleEngine.Completion completion = context == ParseContext.COMPLETE
                ? engine.complete(line, cursor)
                : new ConsoleEngine.Completion(wordStart(line, cursor), List.of());
        return new Line(line, cursor, completion);
    }

    private static int wordStart(String line, int cursor) {
        int i = Math.min(cursor, line.length());
        while (i > 0 && !Character.isWhitespace(line.charAt(i - 1))) {
            i--;
        }
        return i;
    }

    /** One line: its words split at whitespace, the current word from the completion's start to the cursor. */
    record Line(String line, int cursor, ConsoleEngine.Completion completion) implements CompletingParsedLine {

        @Override
        public String word() {
            int start = Math.min(completion.start(), cursor);
            return line.substring(start, Math.min(cursor, line.length()));
        }

        @Override
        public int wordCursor() {
            return word().length();
        }

        @Override
        public int wordIndex() {
            int index = 0;
            int start = Math.min(completion.start(), line.length());
            String before = line.substring(0, start).strip();
            if (!before.isEmpty()) {
                index = before.split("\\s+").length;
            }
            return index;
        }

        @Override
        public List<String> words() {
            List<String> words = new ArrayList<>(List.of(line.strip().split("\\s+")));
            words.removeIf(String::isEmpty);
            return words;
        }

        @Override
        public CharSequence escape(CharSequence candidate, boolean complete) {
            return candidate; // nothing is quoted at this prompt
        }

        @Override
        public int rawWordCursor() {
            return wordCursor();
        }

        @Override
        public int rawWordLength() {
            return word().length();
        }
    }
}
