package io.github.wstoolkit.api.internal.template;

import static io.github.wstoolkit.api.internal.template.Undefined.UNDEFINED;

import io.github.wstoolkit.api.json.Json;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** JavaScript value semantics over plain Java values: truthiness, String(v), Number(v), +, ==, <, member access. */
final class Js {

    /** JavaScript's {@code \s}: what {@code trim} and the whitespace-control regexes strip. */
    static final String WS_CLASS =
            "[\\t\\n\\u000B\\f\\r \\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000\\uFEFF]";

    private static final Pattern DECIMAL =
            Pattern.compile("[+-]?(?:(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?|Infinity)");

    private static final Pattern FLOAT_PREFIX =
            Pattern.compile("[+-]?(?:Infinity|(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?)");

    private Js() {}

    static boolean isJsWhitespace(char c) {
        return switch (c) {
            case '\t',
                    '\n',
                    '\u000B',
                    '\f',
                    '\r',
                    ' ',
                    '\u00A0',
                    '\u1680',
                    '\u2028',
                    '\u2029',
                    '\u202F',
                    '\u205F',
                    '\u3000',
                    '\uFEFF' -> true;
            default -> c >= '\u2000' && c <= '\u200A';
        };
    }

    static String trimStart(String s) {
        int i = 0;
        while (i < s.length() && isJsWhitespace(s.charAt(i))) {
            i++;
        }
        return s.substring(i);
    }

    static String trimEnd(String s) {
        int j = s.length();
        while (j > 0 && isJsWhitespace(s.charAt(j - 1))) {
            j--;
        }
        return s.substring(0, j);
    }

    static String trim(String s) {
        return trimEnd(trimStart(s));
    }

    static boolean isNullish(Object v) {
        return v == null || v == UNDEFINED;
    }

    /** A JS array: a List or any other Collection. */
    static boolean isArray(Object v) {
        return v instanceof List<?> || v instanceof Collection<?>;
    }

    static List<?> asList(Object v) {
        if (v instanceof List<?> l) {
            return l;
        }
        return new ArrayList<>((Collection<?>) v);
    }

    static boolean truthy(Object v) {
        return v != UNDEFINED && Json.truthy(v);
    }

    /** JavaScript's {@code typeof}, enough for error messages and tests ({@link Json#typeOf} for plain values). */
    static String typeOf(Object v) {
        if (v == UNDEFINED) {
            return "undefined";
        }
        if (v instanceof JsFunction) {
            return "function";
        }
        return Json.typeOf(v);
    }

    /** JavaScript's {@code String(v)}. */
    static String toStr(Object v) {
        if (v instanceof String s) {
            return s;
        }
        if (v == UNDEFINED) {
            return "undefined";
        }
        if (v == null) {
            return "null";
        }
        if (v instanceof Number n) {
            return numberToString(n);
        }
        if (v instanceof Boolean b) {
            return b.toString();
        }
        if (v instanceof SafeString s) {
            return s.val();
        }
        if (isArray(v)) {
            StringBuilder sb = new StringBuilder();
            boolean first = true;
            for (Object item : (Collection<?>) v) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                if (!isNullish(item)) {
                    sb.append(toStr(item));
                }
            }
            return sb.toString();
        }
        if (v instanceof Map<?, ?>) {
            return "[object Object]";
        }
        if (v instanceof JsFunction) {
            return "function () { [native code] }";
        }
        if (v instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        if (v instanceof CharSequence cs) {
            return cs.toString();
        }
        return v.toString();
    }

    /** What {@code {{ v }}} prints: nothing for null and undefined, else {@code String(v)}. */
    static String output(Object v) {
        return isNullish(v) ? "" : toStr(v);
    }

    static String numberToString(Number n) {
        if (n instanceof Double d) {
            return numberToString(d.doubleValue());
        }
        if (n instanceof Integer
                || n instanceof Long
                || n instanceof Short
                || n instanceof Byte
                || n instanceof BigInteger) {
            return Json.formatNumber(n);
        }
        return numberToString(n.doubleValue());
    }

    static String numberToString(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        return Json.jsNumber(d);
    }

    /** JavaScript's {@code ToPrimitive} for operators: arrays and objects become their string form. */
    static Object toPrimitive(Object v) {
        if (v == null || v == UNDEFINED || v instanceof String || v instanceof Number || v instanceof Boolean) {
            return v;
        }
        return toStr(v);
    }

    /** JavaScript's {@code Number(v)}. */
    static double toNumber(Object v) {
        if (v instanceof Number n) {
            return n instanceof BigDecimal bd ? bd.doubleValue() : n.doubleValue();
        }
        if (v == UNDEFINED) {
            return Double.NaN;
        }
        if (v == null) {
            return 0;
        }
        if (v instanceof Boolean b) {
            return b ? 1 : 0;
        }
        if (v instanceof String s) {
            return stringToNumber(s);
        }
        if (v instanceof Map<?, ?> || v instanceof JsFunction) {
            return Double.NaN;
        }
        return stringToNumber(toStr(v));
    }

    static double stringToNumber(String s) {
        String t = trim(s);
        if (t.isEmpty()) {
            return 0;
        }
        if (t.length() > 2 && t.charAt(0) == '0') {
            char p = Character.toLowerCase(t.charAt(1));
            int radix = p == 'x' ? 16 : p == 'o' ? 8 : p == 'b' ? 2 : 0;
            if (radix != 0) {
                try {
                    return new BigInteger(t.substring(2), radix).doubleValue();
                } catch (NumberFormatException e) {
                    return Double.NaN;
                }
            }
        }
        if (!DECIMAL.matcher(t).matches()) {
            return Double.NaN;
        }
        if (t.endsWith("Infinity")) {
            return t.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        return Double.parseDouble(t);
    }

    /** JavaScript's binary {@code +}. */
    static Object add(Object a, Object b) {
        Object pa = toPrimitive(a);
        Object pb = toPrimitive(b);
        if (pa instanceof String || pb instanceof String) {
            return toStr(pa).concat(toStr(pb));
        }
        return toNumber(pa) + toNumber(pb);
    }

    /** JavaScript's {@code ==}. */
    static boolean looseEquals(Object a, Object b) {
        if (isNullish(a) || isNullish(b)) {
            return isNullish(a) && isNullish(b);
        }
        boolean aObj = isReference(a);
        boolean bObj = isReference(b);
        if (aObj && bObj) {
            return a == b;
        }
        if (aObj) {
            return looseEquals(toPrimitive(a), b);
        }
        if (bObj) {
            return looseEquals(a, toPrimitive(b));
        }
        if (a instanceof Boolean) {
            return looseEquals(toNumber(a), b);
        }
        if (b instanceof Boolean) {
            return looseEquals(a, toNumber(b));
        }
        if (a instanceof String sa && b instanceof String sb) {
            return sa.equals(sb);
        }
        return toNumber(a) == toNumber(b);
    }

    /** JavaScript's {@code ===}. */
    static boolean strictEquals(Object a, Object b) {
        if (a == UNDEFINED || b == UNDEFINED) {
            return a == b;
        }
        if (a == null || b == null) {
            return a == b;
        }
        if (a instanceof Number na && b instanceof Number nb) {
            return toNumber(na) == toNumber(nb);
        }
        if (a instanceof String sa && b instanceof String sb) {
            return sa.equals(sb);
        }
        if (a instanceof Boolean ba && b instanceof Boolean bb) {
            return ba.equals(bb);
        }
        return a == b;
    }

    private static boolean isReference(Object v) {
        return !(v instanceof String || v instanceof Number || v instanceof Boolean);
    }

    /**
     * JavaScript's relational comparison: -1, 0 or 1, or 2 when the values are not comparable (NaN involved), in
     * which case every one of {@code < > <= >=} is false.
     */
    static int compare(Object a, Object b) {
        Object pa = toPrimitive(a);
        Object pb = toPrimitive(b);
        if (pa instanceof String sa && pb instanceof String sb) {
            return Integer.signum(sa.compareTo(sb));
        }
        double x = toNumber(pa);
        double y = toNumber(pb);
        if (Double.isNaN(x) || Double.isNaN(y)) {
            return 2;
        }
        return x < y ? -1 : x > y ? 1 : 0;
    }

    static boolean lessThan(Object a, Object b) {
        return compare(a, b) == -1;
    }

    static boolean greaterThan(Object a, Object b) {
        return compare(a, b) == 1;
    }

    /** A property key as JavaScript makes one: {@code 0} and {@code "0"} are the same key. */
    static String propertyKey(Object key) {
        return toStr(key);
    }

    /** An array index from a key, or -1. */
    static int arrayIndex(Object key) {
        if (key instanceof Integer i) {
            return i;
        }
        if (key instanceof Number n) {
            double d = n.doubleValue();
            return d == Math.rint(d) && d >= 0 && d < Integer.MAX_VALUE ? (int) d : -1;
        }
        if (key instanceof String s && !s.isEmpty() && s.length() < 10) {
            for (int i = 0; i < s.length(); i++) {
                if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                    return -1;
                }
            }
            if (s.length() > 1 && s.charAt(0) == '0') {
                return -1;
            }
            return Integer.parseInt(s);
        }
        return -1;
    }

    /**
     * A property of an object: the entry whose key is {@code key}, or (for maps with non-String keys, such as YAML's
     * {@code {1: one}}) whose key prints as {@code key}. Undefined when absent.
     */
    static Object mapGet(Map<?, ?> map, String key) {
        Object v = map.get(key);
        if (v != null || map.containsKey(key)) {
            return v;
        }
        if (!hasNonStringKeys(map)) {
            return UNDEFINED;
        }
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getKey() instanceof String) && key.equals(propertyKey(e.getKey()))) {
                return e.getValue();
            }
        }
        return UNDEFINED;
    }

    static boolean hasKey(Map<?, ?> map, String key) {
        return map.containsKey(key) || (hasNonStringKeys(map) && mapGet(map, key) != UNDEFINED);
    }

    private static boolean hasNonStringKeys(Map<?, ?> map) {
        if (map.isEmpty()) {
            return false;
        }
        Object first = map.keySet().iterator().next();
        return !(first instanceof String);
    }

    /**
     * An object's properties in JavaScript's enumeration order: integer-like keys ({@code "0"}, {@code "12"})
     * ascending first, then the other keys in insertion order; keys as JavaScript property keys (strings).
     */
    static Map<String, Object> entries(Map<?, ?> map) {
        Map<String, Object> ordered = new LinkedHashMap<>();
        List<String> ints = null;
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String k = propertyKey(e.getKey());
            if (arrayIndex(k) >= 0) {
                if (ints == null) {
                    ints = new ArrayList<>();
                }
                ints.add(k);
            }
        }
        if (ints != null) {
            ints.sort(java.util.Comparator.comparingInt(Js::arrayIndex));
            for (String k : ints) {
                ordered.put(k, null);
            }
        }
        for (Map.Entry<?, ?> e : map.entrySet()) {
            ordered.put(propertyKey(e.getKey()), e.getValue());
        }
        return ordered;
    }

    /** {@code obj[key]} as nunjucks' {@code memberLookup}: undefined for a missing member or a nullish object. */
    static Object member(Object obj, Object key) {
        if (obj == null || obj == UNDEFINED) {
            return UNDEFINED;
        }
        if (obj instanceof Map<?, ?> map) {
            return mapGet(map, propertyKey(key));
        }
        if (obj instanceof String s) {
            int i = arrayIndex(key);
            if (i >= 0) {
                return i < s.length() ? String.valueOf(s.charAt(i)) : UNDEFINED;
            }
            if ("length".equals(key)) {
                return s.length();
            }
            return key instanceof String name ? JsMethods.stringMethod(s, name) : UNDEFINED;
        }
        if (isArray(obj)) {
            List<?> list = asList(obj);
            int i = arrayIndex(key);
            if (i >= 0) {
                return i < list.size() ? list.get(i) : UNDEFINED;
            }
            if ("length".equals(key)) {
                return list.size();
            }
            return key instanceof String name ? JsMethods.arrayMethod(list, name) : UNDEFINED;
        }
        if (obj instanceof SafeString s) {
            if ("length".equals(key)) {
                return s.val().length();
            }
            if ("val".equals(key)) {
                return s.val();
            }
            return key instanceof String name ? JsMethods.stringMethod(s.val(), name) : UNDEFINED;
        }
        if (obj instanceof Number n) {
            return key instanceof String name ? JsMethods.numberMethod(n, name) : UNDEFINED;
        }
        if (obj instanceof byte[] bytes) {
            int i = arrayIndex(key);
            if (i >= 0) {
                return i < bytes.length ? bytes[i] & 0xFF : UNDEFINED;
            }
            return "length".equals(key) ? bytes.length : UNDEFINED;
        }
        return UNDEFINED;
    }

    /** JavaScript's {@code parseInt(String(v), radix)}. */
    static double parseInt(Object v, int radix) {
        String s = trimStart(toStr(v));
        int i = 0;
        boolean negative = false;
        if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            negative = s.charAt(i) == '-';
            i++;
        }
        if (radix == 0) {
            radix = 10;
            if (s.startsWith("0x", i) || s.startsWith("0X", i)) {
                radix = 16;
                i += 2;
            }
        } else if (radix == 16 && (s.startsWith("0x", i) || s.startsWith("0X", i))) {
            i += 2;
        }
        if (radix < 2 || radix > 36) {
            return Double.NaN;
        }
        int start = i;
        while (i < s.length() && Character.digit(s.charAt(i), radix) >= 0 && s.charAt(i) < 128) {
            i++;
        }
        if (i == start) {
            return Double.NaN;
        }
        double value = new BigInteger(s.substring(start, i), radix).doubleValue();
        return negative ? -value : value;
    }

    /** JavaScript's {@code parseFloat(String(v))}. */
    static double parseFloat(Object v) {
        String s = trimStart(toStr(v));
        java.util.regex.Matcher m = FLOAT_PREFIX.matcher(s);
        if (!m.lookingAt()) {
            return Double.NaN;
        }
        String t = m.group();
        if (t.endsWith("Infinity")) {
            return t.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        return Double.parseDouble(t);
    }

    /** Upper-casing as JavaScript's {@code toUpperCase} (locale-independent). */
    static String upper(String s) {
        return s.toUpperCase(Locale.ROOT);
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
