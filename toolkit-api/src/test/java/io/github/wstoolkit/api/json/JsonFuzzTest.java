package io.github.wstoolkit.api.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wstoolkit.api.fuzz.Fuzzer;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the JSON helpers: any text parses to a value or fails with a {@link JsonException} (never another
 * exception), {@link Json#parseOrText} never fails, and whatever parses survives a stringify/parse round trip
 * (compact and indented) unchanged.
 */
class JsonFuzzTest {

    static final List<String> DICTIONARY = List.of(
            "{",
            "}",
            "[",
            "]",
            ":",
            ",",
            "\"",
            "\\\"",
            "\\\\",
            "\\u0000",
            "\\ud83d",
            "\\ude00",
            "\\u00e9",
            "\\u\u0660\u0660\u0664\u0661", // digits of another script: not hex digits to JSON
            "\\u\uff10\uff10\uff14\uff21",
            "\\n",
            "\\/",
            "\\x",
            "true",
            "false",
            "null",
            "-",
            "+",
            ".",
            "e",
            "E+",
            "e-",
            "0",
            "01",
            "-0.0",
            "1e400",
            "123456789012345678901234567890",
            "9007199254740993",
            "\"k\": ",
            "[[[[",
            "]]]]",
            "{\"a\":{\"b\":",
            "}}");

    @Test
    void anyTextParsesOrFailsWithAJsonException() {
        Fuzzer.Report report = Fuzzer.of("json", List.of(), DICTIONARY, 20000, 4000)
                .run(input -> {
                    Object orText = Json.parseOrText(input);
                    Object value;
                    try {
                        value = Json.parse(input);
                    } catch (JsonException e) {
                        assertTrue(e.getMessage() != null && !e.getMessage().isBlank(), "a message");
                        assertEquals(input, orText, "parseOrText gives the text back when it is not JSON");
                        return false;
                    }
                    String compact = Json.stringify(value);
                    assertEquals(compact, Json.stringify(Json.parse(compact)), "compact round trip");
                    assertEquals(compact, Json.stringify(Json.parse(Json.stringify(value, 2))), "indented round trip");
                    assertEquals(compact, Json.stringify(orText), "parseOrText gives the same value");
                    return true;
                });
        assertTrue(report.accepted() > 0, () -> "nothing parsed: " + report);
    }
}
