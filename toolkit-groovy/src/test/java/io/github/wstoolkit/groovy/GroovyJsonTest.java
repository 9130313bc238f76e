package io.github.wstoolkit.groovy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code JSON} as user Groovy sees it: text or bytes in, Groovy values (GStrings, any keys, sets) out as plain JSON. */
class GroovyJsonTest {

    private final GroovyConsole groovy = GroovyConsole.create();

    @Test
    void parsesTextBytesAsUtf8AndAnyCharSequence() {
        assertEquals(
                Map.of("city", "Zürich"),
                GroovyJson.INSTANCE.parse("{\"city\":\"Zürich\"}".getBytes(StandardCharsets.UTF_8)));
        assertEquals(List.of(1, "a"), GroovyJson.INSTANCE.parse(new StringBuilder("[1,\"a\"]")));
    }

    @Test
    void stringifiesGStringsNestedInMapsAndCollections() throws Exception {
        assertEquals(
                "{\"a\":{\"b\":[\"x1\",{\"k2\":\"v2\"}]},\"3\":[\"s1\"]}",
                groovy.evaluate("def n = 1; JSON.stringify([a: [b: [\"x$n\", [(\"k${n + 1}\"): \"v${n + 1}\"]]],"
                        + " (3): [\"s$n\"] as Set])"));
    }

    @Test
    void stringifiesIndentedByTheGivenSpaces() throws Exception {
        assertEquals(
                "{\n  \"a\": [\n    \"b1\"\n  ]\n}",
                groovy.evaluate("def n = 1; JSON.stringify([a: [\"b$n\"]], null, 2)"));
    }
}
