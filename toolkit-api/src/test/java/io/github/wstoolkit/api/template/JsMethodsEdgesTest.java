package io.github.wstoolkit.api.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * JavaScript's string, array and number methods in templates at their edges (index 0, the last index, negative and
 * fractional indexes, equal bounds), as node prints them.
 */
class JsMethodsEdgesTest {

    private final TemplateEngine engine = TemplateEngine.create();

    private String render(String template) {
        return engine.render(template, Map.of("s", "hello", "xs", List.of(1, 2, 3), "n", 2.5, "big", 1e21));
    }

    @Test
    void charAtIsEmptyOutsideTheString() {
        assertEquals(
                "h|e|o||",
                render("{{ s.charAt() }}|{{ s.charAt(1) }}|{{ s.charAt(4) }}|{{ s.charAt(5) }}|"
                        + "{{ s.charAt(-1) }}"));
    }

    @Test
    void sliceCountsNegativeIndexesFromTheEndAndTruncatesFractions() {
        assertEquals(
                "hello|llo|hello|el||",
                render("{{ s.slice(0) }}|{{ s.slice(-3) }}|{{ s.slice(-10) }}|"
                        + "{{ s.slice(1, 3) }}|{{ s.slice(2, 2) }}|{{ s.slice(3, 1) }}"));
        // -0.5 truncates to -0, which is not negative: from the start, as in JavaScript
        assertEquals(
                "hello|l|hello|ell",
                render("{{ s.slice(-0.5) }}|{{ s.slice(-2, -1) }}|{{ s.slice(0, 10) }}|" + "{{ s.slice(1.9, 4.2) }}"));
        assertEquals(
                "1,2,3|2,3|3|||1,2",
                render("{{ xs.slice(0) }}|{{ xs.slice(1) }}|{{ xs.slice(-1) }}|"
                        + "{{ xs.slice(2, 1) }}|{{ xs.slice(1, 1) }}|{{ xs.slice(0, -1) }}"));
    }

    @Test
    void substringSwapsItsBoundsAndClampsThem() {
        assertEquals(
                "el|hello|ello|hello|hello",
                render("{{ s.substring(3, 1) }}|{{ s.substring(-2) }}|"
                        + "{{ s.substring(1) }}|{{ s.substring('x') }}|{{ s.substring(0, 99) }}"));
    }

    @Test
    void replaceChangesTheFirstOccurrenceOnly() {
        assertEquals(
                "ello|he-lo|hello|heLLo",
                render("{{ s.replace('h', '') }}|{{ s.replace('l', '-') }}|"
                        + "{{ s.replace('z', 'y') }}|{{ s.replaceAll('l', 'L') }}"));
    }

    @Test
    void repeatAndPadBuildTheLengthAsked() {
        assertEquals("hellohello||", render("{{ s.repeat(2.7) }}|{{ s.repeat(0) }}|{{ s.repeat('x') }}"));
        TemplateException e = assertThrows(TemplateException.class, () -> render("{{ s.repeat(1 / 0) }}"));
        assertTrue(e.getMessage().contains("invalid count value"), e.getMessage());
        TemplateException tooLong = assertThrows(TemplateException.class, () -> render("{{ s.repeat(60000000) }}"));
        assertTrue(tooLong.getMessage().contains("invalid string length: 300000000"), tooLong.getMessage());
        assertEquals(
                "xyxhello|helloxyx|hello|hello| hello|hello",
                render("{{ s.padStart(8, 'xy') }}|{{ s.padEnd(8, 'xy') }}|{{ s.padStart(5) }}|{{ s.padStart(3) }}|"
                        + "{{ s.padStart(6) }}|{{ s.padStart(9, '') }}"));
    }

    @Test
    void splitKeepsEmptyPartsAndHonoursItsLimit() {
        assertEquals(
                "[\"\",\"a\",\"\"]|[\"a\",\"b\"]|[]|[\"a\",\"b\",\"c\"]|[\"a,b,c\"]|[\"a\",\"b\",\"c\"]",
                engine.render(
                        "{{ ',a,'.split(',') | dump }}|{{ t.split(',', 2) | dump }}|{{ t.split(',', 0) | dump }}|"
                                + "{{ 'abc'.split('') | dump }}|{{ t.split() | dump }}|{{ t.split(',', 3) | dump }}",
                        Map.of("t", "a,b,c")));
    }

    @Test
    void arraysFindTheirFirstElement() {
        assertEquals(
                "0|true|-1|false|2",
                render("{{ xs.indexOf(1) }}|{{ xs.includes(1) }}|{{ xs.indexOf(4) }}|"
                        + "{{ xs.includes(4) }}|{{ xs.indexOf(3) }}"));
    }

    @Test
    void toFixedRoundsAsJavaScriptAndLeavesHugeNumbersInExponentForm() {
        assertEquals(
                "3|2.50|1e+21|1.00",
                render("{{ n.toFixed() }}|{{ n.toFixed(2) }}|{{ big.toFixed(2) }}|" + "{{ (1.005).toFixed(2) }}"));
    }
}
