package io.github.wstoolkit.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import groovy.transform.TypeChecked;
import io.github.wstoolkit.api.ConfigException;
import io.github.wstoolkit.dsl.internal.ScriptCompiler;
import io.github.wstoolkit.eval.AssertionType;
import io.github.wstoolkit.eval.ConfigLoader;
import io.github.wstoolkit.eval.EvalConfig;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.codehaus.groovy.control.customizers.ASTTransformationCustomizer;
import org.codehaus.groovy.control.customizers.CompilationCustomizer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DSL's compile test: scripts that use every method of the DSL, and every example script, compile type-checked
 * against the DSL's classes (a method that was renamed, or an argument type that changed, fails here, whether or not
 * the line runs), and the scripts load.
 */
class DslCompileTest {

    @TempDir
    Path dir;

    /** Groovy's type checker with the DSL's extension (src/test/resources/wst-dsl-typecheck.groovy). */
    static CompilationCustomizer typeChecked() {
        return new ASTTransformationCustomizer(
                Map.of("extensions", List.of("wst-dsl-typecheck.groovy")), TypeChecked.class);
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = DslCompileTest.class.getResourceAsStream("/dsl/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void compileTypeChecked(String text, Path file, Class<? extends groovy.lang.Script> base) {
        List<String> imports = base == RunScript.class ? ScriptRunner.STAR_IMPORTS : List.of();
        ScriptCompiler.compile(text, file, base, imports, typeChecked());
    }

    @TestFactory
    Stream<DynamicTest> everyExampleScriptCompilesTypeChecked() {
        return ExamplesEqualityTest.groovyConfigs().stream()
                .map(g -> DynamicTest.dynamicTest(
                        ExamplesEqualityTest.EXAMPLES.relativize(g).toString(), () -> {
                            compileTypeChecked(Files.readString(g), g, EvalScript.class);
                        }));
    }

    @Test
    void theEveryPathScriptCompilesTypeCheckedAndLoads() throws Exception {
        Path script = dir.resolve("every-path.groovy");
        Files.writeString(script, resource("every-path.groovy"));
        compileTypeChecked(Files.readString(script), script, EvalScript.class);
        Files.writeString(dir.resolve("prompt.txt"), "From a file: {{ q }}");
        Files.writeString(dir.resolve("vars.yaml"), "extra: 1\n");
        Files.writeString(dir.resolve("schema.json"), "{\"type\": \"object\"}");
        Files.writeString(dir.resolve("tests.csv"), "q,__expected\nfrom csv,contains:csv\n");
        Files.createDirectories(dir.resolve("more"));
        Files.writeString(dir.resolve("more/a.yaml"), "- vars: {q: from yaml}\n");
        Files.writeString(dir.resolve("defaults.yaml"), "vars: {lang: fr}\n");
        EvalConfig c = ConfigLoader.load(script, Map.of());
        assertEquals(List.of(), c.warnings());
        assertEquals(8, c.prompts().size());
        assertEquals(11, c.providers().size());
        assertEquals(7, c.tests().size());
        assertEquals(53, c.tests().getFirst().asserts().size());
        assertEquals(
                Map.of("lang", "fr", "tone", "dry"),
                c.defaultTest().vars(),
                "the later defaultTest wins; vars add to it");
    }

    @Test
    void theRunScriptPathsCompileTypeChecked() throws Exception {
        Path script = dir.resolve("every-run-path.groovy");
        compileTypeChecked(resource("every-run-path.groovy"), script, RunScript.class);
    }

    @Test
    void aMisspelledMethodFailsTheTypeCheckEvenWhereTheScriptWouldNotRunIt() {
        Path script = dir.resolve("typo.groovy");
        String text =
                """
                provider('ws://127.0.0.1:1/ws') { messageTemplate '{{ prompt }}' }
                if (env.NEVER) {
                    test('never run') {
                        expect { icontain 'x' }
                    }
                }
                """;
        // loading runs the script, which never reaches the typo; the type check sees it
        ConfigException e =
                assertThrows(ConfigException.class, () -> compileTypeChecked(text, script, EvalScript.class));
        assertEquals(4, e.line().getAsInt());
        assertEquals(18, e.column().getAsInt());
        assertTrue(e.problem().contains("Expect has no method icontain"), e.problem());
    }

    @Test
    void anArgumentOfTheWrongTypeFailsTheTypeCheck() {
        Path script = dir.resolve("types.groovy");
        String text = "provider 'ws://127.0.0.1:1/ws'\ntest { expect { ttft 'fast' } }\n";
        ConfigException e =
                assertThrows(ConfigException.class, () -> compileTypeChecked(text, script, EvalScript.class));
        assertEquals(2, e.line().getAsInt());
        assertTrue(e.problem().contains("Expect.ttft does not take (String)"), e.problem());
    }

    @Test
    void everyAssertionTypeHasItsMethod() {
        Set<String> methods = DslBlock.methodNames(Expect.class);
        for (AssertionType t : AssertionType.values()) {
            assertTrue(methods.contains(t.camelCase()), "expect { } has no " + t.camelCase() + " for " + t.id());
        }
    }

    @Test
    void everyDslMethodIsUsedInTheCompileScripts() throws IOException {
        Set<String> words = words(resource("every-path.groovy"));
        for (Class<?> block : List.of(Suite.class, ProviderBlock.class, TestBlock.class, Expect.class)) {
            Set<String> missing = new TreeSet<>(DslBlock.methodNames(block));
            missing.removeAll(words);
            assertEquals(Set.of(), missing, block.getSimpleName() + " methods the compile script does not use");
        }
        Set<String> runWords = words(resource("every-run-path.groovy"));
        Set<String> missing = new TreeSet<>();
        for (Method m : RunScript.class.getDeclaredMethods()) {
            if (Modifier.isPublic(m.getModifiers()) && !m.getName().startsWith("get")) {
                missing.add(m.getName());
            }
        }
        missing.removeAll(runWords);
        assertEquals(Set.of(), missing, "RunScript methods the run compile script does not use");
    }

    @Test
    void theScriptBaseClassHasEverySuiteMethod() {
        for (Method m : Suite.class.getDeclaredMethods()) {
            if (!Modifier.isPublic(m.getModifiers())) {
                continue;
            }
            try {
                Method same = EvalScript.class.getMethod(m.getName(), m.getParameterTypes());
                assertEquals(m.getReturnType(), same.getReturnType(), m.toString());
            } catch (NoSuchMethodException e) {
                throw new AssertionError("EvalScript lacks " + m.getName() + Arrays.toString(m.getParameterTypes()));
            }
        }
    }

    private static Set<String> words(String text) {
        Set<String> out = new TreeSet<>();
        Matcher m = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*").matcher(text);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }
}
