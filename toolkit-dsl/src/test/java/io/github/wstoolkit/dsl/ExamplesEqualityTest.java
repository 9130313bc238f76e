package io.github.wstoolkit.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wstoolkit.eval.ConfigLoader;
import io.github.wstoolkit.eval.Eval;
import io.github.wstoolkit.eval.EvalConfig;
import io.github.wstoolkit.eval.EvalRun;
import io.github.wstoolkit.eval.GradingResult;
import io.github.wstoolkit.mockserver.MockServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every example config exists as YAML and as a Groovy script, and the two are the same suite: they load into equal
 * records (after {@link Normalised} takes out where things were written and stands one marker in for code), and
 * they run against the mock server with the same outcome for every case (so the code, compared only by marker above,
 * does the same). {@code wst convert}'s output of every YAML example loads into equal records too.
 */
class ExamplesEqualityTest {

    static final Path EXAMPLES = Path.of("..", "examples").toAbsolutePath().normalize();

    /** Every example config written both ways: the Groovy script beside its YAML twin. */
    static List<Path> groovyConfigs() {
        try (Stream<Path> s = Files.walk(EXAMPLES)) {
            return s.filter(p -> p.toString().endsWith(".groovy"))
                    .filter(p -> Files.exists(twin(p)))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path twin(Path groovy) {
        String name = groovy.getFileName().toString();
        return groovy.resolveSibling(name.substring(0, name.length() - ".groovy".length()) + ".yaml");
    }

    @Test
    void everyExamplesPromptfooconfigHasAGroovyForm() throws IOException {
        try (Stream<Path> s = Files.list(EXAMPLES)) {
            for (Path dir : s.filter(Files::isDirectory).toList()) {
                Path yaml = dir.resolve("promptfooconfig.yaml");
                if (Files.exists(yaml)) {
                    assertTrue(
                            Files.exists(dir.resolve("promptfooconfig.groovy")),
                            dir + " has no promptfooconfig.groovy");
                }
            }
        }
        assertTrue(groovyConfigs().size() >= 13, groovyConfigs().toString());
    }

    @TestFactory
    Stream<DynamicTest> eachPairLoadsIntoEqualRecords() {
        return groovyConfigs().stream()
                .map(g -> DynamicTest.dynamicTest(EXAMPLES.relativize(g).toString(), () -> {
                    EvalConfig yaml = ConfigLoader.load(twin(g), Map.of());
                    EvalConfig groovy = ConfigLoader.load(g, Map.of());
                    assertEquals(List.of(), yaml.warnings());
                    assertEquals(List.of(), groovy.warnings());
                    assertEquals(Normalised.of(yaml), Normalised.of(groovy));
                    // the normalisation takes out locations, not what was said
                    assertFalse(groovy.tests().isEmpty() && yaml.tests().isEmpty());
                    assertEquals(yaml.tests().size(), groovy.tests().size());
                }));
    }

    @TestFactory
    Stream<DynamicTest> eachPairRunsWithTheSameOutcomes() {
        return groovyConfigs().stream()
                .map(g -> DynamicTest.dynamicTest(EXAMPLES.relativize(g).toString(), () -> {
                    List<Outcome> yaml = outcomes(ConfigLoader.load(twin(g), Map.of()));
                    List<Outcome> groovy = outcomes(ConfigLoader.load(g, Map.of()));
                    assertEquals(yaml, groovy);
                    assertTrue(yaml.stream().allMatch(Outcome::passed), yaml::toString);
                }));
    }

    @TestFactory
    Stream<DynamicTest> convertedYamlLoadsIntoEqualRecords(@TempDir Path tmp) {
        return groovyConfigs().stream()
                .map(g -> DynamicTest.dynamicTest(EXAMPLES.relativize(g).toString(), () -> {
                    // the converted script sits beside the YAML, as `wst convert` says it must: copy the example folder
                    Path dir = tmp.resolve(EXAMPLES.relativize(g.getParent()).toString());
                    copy(g.getParent(), dir);
                    Path yamlFile = dir.resolve(twin(g).getFileName());
                    EvalConfig yaml = ConfigLoader.load(yamlFile, Map.of());
                    Path converted = dir.resolve("converted-" + g.getFileName());
                    Files.writeString(converted, EvalScripts.toGroovy(yaml.raw()));
                    EvalConfig groovy = ConfigLoader.load(converted, Map.of());
                    assertEquals(Normalised.of(yaml), Normalised.of(groovy), Files.readString(converted));
                    assertEquals(List.of(), groovy.warnings());
                }));
    }

    /**
     * What a case came to: whether it errored, whether each of its assertions held (except the timing ones, ttft,
     * latency and max-frame-gap: a loaded machine may be slow, and this test compares front ends, not speed), whether
     * it passed (or failed only on timing), and its output.
     */
    record Outcome(
            int index,
            String test,
            String provider,
            boolean errored,
            List<String> checks,
            boolean passed,
            String output) {}

    static List<Outcome> outcomes(EvalConfig config) {
        try (MockServer mock = MockServer.builder().port(0).start()) {
            Map<String, String> env = Map.of(
                    "WST_MOCK_URL", "ws://" + mock.host() + ":" + mock.port(),
                    "WST_MOCK_HOST", mock.host() + ":" + mock.port());
            try (Eval eval = Eval.builder().config(config).env(env).build()) {
                EvalRun run = eval.run();
                assertEquals(run.planned(), run.results().size());
                return run.results().stream()
                        .map(r -> {
                            List<GradingResult> parts = r.grading()
                                    .map(GradingResult::componentResults)
                                    .orElse(List.of());
                            boolean slow = parts.stream().anyMatch(g -> !g.pass() && timing(g));
                            return new Outcome(
                                    r.index(),
                                    r.caseName(),
                                    r.providerLabel().replace(mock.host() + ":" + mock.port(), "MOCK"),
                                    r.error().isPresent(),
                                    parts.stream()
                                            .filter(g -> !timing(g))
                                            .map(g -> g.assertion()
                                                            .map(a -> a.typeName())
                                                            .orElse("?") + ":" + g.pass())
                                            .toList(),
                                    r.success() || (slow && r.error().isEmpty()),
                                    r.error().orElse(r.outputText()));
                        })
                        .toList();
            }
        }
    }

    private static boolean timing(GradingResult g) {
        return g.assertion().isPresent() && g.assertion().get().type().isTiming();
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else if (!Files.exists(target)) {
                    Files.copy(p, target);
                }
            }
        }
    }
}
