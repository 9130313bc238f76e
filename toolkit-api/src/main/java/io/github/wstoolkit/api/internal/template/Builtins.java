package io.github.wstoolkit.api.internal.template;

import static io.github.wstoolkit.api.internal.template.Undefined.UNDEFINED;

import io.github.wstoolkit.api.internal.template.Node.BoundFilter;
import io.github.wstoolkit.api.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Nunjucks 3.2's built-in filters, tests and globals, with their JavaScript behaviour on odd inputs. */
final class Builtins {

    /** An {@code is} test: {@code x is divisibleby(3)} calls {@code test(x, [3])}. */
    @FunctionalInterface
    interface Test {
        boolean test(Object value, List<Object> args);
    }

    static final Map<String, BoundFilter> FILTERS = new HashMap<>();

    /** The most numbers {@code range()} makes: a guard against a typo filling the heap. */
    static final int MAX_RANGE = 10_000_000;

    private static final Map<String, Test> TESTS = new HashMap<>();

    private static final Pattern TAGS =
            Pattern.compile("</?([a-z][a-z0-9]*)\\b[^>]*>|<!--[\\s\\S]*?-->", Pattern.CASE_INSENSITIVE);
    private static final Pattern JS_WS_RUN = Pattern.compile(Js.WS_CLASS + "+");
    private static final Pattern LINE_EDGE_SPACES = Pattern.compile("^ +| +$", Pattern.MULTILINE);
    private static final Pattern SPACES = Pattern.compile(" +");
    private static final Pattern MANY_NEWLINES = Pattern.compile("\n\n\n+");
    private static final Pattern WORD = Pattern.compile("[A-Za-z0-9_]+");
    // urlize: nunjucks' own patterns (after Jinja's)
    private static final Pattern WS_SPLIT = Pattern.compile(
            "(?<=" + Js.WS_CLASS + ")(?!" + Js.WS_CLASS + ")|(?<!" + Js.WS_CLASS + ")(?=" + Js.WS_CLASS + ")");
    private static final Pattern PUNCTUATION = Pattern.compile("^(?:\\(|<|&lt;)?(.*?)(?:\\.|,|\\)|\n|&gt;)?$");
    private static final Pattern EMAIL =
            Pattern.compile("^[\\w.!#$%&'*+\\-/=?^`{|}~]+@[a-z\\d\\-]+(\\.[a-z\\d\\-]+)+$", Pattern.CASE_INSENSITIVE);
    private static final Pattern HTTP = Pattern.compile("^https?://.*$");
    private static final Pattern WWW = Pattern.compile("^www\\.");
    private static final Pattern TLD = Pattern.compile("\\.(?:org|net|com)(?::|/|$)");

    private Builtins() {}

    static Object arg(List<Object> args, int i) {
        return i < args.size() ? args.get(i) : UNDEFINED;
    }

    static Test test(String name) {
        return TESTS.get(name);
    }

    /** nunjucks' {@code normalize(value, '')}: null, undefined and false become the empty string. */
    private static Object normalize(Object v) {
        return v == null || v == UNDEFINED || Boolean.FALSE.equals(v) ? "" : v;
    }

    /** A value a String method is called on: strings and SafeStrings; anything else is JavaScript's TypeError. */
    private static String str(Object v, String what) {
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof SafeString s) {
            return s.val();
        }
        throw new JsError(what + " needs a string, got " + describe(v));
    }

    static String describe(Object v) {
        return switch (Js.typeOf(v)) {
            case "undefined", "null" -> Js.typeOf(v);
            case "object" -> v instanceof SafeString ? "a safe string" : "an object";
            case "string" -> "a string";
            case "array" -> "an array";
            default -> "a " + Js.typeOf(v) + " (" + Js.toStr(v) + ")";
        };
    }

    private static List<?> array(Object v, String what) {
        if (Js.isArray(v)) {
            return Js.asList(v);
        }
        throw new JsError(what + " needs an array, got " + describe(v));
    }

    /** nunjucks' {@code lib.map(obj, identity)}: a copy of an array (or of a string's characters), else []. */
    private static List<Object> copyOf(Object v) {
        if (Js.isArray(v)) {
            return new ArrayList<>(Js.asList(v));
        }
        List<Object> out = new ArrayList<>();
        if (v instanceof String s) {
            for (int i = 0; i < s.length(); i++) {
                out.add(String.valueOf(s.charAt(i)));
            }
        } else if (v instanceof SafeString safe) {
            // a SafeString has a length but no indexed characters: obj[i] is undefined
            for (int i = 0; i < safe.val().length(); i++) {
                out.add(UNDEFINED);
            }
        }
        return out;
    }

    private static Object copySafeness(Object dest, String target) {
        return dest instanceof SafeString ? new SafeString(target) : target;
    }

    private static Object requireMember(Object obj, Object key) {
        if (Js.isNullish(obj)) {
            throw new JsError("cannot read properties of " + Js.typeOf(obj) + " (reading '" + Js.toStr(key) + "')");
        }
        return Js.member(obj, key);
    }

    static String joinList(List<?> list, String sep) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < list.size(); i++) {
            if (i > 0) {
                sb.append(sep);
            }
            Object item = list.get(i);
            if (!Js.isNullish(item)) {
                sb.append(Js.toStr(item));
            }
        }
        return sb.toString();
    }

    static String htmlEscape(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '\\' -> sb.append("&#92;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    /** JavaScript's {@code encodeURIComponent}. */
    static String encodeUriComponent(String s) {
        StringBuilder sb = new StringBuilder();
        byte[] bytes;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || "-_.!~*'()".indexOf(c) >= 0) {
                sb.append(c);
                continue;
            }
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes = s.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new JsError("URI malformed: lone surrogate in the text to encode");
            } else {
                bytes = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
            }
            for (byte b : bytes) {
                sb.append('%')
                        .append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xF, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xF, 16)));
            }
        }
        return sb.toString();
    }

    /** {@code Array.prototype.sort} with a comparator: a stable merge sort that tolerates inconsistent comparators. */
    static <T> void jsSort(List<T> list, Comparator<? super T> cmp) {
        if (list.size() < 2) {
            return;
        }
        List<T> copy = new ArrayList<>(list);
        mergeSort(copy, new ArrayList<>(copy), 0, copy.size(), cmp);
        for (int i = 0; i < copy.size(); i++) {
            list.set(i, copy.get(i));
        }
    }

    private static <T> void mergeSort(List<T> a, List<T> tmp, int from, int to, Comparator<? super T> cmp) {
        if (to - from < 2) {
            return;
        }
        int mid = (from + to) >>> 1;
        mergeSort(a, tmp, from, mid, cmp);
        mergeSort(a, tmp, mid, to, cmp);
        int i = from;
        int j = mid;
        int k = from;
        while (i < mid && j < to) {
            tmp.set(k++, cmp.compare(a.get(j), a.get(i)) < 0 ? a.get(j++) : a.get(i++));
        }
        while (i < mid) {
            tmp.set(k++, a.get(i++));
        }
        while (j < to) {
            tmp.set(k++, a.get(j++));
        }
        for (k = from; k < to; k++) {
            a.set(k, tmp.get(k));
        }
    }

    /** A value with JSON.stringify's view of it: undefined members dropped (objects) or null (arrays). */
    static Object forJson(Object v) {
        if (v == UNDEFINED || v instanceof JsFunction) {
            return UNDEFINED;
        }
        if (v instanceof SafeString s) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("val", s.val());
            m.put("length", s.val().length());
            return m;
        }
        if (v instanceof Map<?, ?> map) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (Map.Entry<String, Object> e : Js.entries(map).entrySet()) {
                Object value = forJson(e.getValue());
                if (value != UNDEFINED) {
                    m.put(e.getKey(), value);
                }
            }
            return m;
        }
        if (v instanceof Collection<?> c) {
            List<Object> l = new ArrayList<>(c.size());
            for (Object item : c) {
                Object value = forJson(item);
                l.add(value == UNDEFINED ? null : value);
            }
            return l;
        }
        if (v instanceof Node.Regex) {
            return new LinkedHashMap<String, Object>();
        }
        return v;
    }

    static Object dump(Object value, Object spaces) {
        Object plain = forJson(value);
        if (plain == UNDEFINED) {
            return UNDEFINED;
        }
        if (spaces instanceof Number n) {
            double d = n.doubleValue();
            return Json.stringify(plain, Double.isNaN(d) ? 0 : (int) Math.max(0, Math.min(10, Math.floor(d))));
        }
        if (spaces instanceof String s) {
            return Json.stringify(plain, s);
        }
        return Json.stringify(plain);
    }

    /** JavaScript's String.prototype.replace with a regular expression (replacement patterns $&, $1, $$). */
    static String regexReplace(String s, Node.Regex regex, String replacement) {
        Matcher m = regex.pattern().matcher(s);
        StringBuilder sb = new StringBuilder();
        int last = 0;
        while (m.find()) {
            sb.append(s, last, m.start());
            for (int i = 0; i < replacement.length(); i++) {
                char c = replacement.charAt(i);
                if (c == '$' && i + 1 < replacement.length()) {
                    char n = replacement.charAt(i + 1);
                    if (n == '$') {
                        sb.append('$');
                        i++;
                        continue;
                    }
                    if (n == '&') {
                        sb.append(m.group());
                        i++;
                        continue;
                    }
                    if (n >= '0' && n <= '9' && n - '0' <= m.groupCount() && n != '0') {
                        String g = m.group(n - '0');
                        sb.append(g == null ? "" : g);
                        i++;
                        continue;
                    }
                }
                sb.append(c);
            }
            last = m.end();
            if (m.end() == m.start()) {
                if (m.end() < s.length()) {
                    sb.append(s.charAt(m.end()));
                }
                last = m.end() + 1;
                if (last > s.length() || !regex.global()) {
                    break;
                }
                m.region(last, s.length());
                continue;
            }
            if (!regex.global()) {
                break;
            }
        }
        if (last < s.length()) {
            sb.append(s, last, s.length());
        }
        return sb.toString();
    }

    private static Object replace(Object str, Object old, Object replacement, Object maxCount) {
        Object original = str;
        if (old instanceof Node.Regex regex) {
            return regexReplace(str(str, "replace"), regex, Js.toStr(replacement));
        }
        double max = maxCount == UNDEFINED ? -1 : Js.toNumber(maxCount);
        String o;
        if (old instanceof Number n) {
            o = Js.numberToString(n);
        } else if (old instanceof String s) {
            o = s;
        } else {
            return str;
        }
        if (str instanceof Number n) {
            str = Js.numberToString(n);
        }
        if (!(str instanceof String) && !(str instanceof SafeString)) {
            return str;
        }
        String s = Js.toStr(str);
        String repl = Js.toStr(replacement);
        if (o.isEmpty()) {
            StringBuilder sb = new StringBuilder(repl);
            for (int i = 0; i < s.length(); i++) {
                if (i > 0) {
                    sb.append(repl);
                }
                sb.append(s.charAt(i));
            }
            sb.append(repl);
            return copySafeness(str, sb.toString());
        }
        int next = s.indexOf(o);
        if (max == 0 || next == -1) {
            return str;
        }
        StringBuilder res = new StringBuilder();
        int pos = 0;
        int count = 0;
        while (next > -1 && (max == -1 || count < max)) {
            res.append(s, pos, next).append(repl);
            pos = next + o.length();
            count++;
            next = s.indexOf(o, pos);
        }
        if (pos < s.length()) {
            res.append(s.substring(pos));
        }
        return copySafeness(original, res.toString());
    }

    private static String capitalize(Object value) {
        String s = str(normalize(value), "capitalize");
        String lower = Js.lower(s);
        return lower.isEmpty() ? "" : Js.upper(lower.substring(0, 1)) + lower.substring(1);
    }

    private static String spaces(double n) {
        return n > 0 ? " ".repeat((int) Math.ceil(n)) : "";
    }

    private static double jsRound(double x) {
        if (Double.isNaN(x) || Double.isInfinite(x) || Math.abs(x) >= 4.5e15) {
            return x;
        }
        return (double) Math.round(x);
    }

    /** makeMacro's argument handling: named parameters may come positionally or from the keyword object. */
    private static List<Object> macroArgs(List<Object> args, List<String> names) {
        KwArgs kw = !args.isEmpty() && args.get(args.size() - 1) instanceof KwArgs k ? k : new KwArgs();
        int positional = args.size() - (args.isEmpty() || !(args.get(args.size() - 1) instanceof KwArgs) ? 0 : 1);
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            if (i < positional) {
                out.add(args.get(i));
            } else {
                out.add(kw.containsKey(names.get(i)) ? kw.get(names.get(i)) : UNDEFINED);
            }
        }
        return out;
    }

    /** The slice filter on a string: JavaScript's String.prototype.slice gives substrings (and no push for fill). */
    private static List<Object> sliceString(String s, double slices, Object fill) {
        int sliceLength = (int) Math.floor(s.length() / slices);
        int extra = (int) (s.length() % slices);
        List<Object> res = new ArrayList<>();
        int offset = 0;
        for (int i = 0; i < slices; i++) {
            int start = offset + i * sliceLength;
            if (i < extra) {
                offset++;
            }
            int end = offset + (i + 1) * sliceLength;
            if (Js.truthy(fill) && i >= extra) {
                throw new JsError("slice cannot add the fill value to a piece of a string");
            }
            res.add(start < end ? s.substring(Math.min(start, s.length()), Math.min(end, s.length())) : "");
        }
        return res;
    }

    private static Object attrGet(Object item, Object attr) {
        if (!Js.truthy(attr)) {
            return item;
        }
        if (Js.isNullish(item)) {
            throw new JsError("cannot read attribute '" + Js.toStr(attr) + "' of " + Js.typeOf(item));
        }
        Object cur = item;
        String[] parts = attr instanceof String s ? s.split("\\.", -1) : new String[] {Js.toStr(attr)};
        for (String part : parts) {
            if (cur instanceof Map<?, ?> m && Js.hasKey(m, part)) {
                cur = Js.mapGet(m, part);
            } else if ((Js.isArray(cur) || cur instanceof String) && Js.arrayIndex(part) >= 0) {
                cur = Js.member(cur, part);
                if (cur == UNDEFINED) {
                    return UNDEFINED;
                }
            } else {
                return UNDEFINED;
            }
        }
        return cur;
    }

    /** select/reject: the items for which the named test (default truthy) is true, or false. */
    private static Object selectOrReject(Object v, List<Object> a, boolean expected) {
        Object name = arg(a, 0);
        String testName = name == UNDEFINED ? "truthy" : Js.toStr(name);
        Test t = TESTS.get(testName);
        if (t == null) {
            throw new JsError("unknown test '" + testName + "'");
        }
        if (Js.isNullish(v)) {
            throw new JsError((expected ? "select" : "reject") + " needs an array, got " + Js.typeOf(v));
        }
        List<Object> testArgs = a.size() > 1 ? Arrays.asList(a.get(1)) : List.of();
        List<Object> out = new ArrayList<>();
        for (Object item : Js.isArray(v) ? new ArrayList<>(Js.asList(v)) : copyOf(v)) {
            if (t.test(item, testArgs) == expected) {
                out.add(item);
            }
        }
        return out;
    }

    /** {@code {key, value}}, in that order, as the {@code list} filter makes for each property. */
    private static Map<String, Object> entry(String key, Object value) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("key", key);
        entry.put("value", value);
        return entry;
    }

    private static void filter(String name, BoundFilter f) {
        FILTERS.put(name, f);
    }

    static {
        filter("abs", (v, a) -> Math.abs(Js.toNumber(v)));
        filter("batch", (v, a) -> {
            Object lineCount = arg(a, 0);
            Object fill = arg(a, 1);
            if (Js.isNullish(v)) {
                throw new JsError("batch needs an array, got " + Js.typeOf(v));
            }
            // arr.length and arr[i]: an array, a string's characters; anything else has no length, so nothing
            List<Object> items = copyOf(v);
            double n = Js.toNumber(lineCount);
            List<Object> res = new ArrayList<>();
            List<Object> tmp = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                if (i % n == 0 && !tmp.isEmpty()) {
                    res.add(tmp);
                    tmp = new ArrayList<>();
                }
                tmp.add(items.get(i));
            }
            if (!tmp.isEmpty()) {
                if (Js.truthy(fill)) {
                    for (int i = tmp.size(); i < n; i++) {
                        tmp.add(fill);
                    }
                }
                res.add(tmp);
            }
            return res;
        });
        filter("capitalize", (v, a) -> copySafeness(v, capitalize(v)));
        filter("center", (v, a) -> {
            Object s0 = normalize(v);
            double width = Js.truthy(arg(a, 0)) ? Js.toNumber(arg(a, 0)) : 80;
            // JavaScript reads str.length, which arrays have too (and numbers lack: NaN pads nothing)
            double length = Js.toNumber(Js.member(s0, "length"));
            if (length >= width) {
                return s0;
            }
            double sp = width - length;
            return copySafeness(s0, spaces(sp / 2 - sp % 2) + Js.toStr(s0) + spaces(sp / 2));
        });
        BoundFilter dflt = (v, a) -> {
            Object def = arg(a, 0);
            if (Js.truthy(arg(a, 1))) {
                return Js.truthy(v) ? v : def;
            }
            return v != UNDEFINED ? v : def;
        };
        filter("default", dflt);
        filter("d", dflt);
        filter("dictsort", (v, a) -> {
            if (!(v instanceof Map<?, ?> map)) {
                throw new JsError("dictsort needs an object, got " + describe(v));
            }
            boolean caseSensitive = Js.truthy(arg(a, 0));
            Object by = arg(a, 1);
            int si;
            if (by == UNDEFINED || "key".equals(by)) {
                si = 0;
            } else if ("value".equals(by)) {
                si = 1;
            } else {
                throw new JsError("dictsort can only sort by 'key' or 'value'");
            }
            List<List<Object>> entries = new ArrayList<>();
            Js.entries(map).forEach((k, val) -> {
                List<Object> pair = new ArrayList<>(2);
                pair.add(k);
                pair.add(val);
                entries.add(pair);
            });
            jsSort(entries, (t1, t2) -> {
                Object x = t1.get(si);
                Object y = t2.get(si);
                if (!caseSensitive) {
                    x = x instanceof String s ? Js.upper(s) : x;
                    y = y instanceof String s ? Js.upper(s) : y;
                }
                return Js.greaterThan(x, y) ? 1 : Js.strictEquals(x, y) ? 0 : -1;
            });
            return entries;
        });
        filter("dump", (v, a) -> dump(v, arg(a, 0)));
        BoundFilter escape = (v, a) -> {
            if (v instanceof SafeString) {
                return v;
            }
            return new SafeString(htmlEscape(Js.isNullish(v) ? "" : Js.toStr(v)));
        };
        filter("escape", escape);
        filter("e", escape);
        filter("forceescape", (v, a) -> new SafeString(htmlEscape(Js.isNullish(v) ? "" : Js.toStr(v))));
        filter("safe", (v, a) -> {
            if (v instanceof SafeString) {
                return v;
            }
            return new SafeString(Js.isNullish(v) ? "" : Js.toStr(v));
        });
        filter("first", (v, a) -> requireMember(v, 0));
        filter("last", (v, a) -> {
            Object length = requireMember(v, "length");
            return Js.member(v, Js.toNumber(length) - 1);
        });
        filter("float", (v, a) -> {
            double d = Js.parseFloat(v);
            return Double.isNaN(d) ? arg(a, 0) : (Object) d;
        });
        filter("int", (v, a) -> {
            List<Object> m = macroArgs(a, List.of("default", "base"));
            Object base = m.get(1);
            double radix = base == UNDEFINED ? 10 : Js.toNumber(base);
            double d = Js.parseInt(v, Double.isNaN(radix) ? 0 : (int) radix);
            return Double.isNaN(d) ? m.get(0) : (Object) d;
        });
        filter("indent", (v, a) -> {
            Object n = normalize(v);
            if ("".equals(n)) {
                return "";
            }
            String s = str(n, "indent");
            double width = Js.truthy(arg(a, 0)) ? Js.toNumber(arg(a, 0)) : 4;
            boolean first = Js.truthy(arg(a, 1));
            String sp = spaces(width);
            String[] lines = s.split("\n", -1);
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < lines.length; i++) {
                if (i > 0) {
                    sb.append('\n');
                }
                sb.append(i == 0 && !first ? "" : sp).append(lines[i]);
            }
            return copySafeness(n, sb.toString());
        });
        filter("join", (v, a) -> {
            Object del = arg(a, 0);
            Object attr = arg(a, 1);
            List<?> list;
            if (Js.truthy(attr)) {
                List<Object> mapped = new ArrayList<>();
                for (Object item : Js.isNullish(v) ? List.of() : copyOf(v)) {
                    mapped.add(requireMember(item, attr));
                }
                list = mapped;
            } else {
                list = array(v, "join");
            }
            return joinList(list, Js.truthy(del) ? Js.toStr(del) : "");
        });
        filter("length", (v, a) -> {
            Object value = normalize(v);
            if (value instanceof Map<?, ?> m) {
                return m.size();
            }
            return Js.member(value, "length");
        });
        filter("list", (v, a) -> {
            if (v instanceof String s) {
                return copyOf(s);
            }
            if (v instanceof Map<?, ?> map) {
                List<Object> out = new ArrayList<>();
                Js.entries(map).forEach((k, val) -> out.add(entry(k, val)));
                return out;
            }
            if (Js.isArray(v)) {
                return v;
            }
            if (v instanceof SafeString safe) {
                // a SafeString is an object to nunjucks: its own properties are val and length
                return List.of(
                        entry("val", safe.val()), entry("length", safe.val().length()));
            }
            throw new JsError("list needs a string, an array or an object, got " + describe(v));
        });
        filter("load", (v, a) -> Json.parse(Js.toStr(v)));
        filter("lower", (v, a) -> Js.lower(str(normalize(v), "lower")));
        filter("upper", (v, a) -> Js.upper(str(normalize(v), "upper")));
        filter("nl2br", (v, a) -> {
            if (Js.isNullish(v)) {
                return "";
            }
            return copySafeness(v, str(v, "nl2br").replace("\r\n", "\n").replace("\n", "<br />\n"));
        });
        filter("rejectattr", (v, a) -> {
            List<Object> out = new ArrayList<>();
            for (Object item : array(v, "rejectattr")) {
                if (!Js.truthy(requireMember(item, arg(a, 0)))) {
                    out.add(item);
                }
            }
            return out;
        });
        filter("selectattr", (v, a) -> {
            List<Object> out = new ArrayList<>();
            for (Object item : array(v, "selectattr")) {
                if (Js.truthy(requireMember(item, arg(a, 0)))) {
                    out.add(item);
                }
            }
            return out;
        });
        filter("replace", (v, a) -> replace(v, arg(a, 0), arg(a, 1), arg(a, 2)));
        filter("select", (v, a) -> selectOrReject(v, a, true));
        filter("reject", (v, a) -> selectOrReject(v, a, false));
        filter("groupby", (v, a) -> {
            if (Js.isNullish(v)) {
                throw new JsError("groupby needs an array, got " + Js.typeOf(v));
            }
            Object attr = arg(a, 0);
            List<Object> items = Js.isArray(v) ? new ArrayList<>(Js.asList(v)) : copyOf(v);
            Map<String, Object> groups = new LinkedHashMap<>();
            for (Object item : items) {
                String key = Js.toStr(attrGet(item, attr));
                @SuppressWarnings("unchecked")
                List<Object> group = (List<Object>) groups.computeIfAbsent(key, k -> new ArrayList<>());
                group.add(item);
            }
            return Js.entries(groups);
        });
        filter("reverse", (v, a) -> {
            if (v instanceof String s) {
                // char by char, as JavaScript's split('') does: a surrogate pair comes out swapped
                char[] chars = s.toCharArray();
                for (int i = 0, j = chars.length - 1; i < j; i++, j--) {
                    char t = chars[i];
                    chars[i] = chars[j];
                    chars[j] = t;
                }
                return new String(chars);
            }
            List<Object> copy = copyOf(v);
            java.util.Collections.reverse(copy);
            return copy;
        });
        filter("round", (v, a) -> {
            Object p = arg(a, 0);
            double precision = Js.truthy(p) ? Js.toNumber(p) : 0;
            double factor = StrictMath.pow(10, precision); // fdlibm, as V8: Math.pow can differ by an ulp
            double x = Js.toNumber(v) * factor;
            Object method = arg(a, 1);
            double r = "ceil".equals(method) ? Math.ceil(x) : "floor".equals(method) ? Math.floor(x) : jsRound(x);
            return r / factor;
        });
        filter("slice", (v, a) -> {
            double slices = Js.toNumber(arg(a, 0));
            Object fill = arg(a, 1);
            if (v instanceof String || v instanceof SafeString) {
                return sliceString(Js.toStr(v), slices, fill);
            }
            List<?> list = array(v, "slice");
            int sliceLength = (int) Math.floor(list.size() / slices);
            int extra = (int) (list.size() % slices);
            List<Object> res = new ArrayList<>();
            int offset = 0;
            for (int i = 0; i < slices; i++) {
                int start = offset + i * sliceLength;
                if (i < extra) {
                    offset++;
                }
                int end = offset + (i + 1) * sliceLength;
                List<Object> cur =
                        new ArrayList<>(list.subList(Math.min(start, list.size()), Math.min(end, list.size())));
                if (Js.truthy(fill) && i >= extra) {
                    cur.add(fill);
                }
                res.add(cur);
            }
            return res;
        });
        filter("sort", (v, a) -> {
            List<Object> m = macroArgs(a, List.of("reverse", "case_sensitive", "attribute"));
            boolean reversed = Js.truthy(m.get(0));
            boolean caseSens = Js.truthy(m.get(1));
            Object attr = m.get(2);
            List<Object> array = Js.isNullish(v) ? new ArrayList<>() : copyOf(v);
            jsSort(array, (x0, y0) -> {
                Object x = Js.truthy(attr) ? attrGet(x0, attr) : x0;
                Object y = Js.truthy(attr) ? attrGet(y0, attr) : y0;
                if (!caseSens && x instanceof String xs && y instanceof String ys) {
                    x = Js.lower(xs);
                    y = Js.lower(ys);
                }
                if (Js.lessThan(x, y)) {
                    return reversed ? 1 : -1;
                }
                if (Js.greaterThan(x, y)) {
                    return reversed ? -1 : 1;
                }
                return 0;
            });
            return array;
        });
        filter("string", (v, a) -> {
            if (Js.isNullish(v)) {
                throw new JsError("string cannot convert " + Js.typeOf(v) + " to a string");
            }
            return v instanceof SafeString ? v : Js.toStr(v);
        });
        filter("striptags", (v, a) -> {
            Object input = normalize(v);
            String s = TAGS.matcher(str(input, "striptags")).replaceAll("");
            s = Js.trim(s);
            String res;
            if (Js.truthy(arg(a, 0))) {
                res = LINE_EDGE_SPACES.matcher(s).replaceAll("");
                res = SPACES.matcher(res).replaceAll(" ");
                res = res.replace("\r\n", "\n");
                res = MANY_NEWLINES.matcher(res).replaceAll("\n\n");
            } else {
                res = JS_WS_RUN.matcher(s).replaceAll(" ");
            }
            return copySafeness(input, res);
        });
        filter("sum", (v, a) -> {
            Object attr = arg(a, 0);
            Object start = arg(a, 1) == UNDEFINED ? (Object) 0 : arg(a, 1);
            List<?> list = array(v, "sum");
            Object acc = 0;
            for (Object item : list) {
                acc = Js.add(acc, Js.truthy(attr) ? requireMember(item, attr) : item);
            }
            return Js.add(start, acc);
        });
        filter("title", (v, a) -> {
            Object n = normalize(v);
            String[] words = str(n, "title").split(" ", -1);
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < words.length; i++) {
                if (i > 0) {
                    sb.append(' ');
                }
                sb.append(capitalize(words[i]));
            }
            return copySafeness(n, sb.toString());
        });
        filter("trim", (v, a) -> copySafeness(v, Js.trim(str(v, "trim"))));
        filter("truncate", (v, a) -> {
            Object n = normalize(v);
            double length = Js.truthy(arg(a, 0)) ? Js.toNumber(arg(a, 0)) : 255;
            if (Js.toNumber(Js.member(n, "length")) <= length) {
                return n; // also a short array: JavaScript only reads its length
            }
            String s = str(n, "truncate");
            int len = (int) length;
            if (Js.truthy(arg(a, 1))) {
                s = s.substring(0, Math.max(0, len));
            } else {
                int idx = s.lastIndexOf(' ', len);
                if (idx == -1) {
                    idx = len;
                }
                s = s.substring(0, Math.max(0, idx));
            }
            Object end = arg(a, 2);
            s += Js.isNullish(end) ? "..." : Js.toStr(end);
            return copySafeness(v, s);
        });
        filter("urlencode", (v, a) -> {
            if (v instanceof String s) {
                return encodeUriComponent(s);
            }
            List<String> parts = new ArrayList<>();
            if (Js.isArray(v)) {
                for (Object item : Js.asList(v)) {
                    parts.add(encodeUriComponent(Js.toStr(requireMember(item, 0))) + "="
                            + encodeUriComponent(Js.toStr(requireMember(item, 1))));
                }
            } else if (v instanceof Map<?, ?> map) {
                Js.entries(map)
                        .forEach(
                                (k, val) -> parts.add(encodeUriComponent(k) + "=" + encodeUriComponent(Js.toStr(val))));
            }
            return String.join("&", parts);
        });
        filter("urlize", (v, a) -> {
            String s = str(v, "urlize");
            double length = arg(a, 0) instanceof Number n ? n.doubleValue() : Double.NaN;
            boolean limited = arg(a, 0) instanceof Number && !Double.isNaN(length);
            String noFollow = Boolean.TRUE.equals(arg(a, 1)) ? " rel=\"nofollow\"" : "";
            StringBuilder out = new StringBuilder();
            for (String word : WS_SPLIT.split(s)) {
                if (word.isEmpty()) {
                    continue;
                }
                Matcher m = PUNCTUATION.matcher(word);
                String url = m.matches() ? m.group(1) : word;
                String shortUrl = limited ? url.substring(0, (int) Math.max(0, Math.min(url.length(), length))) : url;
                if (HTTP.matcher(url).matches()) {
                    out.append("<a href=\"")
                            .append(url)
                            .append('"')
                            .append(noFollow)
                            .append('>')
                            .append(shortUrl)
                            .append("</a>");
                } else if (WWW.matcher(url).find()) {
                    out.append("<a href=\"http://")
                            .append(url)
                            .append('"')
                            .append(noFollow)
                            .append('>')
                            .append(shortUrl)
                            .append("</a>");
                } else if (EMAIL.matcher(url).matches()) {
                    out.append("<a href=\"mailto:")
                            .append(url)
                            .append("\">")
                            .append(url)
                            .append("</a>");
                } else if (TLD.matcher(url).find()) {
                    out.append("<a href=\"http://")
                            .append(url)
                            .append('"')
                            .append(noFollow)
                            .append('>')
                            .append(shortUrl)
                            .append("</a>");
                } else {
                    out.append(word);
                }
            }
            return out.toString();
        });
        filter("wordcount", (v, a) -> {
            Object n = normalize(v);
            if (!Js.truthy(n)) {
                return null;
            }
            Matcher m = WORD.matcher(str(n, "wordcount"));
            int count = 0;
            while (m.find()) {
                count++;
            }
            return count == 0 ? null : (Object) count;
        });

        TESTS.put("callable", (v, a) -> v instanceof JsFunction);
        TESTS.put("defined", (v, a) -> v != UNDEFINED);
        TESTS.put("undefined", (v, a) -> v == UNDEFINED);
        TESTS.put("null", (v, a) -> v == null);
        TESTS.put("none", (v, a) -> v == null);
        TESTS.put("divisibleby", (v, a) -> Js.toNumber(v) % Js.toNumber(arg(a, 0)) == 0);
        TESTS.put("escaped", (v, a) -> v instanceof SafeString);
        Test eq = (v, a) -> Js.strictEquals(v, arg(a, 0));
        TESTS.put("equalto", eq);
        TESTS.put("eq", eq);
        TESTS.put("sameas", eq);
        TESTS.put("ne", (v, a) -> !Js.strictEquals(v, arg(a, 0)));
        TESTS.put("even", (v, a) -> Js.toNumber(v) % 2 == 0);
        TESTS.put("odd", (v, a) -> Js.toNumber(v) % 2 == 1);
        TESTS.put("falsy", (v, a) -> !Js.truthy(v));
        TESTS.put("truthy", (v, a) -> Js.truthy(v));
        TESTS.put("ge", (v, a) -> Js.compare(v, arg(a, 0)) == 1 || Js.compare(v, arg(a, 0)) == 0);
        TESTS.put("le", (v, a) -> Js.compare(v, arg(a, 0)) == -1 || Js.compare(v, arg(a, 0)) == 0);
        Test gt = (v, a) -> Js.greaterThan(v, arg(a, 0));
        TESTS.put("greaterthan", gt);
        TESTS.put("gt", gt);
        Test lt = (v, a) -> Js.lessThan(v, arg(a, 0));
        TESTS.put("lessthan", lt);
        TESTS.put("lt", lt);
        TESTS.put("lower", (v, a) -> {
            String s = str(v, "the lower test");
            return Js.lower(s).equals(s);
        });
        TESTS.put("upper", (v, a) -> {
            String s = str(v, "the upper test");
            return Js.upper(s).equals(s);
        });
        TESTS.put("number", (v, a) -> v instanceof Number);
        TESTS.put("string", (v, a) -> v instanceof String);
        TESTS.put("iterable", (v, a) -> {
            if (Js.isNullish(v)) {
                throw new JsError("cannot test whether " + Js.typeOf(v) + " is iterable");
            }
            return v instanceof String || v instanceof SafeString || Js.isArray(v);
        });
        TESTS.put("mapping", (v, a) -> v instanceof Map<?, ?> || v instanceof SafeString);
    }

    /** The globals every engine has: range, cycler, joiner. */
    static Map<String, Object> globals() {
        Map<String, Object> g = new HashMap<>();
        g.put("range", (JsFunction) Builtins::range);
        g.put("cycler", (JsFunction) items -> {
            Map<String, Object> c = new LinkedHashMap<>();
            int[] index = {-1};
            List<Object> list = List.copyOf(
                    items.stream().map(i -> i == null ? UNDEFINED : i).toList());
            c.put("current", null);
            c.put("reset", (JsFunction) args -> {
                index[0] = -1;
                c.put("current", null);
                return UNDEFINED;
            });
            c.put("next", (JsFunction) args -> {
                index[0]++;
                if (index[0] >= list.size()) {
                    index[0] = 0;
                }
                Object cur = list.isEmpty() ? UNDEFINED : list.get(index[0]);
                c.put("current", cur);
                return cur;
            });
            return c;
        });
        g.put("joiner", (JsFunction) args -> {
            Object sep = arg(args, 0);
            String s = Js.truthy(sep) ? Js.toStr(sep) : ",";
            boolean[] first = {true};
            return (JsFunction) ignored -> {
                String val = first[0] ? "" : s;
                first[0] = false;
                return val;
            };
        });
        return g;
    }

    private static Object range(List<Object> args) {
        Object a0 = arg(args, 0);
        Object a1 = arg(args, 1);
        Object a2 = arg(args, 2);
        double start;
        double stop;
        double step;
        if (a1 == UNDEFINED) {
            stop = Js.toNumber(a0);
            start = 0;
            step = 1;
        } else {
            start = Js.toNumber(a0);
            stop = Js.toNumber(a1);
            step = Js.truthy(a2) ? Js.toNumber(a2) : 1;
        }
        double count = Math.ceil((stop - start) / step);
        if (count > MAX_RANGE) {
            throw new JsError(
                    "range of " + Js.numberToString(count) + " numbers is too large (at most " + MAX_RANGE + ")");
        }
        List<Object> out = new ArrayList<>();
        if (step > 0) {
            for (double i = start; i < stop; i += step) {
                out.add(number(i));
            }
        } else {
            for (double i = start; i > stop; i += step) {
                out.add(number(i));
            }
        }
        return out;
    }

    private static Object number(double d) {
        return d == Math.rint(d) && Math.abs(d) < Integer.MAX_VALUE ? (Object) (int) d : (Object) d;
    }
}
