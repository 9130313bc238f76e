package io.github.wstoolkit.shell.internal.console;

import io.github.wstoolkit.api.json.Json;
import io.github.wstoolkit.shell.internal.console.Styled.Style;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Plain JSON values (Map, List, String, Number, Boolean, null) as {@link Styled} text, compact or indented. */
final class JsonStyler {

    private static final String INDENT = "  ";

    private JsonStyler() {}

    /** One line, with a space after {@code :} and {@code ,} for reading ({@code {"a": 1, "b": [true, null]}}). */
    static void compact(Styled.Builder b, Object value) {
        if (value instanceof Map<?, ?> m) {
            if (m.isEmpty()) {
                b.add(Style.PUNCT, "{}");
                return;
            }
            b.add(Style.PUNCT, "{");
            Iterator<? extends Map.Entry<?, ?>> it = m.entrySet().iterator();
            while (it.hasNext()) {
                Map.Entry<?, ?> e = it.next();
                b.add(Style.KEY, Json.stringify(String.valueOf(e.getKey())));
                b.add(Style.PUNCT, ": ");
                compact(b, e.getValue());
                if (it.hasNext()) {
                    b.add(Style.PUNCT, ", ");
                }
            }
            b.add(Style.PUNCT, "}");
        } else if (value instanceof List<?> l) {
            if (l.isEmpty()) {
                b.add(Style.PUNCT, "[]");
                return;
            }
            b.add(Style.PUNCT, "[");
            for (int i = 0; i < l.size(); i++) {
                if (i > 0) {
                    b.add(Style.PUNCT, ", ");
                }
                compact(b, l.get(i));
            }
            b.add(Style.PUNCT, "]");
        } else {
            scalar(b, value);
        }
    }

    /** Indented by two spaces per level, as {@code JSON.stringify(v, null, 2)}; continuation lines start with {@code margin}. */
    static void pretty(Styled.Builder b, Object value, String margin) {
        pretty(b, value, margin, "");
    }

    private static void pretty(Styled.Builder b, Object value, String margin, String indent) {
        if (value instanceof Map<?, ?> m && !m.isEmpty()) {
            b.add(Style.PUNCT, "{");
            Iterator<? extends Map.Entry<?, ?>> it = m.entrySet().iterator();
            while (it.hasNext()) {
                Map.Entry<?, ?> e = it.next();
                b.plain("\n" + margin + indent + INDENT);
                b.add(Style.KEY, Json.stringify(String.valueOf(e.getKey())));
                b.add(Style.PUNCT, ": ");
                pretty(b, e.getValue(), margin, indent + INDENT);
                if (it.hasNext()) {
                    b.add(Style.PUNCT, ",");
                }
            }
            b.plain("\n" + margin + indent);
            b.add(Style.PUNCT, "}");
        } else if (value instanceof List<?> l && !l.isEmpty()) {
            b.add(Style.PUNCT, "[");
            for (int i = 0; i < l.size(); i++) {
                b.plain("\n" + margin + indent + INDENT);
                pretty(b, l.get(i), margin, indent + INDENT);
                if (i < l.size() - 1) {
                    b.add(Style.PUNCT, ",");
                }
            }
            b.plain("\n" + margin + indent);
            b.add(Style.PUNCT, "]");
        } else {
            compact(b, value);
        }
    }

    private static void scalar(Styled.Builder b, Object value) {
        if (value == null || value instanceof Boolean) {
            b.add(Style.LITERAL, String.valueOf(value));
        } else if (value instanceof Number n) {
            b.add(Style.NUMBER, Json.formatNumber(n));
        } else if (value instanceof String s) {
            b.add(Style.STRING, Json.stringify(s));
        } else {
            b.add(Style.STRING, Json.stringify(value));
        }
    }

    /** The length of {@link #compact}'s text. */
    static int compactLength(Object value) {
        Styled.Builder b = Styled.builder();
        compact(b, value);
        return b.length();
    }

    /**
     * The value on one line when that fits in {@code width} columns after {@code used} ones, else indented; with
     * {@code alwaysIndent}, indented whenever it is an object or array.
     */
    static void fitted(Styled.Builder b, Object value, int used, int width, boolean alwaysIndent, String margin) {
        boolean container = value instanceof Map<?, ?> m && !m.isEmpty() || value instanceof List<?> l && !l.isEmpty();
        if (container && (alwaysIndent || used + compactLength(value) > width)) {
            pretty(b, value, margin);
        } else {
            compact(b, value);
        }
    }
}
