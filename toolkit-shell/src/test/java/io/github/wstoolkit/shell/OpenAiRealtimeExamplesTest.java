package io.github.wstoolkit.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The seed 002 examples in {@code examples/openai-realtime/} run offline through {@code wst eval}: the embedded mock
 * plays the Realtime API, Groovy answers the tool calls and builds the conversation prompt, and every test passes.
 */
class OpenAiRealtimeExamplesTest {

    private static Path example(String file) {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("examples/openai-realtime"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new AssertionError(
                    "examples/openai-realtime not found above " + Path.of("").toAbsolutePath());
        }
        return dir.resolve("examples/openai-realtime").resolve(file);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "promptfooconfig.yaml",
                "promptfooconfig-conversation.yaml",
                "promptfooconfig-function-calling.yaml",
                "test-audio.yaml"
            })
    void exampleRunsOfflineAndEveryTestPasses(String config) throws Exception {
        Path out = Files.createTempDirectory("wst-rt-example").resolve("results.json");
        WstTest.Result r = WstTest.run(
                Map.of(), "eval", "-c", example(config).toString(), "--no-progress-bar", "-o", out.toString());
        assertEquals(0, r.code(), r.out() + "\n" + r.err());
        assertTrue(r.out().contains(" 0 failed, 0 errors"), r.out());
        String json = Files.readString(out);
        assertTrue(!json.contains("test-key"), "no API key in the results file");
    }
}
