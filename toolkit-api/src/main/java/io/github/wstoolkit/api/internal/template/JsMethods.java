package io.github.wstoolkit.api.internal.template;

import static io.github.wstoolkit.api.internal.template.Undefined.UNDEFINED;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * The JavaScript methods templates commonly call on values ({@code name.toUpperCase()}, {@code s.split(",")},
 * {@code xs.join(", ")}, {@code n.toFixed(2)}). Nunjucks exposes every method of the JS value; we expose these.
 */
final class JsMethods {

    private JsMethods() {}

    /** The longest string a method may build (JavaScript engines stop near 2^29 characters too). */
    private static final double MAX_STRING_LENGTH = 1 << 28;

    private static double checkLength(double length) {
        if (length > MAX_STRING_LENGTH) {
            throw new JsError("invalid string length: " + Js.numberToString(length));
        }
        return length;
    }

    private static Object arg(List<Object> args, int i) {
        return i < args.size() ? args.get(i) : UNDEFINED;
    }

    /** A relative index as String.prototype.slice reads one: negative counts from the end, clamped to 0..length. */
    private static int relIndex(Object v, int length, int dflt) {
        if (v == UNDEFINED) {
            return dflt;
        }
        double d = Js.toNumber(v);
        if (Double.isNaN(d)) {
            return 0;
        }
        // ToIntegerOrInfinity first: -0.5 truncates to -0, which is not negative ("abc".slice(-0.5) is "abc")
        double t = d < 0 ? Math.ceil(d) : Math.floor(d);
        double r = t < 0 ? Math.max(0, length + t) : Math.min(length, t);
        return (int) r;
    }

    private static int clampIndex(Object v, int length, int dflt) {
        if (v == UNDEFINED) {
            return dflt;
        }
        double d = Js.toNumber(v);
        if (Double.isNaN(d) || d < 0) {
            return 0;
        }
        return (int) Math.min(length, Math.floor(d));
    }

    static Object stringMethod(String s, String name) {
        return switch (name) {
            case "toUpperCase", "toLocaleUpperCase" -> (JsFunction) args -> Js.upper(s);
            case "toLowerCase", "toLocaleLowerCase" -> (JsFunction) args -> Js.lower(s);
            case "trim" -> (JsFunction) args -> Js.trim(s);
            case "trimStart" -> (JsFunction) args -> Js.trimStart(s);
            case "trimEnd" -> (JsFunction) args -> Js.trimEnd(s);
            case "toString", "valueOf" -> (JsFunction) args -> s;
            case "includes" -> (JsFunction) args -> s.contains(Js.toStr(arg(args, 0)));
            case "startsWith" -> (JsFunction) args -> s.startsWith(Js.toStr(arg(args, 0)));
            case "endsWith" -> (JsFunction) args -> s.endsWith(Js.toStr(arg(args, 0)));
            case "indexOf" -> (JsFunction) args -> s.indexOf(Js.toStr(arg(args, 0)));
            case "lastIndexOf" -> (JsFunction) args -> s.lastIndexOf(Js.toStr(arg(args, 0)));
            case "charAt" ->
                (JsFunction) args -> {
                    int i = (int) Js.toNumber(arg(args, 0) == UNDEFINED ? 0 : arg(args, 0));
                    return i >= 0 && i < s.length() ? String.valueOf(s.charAt(i)) : "";
                };
            case "slice" ->
                (JsFunction) args -> {
                    int from = relIndex(arg(args, 0), s.length(), 0);
                    int to = relIndex(arg(args, 1), s.length(), s.length());
                    return from < to ? s.substring(from, to) : "";
                };
            case "substring" ->
                (JsFunction) args -> {
                    int a = clampIndex(arg(args, 0), s.length(), 0);
                    int b = clampIndex(arg(args, 1), s.length(), s.length());
                    return s.substring(Math.min(a, b), Math.max(a, b));
                };
            case "split" -> (JsFunction) args -> split(s, arg(args, 0), arg(args, 1));
            case "replace" ->
                (JsFunction) args -> {
                    String old = Js.toStr(arg(args, 0));
                    String repl = Js.toStr(arg(args, 1));
                    int i = s.indexOf(old);
                    return i < 0 ? s : s.substring(0, i) + repl + s.substring(i + old.length());
                };
            case "replaceAll" -> (JsFunction) args -> s.replace(Js.toStr(arg(args, 0)), Js.toStr(arg(args, 1)));
            case "repeat" ->
                (JsFunction) args -> {
                    double count = Js.toNumber(arg(args, 0));
                    if (count < 0 || Double.isInfinite(count)) {
                        throw new JsError("invalid count value: " + Js.numberToString(count));
                    }
                    double n = Double.isNaN(count) ? 0 : Math.floor(count);
                    checkLength(s.length() * n);
                    return s.repeat((int) n);
                };
            case "concat" ->
                (JsFunction) args -> {
                    StringBuilder sb = new StringBuilder(s);
                    args.forEach(a -> sb.append(Js.toStr(a)));
                    return sb.toString();
                };
            case "padStart", "padEnd" ->
                (JsFunction) args -> {
                    int width = (int) checkLength(Js.toNumber(arg(args, 0)));
                    String fill = arg(args, 1) == UNDEFINED ? " " : Js.toStr(arg(args, 1));
                    if (width <= s.length() || fill.isEmpty()) {
                        return s;
                    }
                    StringBuilder pad = new StringBuilder();
                    while (pad.length() < width - s.length()) {
                        pad.append(fill);
                    }
                    pad.setLength(width - s.length());
                    return name.equals("padStart") ? pad + s : s + pad;
                };
            default -> UNDEFINED;
        };
    }

    private static List<Object> split(String s, Object sep, Object limit) {
        int max = limit == UNDEFINED ? Integer.MAX_VALUE : (int) Js.toNumber(limit);
        List<Object> parts = new ArrayList<>();
        if (sep == UNDEFINED) {
            parts.add(s);
        } else {
            String d = Js.toStr(sep);
            if (d.isEmpty()) {
                for (int i = 0; i < s.length(); i++) {
                    parts.add(String.valueOf(s.charAt(i)));
                }
            } else {
                int from = 0;
                int i;
                while ((i = s.indexOf(d, from)) >= 0) {
                    parts.add(s.substring(from, i));
                    from = i + d.length();
                }
                parts.add(s.substring(from));
            }
        }
        return parts.size() > max ? new ArrayList<>(parts.subList(0, Math.max(0, max))) : parts;
    }

    static Object arrayMethod(List<?> list, String name) {
        return switch (name) {
            case "join" ->
                (JsFunction) args -> {
                    Object sep = arg(args, 0);
                    return Builtins.joinList(list, sep == UNDEFINED ? "," : Js.toStr(sep));
                };
            case "indexOf" -> (JsFunction) args -> indexOf(list, arg(args, 0));
            case "includes" -> (JsFunction) args -> indexOf(list, arg(args, 0)) >= 0;
            case "slice" ->
                (JsFunction) args -> {
                    int from = relIndex(arg(args, 0), list.size(), 0);
                    int to = relIndex(arg(args, 1), list.size(), list.size());
                    return from < to ? new ArrayList<Object>(list.subList(from, to)) : new ArrayList<>();
                };
            case "concat" ->
                (JsFunction) args -> {
                    List<Object> out = new ArrayList<>(list);
                    for (Object a : args) {
                        if (Js.isArray(a)) {
                            out.addAll(Js.asList(a));
                        } else {
                            out.add(a);
                        }
                    }
                    return out;
                };
            case "toString" -> (JsFunction) args -> Js.toStr(list);
            default -> UNDEFINED;
        };
    }

    static int indexOf(List<?> list, Object x) {
        for (int i = 0; i < list.size(); i++) {
            if (Js.strictEquals(normalize(list.get(i)), x)) {
                return i;
            }
        }
        return -1;
    }

    private static Object normalize(Object v) {
        return v;
    }

    static Object numberMethod(Number n, String name) {
        return switch (name) {
            case "toFixed" ->
                (JsFunction) args -> {
                    double d = Js.toNumber(n);
                    int digits = arg(args, 0) == UNDEFINED ? 0 : (int) Js.toNumber(arg(args, 0));
                    if (Double.isNaN(d) || Double.isInfinite(d) || Math.abs(d) >= 1e21) {
                        return Js.numberToString(d);
                    }
                    return new BigDecimal(d)
                            .setScale(digits, RoundingMode.HALF_UP)
                            .toPlainString();
                };
            case "toString" -> (JsFunction) args -> Js.numberToString(n);
            default -> UNDEFINED;
        };
    }
}
