package io.github.wstoolkit.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every bundled example runs offline (its config starts the mock server) and passes: exit 0, no failure; in YAML and
 * in its Groovy form (a {@code .groovy} beside the YAML file).
 */
class ExamplesTest {

    static final Path EXAMPLES = Path.of("..", "examples").toAbsolutePath().normalize();
    private static final Pattern SUMMARY = Pattern.compile("(?m)^(\\d+) passed, 0 failed, 0 errors$");

    static List<Path> configs() throws Exception {
        try (Stream<Path> s = Files.walk(EXAMPLES)) {
            return s.filter(p -> p.toString().endsWith(".yaml") || isGroovyTwin(p))
                    .filter(p -> {
                        try {
                            return p.toString().endsWith(".groovy")
                                    || Files.readString(p).contains("\nproviders:")
                                    || Files.readString(p).contains("\ntargets:");
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    })
                    .sorted()
                    .toList();
        }
    }

    /** A Groovy config beside its YAML twin (other .groovy files are transforms and prompt functions). */
    private static boolean isGroovyTwin(Path p) {
        String name = p.getFileName().toString();
        return name.endsWith(".groovy")
                && Files.exists(p.resolveSibling(name.substring(0, name.length() - ".groovy".length()) + ".yaml"));
    }

    @TestFactory
    Stream<DynamicTest> everyExampleRunsOfflineAndPasses() throws Exception {
        List<Path> configs = configs();
        assertTrue(configs.size() >= 26, "examples found: " + configs);
        return configs.stream()
                .map(c -> DynamicTest.dynamicTest(EXAMPLES.relativize(c).toString(), () -> {
                    WstTest.Result r = WstTest.run(Map.of(), "eval", "-c", c.toString(), "--no-progress-bar");
                    assertEquals(0, r.code(), r.out() + r.err());
                    Matcher m = SUMMARY.matcher(r.out());
                    assertTrue(m.find(), r.out());
                    assertTrue(Integer.parseInt(m.group(1)) > 0);
                    assertTrue(r.err().contains("wst: mock server started at ws://127.0.0.1:"), r.err());
                    assertTrue(!r.err().contains("warning"), "no config warnings: " + r.err());
                }));
    }

    @Test
    void theIndexListsEveryExampleFile() throws Exception {
        List<String> listed = Files.readAllLines(EXAMPLES.resolve("index.txt")).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#"))
                .sorted()
                .toList();
        List<String> present;
        try (Stream<Path> s = Files.walk(EXAMPLES)) {
            present = s.filter(Files::isRegularFile)
                    .map(p -> EXAMPLES.relativize(p).toString().replace('\\', '/'))
                    .filter(p -> !p.equals("index.txt"))
                    .sorted()
                    .toList();
        }
        assertEquals(present, listed, "examples/index.txt must list every file (wst init copies what it lists)");
    }

    @Test
    void everyExampleHasAReadme() throws Exception {
        try (Stream<Path> s = Files.list(EXAMPLES)) {
            for (Path dir : s.filter(Files::isDirectory).toList()) {
                assertTrue(Files.isRegularFile(dir.resolve("README.md")), dir + " has no README.md");
            }
        }
    }
}
