package io.github.wstoolkit.api.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.wstoolkit.api.ConfigException;
import io.github.wstoolkit.api.json.JsonException;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Syntax and render errors name the line and column, what was expected and what was found. */
class TemplateErrorsTest {

    private final TemplateEngine engine = TemplateEngine.builder()
            .env(Map.of())
            .filter("boom", (value, args) -> {
                throw new IllegalStateException("kaboom");
            })
            .build();

    private TemplateException error(String template) {
        return assertThrows(TemplateException.class, () -> engine.render(template, Map.of()));
    }

    private void assertError(String template, int line, int column, String problem) {
        TemplateException e = error(template);
        assertEquals(problem, e.problem(), template);
        assertEquals(OptionalInt.of(line), e.line(), "line of " + template);
        assertEquals(OptionalInt.of(column), e.column(), "column of " + template);
        assertEquals("line " + line + ", column " + column + ": " + problem, e.getMessage());
    }

    @Test
    void junkAfterEndTagNamesLineAndColumn() {
        assertError("a\n{% if x %}\n  {% endif x %}", 3, 12, "expected '%}' to end the 'endif' tag, found 'x'");
    }

    @Test
    void unclosedIfNamesWhereItWasOpened() {
        assertError(
                "{% if x %}yes",
                1,
                14,
                "'if' tag at line 1, column 4 is not closed: expected {% elif %}, {% else %} or {% endif %} before"
                        + " the end of the template");
    }

    @Test
    void unclosedForNamesItsEndTag() {
        assertError(
                "{% for x in xs %}\n{{ x }}",
                2,
                8,
                "'for' tag at line 1, column 4 is not closed: expected {% endfor %} before the end of the template");
    }

    @Test
    void unclosedExpression() {
        assertError("Hello {{ name", 1, 14, "expected '}}' to end the expression, found the end of the template");
    }

    @Test
    void emptyExpression() {
        assertError("{{ }}", 1, 4, "expected an expression, found '}}'");
    }

    @Test
    void wrongEndTagListsTheExpectedOnes() {
        assertError(
                "{% if a %}{% endfor %}", 1, 14, "unknown tag 'endfor' (expected one of: elif, elseif, else, endif)");
    }

    // found by TemplateFuzzTest: a two-character operator at the very end read past the text
    @Test
    void anOperatorAtTheEndOfTheTextIsASyntaxError() {
        assertError("{{\n!=", 2, 1, "expected an expression, found '!='");
        assertError("{{ a ==", 1, 8, "expected an expression, found the end of the template");
    }

    // found by TemplateFuzzTest: a backslash ending the text inside a string stepped past the end
    @Test
    void aStringEndingInABackslashIsNotClosed() {
        assertError("{{ \"a\\", 1, 4, "string starting here is not closed: expected \" before the end of the template");
    }

    @Test
    void unknownFilterIsASyntaxError() {
        assertError("{{ x | nosuch }}", 1, 8, "unknown filter 'nosuch'");
    }

    @Test
    void unsupportedTagsSaySo() {
        assertError("{% include 'x.njk' %}", 1, 4, "the 'include' tag is not supported");
    }

    @Test
    void missingInInForLoop() {
        assertError("{% for x xs %}{% endfor %}", 1, 10, "expected 'in' after the loop variables, found 'xs'");
    }

    @Test
    void unclosedListOnSecondLine() {
        assertError("line1\n{{ [1, 2 }}", 2, 10, "expected ',' between the items of '[', found '}}'");
    }

    @Test
    void unclosedStringAndComment() {
        assertError(
                "{{ \"abc }}", 1, 4, "string starting here is not closed: expected \" before the end of the template");
        assertError("x {# note", 1, 3, "comment is not closed: expected '#}' before the end of the template");
        assertError("a #} b", 1, 3, "unexpected '#}' outside a comment");
    }

    @Test
    void failingUserFilterKeepsItsCauseAndPosition() {
        TemplateException e = error("ok\n  {{ x | boom }}");
        assertEquals("line 2, column 10: filter 'boom' failed: kaboom", e.getMessage());
        assertInstanceOf(IllegalStateException.class, e.getCause());
    }

    @Test
    void loadOfInvalidJsonChainsTheJsonError() {
        TemplateException e =
                assertThrows(TemplateException.class, () -> engine.render("{{ s | load }}", Map.of("s", "{bad")));
        assertInstanceOf(JsonException.class, e.getCause());
        assertEquals(OptionalInt.of(8), e.column());
    }

    @Test
    void renderErrorsNameTheProblem() {
        assertError("{{ nope() }}", 1, 8, "unable to call `nope`, which is undefined or falsey");
        assertError(
                "{{ 'a' in 5 }}",
                1,
                8,
                "cannot use 'in' to search for \"a\" in a number (5): expected an array, a string or an object");
        assertError(
                "{{ missing | first }}", 1, 14, "filter 'first': cannot read properties of undefined (reading '0')");
        assertError("{{ 5 | lower }}", 1, 8, "filter 'lower': lower needs a string, got a number (5)");
    }

    @Test
    void failingMethodCallNamesTheCall() {
        assertError("{{ 'x'.repeat(-1) }}", 1, 14, "calling `x[\"repeat\"]` failed: invalid count value: -1");
    }

    @Test
    void hugeRangeIsRefused() {
        assertError(
                "{{ range(1000000000) | length }}",
                1,
                9,
                "calling `range` failed: range of 1000000000 numbers is too large (at most 10000000)");
    }

    @Test
    void deeplyNestedTemplateIsRefusedNotCrashing() {
        String deep = "{{ " + "(".repeat(20_000) + "1" + ")".repeat(20_000) + " }}";
        TemplateException e = error(deep);
        assertEquals("the template nests too deeply to parse", e.problem());
    }

    @Test
    void endlessMacroRecursionIsRefusedNotCrashing() {
        TemplateException e = error("{% macro m(n) %}{{ m(n + 1) }}{% endmacro %}{{ m(0) }}");
        assertEquals("the template nests too deeply to render", e.problem());
    }

    @Test
    void templateExceptionIsAConfigException() {
        assertInstanceOf(ConfigException.class, error("{% if %}"));
    }
}
