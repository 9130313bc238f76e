package io.github.wstoolkit.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wstoolkit.api.ProviderRegistry;
import io.github.wstoolkit.api.spi.ProviderFactory;
import io.github.wstoolkit.eval.ConfigLoader;
import io.github.wstoolkit.eval.EvalConfig;
import io.github.wstoolkit.eval.EvalResult;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** examples/groovy: the scripts docs/groovy.md shows, compiled type-checked and run; and the IDE descriptor. */
class GroovyExamplesTest {

    static final Path DIR = ExamplesEqualityTest.EXAMPLES.resolve("groovy");

    record Run(int code, String out, String err) {}

    static Run run(Path script, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = ScriptRunner.builder()
                .args(List.of(args))
                .env(Map.of())
                .out(new PrintStream(out, true, StandardCharsets.UTF_8))
                .err(new PrintStream(err, true, StandardCharsets.UTF_8))
                .build()
                .run(script);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theScriptsCompileTypeChecked() throws Exception {
        for (String name : List.of("generated.groovy")) {
            Path f = DIR.resolve(name);
            io.github.wstoolkit.dsl.internal.ScriptCompiler.compile(
                    Files.readString(f), f, EvalScript.class, List.of(), DslCompileTest.typeChecked());
        }
        for (String name : List.of("call-a-provider.groovy", "compare.groovy")) {
            Path f = DIR.resolve(name);
            io.github.wstoolkit.dsl.internal.ScriptCompiler.compile(
                    Files.readString(f), f, RunScript.class, ScriptRunner.STAR_IMPORTS, DslCompileTest.typeChecked());
        }
    }

    @Test
    void theGeneratedSuiteRunsAndPasses() {
        EvalConfig c = ConfigLoader.load(DIR.resolve("generated.groovy"), Map.of());
        assertEquals(
                List.of("ws", "ws-stream"),
                c.providers().stream().map(p -> p.label().orElseThrow()).toList());
        assertEquals(4, c.tests().size());
        List<ExamplesEqualityTest.Outcome> outcomes = ExamplesEqualityTest.outcomes(c);
        assertEquals(8, outcomes.size());
        assertTrue(outcomes.stream().allMatch(ExamplesEqualityTest.Outcome::passed), outcomes::toString);
    }

    @Test
    void callAProviderPrintsTheBotAndTheRealtimeConversation() {
        Run r = run(DIR.resolve("call-a-provider.groovy"));
        assertEquals(0, r.code(), r.err());
        assertEquals(
                """
                bot: Why did the programmer quit his job? Because he didn't get arrays!
                frames: 14
                realtime: Nice to meet you, Ada!
                realtime: Your name is Ada.
                """,
                r.out());
    }

    @Test
    void compareFailsWhenTheNewPromptLosesMoreThanAllowed() {
        String rates =
                """
                current prompt: 100.0% (4 passed, 0 failed, 0 errors)
                new prompt:      50.0% (2 passed, 2 failed, 0 errors)
                  echoes the time question: PASS -> FAIL
                  echoes the order question: PASS -> FAIL
                """;
        Run strict = run(DIR.resolve("compare.groovy"));
        assertEquals(1, strict.code());
        assertEquals(rates, strict.out());
        assertTrue(
                strict.err()
                        .startsWith("wst: " + DIR.resolve("compare.groovy") + ":40: assertion failed:\nthe new prompt"
                                + " loses 50.0 points (at most 0.0 allowed)"),
                strict.err());
        Run tolerant = run(DIR.resolve("compare.groovy"), "60");
        assertEquals(0, tolerant.code(), tolerant.err());
        assertEquals(rates + "ok: the new prompt may ship\n", tolerant.out());
    }

    @Test
    void theIdeDescriptorListsEveryProviderOption() throws Exception {
        String gdsl = Files.readString(DIR.resolve("wst.gdsl"));
        Matcher list = Pattern.compile("(?s)def providerOptions = \\[(.*?)]").matcher(gdsl);
        assertTrue(list.find(), gdsl);
        Set<String> listed = new TreeSet<>();
        Matcher item = Pattern.compile("'([^']+)'").matcher(list.group(1));
        while (item.find()) {
            listed.add(item.group(1));
        }
        Set<String> declared = new TreeSet<>();
        for (ProviderFactory f : ProviderRegistry.load().factories()) {
            declared.addAll(f.configKeys());
        }
        assertEquals(declared, listed);
    }

    @Test
    void theReadmesScriptRunsAndItsAssertionsHold() throws Exception {
        Path readme = DocsTest.ROOT.resolve("toolkit-dsl/src/test/resources/dsl/readme.groovy");
        io.github.wstoolkit.dsl.internal.ScriptCompiler.compile(
                Files.readString(readme), readme, EvalScript.class, List.of(), DslCompileTest.typeChecked());
        EvalConfig config = ConfigLoader.load(readme, Map.of());
        try (io.github.wstoolkit.mockserver.MockServer mock = io.github.wstoolkit.mockserver.MockServer.builder()
                        .port(0)
                        .start();
                io.github.wstoolkit.eval.Eval eval = io.github.wstoolkit.eval.Eval.builder()
                        .config(config)
                        .env(Map.of("WST_MOCK_URL", "ws://" + mock.host() + ":" + mock.port()))
                        .build()) {
            var run = eval.run();
            assertEquals(
                    List.of("asks about hello", "asks about joke"),
                    run.results().stream().map(EvalResult::caseName).toList());
            for (EvalResult r : run.results()) {
                assertTrue(r.error().isEmpty(), r.error().toString());
                // every assertion but the timing ones (a loaded machine may be slow) holds
                for (var g : r.grading().orElseThrow().componentResults()) {
                    if (!g.assertion().orElseThrow().type().isTiming()) {
                        assertTrue(g.pass(), g.reason());
                    }
                }
                assertEquals(4, r.grading().orElseThrow().componentResults().size());
            }
        }
    }
}
