package io.github.wstoolkit.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RenderCommandTest {

    @Test
    void rendersDumpAsJsonEscapedString() {
        WstTest.Result r =
                WstTest.run(Map.of(), "render", "{\"prompt\": {{ prompt | dump }}}", "--var", "prompt=He said \"hi\"");
        assertEquals(0, r.code(), r.err());
        assertEquals("{\"prompt\": \"He said \\\"hi\\\"\"}\n", r.out());
    }

    @Test
    void envIsTheEnvironmentGivenToTheTool() {
        WstTest.Result r = WstTest.run(Map.of("TENANT", "acme"), "render", "tenant={{ env.TENANT }}");
        assertEquals(0, r.code(), r.err());
        assertEquals("tenant=acme\n", r.out());
    }

    @Test
    void varsFilesInJsonAndYamlThenVarOptionsWin(@TempDir Path dir) throws IOException {
        Path json = Files.writeString(dir.resolve("v.json"), "{\"a\": 1, \"items\": [\"x\", \"y\"]}");
        Path yaml = Files.writeString(dir.resolve("v.yaml"), "a: 2\nb: from-yaml\n");
        WstTest.Result r = WstTest.run(
                Map.of(),
                "render",
                "{{ a }} {{ b }} {{ items | join('+') }} {{ c }}",
                "--vars",
                json.toString(),
                "--vars",
                yaml.toString(),
                "--var",
                "c=cli");
        assertEquals(0, r.code(), r.err());
        assertEquals("2 from-yaml x+y cli\n", r.out());
    }

    @Test
    void templateFromFile(@TempDir Path dir) throws IOException {
        Path t =
                Files.writeString(dir.resolve("m.njk"), "{% for x in xs | default(['none']) %}[{{ x }}]{% endfor %}\n");
        WstTest.Result r = WstTest.run(Map.of(), "render", "file://" + t);
        assertEquals(0, r.code(), r.err());
        assertEquals("[none]\n", r.out());
    }

    @Test
    void malformedVarIsAUsageError() {
        WstTest.Result r = WstTest.run(Map.of(), "render", "x", "--var", "novalue");
        assertEquals(1, r.code());
        assertEquals("wst: --var must be specified in key=value format.\n", r.err());
    }

    @Test
    void syntaxErrorNamesLineAndColumnAndExitsWith1() {
        WstTest.Result r = WstTest.run(Map.of(), "render", "line one\n{% if x %}never closed");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("line 2"), r.err());
        assertTrue(r.err().contains("column"), r.err());
        assertEquals("", r.out());
    }
}
