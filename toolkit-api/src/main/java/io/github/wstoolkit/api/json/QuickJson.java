package io.github.wstoolkit.api.json;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parse of a small, well-formed JSON text, straight from the string: what {@link Json#parse} tries first, because
 * every frame of a stream is parsed (by {@code JSON.parse(event.data)} in a transform, by assertions) and Parsson's
 * set-up per parse (a reader, a tokenizer, a pooled buffer, a context stack) cost more than the parse of a short frame.
 *
 * <p>It gives up ({@link #GIVE_UP}) on anything it does not handle exactly as Parsson does, so that Parsson stays the
 * one source of errors, messages and limits: any syntax error, escapes other than JSON's, whitespace other than JSON's,
 * texts over {@link #MAX_LENGTH} characters, nesting deeper than {@link #MAX_DEPTH}, numbers of more than
 * {@link #MAX_NUMBER} characters. What it returns is what the Parsson path returns for the same text, value for value
 * and type for type ({@code QuickJsonTest} compares the two over generated documents and fuzzed text).
 */
final class QuickJson {

    /** Returned when the text is to be parsed by Parsson. */
    static final Object GIVE_UP = new Object();

    /** Longer texts go to Parsson: frames are short, and Parsson's limits are about long documents. */
    static final int MAX_LENGTH = 1 << 16;

    /** Deeper nesting goes to Parsson (its own limit is 1000 levels). */
    static final int MAX_DEPTH = 200;

    /** Longer numbers go to Parsson (it refuses to convert very long ones). */
    static final int MAX_NUMBER = 100;

    /** Thrown to give up: one instance, no stack trace (only malformed or unusual text gets here). */
    private static final class GiveUp extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private static final GiveUp INSTANCE = new GiveUp();

        private GiveUp() {
            super(null, null, false, false);
        }
    }

    private final String s;
    private final int n;
    private int i;

    private QuickJson(String s) {
        this.s = s;
        this.n = s.length();
    }

    /** The value of {@code text}, or {@link #GIVE_UP}. */
    static Object parse(String text) {
        if (text.length() > MAX_LENGTH) {
            return GIVE_UP;
        }
        QuickJson p = new QuickJson(text);
        try {
            p.skipWhitespace();
            Object value = p.value(0);
            p.skipWhitespace();
            return p.i == p.n ? value : GIVE_UP;
        } catch (GiveUp e) {
            return GIVE_UP;
        }
    }

    private static GiveUp giveUp() {
        return GiveUp.INSTANCE;
    }

    private void skipWhitespace() {
        while (i < n) {
            char c = s.charAt(i);
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                return;
            }
            i++;
        }
    }

    private char next() {
        if (i >= n) {
            throw giveUp();
        }
        return s.charAt(i);
    }

    private Object value(int depth) {
        char c = next();
        return switch (c) {
            case '{' -> object(depth + 1);
            case '[' -> array(depth + 1);
            case '"' -> string();
            case 't' -> literal("true", Boolean.TRUE);
            case 'f' -> literal("false", Boolean.FALSE);
            case 'n' -> literal("null", null);
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    yield number();
                }
                throw giveUp();
            }
        };
    }

    private Object literal(String word, Object value) {
        if (!s.startsWith(word, i)) {
            throw giveUp();
        }
        i += word.length();
        return value;
    }

    private Map<String, Object> object(int depth) {
        if (depth > MAX_DEPTH) {
            throw giveUp();
        }
        i++; // {
        Map<String, Object> map = new LinkedHashMap<>();
        skipWhitespace();
        if (next() == '}') {
            i++;
            return map;
        }
        while (true) {
            if (next() != '"') {
                throw giveUp();
            }
            String key = string();
            skipWhitespace();
            if (next() != ':') {
                throw giveUp();
            }
            i++;
            skipWhitespace();
            map.put(key, value(depth));
            skipWhitespace();
            char c = next();
            i++;
            if (c == '}') {
                return map;
            }
            if (c != ',') {
                throw giveUp();
            }
            skipWhitespace();
        }
    }

    private List<Object> array(int depth) {
        if (depth > MAX_DEPTH) {
            throw giveUp();
        }
        i++; // [
        List<Object> list = new ArrayList<>();
        skipWhitespace();
        if (next() == ']') {
            i++;
            return list;
        }
        while (true) {
            list.add(value(depth));
            skipWhitespace();
            char c = next();
            i++;
            if (c == ']') {
                return list;
            }
            if (c != ',') {
                throw giveUp();
            }
            skipWhitespace();
        }
    }

    private String string() {
        int start = ++i; // after the opening quote
        while (i < n) {
            char c = s.charAt(i);
            if (c == '"') {
                return s.substring(start, i++);
            }
            if (c == '\\') {
                return escapedString(start);
            }
            if (c < 0x20) {
                throw giveUp(); // a control character must be escaped: Parsson says so
            }
            i++;
        }
        throw giveUp();
    }

    private String escapedString(int start) {
        StringBuilder sb = new StringBuilder(i - start + 16).append(s, start, i);
        while (i < n) {
            char c = s.charAt(i++);
            if (c == '"') {
                return sb.toString();
            }
            if (c < 0x20) {
                throw giveUp();
            }
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            char e = next();
            i++;
            switch (e) {
                case '"', '\\', '/' -> sb.append(e);
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> {
                    if (i + 4 > n) {
                        throw giveUp();
                    }
                    int code = 0;
                    for (int k = 0; k < 4; k++) {
                        code = (code << 4) | hexDigit(s.charAt(i++));
                    }
                    sb.append((char) code);
                }
                default -> throw giveUp();
            }
        }
        throw giveUp();
    }

    /** An ASCII hex digit's value (not Character.digit: it also reads other scripts' digits and fullwidth letters). */
    private static int hexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        throw giveUp();
    }

    private Number number() {
        int start = i;
        if (s.charAt(i) == '-') {
            i++;
        }
        char first = next();
        if (first == '0') {
            i++;
        } else if (first >= '1' && first <= '9') {
            skipDigits();
        } else {
            throw giveUp();
        }
        boolean plain = true;
        if (i < n && s.charAt(i) == '.') {
            plain = false;
            i++;
            requireDigits();
        }
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            plain = false;
            i++;
            if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            requireDigits();
        }
        if (i - start > MAX_NUMBER) {
            throw giveUp();
        }
        String text = s.substring(start, i);
        return Json.number(text, plain, () -> new BigDecimal(text));
    }

    private void requireDigits() {
        if (i >= n || s.charAt(i) < '0' || s.charAt(i) > '9') {
            throw giveUp();
        }
        skipDigits();
    }

    private void skipDigits() {
        while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
        }
    }
}
