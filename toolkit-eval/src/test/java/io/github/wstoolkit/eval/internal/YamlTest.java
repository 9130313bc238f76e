package io.github.wstoolkit.eval.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.wstoolkit.api.ConfigException;
import java.nio.file.Path;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** YAML text to plain values, and errors that say where they are. */
class YamlTest {

    // found by ConfigFuzzTest: a control character gave "special characters are not allowed" with no line
    @Test
    void aCharacterYamlDoesNotAllowNamesItsLineAndColumn() {
        Path file = Path.of("c.yaml");
        ConfigException e =
                assertThrows(ConfigException.class, () -> Yaml.parse("prompts:\n  - 'hi \u0000 there'\n", file));
        assertEquals("c.yaml:2:9: invalid YAML: character U+0000 is not allowed", e.getMessage());
        assertEquals(OptionalInt.of(2), e.line());

        e = assertThrows(ConfigException.class, () -> Yaml.parse("a: \ud83d\ude00\u0007\n", null));
        assertEquals("line 1, column 5: invalid YAML: character U+0007 is not allowed", e.getMessage());
    }

    // found by ConfigFuzzTest (a longer run, minimised): the scanner's own check throws without a mark
    @Test
    void anUnmarkedScannerErrorIsPlacedWhereTheReaderStopped() {
        ConfigException e = assertThrows(ConfigException.class, () -> Yaml.parse("    e: '\n - '{", null));
        assertEquals(
                "line 2, column 5: invalid YAML: A simple key is required only if it is the first token in the current"
                        + " line",
                e.getMessage());
    }

    // found by ConfigFuzzTest: snakeyaml-engine refused a complex key ("? [a]") without a mark
    @Test
    void aKeyThatIsNotAScalarNamesItsLine() {
        ConfigException e = assertThrows(
                ConfigException.class, () -> Yaml.parse("tests:\n  - vars:\n      ? [a, b]\n      : x\n", null));
        assertEquals("line 3: tests[0].vars: mapping keys must be plain scalars", e.getMessage());
    }
}
