package io.github.wstoolkit.api.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link Json} against what node's JSON.parse / JSON.stringify / String(number) produce (json-fixtures.json). */
class JsonTest {

    static final Path FIXTURES = Path.of("src/test/resources/template/json-fixtures.json");

    @SuppressWarnings("unchecked")
    static Map<String, Object> fixtures() throws IOException {
        return (Map<String, Object>) Json.parse(Files.readString(FIXTURES));
    }

    @SuppressWarnings("unchecked")
    static Stream<Arguments> numbers() throws IOException {
        return ((List<Map<String, Object>>) fixtures().get("numbers"))
                .stream().map(n -> Arguments.of(n.get("text"), n.get("string"), n.get("json")));
    }

    @SuppressWarnings("unchecked")
    static Stream<Arguments> values() throws IOException {
        return ((List<Map<String, Object>>) fixtures().get("values")).stream().map(v -> Arguments.of(v.get("name"), v));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("numbers")
    void numbersPrintAsJavaScript(String text, String jsString, String jsJson) {
        assertEquals(jsString, Json.jsNumber(Double.parseDouble(text)), "String(Number('" + text + "'))");
        assertEquals(jsJson, Json.stringify(Json.parse(text)), "JSON.stringify(JSON.parse('" + text + "'))");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("values")
    void stringifyMatchesJsonStringify(String name, Map<String, Object> fixture) {
        Object value = Json.parse((String) fixture.get("json"));
        assertEquals(fixture.get("compact"), Json.stringify(value));
        assertEquals(fixture.get("indent2"), Json.stringify(value, 2));
        assertEquals(fixture.get("indent4"), Json.stringify(value, 4));
        assertEquals(fixture.get("indentTab"), Json.stringify(value, "\t"));
    }

    @Test
    void parseGivesPlainJavaValues() {
        Object parsed = Json.parse("{\"a\": [1, 2.5, \"x\", null, true], \"b\": {}, \"big\": 12345678901}");
        Map<?, ?> map = assertInstanceOf(LinkedHashMap.class, parsed);
        assertEquals(List.of("a", "b", "big"), new ArrayList<>(map.keySet()));
        List<?> a = assertInstanceOf(List.class, map.get("a"));
        assertEquals(1, a.get(0));
        assertEquals(2.5, a.get(1));
        assertEquals("x", a.get(2));
        assertNull(a.get(3));
        assertEquals(Boolean.TRUE, a.get(4));
        assertEquals(Map.of(), map.get("b"));
        assertEquals(12345678901L, map.get("big"));
    }

    @Test
    void stringifyEscapesOnlyWhatJsonStringifyEscapes() {
        assertEquals("\"q\\\"b\\\\n\\n\\u0001\u007f\u2028é\"", Json.stringify("q\"b\\n\n\u0001\u007f\u2028é"));
        assertEquals("\"\\ud800\"", Json.stringify("\ud800"), "a lone surrogate is escaped");
        assertEquals("[null,null]", Json.stringify(Arrays.asList(Double.NaN, Double.POSITIVE_INFINITY)));
        assertEquals("{\"type\":\"Buffer\",\"data\":[1,255]}", Json.stringify(new byte[] {1, (byte) 255}));
    }

    @Test
    void integersBeyondTwoToTheFiftyThreePrintAsJavaScriptDoubles() {
        assertEquals("9007199254740992", Json.formatNumber(9007199254740992L));
        assertEquals("9007199254740992", Json.formatNumber(9007199254740993L));
        assertEquals("1e+21", Json.stringify(Json.parse("1000000000000000000000")));
    }

    // found by JsonFuzzTest: BigDecimal refused the exponent and its NumberFormatException escaped parseOrText
    @Test
    void exponentsBeyondBigDecimalParseAsJavaScriptDoes() {
        assertEquals(List.of(0, 0.0), Json.parse("[0, 12345678901234e-56789012345678]"));
        assertEquals(Double.POSITIVE_INFINITY, Json.parseOrText("1e56789012345678"));
        assertEquals(Double.NEGATIVE_INFINITY, Json.parse("-1E+99999999999"));
        assertEquals("[null]", Json.stringify(Json.parse("[1e56789012345678]")));
    }

    // found by JsonFuzzTest: Parsson refuses numbers of more than 1100 characters (UnsupportedOperationException)
    @Test
    void numbersOfThousandsOfDigitsParseAsTheNearestDouble() {
        assertEquals(Double.POSITIVE_INFINITY, Json.parse("1" + "2".repeat(1200)));
        assertEquals(1.25, Json.parseOrText("1.25" + "0".repeat(1200)));
        assertEquals(List.of(0.0), Json.parse("[0." + "0".repeat(1200) + "1]"));
    }

    // plain integers up to 18 characters skip BigDecimal: the same types and values as the general path give
    @Test
    void integersParseAsIntWhereTheyFitThenLongThenBigInteger() {
        assertEquals(List.of(0, 0, 7, -7), Json.parse("[0, -0, 7, -7]"));
        assertEquals(List.of(Integer.MAX_VALUE, Integer.MIN_VALUE), Json.parse("[2147483647, -2147483648]"));
        assertEquals(List.of(2147483648L, -2147483649L), Json.parse("[2147483648, -2147483649]"));
        assertEquals(
                List.of(999999999999999999L, -99999999999999999L),
                Json.parse("[999999999999999999, -99999999999999999]"));
        assertEquals(
                List.of(Long.MAX_VALUE, Long.MIN_VALUE), Json.parse("[9223372036854775807, -9223372036854775808]"));
        assertEquals(new java.math.BigInteger("9223372036854775808"), Json.parse("9223372036854775808"));
        assertEquals(List.of(1000, 2.5, 100), Json.parse("[1e3, 2.5, 1.00e2]"), "fractions and exponents: BigDecimal");
        java.util.Random random = new java.util.Random(15);
        for (int i = 0; i < 20_000; i++) {
            long v =
                    switch (i % 3) {
                        case 0 -> random.nextLong();
                        case 1 -> random.nextInt();
                        default -> random.nextLong() >> random.nextInt(64);
                    };
            Object parsed = Json.parse(Long.toString(v));
            Object expected = v == (int) v ? (Object) Integer.valueOf((int) v) : (Object) Long.valueOf(v);
            assertEquals(expected, parsed, () -> "parsing " + v);
            assertEquals(expected.getClass(), parsed.getClass(), () -> "the type of " + v);
        }
    }

    // found by JsonFuzzTest: 1e999999999 was expanded to a billion-digit BigInteger
    @Test
    void hugeIntegralExponentsParseAsInfinityWithoutExpandingTheDigits() {
        assertEquals(Double.POSITIVE_INFINITY, Json.parse("1e999999999"));
        assertEquals(Double.NEGATIVE_INFINITY, Json.parse("-25e2147483600"));
        assertEquals(
                new java.math.BigInteger("1" + "0".repeat(300)), Json.parse("1e300"), "a double's range keeps digits");
    }

    @Test
    void parseRejectsInvalidJsonWithOffset() {
        JsonException e = assertThrows(JsonException.class, () -> Json.parse("{\"a\": nope}"));
        assertTrue(e.getMessage().contains("offset"), e.getMessage());
        assertThrows(JsonException.class, () -> Json.parse("[1] 2"));
        assertEquals("not json", Json.parseOrText("not json"));
    }

    @Test
    void parseOrTextParsesWhatStartsLikeJsonAfterWhitespaceAndKeepsTheRestAsText() {
        assertEquals(Map.of("a", 1), Json.parseOrText(" \t\r\n{\"a\":1}"));
        assertEquals(List.of(), Json.parseOrText("[]"));
        assertEquals("s", Json.parseOrText("\"s\""));
        assertEquals(-1, Json.parseOrText("-1"));
        assertEquals(0, Json.parseOrText("0"));
        assertEquals(9, Json.parseOrText("9"));
        assertEquals(true, Json.parseOrText("true"));
        assertEquals(false, Json.parseOrText("false"));
        assertNull(Json.parseOrText("null"));
        // text: nothing but whitespace, a first character JSON cannot start with, or a JSON start that is not JSON
        for (String text : List.of("", "  \n", "hello", "/0", ":1", "+1", "T", "{oops", "nope", "\u000b1")) {
            assertEquals(text, Json.parseOrText(text), text);
        }
    }

    @Test
    void containersNestUnderEmptyKeysAndInsideArrays() {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("", 2);
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("", List.of(1, inner));
        expected.put("b", List.of(List.of(3), Map.of()));
        expected.put("c", Map.of("", Map.of("", List.of())));
        assertEquals(expected, Json.parse("{\"\":[1,{\"\":2}],\"b\":[[3],{}],\"c\":{\"\":{\"\":[]}}}"));
    }

    @Test
    void deepNestingComesBackWholeWithEachValueAtItsLevel() {
        // deeper than the parser's first stack (4 levels): objects and arrays alternate, each level keeps a sibling
        int levels = 40;
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < levels; i++) {
            text.append(i % 2 == 0 ? "{\"n\":" + i + ",\"k\":" : "[" + i + ",");
        }
        text.append("\"leaf\"");
        for (int i = levels - 1; i >= 0; i--) {
            text.append(i % 2 == 0 ? ",\"after\":" + i + "}" : "]");
        }
        Object v = Json.parse(text.toString());
        for (int i = 0; i < levels; i++) {
            if (i % 2 == 0) {
                Map<?, ?> m = (Map<?, ?>) v;
                assertEquals(List.of("n", "k", "after"), List.copyOf(m.keySet()));
                assertEquals(i, m.get("n"));
                assertEquals(i, m.get("after"));
                v = m.get("k");
            } else {
                List<?> l = (List<?>) v;
                assertEquals(2, l.size());
                assertEquals(i, l.get(0));
                v = l.get(1);
            }
        }
        assertEquals("leaf", v);
        assertEquals(text.toString(), Json.stringify(Json.parse(text.toString())));
    }

    @Test
    void integersAreIntUpTo31BitsLongUpTo63AndBigIntegerBeyond() {
        assertEquals(Integer.MAX_VALUE, Json.parse("2147483647"));
        assertEquals(Integer.MIN_VALUE, Json.parse("-2147483648"));
        assertEquals(2147483648L, Json.parse("2147483648"));
        assertEquals(Long.MAX_VALUE, Json.parse("9223372036854775807"));
        assertEquals(new java.math.BigInteger("9223372036854775808"), Json.parse("9223372036854775808"));
        // integral however written; a fraction is a double
        assertEquals(100, Json.parse("1e2"));
        assertEquals(2, Json.parse("2.000"));
        assertEquals(2.5, Json.parse("2.5"));
        // 400 integral digits are kept, 401 are Infinity to JavaScript and so here
        assertEquals(new java.math.BigInteger("1" + "0".repeat(399)), Json.parse("1e399"));
        assertEquals(Double.POSITIVE_INFINITY, Json.parse("1e400"));
        assertEquals(Map.of("a", List.of(1, Map.of("b", List.of()))), Json.parseDocument("{\"a\":[1,{\"b\":[]}]}"));
    }

    @Test
    void formatNumberPrintsSafeIntegersExactlyAndTheRestAsJavaScriptDoubles() {
        assertEquals("7", Json.formatNumber((short) 7));
        assertEquals("-7", Json.formatNumber((byte) -7));
        assertEquals("-9007199254740992", Json.formatNumber(-9007199254740992L));
        assertEquals("9007199254740992", Json.formatNumber(java.math.BigInteger.valueOf(9007199254740992L)));
        assertEquals("-9007199254740992", Json.formatNumber(java.math.BigInteger.valueOf(-9007199254740993L)));
        assertEquals("1e+30", Json.formatNumber(java.math.BigInteger.TEN.pow(30)));
        assertEquals("null", Json.formatNumber(Double.NaN));
        assertEquals("null", Json.formatNumber(Double.NEGATIVE_INFINITY));
        assertEquals("2.5", Json.formatNumber(2.5f));
    }

    @Test
    void jsNumberSwitchesNotationWhereJavaScriptDoes() {
        assertEquals("0", Json.jsNumber(-0.0));
        assertEquals("-0.5", Json.jsNumber(-0.5));
        assertEquals("9007199254740992", Json.jsNumber(9007199254740992.0));
        assertEquals("9007199254740994", Json.jsNumber(9007199254740994.0));
        assertEquals("100000000000000000000", Json.jsNumber(1e20));
        assertEquals("1e+21", Json.jsNumber(1e21));
        assertEquals("1.5e+21", Json.jsNumber(1.5e21));
        assertEquals("123456789012345680000", Json.jsNumber(1.2345678901234568e20));
        assertEquals("1.2345678901234568e+21", Json.jsNumber(1.2345678901234568e21));
        assertEquals("12.5", Json.jsNumber(12.5));
        assertEquals("0.5", Json.jsNumber(0.5));
        assertEquals("0.000001", Json.jsNumber(1e-6));
        assertEquals("0.0000015", Json.jsNumber(1.5e-6));
        assertEquals("1e-7", Json.jsNumber(1e-7));
        assertEquals("1.5e-7", Json.jsNumber(1.5e-7));
        assertEquals("5e-324", Json.jsNumber(Double.MIN_VALUE));
        assertEquals("2.5e-323", Json.jsNumber(2.5e-323));
        assertEquals("1.7976931348623157e+308", Json.jsNumber(Double.MAX_VALUE));
    }

    @Test
    void thePlainDecimalShortcutPrintsWhatTheGeneralPathPrints() {
        // jsNumber prints doubles in [0.001, 1e7) with Double.toString; the general path works from the digits
        java.util.SplittableRandom random = new java.util.SplittableRandom(15);
        List<Double> values = new ArrayList<>(List.of(
                0.001, Math.nextUp(0.001), Math.nextDown(1e7), 0.1, 0.2 + 0.1, 1.0 / 3, 2.5, 1234.5678, 9999999.5));
        for (int i = 0; i < 200_000; i++) {
            // spread over the decades: 10^(-3 .. 7)
            values.add(Math.pow(10, -3 + 10 * random.nextDouble()));
            // and timings as measured: nanoseconds over 1e6
            values.add(random.nextLong(1, 10_000_000_000L) / 1e6);
        }
        int checked = 0;
        for (double d : values) {
            if (d >= 1e-3 && d < 1e7 && d != Math.rint(d)) {
                assertEquals(Json.jsNumberGeneral(d), Json.jsNumber(d), () -> "jsNumber(" + d + ")");
                checked++;
            }
        }
        assertTrue(checked > 300_000, "checked " + checked);
    }

    @Test
    void stringsAreEscapedAroundRunsThatNeedNone() {
        assertEquals(
                "[\"plain\",\"a\\\"b\\\\c\\n\",\"\\u0001x\\u001f\",\"\uD83D\uDE00 ok\",\"\\ud83d end\",\"\\ude00\",\"\"]",
                Json.stringify(
                        List.of("plain", "a\"b\\c\n", "\u0001x\u001f", "\uD83D\uDE00 ok", "\uD83D end", "\uDE00", "")));
    }

    @Test
    void indentIsClampedToTenAsJsonStringifyDoes() {
        Object v = Map.of("a", 1);
        assertEquals("{\"a\":1}", Json.stringify(v, 0));
        assertEquals("{\"a\":1}", Json.stringify(v, -3));
        assertEquals("{\n" + " ".repeat(10) + "\"a\": 1\n}", Json.stringify(v, 11));
        assertEquals("{\n" + " ".repeat(10) + "\"a\": 1\n}", Json.stringify(v, 10));
        assertEquals("{\n" + "-".repeat(10) + "\"a\": 1\n}", Json.stringify(v, "-".repeat(12)));
        assertEquals("{\n" + "-".repeat(10) + "\"a\": 1\n}", Json.stringify(v, "-".repeat(10)));
        assertEquals("{\"a\":1}", Json.stringify(v, ""));
        assertEquals("[]", Json.stringify(List.of(), 2));
        assertEquals("{}", Json.stringify(Map.of(), 2));
    }
}
