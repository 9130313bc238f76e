package io.github.wstoolkit.shell.internal.console;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Text with semantic styles and no terminal in it: the engine says what a span <em>is</em> (a JSON key, a number, an
 * error), and a face decides how it looks (the JLine face maps styles to colours, the scripted face drops them).
 * Lines are separated by {@code \n} inside spans.
 */
public record Styled(List<Span> spans) {

    /** What a span of text is. */
    public enum Style {
        PLAIN,
        /** secondary information: timings, counts, hints */
        DIM,
        /** headings and names */
        BOLD,
        KEY,
        STRING,
        NUMBER,
        /** {@code true}, {@code false}, {@code null} */
        LITERAL,
        /** braces, brackets, commas */
        PUNCT,
        /** the {@code >} marker of a frame the shell sent */
        SENT,
        /** the {@code <} marker of a frame that arrived */
        RECEIVED,
        /** a reply's final output */
        OUTPUT,
        OK,
        WARN,
        ERROR
    }

    /** A run of text in one style. */
    public record Span(Style style, String text) {
        public Span {
            Objects.requireNonNull(style, "style");
            Objects.requireNonNull(text, "text");
        }
    }

    public Styled {
        spans = List.copyOf(spans);
    }

    public static Styled plain(String text) {
        return new Styled(List.of(new Span(Style.PLAIN, text)));
    }

    public static Styled of(Style style, String text) {
        return new Styled(List.of(new Span(style, text)));
    }

    /** The text without styles. */
    public String text() {
        StringBuilder sb = new StringBuilder();
        for (Span s : spans) {
            sb.append(s.text());
        }
        return sb.toString();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Appends spans; adjacent spans of one style are merged. */
    public static final class Builder {
        private final List<Span> spans = new ArrayList<>();
        private int length;

        private Builder() {}

        public Builder add(Style style, String text) {
            if (text.isEmpty()) {
                return this;
            }
            length += text.length();
            if (!spans.isEmpty() && spans.getLast().style() == style) {
                Span last = spans.removeLast();
                spans.add(new Span(style, last.text() + text));
            } else {
                spans.add(new Span(style, text));
            }
            return this;
        }

        public Builder plain(String text) {
            return add(Style.PLAIN, text);
        }

        public Builder add(Styled styled) {
            for (Span s : styled.spans()) {
                add(s.style(), s.text());
            }
            return this;
        }

        /** Characters appended so far. */
        public int length() {
            return length;
        }

        public Styled build() {
            return new Styled(spans);
        }
    }
}
