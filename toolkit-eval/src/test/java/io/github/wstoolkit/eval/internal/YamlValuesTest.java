package io.github.wstoolkit.eval.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wstoolkit.api.ConfigException;
import io.github.wstoolkit.eval.AssertionSpec;
import io.github.wstoolkit.eval.AssertionType;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The values YAML configs hold (numbers of every size and base, infinities, anchors and merge keys) and the
 * assertions a CSV {@code __expected} cell names.
 */
class YamlValuesTest {

    private static Map<?, ?> parse(String yaml) {
        return (Map<?, ?>) Yaml.parse(yaml, null).value();
    }

    @Test
    void integersTakeTheSmallestJavaTypeThatHoldsThem() {
        Map<?, ?> m =
                parse("int: 2147483647\nlong: 2147483648\nbig: 9223372036854775808\nneg: -2147483648\nhex: !!int 0xff\n"
                        + "oct: !!int 0o17\nplus: !!int +5\nsep: !!int 1_000\n");
        assertEquals(2147483647, m.get("int"));
        assertEquals(2147483648L, m.get("long"));
        assertEquals(new BigInteger("9223372036854775808"), m.get("big"));
        assertEquals(-2147483648, m.get("neg"));
        assertEquals(255, m.get("hex"));
        assertEquals(15, m.get("oct"));
        assertEquals(5, m.get("plus"));
        assertEquals(1000, m.get("sep"));
        assertEquals(9223372036854775807L, parse("max: 9223372036854775807\n").get("max"));
    }

    @Test
    void floatsIncludeInfinitiesAndNotANumber() {
        Map<?, ?> m = parse("a: 1.5\nb: .inf\nc: !!float -.Inf\nd: !!float .NaN\ne: 1e3\n");
        assertEquals(1.5, m.get("a"));
        assertEquals(Double.POSITIVE_INFINITY, m.get("b"));
        assertEquals(Double.NEGATIVE_INFINITY, m.get("c"));
        assertTrue(((Double) m.get("d")).isNaN());
        assertEquals(1000.0, m.get("e"));
    }

    @Test
    void anchorsAndMergeKeysShareValuesAsPromptfoosYamlDoes() {
        Map<?, ?> m = parse(
                """
                base: &base {lang: en, tone: calm}
                same: *base
                test:
                  <<: *base
                  tone: brisk
                both:
                  <<: [*base, {extra: 1}]
                literal: {'<<': not a merge}
                """);
        assertEquals(Map.of("lang", "en", "tone", "calm"), m.get("same"));
        assertEquals(Map.of("lang", "en", "tone", "brisk"), m.get("test"), "the mapping's own keys win");
        assertEquals(Map.of("lang", "en", "tone", "calm", "extra", 1), m.get("both"));
        assertEquals(Map.of("<<", "not a merge"), m.get("literal"), "a quoted << is a plain key");
        assertEquals(
                Map.of("x", 1, "y", 2),
                parse("base: &b {x: 1}\nt:\n  !!merge <<: *b\n  y: 2\n").get("t"),
                "an explicit merge tag");
    }

    private static AssertionSpec cell(String text) {
        return ExpectedCell.parse(text, "t.csv:2", (spec, code) -> spec.withFunction((o, c) -> code));
    }

    @Test
    void expectedCellsNameTheirAssertion() {
        assertEquals(AssertionType.LLM_RUBRIC, cell("grade: is polite").type());
        assertEquals("is polite", cell("grade: is polite").value());
        assertEquals("kind", cell("llm-rubric:kind").value());
        AtomicReference<String> compiled = new AtomicReference<>();
        AssertionSpec fn = ExpectedCell.parse("fn: output.size() > 2", "t.csv:2", (spec, code) -> {
            compiled.set(spec.type() + " " + code);
            return spec;
        });
        assertEquals("GROOVY output.size() > 2", compiled.get());
        assertEquals(AssertionType.GROOVY, fn.type());
        assertEquals(AssertionType.JAVASCRIPT, cell("javascript: output == 'x'").type());
        assertEquals(AssertionType.GROOVY, cell("eval: true").type());
        AssertionSpec lev = cell("levenshtein(3):kitten");
        assertEquals(AssertionType.LEVENSHTEIN, lev.type());
        assertEquals(OptionalDouble.of(3), lev.threshold());
        assertEquals("kitten", lev.value());
        AssertionSpec notContains = cell("not-contains:rude");
        assertEquals("not-contains", notContains.typeName());
        assertEquals(List.of("a", "b"), cell("icontains-any: a , b").value());
        AssertionSpec latency = cell("latency: 500");
        assertEquals(OptionalDouble.of(500), latency.threshold());
        assertEquals(null, latency.value());
        ConfigException e = assertThrows(ConfigException.class, () -> cell("latency: soon"));
        assertTrue(e.getMessage().contains("latency needs a number of milliseconds, got:  soon"), e.getMessage());
        // anything else is the text to equal
        for (String plain : List.of("contains(abc):x", ":x", "assert-set:x", "Paris", "mystery:x")) {
            AssertionSpec s = cell(plain);
            assertEquals(AssertionType.EQUALS, s.type(), plain);
            assertEquals(plain, s.value());
            assertEquals(OptionalDouble.empty(), s.threshold(), plain);
        }
        assertEquals("t.csv:2", cell("Paris").location());
    }
}
