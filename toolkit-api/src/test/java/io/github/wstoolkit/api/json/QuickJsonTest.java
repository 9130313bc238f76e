package io.github.wstoolkit.api.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wstoolkit.api.fuzz.Fuzzer;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link QuickJson}, the parse {@link Json#parse} tries first, gives what the Parsson path gives, value for value and
 * type for type, or gives up: never a different value, never a value for text Parsson refuses.
 */
class QuickJsonTest {

    /** Both paths on one text: the quick one's value (or GIVE_UP), and Parsson's value or error message. */
    private static void agree(String text) {
        Object quick = QuickJson.parse(text);
        Object parsson;
        try {
            parsson = Json.parseWithParsson(text);
        } catch (JsonException e) {
            assertSame(
                    QuickJson.GIVE_UP, quick, () -> "accepted what Parsson refuses (" + e.getMessage() + "): " + text);
            return;
        }
        if (quick != QuickJson.GIVE_UP) {
            assertEquals(parsson, quick, () -> "a different value for " + text);
            assertSameTypes(parsson, quick, text);
        }
    }

    /**
     * What equals() does not check: the order of a map's keys (maps are insertion-ordered), and the class of each value
     * down the tree.
     */
    private static void assertSameTypes(Object expected, Object actual, String text) {
        if (expected == null) {
            assertSame(null, actual, text);
            return;
        }
        assertEquals(expected.getClass(), actual.getClass(), () -> "the type of a value in " + text);
        if (expected instanceof Map<?, ?> m) {
            assertEquals(
                    new ArrayList<>(m.keySet()), new ArrayList<>(((Map<?, ?>) actual).keySet()), "key order: " + text);
            for (Object k : m.keySet()) {
                assertSameTypes(m.get(k), ((Map<?, ?>) actual).get(k), text);
            }
        } else if (expected instanceof List<?> l) {
            for (int i = 0; i < l.size(); i++) {
                assertSameTypes(l.get(i), ((List<?>) actual).get(i), text);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"type\":\"delta\",\"message\":\"four\"}",
                "  [1, -1, 0, -0, 2147483647, 2147483648, -2147483649, 999999999999999999, 1000000000000000000] ",
                "[9223372036854775807, 9223372036854775808, 123456789012345678901234567890, -9007199254740993]",
                "[1.0, 1.5, -0.0, 0.1, 1e2, 1E-2, 1e+21, 2.5e-7, 1e400, -1e400, 1e-400, 1.000000000000000000001]",
                "[1e-99999999999, 1e99999999999, 12.34e5, 100e-2]",
                "{\"a\":{\"b\":[true,false,null,{}]},\"\":[],\"a\":2}",
                "{\"\":{\"\":[{\"\":\"\"}]}}",
                "\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\u00E9\\ud83d\\ude00 caf\u00e9 \ud83d\ude00\"",
                "\"\\ud83d alone\"",
                "\"\\ude00\\u0000\\u001f\"",
                "\"\u007f\u2028\"",
                "true",
                "null",
                "-12",
                "\t{\r\n\"k\" :\t\"v\" }\n"
            })
    void wellFormedTextsComeOutAsFromParsson(String text) {
        assertNotSame(QuickJson.GIVE_UP, QuickJson.parse(text), "the quick path takes " + text);
        agree(text);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "   ",
                "{",
                "{\"a\":}",
                "{\"a\" 1}",
                "{\"a\":1,}",
                "[1,]",
                "[1 2]",
                "[01]",
                "-",
                "1.",
                ".5",
                "+1",
                "1e",
                "1e+",
                "tru",
                "nul",
                "True",
                "\"open",
                "\"tab\tinside\"",
                "\"bad \\x escape\"",
                "\"short \\u12\"",
                "\"bad \\u12g4\"",
                "\"arabic-indic \\u\u0660\u0660\u0664\u0661\"",
                "\"fullwidth \\u\uff10\uff10\uff14\uff21\"",
                "{} {}",
                "[] x",
                "{'a': 1}",
                "\ufeff{}",
                "\f[]",
                "[1]\u00a0"
            })
    void whatParssonRefusesIsLeftToParssonAndItsMessage(String text) {
        assertSame(QuickJson.GIVE_UP, QuickJson.parse(text), text);
        JsonException e = assertThrows(JsonException.class, () -> Json.parse(text));
        JsonException p = assertThrows(JsonException.class, () -> Json.parseWithParsson(text));
        assertEquals(p.getMessage(), e.getMessage());
    }

    @Test
    void longNumbersDeepNestingAndLongTextsAreParssonsToRead() {
        String longNumber = "1" + "0".repeat(QuickJson.MAX_NUMBER);
        assertSame(QuickJson.GIVE_UP, QuickJson.parse(longNumber));
        assertEquals(new BigInteger(longNumber), Json.parse(longNumber));

        String deep = "[".repeat(QuickJson.MAX_DEPTH + 1) + "]".repeat(QuickJson.MAX_DEPTH + 1);
        assertSame(QuickJson.GIVE_UP, QuickJson.parse(deep));
        assertEquals(Json.parseWithParsson(deep), Json.parse(deep));
        String deepest = "[".repeat(QuickJson.MAX_DEPTH) + "]".repeat(QuickJson.MAX_DEPTH);
        assertNotSame(QuickJson.GIVE_UP, QuickJson.parse(deepest));
        agree(deepest);

        String big = "[\"" + "x".repeat(QuickJson.MAX_LENGTH) + "\"]";
        assertSame(QuickJson.GIVE_UP, QuickJson.parse(big));
        assertEquals(List.of("x".repeat(QuickJson.MAX_LENGTH)), Json.parse(big));
    }

    @Test
    void generatedDocumentsComeOutAsFromParsson() {
        SplittableRandom random = new SplittableRandom(20261203);
        int taken = 0;
        for (int d = 0; d < 5000; d++) {
            StringBuilder sb = new StringBuilder();
            document(random, sb, 0);
            String text = sb.toString();
            agree(text);
            if (QuickJson.parse(text) != QuickJson.GIVE_UP) {
                taken++;
            }
        }
        // every generated document is well formed and within the limits: the quick path must take them all
        assertEquals(5000, taken);
    }

    @Test
    void fuzzedTextNeverGetsAValueParssonWouldNotGive() {
        Fuzzer.Report report = Fuzzer.of("json", List.of(), JsonFuzzTest.DICTIONARY, 20000, 4000)
                .run(input -> {
                    agree(input);
                    return QuickJson.parse(input) != QuickJson.GIVE_UP;
                });
        assertTrue(report.accepted() > 0, () -> "the quick path took nothing: " + report);
    }

    // ------------------------------------------------------------------ a generator of well-formed JSON text

    private static final String[] NUMBERS = {
        "0", "-0", "7", "-7", "2147483647", "2147483648", "-2147483648", "-2147483649", "999999999999999999",
        "1000000000000000000", "9223372036854775808", "0.5", "-0.0", "1.0", "1.25e3", "1E-7", "1e+21", "1e400",
        "-1e400", "1e-400", "3.141592653589793238462643383279", "100e-2", "1e0", "9007199254740993"
    };

    private static void document(SplittableRandom r, StringBuilder sb, int depth) {
        space(r, sb);
        int kind = depth > 6 ? 2 + r.nextInt(5) : r.nextInt(7);
        switch (kind) {
            case 0 -> {
                sb.append('{');
                int n = r.nextInt(5);
                for (int k = 0; k < n; k++) {
                    if (k > 0) {
                        sb.append(',');
                    }
                    space(r, sb);
                    string(r, sb);
                    space(r, sb);
                    sb.append(':');
                    document(r, sb, depth + 1);
                }
                space(r, sb);
                sb.append('}');
            }
            case 1 -> {
                sb.append('[');
                int n = r.nextInt(5);
                for (int k = 0; k < n; k++) {
                    if (k > 0) {
                        sb.append(',');
                    }
                    document(r, sb, depth + 1);
                }
                space(r, sb);
                sb.append(']');
            }
            case 2, 3 -> string(r, sb);
            case 4 -> sb.append(NUMBERS[r.nextInt(NUMBERS.length)]);
            case 5 -> sb.append(randomNumber(r));
            default -> sb.append(r.nextBoolean() ? "true" : r.nextBoolean() ? "false" : "null");
        }
        space(r, sb);
    }

    private static String randomNumber(SplittableRandom r) {
        StringBuilder sb = new StringBuilder();
        if (r.nextBoolean()) {
            sb.append('-');
        }
        int digits = 1 + r.nextInt(25);
        sb.append(1 + r.nextInt(9));
        for (int k = 1; k < digits; k++) {
            sb.append(r.nextInt(10));
        }
        if (r.nextInt(3) == 0) {
            sb.append('.').append(r.nextInt(1000));
        }
        if (r.nextInt(4) == 0) {
            sb.append(r.nextBoolean() ? 'e' : 'E')
                    .append(r.nextBoolean() ? "" : r.nextBoolean() ? "+" : "-")
                    .append(r.nextInt(40));
        }
        return sb.toString();
    }

    private static void string(SplittableRandom r, StringBuilder sb) {
        sb.append('"');
        int n = r.nextInt(12);
        for (int k = 0; k < n; k++) {
            switch (r.nextInt(10)) {
                case 0 ->
                    sb.append("\\\"\\\\\\/\\b\\f\\n\\r\\t"
                            .substring(2 * r.nextInt(8))
                            .substring(0, 2));
                case 1 -> sb.append(String.format("\\u%04" + (r.nextBoolean() ? "x" : "X"), r.nextInt(0x10000)));
                case 2 -> sb.append((char) (0xA0 + r.nextInt(0x2000)));
                case 3 -> sb.appendCodePoint(0x1F600 + r.nextInt(80));
                default -> {
                    char c = (char) (0x20 + r.nextInt(0x5F));
                    sb.append(c == '"' || c == '\\' ? 'q' : c);
                }
            }
        }
        sb.append('"');
    }

    private static void space(SplittableRandom r, StringBuilder sb) {
        if (r.nextInt(4) == 0) {
            sb.append(" \t\n\r".charAt(r.nextInt(4)));
        }
    }
}
