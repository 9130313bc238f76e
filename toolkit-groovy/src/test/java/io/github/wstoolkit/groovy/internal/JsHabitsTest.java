package io.github.wstoolkit.groovy.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wstoolkit.api.ConfigException;
import io.github.wstoolkit.api.transform.TransformSource;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** JavaScript habits in Groovy transforms fail at load, naming the Groovy form, instead of failing obscurely later. */
class JsHabitsTest {

    private final GroovyTransformCompiler compiler = new GroovyTransformCompiler();

    private ConfigException fails(String code) {
        TransformSource src = new TransformSource(
                "providers[0].config.streamResponse", code, Path.of("."), Optional.of(Path.of("cfg.yaml")), 10);
        return assertThrows(ConfigException.class, () -> compiler.streamResponse(src));
    }

    @Test
    void strictEqualityWouldNeverMatchSoItIsRefusedWithTheGroovyForm() {
        ConfigException e = fails(
                """
                (acc, event, ctx) => {
                  def m = JSON.parse(event.data)
                  if (m.type === 'message') return [[output: m.message], true]
                  [acc, false]
                }""");
        assertEquals(12, e.line().orElse(0), e.getMessage());
        assertTrue(
                e.getMessage().contains("is JavaScript, not Groovy: '===' is JavaScript's strict equality"),
                e.getMessage());
        assertTrue(e.getMessage().contains("write '=='"), e.getMessage());
        assertTrue(fails("{ a, e, c -> a !== null ? [a, true] : [a, false] }")
                .getMessage()
                .contains("write '!='"));
    }

    @Test
    void constAndLetAndFunctionNameTheGroovyDeclaration() {
        assertTrue(fails("{ acc, event, ctx ->\n  const m = JSON.parse(event.data)\n  [m, true]\n}")
                .getMessage()
                .contains("'const m = …' is JavaScript: Groovy declares a variable with 'def m = …'"));
        assertTrue(fails("{ acc, event, ctx ->\n  let m = 1\n  [m, true]\n}")
                .getMessage()
                .contains("'def m = …'"));
        assertTrue(fails("function parse(x) { return x }").getMessage().contains("'def parse(a, b) { … }'"));
    }

    @Test
    void theSameWordsInStringsAndCommentsAreFine() {
        assertEquals(Optional.empty(), JsHabits.find("def s = 'a === b; const x = 1' // let y = 2\n/* !== */ s"));
        assertEquals(Optional.empty(), JsHabits.find("\"\"\"function f() { const a = 1 }\"\"\".size() == 0"));
    }

    /** Where the first habit is and what it is: {@code line:column 'form'}. */
    private static String at(String text) {
        return JsHabits.find(text)
                .map(f -> f.line() + ":" + f.column() + " "
                        + f.problem().substring(0, f.problem().indexOf("' is ") + 1))
                .orElse("none");
    }

    @Test
    void theFirstHabitInTheTextIsNamedAtItsLineAndColumn() {
        assertEquals("1:1 '==='", at("=== 1; const a = 1; function f(x) {}"));
        assertEquals("1:1 '!=='", at("!== 1; let a = 1"));
        assertEquals("1:3 '!=='", at("a !== b === c"));
        assertEquals("1:3 '==='", at("a === b !== c"));
        assertEquals("1:1 '!=='", at("!== a === b"));
        assertEquals("1:1 'const z = …'", at("const z = 1; x === y"));
        assertEquals("1:3 '==='", at("x === y\nconst z = 1"));
        assertEquals("1:1 'let q = …'", at("let q = 1\nfunction f(a) {}"));
        assertEquals("1:1 'function f(…) { … }'", at("function f(a) { let q = 1; a === q }"));
        assertEquals("2:5 '==='", at("def a = 1\n  x === y"));
        assertEquals("3:3 'let c = …'", at("a\nb\n  let c = 1"));
        assertEquals("none", at("a == b; def c = 1; def f(x) { x != c }"));
    }

    @Test
    void stringsAndCommentsAreBlankedToSpacesKeepingOffsetsAndLineBreaks() {
        assertEquals("a     \nb", JsHabits.blankStringsAndComments("a // c\nb"));
        assertEquals("a     ", JsHabits.blankStringsAndComments("a // c"));
        assertEquals("a     \n     b", JsHabits.blankStringsAndComments("a /* x\ny */ b"));
        // the comment's own '*' does not close it
        assertEquals("a" + " ".repeat(10) + "c", JsHabits.blankStringsAndComments("a /*/ b */ c"));
        assertEquals("a     ", JsHabits.blankStringsAndComments("a /* x"));
        // an escaped quote stays inside the string
        assertEquals("x" + " ".repeat(9) + "y", JsHabits.blankStringsAndComments("x 'it\\'s' y"));
        assertEquals("x    y", JsHabits.blankStringsAndComments("x \"\" y"));
        // a single-quoted string ends at the end of its line; a triple-quoted one spans lines
        assertEquals("    \nd === e", JsHabits.blankStringsAndComments("'abc\nd === e"));
        assertEquals("    \n      === c", JsHabits.blankStringsAndComments("\'\'\'a\n'b\'\'\' === c"));
        assertEquals("x =     ", JsHabits.blankStringsAndComments("x = 'ab\\"));
        assertEquals("x    ", JsHabits.blankStringsAndComments("x 'ab"));
        assertEquals("a / b /", JsHabits.blankStringsAndComments("a / b /"));
        assertEquals("2:3 '==='", at("'abc\nd === e"));
        assertEquals("2:7 '==='", at("\'\'\'a\n'b\'\'\' === c"));
    }
}
