package io.github.wstoolkit.api.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The engine's cache at its bound, env-only rendering at its limits, and how errors name a value's type. */
class EngineEdgesTest {

    @Test
    void aFullCacheMakesRoomForTheNewTemplate() {
        TemplateEngine one = TemplateEngine.builder().env(Map.of()).cacheSize(1).build();
        Template a = one.compile("{{ a }}");
        assertSame(a, one.compile("{{ a }}"));
        Template b = one.compile("{{ b }}");
        assertSame(b, one.compile("{{ b }}"), "the new template is kept");
        assertNotSame(a, one.compile("{{ a }}"), "the old one made room for it");
    }

    @Test
    void envOnlyRenderingSkipsBracesThatDoNotPairAndTextsOverItsLimit() {
        TemplateEngine engine = TemplateEngine.builder().env(Map.of("A", "1")).build();
        assertEquals("x}}1", engine.renderEnvOnly("x}}{{ env.A }}"));
        assertEquals("{{ env.A }", engine.renderEnvOnly("{{ env.A }"));
        assertEquals("1 and {{ vars.q }}", engine.renderEnvOnly("{{ env.A }} and {{ vars.q }}"));
        String pad = "-".repeat(50_000 - "{{ env.A }}".length());
        assertEquals(pad + "1", engine.renderEnvOnly(pad + "{{ env.A }}"), "50,000 characters are rendered");
        assertEquals("-" + pad + "{{ env.A }}", engine.renderEnvOnly("-" + pad + "{{ env.A }}"), "longer ones not");
    }

    private static String failure(String template, Map<String, ?> vars) {
        return assertThrows(
                        TemplateException.class, () -> TemplateEngine.create().render(template, vars))
                .getMessage();
    }

    @Test
    void errorsNameTheTypeOfTheValueTheyGot() {
        java.util.HashMap<String, Object> vars = new java.util.HashMap<>();
        vars.put("n", null);
        vars.put("m", Map.of("k", 1));
        vars.put("xs", List.of(1));
        vars.put("t", true);
        vars.put("s", "str");
        for (String[] c : Arrays.asList(
                new String[] {"{{ u | dictsort }}", "got undefined"},
                new String[] {"{{ n | dictsort }}", "got null"},
                new String[] {"{{ t | dictsort }}", "got a boolean (true)"},
                new String[] {"{{ 5 | dictsort }}", "got a number (5)"},
                new String[] {"{{ s | dictsort }}", "got a string"},
                new String[] {"{{ xs | dictsort }}", "got an array"},
                new String[] {"{{ m | lower }}", "got an object"},
                new String[] {"{{ s | safe | dictsort }}", "got a safe string"},
                new String[] {"{{ range | dictsort }}", "got a function"})) {
            String message = failure(c[0], vars);
            assertTrue(message.contains(c[1]), c[0] + ": " + message);
        }
    }
}
