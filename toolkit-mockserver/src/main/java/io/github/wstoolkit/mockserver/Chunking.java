package io.github.wstoolkit.mockserver;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How an answer's text is cut into deltas: {@code size} words (each keeping its trailing space, as the reference
 * server sends them) or {@code size} characters per delta.
 *
 * <p>Text form: {@code 3} or {@code words:3} (three words per delta), {@code chars:5} (five characters per delta).
 */
public record Chunking(int size, Unit unit) {

    /** One word per delta: what the reference servers do. */
    public static final Chunking ONE_WORD = new Chunking(1, Unit.WORDS);

    /** What a delta counts. */
    public enum Unit {
        WORDS,
        CHARS
    }

    public Chunking {
        if (size < 1) {
            throw new IllegalArgumentException("chunk size must be at least 1, got " + size);
        }
        if (unit == null) {
            throw new IllegalArgumentException("chunk unit must be words or chars");
        }
    }

    /**
     * Parses the text form.
     *
     * @throws IllegalArgumentException naming what was expected
     */
    public static Chunking parse(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        Unit unit = Unit.WORDS;
        int colon = t.indexOf(':');
        if (colon >= 0) {
            unit = switch (t.substring(0, colon)) {
                case "words", "word", "w" -> Unit.WORDS;
                case "chars", "char", "characters", "c" -> Unit.CHARS;
                default ->
                    throw new IllegalArgumentException("chunk must be N, words:N or chars:N, got '" + text + "'");
            };
            t = t.substring(colon + 1);
        }
        try {
            return new Chunking(Integer.parseInt(t.strip()), unit);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("chunk must be N, words:N or chars:N, got '" + text + "'", e);
        }
    }

    /**
     * Cuts the text into deltas that concatenate back to it. Words are split at single spaces; each delta but the
     * last keeps its trailing space ({@code "Hello! How can"} → {@code "Hello! ", "How ", "can"}).
     */
    public List<String> split(String text) {
        List<String> out = new ArrayList<>();
        if (text.isEmpty()) {
            return out;
        }
        if (unit == Unit.CHARS) {
            int[] cps = text.codePoints().toArray();
            for (int i = 0; i < cps.length; i += size) {
                out.add(new String(cps, i, Math.min(size, cps.length - i)));
            }
            return out;
        }
        String[] words = text.split(" ", -1);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < words.length; i++) {
            sb.append(words[i]);
            if (i < words.length - 1) {
                sb.append(' ');
            }
            if ((i + 1) % size == 0 || i == words.length - 1) {
                out.add(sb.toString());
                sb.setLength(0);
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return unit.name().toLowerCase(Locale.ROOT) + ":" + size;
    }
}
