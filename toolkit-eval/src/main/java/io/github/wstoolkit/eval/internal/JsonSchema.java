package io.github.wstoolkit.eval.internal;

import io.github.wstoolkit.api.json.Json;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A subset of JSON Schema (draft 2020-12 keywords) for {@code is-json} and {@code contains-json}: {@code type},
 * {@code properties}, {@code required}, {@code additionalProperties}, {@code items}, {@code minItems},
 * {@code maxItems}, {@code enum}, {@code const}, {@code minimum}, {@code maximum}, {@code exclusiveMinimum},
 * {@code exclusiveMaximum}, {@code minLength}, {@code maxLength}, {@code pattern}, {@code anyOf}, {@code oneOf},
 * {@code allOf}, {@code not}. Other keywords are ignored.
 */
public final class JsonSchema {

    private JsonSchema() {}

    /** The violations of the schema by the value, each as {@code /path: what}; empty when it conforms. */
    public static List<String> validate(Object schema, Object value) {
        List<String> errors = new ArrayList<>();
        check(schema, value, "", errors);
        return errors;
    }

    private static void check(Object schema, Object value, String path, List<String> errors) {
        if (Boolean.TRUE.equals(schema) || schema == null) {
            return;
        }
        if (Boolean.FALSE.equals(schema)) {
            errors.add(at(path) + ": no value is allowed here");
            return;
        }
        if (!(schema instanceof Map<?, ?> s)) {
            errors.add(at(path) + ": the schema is not an object");
            return;
        }
        Object type = s.get("type");
        if (type != null) {
            List<?> types = type instanceof List<?> l ? l : List.of(type);
            if (types.stream().noneMatch(t -> hasType(String.valueOf(t), value))) {
                errors.add(at(path) + ": must be "
                        + String.join(
                                " or ", types.stream().map(String::valueOf).toList()) + ", got " + typeOf(value));
                return;
            }
        }
        if (s.containsKey("const") && !same(s.get("const"), value)) {
            errors.add(at(path) + ": must equal " + Json.stringify(s.get("const")));
        }
        if (s.get("enum") instanceof List<?> options && options.stream().noneMatch(o -> same(o, value))) {
            errors.add(at(path) + ": must be one of " + Json.stringify(options));
        }
        if (value instanceof Number n) {
            double d = n.doubleValue();
            if (s.get("minimum") instanceof Number min && d < min.doubleValue()) {
                errors.add(at(path) + ": must be >= " + Json.formatNumber(min));
            }
            if (s.get("maximum") instanceof Number max && d > max.doubleValue()) {
                errors.add(at(path) + ": must be <= " + Json.formatNumber(max));
            }
            if (s.get("exclusiveMinimum") instanceof Number min && d <= min.doubleValue()) {
                errors.add(at(path) + ": must be > " + Json.formatNumber(min));
            }
            if (s.get("exclusiveMaximum") instanceof Number max && d >= max.doubleValue()) {
                errors.add(at(path) + ": must be < " + Json.formatNumber(max));
            }
        }
        if (value instanceof String str) {
            int len = str.codePointCount(0, str.length());
            if (s.get("minLength") instanceof Number min && len < min.intValue()) {
                errors.add(at(path) + ": must have at least " + min + " characters");
            }
            if (s.get("maxLength") instanceof Number max && len > max.intValue()) {
                errors.add(at(path) + ": must have at most " + max + " characters");
            }
            if (s.get("pattern") instanceof String p
                    && !Pattern.compile(p).matcher(str).find()) {
                errors.add(at(path) + ": must match pattern " + p);
            }
        }
        if (value instanceof List<?> list) {
            if (s.get("minItems") instanceof Number min && list.size() < min.intValue()) {
                errors.add(at(path) + ": must have at least " + min + " items");
            }
            if (s.get("maxItems") instanceof Number max && list.size() > max.intValue()) {
                errors.add(at(path) + ": must have at most " + max + " items");
            }
            Object items = s.get("items");
            if (items != null) {
                for (int i = 0; i < list.size(); i++) {
                    check(items, list.get(i), path + "/" + i, errors);
                }
            }
        }
        if (value instanceof Map<?, ?> obj) {
            if (s.get("required") instanceof List<?> req) {
                for (Object r : req) {
                    if (!obj.containsKey(String.valueOf(r))) {
                        errors.add(at(path) + ": must have required property '" + r + "'");
                    }
                }
            }
            Map<?, ?> props = s.get("properties") instanceof Map<?, ?> p ? p : Map.of();
            for (Map.Entry<?, ?> e : obj.entrySet()) {
                String k = String.valueOf(e.getKey());
                if (props.containsKey(k)) {
                    check(props.get(k), e.getValue(), path + "/" + k, errors);
                } else if (s.containsKey("additionalProperties")) {
                    Object ap = s.get("additionalProperties");
                    if (Boolean.FALSE.equals(ap)) {
                        errors.add(at(path) + ": must not have additional property '" + k + "'");
                    } else {
                        check(ap, e.getValue(), path + "/" + k, errors);
                    }
                }
            }
        }
        if (s.get("allOf") instanceof List<?> all) {
            for (Object sub : all) {
                check(sub, value, path, errors);
            }
        }
        if (s.get("anyOf") instanceof List<?> any
                && any.stream().noneMatch(sub -> validate(sub, value).isEmpty())) {
            errors.add(at(path) + ": must match a schema in anyOf");
        }
        if (s.get("oneOf") instanceof List<?> one) {
            long n = one.stream().filter(sub -> validate(sub, value).isEmpty()).count();
            if (n != 1) {
                errors.add(at(path) + ": must match exactly one schema in oneOf (matched " + n + ")");
            }
        }
        if (s.containsKey("not") && validate(s.get("not"), value).isEmpty()) {
            errors.add(at(path) + ": must not match the schema in 'not'");
        }
    }

    private static String at(String path) {
        return path.isEmpty() ? "/" : path;
    }

    private static boolean hasType(String t, Object v) {
        return switch (t) {
            case "object" -> v instanceof Map<?, ?>;
            case "array" -> v instanceof List<?>;
            case "string" -> v instanceof String;
            case "boolean" -> v instanceof Boolean;
            case "null" -> v == null;
            case "number" -> v instanceof Number;
            case "integer" ->
                v instanceof Integer
                        || v instanceof Long
                        || v instanceof BigInteger
                        || (v instanceof Number n && isIntegral(n));
            default -> false;
        };
    }

    private static boolean isIntegral(Number n) {
        double d = n.doubleValue();
        return Double.isFinite(d) && d == Math.rint(d);
    }

    private static String typeOf(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof Map<?, ?>) {
            return "object";
        }
        if (v instanceof List<?>) {
            return "array";
        }
        if (v instanceof Number) {
            return "number";
        }
        return v instanceof Boolean ? "boolean" : "string";
    }

    /** Deep JSON equality: numbers by value ({@code 1 == 1.0}). */
    public static boolean same(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            if (!Double.isFinite(x.doubleValue()) || !Double.isFinite(y.doubleValue())) {
                return x.doubleValue() == y.doubleValue();
            }
            return new BigDecimal(x.toString()).compareTo(new BigDecimal(y.toString())) == 0;
        }
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (Map.Entry<?, ?> e : x.entrySet()) {
                if (!y.containsKey(e.getKey()) || !same(e.getValue(), y.get(e.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!same(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return Objects.equals(a, b);
    }
}
