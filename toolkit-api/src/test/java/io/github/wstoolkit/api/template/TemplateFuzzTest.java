package io.github.wstoolkit.api.template;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wstoolkit.api.fuzz.Fuzzer;
import io.github.wstoolkit.api.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the template parser and renderer: any text either renders or is rejected with a {@link TemplateException}
 * that names a line and column; nothing else escapes, nothing hangs. Seeds: the committed corpus
 * ({@code fuzz/template/}) and every template of the nunjucks fixtures.
 */
class TemplateFuzzTest {

    static final List<String> DICTIONARY = List.of(
            "{{",
            "}}",
            "{%",
            "%}",
            "{#",
            "#}",
            "{{-",
            "-}}",
            "{%-",
            "-%}",
            "|",
            " | dump",
            " | dump(2)",
            " | safe",
            " | default(",
            " | join(\",\")",
            " | replace(\"a\", \"b\")",
            " | load",
            " | urlencode",
            " | length",
            " | first",
            " | last",
            " | lower",
            " | upper",
            " | trim",
            " | int",
            " | float",
            " | round",
            " | batch(2)",
            "for x in xs",
            "for k, v in obj",
            "endfor",
            "if ",
            "elif ",
            "else",
            "endif",
            "set ",
            " = ",
            "endset",
            "in",
            " not ",
            " and ",
            " or ",
            "loop.index",
            "loop.first",
            "loop.last",
            "range(",
            "cycler(",
            "joiner(",
            "env.HOME",
            "env['X']",
            "(",
            ")",
            "[",
            "]",
            "{",
            "}",
            ",",
            ":",
            ".",
            "..",
            "'",
            "\"",
            "\\",
            "+",
            "-",
            "*",
            "/",
            "//",
            "%",
            "**",
            "~",
            "==",
            "!=",
            "<",
            ">=",
            "?",
            "0",
            "1.5",
            "-3",
            "1e400",
            "true",
            "false",
            "none",
            "null",
            "undefined",
            "obj.a.b",
            "xs[0]",
            "xs[-1]",
            "s",
            "n",
            "raw",
            "endraw",
            "macro",
            "call",
            "filter",
            "\n",
            " ");

    static Map<String, Object> vars() {
        Map<String, Object> obj = new LinkedHashMap<>();
        obj.put("a", Map.of("b", List.of(1, "two", 3.5)));
        obj.put("s", "x\"y");
        obj.put("n", null);
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("xs", List.of(1, 2, 3));
        v.put("s", "Hello, \"world\" <b>&</b>");
        v.put("n", 42);
        v.put("obj", obj);
        v.put("nothing", null);
        v.put("empty", List.of());
        v.put("json", "{\"k\": [1, {\"z\": null}]}");
        return v;
    }

    @Test
    @SuppressWarnings("unchecked")
    void anyTemplateRendersOrIsRejectedWithALineAndColumn() throws IOException {
        List<String> seeds = new ArrayList<>();
        for (var path : List.of(NunjucksFixturesTest.FIXTURES, RandomTemplatesTest.FIXTURES)) {
            Object fixtures = Json.parse(Files.readString(path));
            List<Map<String, Object>> cases = fixtures instanceof List<?> l
                    ? (List<Map<String, Object>>) l
                    : (List<Map<String, Object>>) ((Map<String, Object>) fixtures).get("cases");
            cases.stream().limit(400).forEach(c -> seeds.add((String) c.get("template")));
        }
        TemplateEngine engine = TemplateEngine.builder()
                .env(Map.of("HOME", "/home/x", "X", "y"))
                .cacheSize(0)
                .build();
        Map<String, Object> vars = vars();
        Fuzzer.Report report = Fuzzer.of("template", seeds, DICTIONARY, 20000, 2000)
                .run(input -> {
                    Template t;
                    try {
                        t = engine.compile(input);
                    } catch (TemplateException e) {
                        assertTrue(e.line().isPresent() && e.column().isPresent(), () -> "no location: " + e);
                        return false;
                    }
                    try {
                        assertNotNull(t.render(vars));
                        return true;
                    } catch (TemplateException e) {
                        assertTrue(e.line().isPresent() && e.column().isPresent(), () -> "no location: " + e);
                        return false;
                    }
                });
        assertTrue(report.accepted() > 0, () -> "no input rendered: " + report);
    }
}
