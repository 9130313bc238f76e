package io.github.wstoolkit.eval.internal;

import io.github.wstoolkit.api.ConfigException;
import io.github.wstoolkit.eval.AssertionSpec;
import io.github.wstoolkit.eval.AssertionType;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * promptfoo's mini-language for a CSV test file's {@code __expected} cells: {@code grade:} or {@code llm-rubric:} (an
 * llm-rubric), {@code fn:}/{@code eval:}/{@code groovy:}/{@code javascript:} (code), {@code TYPE:value} and
 * {@code not-TYPE:value} for any other assertion type (with a threshold as {@code similar(0.8):…}; list types split
 * their value on commas; timing types take a number of milliseconds), and anything else as {@code equals}.
 */
public final class ExpectedCell {

    /** Compiles the code of a code cell into the assertion. */
    @FunctionalInterface
    public interface CodeCompiler {
        AssertionSpec compile(AssertionSpec spec, String code);
    }

    private ExpectedCell() {}

    /**
     * One cell.
     *
     * @param location {@code file.csv:ROW}, named by the assertion and by errors
     * @param compiler compiles the code of an {@code fn:}/{@code groovy:}/{@code javascript:} cell
     * @throws ConfigException for a timing assertion whose value is not a number
     */
    public static AssertionSpec parse(String cell, String location, CodeCompiler compiler) {
        String s = cell.strip();
        String lower = s.toLowerCase(Locale.ROOT);
        if (lower.startsWith("grade:") || lower.startsWith("llm-rubric:")) {
            return spec(
                    AssertionType.LLM_RUBRIC,
                    false,
                    s.substring(s.indexOf(':') + 1).strip(),
                    location);
        }
        if (lower.startsWith("fn:")
                || lower.startsWith("eval:")
                || lower.startsWith("groovy:")
                || lower.startsWith("javascript:")) {
            AssertionType type = lower.startsWith("javascript:") ? AssertionType.JAVASCRIPT : AssertionType.GROOVY;
            String code = s.substring(s.indexOf(':') + 1).strip();
            return compiler.compile(spec(type, false, code, location), code);
        }
        int colon = s.indexOf(':');
        if (colon > 0) {
            String name = lower.substring(0, colon);
            boolean negated = name.startsWith("not-");
            String base = negated ? name.substring(4) : name;
            // a threshold may follow the type: similar(0.8):..., levenshtein(3):...
            OptionalDouble threshold = OptionalDouble.empty();
            int paren = base.indexOf('(');
            if (paren > 0 && base.endsWith(")")) {
                try {
                    threshold = OptionalDouble.of(Double.parseDouble(base.substring(paren + 1, base.length() - 1)));
                    base = base.substring(0, paren);
                } catch (NumberFormatException ignored) {
                    // not a threshold: fall through to equals
                }
            }
            Optional<AssertionType> type = AssertionType.fromId(base);
            if (type.isPresent() && type.get() != AssertionType.ASSERT_SET) {
                AssertionType t = type.get();
                String v = s.substring(colon + 1);
                Object value = v;
                if (t == AssertionType.CONTAINS_ANY
                        || t == AssertionType.CONTAINS_ALL
                        || t == AssertionType.ICONTAINS_ANY
                        || t == AssertionType.ICONTAINS_ALL) {
                    value = List.of(v.split(",")).stream().map(String::strip).toList();
                } else if (t.isTiming()) {
                    try {
                        threshold = OptionalDouble.of(Double.parseDouble(v.strip()));
                    } catch (NumberFormatException e) {
                        throw ConfigException.forKey(
                                location, t.id() + " needs a number of milliseconds, got: " + v, e);
                    }
                    value = null;
                }
                return spec(t, negated, value, location).toBuilder()
                        .threshold(threshold)
                        .build();
            }
        }
        return spec(AssertionType.EQUALS, false, s, location);
    }

    private static AssertionSpec spec(AssertionType type, boolean negated, Object value, String location) {
        return AssertionSpec.builder(type)
                .negated(negated)
                .value(value)
                .location(location)
                .build();
    }
}
