package io.github.wstoolkit.api.json;

import jakarta.json.JsonException;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;
import jakarta.json.stream.JsonParsingException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Converts between JSON text and plain Java values: {@link Map} (insertion-ordered, String keys), {@link List},
 * {@link String}, {@link Number} ({@link Integer}, {@link Long} or {@link BigInteger} for integral numbers,
 * {@link Double} otherwise), {@link Boolean} and {@code null}.
 *
 * <p>{@link #stringify} follows JavaScript's {@code JSON.stringify}: integral numbers print without a fraction
 * ({@code 1.0} → {@code 1}), other numbers as JavaScript prints them ({@code 1e+21}, {@code 1e-7}; integers beyond
 * 2^53 as the double JavaScript would hold), NaN and
 * infinities as {@code null}, only {@code "}, {@code \} and control characters escaped, and {@code byte[]} as
 * Node's Buffer does ({@code {"type":"Buffer","data":[...]}}).
 */
public final class Json {

    // One provider for the whole process: JsonProvider.provider() runs a ServiceLoader lookup each time.
    private static final JsonProvider PROVIDER = JsonProvider.provider();

    /** Parsers for documents read from files: no cap on the values in one document. */
    private static final JsonParserFactory DOCUMENTS =
            PROVIDER.createParserFactory(Map.of("org.eclipse.parsson.maxParsingLimit", Integer.MAX_VALUE));

    /** 2^53: the largest integer JavaScript holds exactly. */
    private static final long MAX_SAFE_INTEGER = 1L << 53;

    /** Integral numbers with more digits than this parse as a double (Infinity): Double.MAX_VALUE has 309. */
    private static final int MAX_INTEGRAL_DIGITS = 400;

    private Json() {}

    /**
     * Parses JSON text into a plain value.
     *
     * @throws io.github.wstoolkit.api.json.JsonException when the text is not JSON
     */
    public static Object parse(String text) {
        // a short, well-formed text (a stream's frame) is read straight from the string; Parsson reads the rest, and
        // says what is wrong with malformed text
        Object quick = QuickJson.parse(text);
        return quick != QuickJson.GIVE_UP ? quick : parseWithParsson(text);
    }

    /** {@link #parse} without {@link QuickJson}: what the quick path must agree with (tests compare the two). */
    static Object parseWithParsson(String text) {
        return parse(PROVIDER.createParser(new StringReader(text)));
    }

    /**
     * Parses a JSON document read from a file the user gave (a results file of {@code wst eval -o}): as
     * {@link #parse}, without the parser's cap on the number of values in one document (Parsson's 15 million, which
     * a report of some 10,000 streaming cases with their frames exceeds). Text from a network peer goes through
     * {@link #parse}.
     *
     * @throws io.github.wstoolkit.api.json.JsonException when the text is not JSON
     */
    public static Object parseDocument(String text) {
        return parse(DOCUMENTS.createParser(new StringReader(text)));
    }

    private static Object parse(JsonParser opened) {
        try (JsonParser parser = opened) {
            if (!parser.hasNext()) {
                throw new io.github.wstoolkit.api.json.JsonException("Unexpected end of JSON input", null);
            }
            Object value = read(parser, parser.next());
            if (parser.hasNext()) {
                throw new io.github.wstoolkit.api.json.JsonException(
                        "Unexpected content after the JSON value at offset "
                                + parser.getLocation().getStreamOffset(),
                        null);
            }
            return value;
        } catch (JsonParsingException e) {
            throw new io.github.wstoolkit.api.json.JsonException(
                    "Invalid JSON at offset " + e.getLocation().getStreamOffset() + ": " + e.getMessage(), e);
        } catch (JsonException | java.util.NoSuchElementException e) {
            throw new io.github.wstoolkit.api.json.JsonException("Invalid JSON: " + e.getMessage(), e);
        }
    }

    /**
     * The parsed value when the text is JSON, else the text itself: what promptfoo does with each text frame. JSON
     * {@code null} comes back as {@code null}.
     */
    public static Object parseOrText(String text) {
        if (!looksLikeJson(text)) {
            return text;
        }
        try {
            return parse(text);
        } catch (io.github.wstoolkit.api.json.JsonException e) {
            return text;
        }
    }

    // A cheap first check, so plain-text frames do not pay for an exception.
    private static boolean looksLikeJson(String text) {
        int i = 0;
        int n = text.length();
        while (i < n && isJsonWhitespace(text.charAt(i))) {
            i++;
        }
        if (i == n) {
            return false;
        }
        char c = text.charAt(i);
        return c == '{'
                || c == '['
                || c == '"'
                || c == '-'
                || (c >= '0' && c <= '9')
                || c == 't'
                || c == 'f'
                || c == 'n';
    }

    private static boolean isJsonWhitespace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }

    private static Object read(JsonParser parser, JsonParser.Event first) {
        // the open containers and the keys they go under, as two small arrays: every frame of a stream is parsed,
        // and two ArrayDeques (16 slots each) were a good part of what a small document's parse allocated
        Object[] stack = new Object[4];
        String[] keys = new String[4];
        int depth = 0;
        JsonParser.Event event = first;
        String key = null;
        while (true) {
            Object value;
            boolean container = false;
            switch (event) {
                case START_OBJECT, START_ARRAY -> {
                    if (depth == stack.length) {
                        stack = Arrays.copyOf(stack, depth * 2);
                        keys = Arrays.copyOf(keys, depth * 2);
                    }
                    stack[depth] = event == JsonParser.Event.START_OBJECT
                            ? new LinkedHashMap<String, Object>()
                            : new ArrayList<>();
                    keys[depth] = key == null ? "" : key;
                    depth++;
                    key = null;
                    container = true;
                    value = null;
                }
                case KEY_NAME -> {
                    key = parser.getString();
                    event = parser.next();
                    continue;
                }
                case VALUE_STRING -> value = parser.getString();
                case VALUE_NUMBER -> value = number(parser);
                case VALUE_TRUE -> value = Boolean.TRUE;
                case VALUE_FALSE -> value = Boolean.FALSE;
                case VALUE_NULL -> value = null;
                case END_OBJECT, END_ARRAY -> {
                    depth--;
                    value = stack[depth];
                    key = keys[depth];
                    stack[depth] = null;
                    if (key.isEmpty() && !(depth > 0 && stack[depth - 1] instanceof Map)) {
                        key = null;
                    }
                }
                default -> throw new IllegalStateException("unexpected JSON event " + event);
            }
            if (!container) {
                if (depth == 0) {
                    return value;
                }
                add(stack[depth - 1], key, value);
                key = null;
            }
            event = parser.next();
        }
    }

    @SuppressWarnings("unchecked")
    private static void add(Object container, String key, Object value) {
        if (container instanceof Map<?, ?> m) {
            ((Map<String, Object>) m).put(key, value);
        } else {
            ((List<Object>) container).add(value);
        }
    }

    private static Number number(JsonParser parser) {
        String text = parser.getString();
        return number(text, isPlainInteger(text), parser::getBigDecimal);
    }

    /**
     * A number from its JSON text, for both parses: {@code plain} when the text has neither a fraction nor an exponent;
     * {@code decimal} gives its value as a BigDecimal (Parsson's, or {@code new BigDecimal(text)} for
     * {@link QuickJson}, whose numbers have at most {@link QuickJson#MAX_NUMBER} characters).
     */
    static Number number(String text, boolean plain, Supplier<BigDecimal> decimal) {
        // a plain integer of up to 18 characters fits a long: read without BigDecimal, which is slow per number, and
        // whose class initialisation alone takes 13 ms in a fresh JVM
        // (not Parsson's isIntegralNumber(): it answers for a fraction or an exponent through BigDecimal, which throws
        // for the numbers the fallback below handles)
        if (plain && text.length() <= 18) {
            long v = Long.parseLong(text);
            if (v == (int) v) {
                return (int) v; // not a conditional expression: that would widen both arms to long
            }
            return v;
        }
        BigDecimal d;
        try {
            d = decimal.get();
        } catch (NumberFormatException | UnsupportedOperationException e) {
            // an exponent beyond BigDecimal's (1e-99999999999) or more digits than Parsson converts (1100):
            // JavaScript reads the nearest double (0, Infinity), and so does Java
            return Double.parseDouble(text);
        }
        return number(d);
    }

    /** Digits, after an optional minus sign (JSON's grammar has no plus sign and no leading zeros). */
    private static boolean isPlainInteger(String text) {
        int i = text.startsWith("-") ? 1 : 0;
        if (i == text.length()) {
            return false;
        }
        for (; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static Number number(BigDecimal d) {
        // more integer digits than a double holds is Infinity to JavaScript; never expand 1e999999999 to its digits
        boolean small = (long) d.precision() - d.scale() <= MAX_INTEGRAL_DIGITS;
        if (small && (d.scale() <= 0 || d.stripTrailingZeros().scale() <= 0)) {
            try {
                BigInteger bi = d.toBigIntegerExact();
                if (bi.bitLength() < 32) {
                    return bi.intValue();
                }
                if (bi.bitLength() < 64) {
                    return bi.longValue();
                }
                // beyond long: JavaScript would hold a double; keep integral precision
                return bi;
            } catch (ArithmeticException notIntegral) {
                // fall through
            }
        }
        return d.doubleValue();
    }

    /**
     * The type of a plain value in JavaScript's words, as promptfoo's messages print it ({@code Unsupported response
     * transform type: number}): {@code "null"}, {@code "string"}, {@code "number"}, {@code "boolean"}, {@code "array"}
     * (a list or other collection) and {@code "object"} (a map, or any other value). For "got …" messages, see
     * {@link #describeType}.
     */
    public static String typeOf(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof CharSequence) {
            return "string";
        }
        if (v instanceof Number) {
            return "number";
        }
        if (v instanceof Boolean) {
            return "boolean";
        }
        if (v instanceof java.util.Collection<?>) {
            return "array";
        }
        return "object";
    }

    /**
     * A value's type with an article, for messages that say what arrived ({@code must be a mapping, got a list}):
     * {@code "null"}, {@code "a string"}, {@code "a number"}, {@code "a boolean"}, {@code "a list"}, {@code "a map"},
     * else {@code "a "} and the Java class's simple name.
     */
    public static String describeType(Object v) {
        return switch (v) {
            case null -> "null";
            case CharSequence s -> "a string";
            case Number n -> "a number";
            case Boolean b -> "a boolean";
            case java.util.Collection<?> c -> "a list";
            case Map<?, ?> m -> "a map";
            default -> "a " + v.getClass().getSimpleName();
        };
    }

    /**
     * JavaScript's truthiness of a plain value: {@code null}, {@code false}, {@code ""}, {@code 0} and NaN are false;
     * everything else (empty maps and lists included) is true. promptfoo's {@code ||} and {@code if (x)} checks on
     * config values and transform results follow it.
     */
    public static boolean truthy(Object value) {
        if (value == null || Boolean.FALSE.equals(value)) {
            return false;
        }
        if (value instanceof String s) {
            return !s.isEmpty();
        }
        if (value instanceof Number n) {
            double d = n.doubleValue();
            return d != 0 && !Double.isNaN(d);
        }
        return true;
    }

    /** Compact JSON text, as {@code JSON.stringify(value)}. */
    public static String stringify(Object value) {
        StringBuilder sb = new StringBuilder();
        write(sb, value, "", "");
        return sb.toString();
    }

    /**
     * Indented JSON text, as {@code JSON.stringify(value, null, indent)}: indent is clamped to 0..10; 0 is compact.
     */
    public static String stringify(Object value, int indent) {
        int n = Math.max(0, Math.min(10, indent));
        StringBuilder sb = new StringBuilder();
        write(sb, value, " ".repeat(n), "");
        return sb.toString();
    }

    /** Indented with a string, as {@code JSON.stringify(value, null, "\t")}: its first 10 characters are used. */
    public static String stringify(Object value, String indent) {
        String gap = indent.length() > 10 ? indent.substring(0, 10) : indent;
        StringBuilder sb = new StringBuilder();
        write(sb, value, gap, "");
        return sb.toString();
    }

    private static void write(StringBuilder sb, Object value, String gap, String indent) {
        if (value == null) {
            sb.append("null");
        } else if (value instanceof String s) {
            quote(sb, s);
        } else if (value instanceof Boolean b) {
            sb.append(b.booleanValue());
        } else if (value instanceof Number num) {
            sb.append(formatNumber(num));
        } else if (value instanceof Map<?, ?> map) {
            if (map.isEmpty()) {
                sb.append("{}");
                return;
            }
            String inner = indent + gap;
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                if (!gap.isEmpty()) {
                    sb.append('\n').append(inner);
                }
                quote(sb, String.valueOf(e.getKey()));
                sb.append(gap.isEmpty() ? ":" : ": ");
                write(sb, e.getValue(), gap, inner);
            }
            if (!gap.isEmpty()) {
                sb.append('\n').append(indent);
            }
            sb.append('}');
        } else if (value instanceof Collection<?> || value instanceof Object[]) {
            Collection<?> list = value instanceof Object[] arr ? List.of(arr) : (Collection<?>) value;
            if (list.isEmpty()) {
                sb.append("[]");
                return;
            }
            String inner = indent + gap;
            sb.append('[');
            boolean first = true;
            for (Object item : list) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                if (!gap.isEmpty()) {
                    sb.append('\n').append(inner);
                }
                write(sb, item, gap, inner);
            }
            if (!gap.isEmpty()) {
                sb.append('\n').append(indent);
            }
            sb.append(']');
        } else if (value instanceof byte[] bytes) {
            List<Object> data = new ArrayList<>(bytes.length);
            for (byte b : bytes) {
                data.add(b & 0xFF);
            }
            Map<String, Object> buffer = new LinkedHashMap<>();
            buffer.put("type", "Buffer");
            buffer.put("data", data);
            write(sb, buffer, gap, indent);
        } else if (value instanceof Optional<?> opt) {
            write(sb, opt.orElse(null), gap, indent);
        } else if (value instanceof Enum<?> e) {
            quote(sb, e.name());
        } else {
            quote(sb, value.toString());
        }
    }

    private static void quote(StringBuilder sb, String s) {
        sb.append('"');
        // runs of characters that need no escape are copied at once (most strings are one such run)
        int run = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\' && !Character.isSurrogate(c)) {
                continue;
            }
            sb.append(s, run, i);
            run = i + 1;
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        hex(sb, c);
                    } else if (Character.isSurrogate(c)) {
                        // well-formed pairs are kept; lone surrogates escaped, as JSON.stringify does since ES2019
                        if (Character.isHighSurrogate(c)
                                && i + 1 < s.length()
                                && Character.isLowSurrogate(s.charAt(i + 1))) {
                            sb.append(c).append(s.charAt(++i));
                            run = i + 1;
                        } else {
                            hex(sb, c);
                        }
                    }
                }
            }
        }
        sb.append(s, run, s.length());
        sb.append('"');
    }

    private static void hex(StringBuilder sb, char c) {
        sb.append("\\u");
        String h = Integer.toHexString(c);
        sb.append("0".repeat(4 - h.length())).append(h);
    }

    /** A number as JavaScript's {@code Number.prototype.toString()} prints it; NaN and infinities as {@code null}. */
    public static String formatNumber(Number num) {
        if (num instanceof Integer || num instanceof Short || num instanceof Byte) {
            return num.toString();
        }
        if (num instanceof Long l && Math.abs(l) <= MAX_SAFE_INTEGER) {
            return l.toString();
        }
        if (num instanceof BigInteger bi && bi.abs().compareTo(BigInteger.valueOf(MAX_SAFE_INTEGER)) <= 0) {
            return bi.toString();
        }
        // beyond 2^53 JavaScript holds the nearest double and prints that (1e21 → "1e+21")
        double d = num.doubleValue();
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return "null";
        }
        return jsNumber(d);
    }

    /** JavaScript's Number::toString for a finite double (ECMA-262 §6.1.6.1.20). */
    public static String jsNumber(double d) {
        if (d == 0) {
            return "0"; // also -0, as JavaScript prints it
        }
        if (d < 0) {
            return "-" + jsNumber(-d);
        }
        if (d <= MAX_SAFE_INTEGER && d == Math.rint(d)) {
            // exact integers print as their digits: the common case, without the BigDecimal detour
            return Long.toString((long) d);
        }
        if (d >= 1e-3 && d < 1e7) {
            // here Java prints plain decimals too, with the same shortest round-tripping digits (JDK 19+), and a
            // value that is not an integer never ends in ".0": timings in milliseconds, scores (JsonTest checks this
            // against the general path below)
            return Double.toString(d);
        }
        return jsNumberGeneral(d);
    }

    /** {@link #jsNumber} for a positive, finite double, by its decimal digits: any range. */
    static String jsNumberGeneral(double d) {
        // Java's Double.toString gives the shortest digits that round-trip (JDK 19+), as JavaScript does.
        BigDecimal bd = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        if (bd.precision() == 2) {
            // Double.toString always prints two digits (4.9E-324); JavaScript takes one when one round-trips (5e-324)
            BigDecimal one = bd.round(new java.math.MathContext(1, java.math.RoundingMode.HALF_EVEN));
            if (one.doubleValue() == d) {
                bd = one.stripTrailingZeros();
            }
        }
        String digits = bd.unscaledValue().toString();
        int k = digits.length();
        int n = k - bd.scale(); // value = 0.digits × 10^n
        StringBuilder sb = new StringBuilder();
        if (k <= n && n <= 21) {
            sb.append(digits).append("0".repeat(n - k));
        } else if (0 < n && n <= 21) {
            sb.append(digits, 0, n).append('.').append(digits, n, k);
        } else if (-6 < n && n <= 0) {
            sb.append("0.").append("0".repeat(-n)).append(digits);
        } else {
            int e = n - 1;
            sb.append(digits.charAt(0));
            if (k > 1) {
                sb.append('.').append(digits, 1, k);
            }
            sb.append('e').append(e < 0 ? '-' : '+').append(Math.abs(e));
        }
        return sb.toString();
    }

    /** Standard base64 of bytes (for audio and binary frames in reports). */
    public static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
