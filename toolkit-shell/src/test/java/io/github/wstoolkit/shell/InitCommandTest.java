package io.github.wstoolkit.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InitCommandTest {

    @TempDir
    Path dir;

    @Test
    void listNamesEveryExample() {
        WstTest.Result r = WstTest.run(Map.of(), "init", "--list");
        assertEquals(0, r.code());
        for (String name : new String[] {
            "getting-started",
            "transform-stream",
            "stream-response",
            "assertions-text",
            "assertions-json",
            "assertions-code",
            "assertions-streaming",
            "llm-rubric",
            "conversation"
        }) {
            assertTrue(r.out().contains("  " + name + " "), name + " missing from\n" + r.out());
        }
        assertTrue(
                r.out()
                        .contains("getting-started            A first eval: a streaming chatbot over WebSocket, tested"
                                + " offline."),
                r.out());
        assertFalse(r.out().toLowerCase(java.util.Locale.ROOT).contains("seed"), r.out());
    }

    @Test
    void exampleIsCopiedIntoANewFolderAndRuns() throws Exception {
        Path target = dir.resolve("my-eval");
        // the example's old name still works
        WstTest.Result r = WstTest.run(Map.of(), "init", "--example", "websocket-streaming", target.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("from the example 'transform-stream'"), r.out());
        assertEquals(
                Files.readString(ExamplesTest.EXAMPLES.resolve("transform-stream/promptfooconfig.yaml")),
                Files.readString(target.resolve("promptfooconfig.yaml")));
        assertTrue(Files.isRegularFile(target.resolve("stream-transforms/simple-chunk.groovy")));
        WstTest.Result run = WstTest.run(
                Map.of(),
                "eval",
                "-c",
                target.resolve("promptfooconfig.yaml").toString(),
                "--no-table",
                "--filter-providers",
                "local-file");
        assertEquals(0, run.code(), run.out() + run.err());
        assertEquals("3 passed, 0 failed, 0 errors" + System.lineSeparator(), run.out());
    }

    @Test
    void refusesAnUnknownExampleAndANonEmptyFolder() throws Exception {
        WstTest.Result unknown = WstTest.run(Map.of(), "init", "--example", "nope", dir.toString());
        assertEquals(1, unknown.code());
        assertTrue(unknown.err().contains("no example named 'nope'; known: "), unknown.err());
        Files.writeString(dir.resolve("keep.txt"), "mine");
        WstTest.Result busy = WstTest.run(Map.of(), "init", "--example", "getting-started", dir.toString());
        assertEquals(1, busy.code());
        assertTrue(busy.err().contains("exists and is not empty"), busy.err());
        assertEquals("mine", Files.readString(dir.resolve("keep.txt")));
    }
}
