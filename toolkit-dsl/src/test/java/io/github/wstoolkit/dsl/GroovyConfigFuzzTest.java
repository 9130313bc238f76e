package io.github.wstoolkit.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wstoolkit.api.ConfigException;
import io.github.wstoolkit.dsl.fuzz.Fuzzer;
import io.github.wstoolkit.eval.EvalConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fuzzes the Groovy config path's error handling, where it is cheap: mutated example scripts either build a config or
 * fail with a {@link ConfigException} naming the script. Each input compiles a script (tens of milliseconds and a class
 * each), so the CI run is a few hundred inputs; {@code -Dfuzz.iterations} runs more.
 */
class GroovyConfigFuzzTest {

    static final List<String> DICTIONARY = List.of(
            "provider(",
            "provider('ws://h/p') {",
            "test(",
            "test('t') {",
            "expect {",
            "}",
            "{",
            "(",
            ")",
            "[",
            "]",
            "'",
            "\"",
            "\"${",
            "${env.X}",
            "vars ",
            "question: ",
            "prompt ",
            "prompts ",
            "description ",
            "mockServer()",
            "label ",
            "messageTemplate ",
            "streamResponse ",
            "transformResponse ",
            "timeoutMs ",
            "equals ",
            "contains ",
            "not.contains ",
            "icontains ",
            "regex ",
            "isJson()",
            "frames min: ",
            "ttft ",
            "latency ",
            "groovy { output, context -> ",
            "llmRubric ",
            "defaultTest {",
            "options {",
            "metadata ",
            "conversationId: ",
            "{ acc, event, ctx -> ",
            "[acc, false]",
            "null",
            "true",
            "1",
            "-1",
            "2147483648",
            "def ",
            "return ",
            "->",
            ",",
            ":",
            "\n",
            "    ",
            "//",
            "/*",
            "*/",
            "\\",
            "file('x')",
            "env.NOPE.size()");

    @TempDir
    Path dir;

    @Test
    void anyScriptBuildsAConfigOrFailsNamingTheScript() {
        AtomicInteger n = new AtomicInteger();
        Fuzzer.Report report = Fuzzer.of("groovy-config", List.of(), DICTIONARY, 250, 4000)
                .defaultTimeout(Duration.ofSeconds(60))
                .run(text -> {
                    Path script = dir.resolve("fuzz" + n.incrementAndGet() + ".groovy");
                    // getBytes, not writeString: a mutated text may hold a lone surrogate, which UTF-8 cannot encode
                    // (writeString throws; a file on disk has '?' there)
                    Files.write(script, text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    EvalConfig config;
                    try {
                        config = EvalScripts.load(script, Map.of("WST_MOCK_URL", "ws://127.0.0.1:1"));
                    } catch (ConfigException e) {
                        assertEquals(script, e.file().orElse(null), () -> "names the script: " + e.getMessage());
                        assertFalse(e.problem().isBlank(), "a problem");
                        return false;
                    }
                    assertFalse(config.providers().isEmpty(), "a config has a provider");
                    return true;
                });
        assertTrue(report.accepted() > 0, () -> "nothing loaded: " + report);
    }
}
