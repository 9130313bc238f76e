package io.github.wstoolkit.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** A config error says where it is, location first, with what is known and nothing more. */
class ConfigExceptionTest {

    private static final Path FILE = Path.of("config.yaml");

    @Test
    void theMessageNamesFileLineColumnAndKeyAsFarAsKnown() {
        assertEquals(
                "config.yaml:12:5: providers[0].config.url: bad",
                new ConfigException("bad", null, FILE, 12, 5, "providers[0].config.url").getMessage());
        assertEquals("config.yaml:12: k: bad", new ConfigException("bad", null, FILE, 12, 0, "k").getMessage());
        assertEquals("config.yaml: bad", new ConfigException("bad", null, FILE, 0, 7, "").getMessage());
        assertEquals("line 1, column 1: bad", new ConfigException("bad", null, null, 1, 1, null).getMessage());
        assertEquals("line 3: k: bad", new ConfigException("bad", null, null, 3, 0, "k").getMessage());
        assertEquals("k: bad", new ConfigException("bad", null, null, 0, 4, "k").getMessage());
        assertEquals("bad", new ConfigException("bad").getMessage());
    }

    @Test
    void accessorsGiveWhatIsKnownAndEmptyForTheRest() {
        RuntimeException cause = new IllegalStateException("x");
        ConfigException e = new ConfigException("bad", cause, FILE, 1, 1, "k");
        assertEquals("bad", e.problem());
        assertEquals(Optional.of(FILE), e.file());
        assertEquals(OptionalInt.of(1), e.line());
        assertEquals(OptionalInt.of(1), e.column());
        assertEquals(Optional.of("k"), e.key());
        assertSame(cause, e.getCause());
        ConfigException none = new ConfigException("bad", cause);
        assertEquals(Optional.empty(), none.file());
        assertEquals(OptionalInt.empty(), none.line());
        assertEquals(OptionalInt.empty(), none.column());
        assertEquals(Optional.empty(), none.key());
        assertSame(cause, none.getCause());
    }

    @Test
    void placingAnErrorKeepsWhatItKnewAndFillsTheRest() {
        ConfigException inner = new ConfigException("bad", null, null, 0, 0, null);
        ConfigException placed = inner.at(FILE, 4, 2, "tests[1]");
        assertEquals("config.yaml:4:2: tests[1]: bad", placed.getMessage());
        ConfigException known = new ConfigException("bad", null, Path.of("other.yaml"), 9, 3, "k");
        assertEquals("other.yaml:9:3: k: bad", known.at(FILE, 4, 2, "tests[1]").getMessage());
    }
}
