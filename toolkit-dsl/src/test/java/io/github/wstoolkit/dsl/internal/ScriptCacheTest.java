package io.github.wstoolkit.dsl.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wstoolkit.api.ConfigException;
import io.github.wstoolkit.dsl.EvalScript;
import io.github.wstoolkit.dsl.EvalScripts;
import io.github.wstoolkit.dsl.RunScript;
import io.github.wstoolkit.eval.EvalConfig;
import io.github.wstoolkit.groovy.GroovyCompileCache;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Eval scripts and run scripts through the compiled-class cache: the second load of a script compiles nothing. */
class ScriptCacheTest {

    private static final String SUITE =
            """
            description 'cached'
            prompt '{{ q }}'
            provider('ws://127.0.0.1:1/ws') {
                transformResponse { data, ctx -> data.message.toUpperCase() }
            }
            test { vars q: 'a'; expect { equals 'A' } }
            """;

    @TempDir
    Path dir;

    private Path cache;

    @BeforeEach
    void on() {
        cache = dir.resolve("home/cache/groovy");
        GroovyCompileCache.enable(cache);
    }

    @AfterEach
    void off() {
        GroovyCompileCache.disable();
    }

    private long entries() throws Exception {
        if (!Files.isDirectory(cache)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(cache)) {
            return s.filter(p -> p.toString().endsWith(".classes")).count();
        }
    }

    @Test
    void aSuiteLoadedTwiceIsCompiledOnceAndKeepsItsClosureTexts() throws Exception {
        Path file = dir.resolve("suite.groovy");
        Files.writeString(file, SUITE);
        int before = ScriptCompiler.compiles();
        ScriptCompiler.Compiled first = ScriptCompiler.compile(file, EvalScript.class, List.of());
        ScriptCompiler.Compiled second = ScriptCompiler.compile(file, EvalScript.class, List.of());
        assertEquals(before + 1, ScriptCompiler.compiles(), "the second load came from the cache");
        assertEquals(1, entries());
        assertEquals(
                Optional.of("{ data, ctx -> data.message.toUpperCase() }"),
                first.sources().find("transformResponse", 4));
        assertEquals(
                first.sources().find("transformResponse", 4), second.sources().find("transformResponse", 4));

        // and the suite it builds is the same one
        EvalConfig a = EvalScripts.load(file, Map.of());
        EvalConfig b = EvalScripts.load(file, Map.of());
        assertEquals(a.description(), b.description());
        assertEquals(a.tests().size(), b.tests().size());
        assertEquals(
                a.providers().getFirst().config().get("transformResponse").toString(),
                b.providers().getFirst().config().get("transformResponse").toString());
    }

    @Test
    void anEditedScriptIsCompiledAgain() throws Exception {
        Path file = dir.resolve("suite.groovy");
        Files.writeString(file, SUITE);
        ScriptCompiler.compile(file, EvalScript.class, List.of());
        Files.writeString(file, SUITE.replace("'cached'", "'edited'"));
        int before = ScriptCompiler.compiles();
        ScriptCompiler.compile(file, EvalScript.class, List.of());
        assertEquals(before + 1, ScriptCompiler.compiles());
        assertEquals(2, entries());
    }

    @Test
    void theSameTextAsAnotherKindOfScriptIsNotTakenFromTheCache() throws Exception {
        Path file = dir.resolve("both.groovy");
        Files.writeString(file, "println 'hello'\n");
        ScriptCompiler.compile(file, RunScript.class, List.of());
        // an eval script of the same text and path is another compile (another base class), not the run script's
        int before = ScriptCompiler.compiles();
        ScriptCompiler.compile(file, EvalScript.class, List.of());
        assertEquals(before + 1, ScriptCompiler.compiles());
    }

    @Test
    void aScriptThatDoesNotCompileIsNotKeptAndSaysSoEveryTime() throws Exception {
        Path file = dir.resolve("broken.groovy");
        Files.writeString(file, "prompt '{{ q }}'\nprovider('ws://x/ws') {\n");
        ConfigException a =
                assertThrows(ConfigException.class, () -> ScriptCompiler.compile(file, EvalScript.class, List.of()));
        ConfigException b =
                assertThrows(ConfigException.class, () -> ScriptCompiler.compile(file, EvalScript.class, List.of()));
        assertEquals(a.getMessage(), b.getMessage());
        assertTrue(a.getMessage().contains("does not compile"), a.getMessage());
        assertEquals(0, entries());
    }

    @Test
    void aDamagedEntryIsCompiledAgain() throws Exception {
        Path file = dir.resolve("suite.groovy");
        Files.writeString(file, SUITE);
        ScriptCompiler.compile(file, EvalScript.class, List.of());
        try (Stream<Path> s = Files.list(cache)) {
            Path entry = s.findFirst().orElseThrow();
            Files.write(entry, new byte[] {1, 2, 3});
        }
        int before = ScriptCompiler.compiles();
        ScriptCompiler.Compiled again = ScriptCompiler.compile(file, EvalScript.class, List.of());
        assertEquals(before + 1, ScriptCompiler.compiles());
        assertTrue(again.sources().find("transformResponse", 4).isPresent());
        assertEquals(1, entries());
    }
}
