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
}
