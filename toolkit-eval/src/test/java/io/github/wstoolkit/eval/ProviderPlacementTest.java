package io.github.wstoolkit.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wstoolkit.api.ConfigException;
import io.github.wstoolkit.eval.internal.Graders;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A provider's bad config named at the provider's place in the config file, and the grader each llm-rubric assertion
 * will use, found before the run.
 */
class ProviderPlacementTest {

    @TempDir
    Path dir;

    private final TestProviders providers = new TestProviders().with("echo", TestProviders.echo());

    private ConfigException build(EvalConfig config) {
        return assertThrows(ConfigException.class, () -> Eval.builder()
                .config(config)
                .registry(providers.registry())
                .env(Map.of())
                .build());
    }

    @Test
    void aBadRetryConfigIsNamedAtTheProvidersFileAndLine() throws Exception {
        Path f = dir.resolve("suite.yaml");
        Files.writeString(f, "prompts: [hi]\nproviders:\n  - test:echo\n  - id: test:echo\n    config: {retry: 5}\n");
        ConfigException e = build(ConfigLoader.load(f));
        assertEquals(Optional.of(f), e.file());
        assertEquals(OptionalInt.of(4), e.line());
        assertTrue(e.getMessage().contains("providers[1].config.retry: must be a map"), e.getMessage());
        // a config without a file: the line alone
        ConfigException inline =
                build(ConfigLoader.parse("prompts: [hi]\nproviders:\n  - {id: test:echo, config: {retry: 5}}\n", dir));
        assertEquals(Optional.empty(), inline.file());
        assertEquals(OptionalInt.of(3), inline.line());
        // a provider made in code has no place: the problem as it is
        ConfigException bare = build(EvalConfig.of(
                List.of(PromptSpec.of("hi")),
                List.of(new ProviderEntry("test:echo", Optional.empty(), Map.of("retry", 5), dir, Optional.empty())),
                List.of()));
        assertEquals(Optional.empty(), bare.file());
        assertEquals(OptionalInt.empty(), bare.line());
        // an origin that is not file:line is taken as the file
        ConfigException odd = build(EvalConfig.of(
                List.of(PromptSpec.of("hi")),
                List.of(new ProviderEntry(
                        "test:echo", Optional.empty(), Map.of("retry", 5), dir, Optional.of("suite.groovy:main"))),
                List.of()));
        assertEquals(Optional.of(Path.of("suite.groovy:main")), odd.file());
        assertEquals(OptionalInt.empty(), odd.line());
        assertEquals(
                "first", new ProviderEntry("x", Optional.of("first"), Map.of(), dir, Optional.empty()).displayName());
        assertEquals("x", ProviderEntry.of("x").displayName());
    }

    @Test
    void everyRubricAssertionHasItsGraderAndPlaceInsideAssertSetsToo() {
        EvalConfig c = ConfigLoader.parse(
                """
                prompts: [hi]
                providers: [test:echo]
                tests:
                  - options: {provider: from-test}
                    assert:
                      - {type: llm-rubric, value: a}
                      - type: assert-set
                        assert: [{type: llm-rubric, value: b, provider: own}, {type: contains, value: x}]
                  - assert: [{type: llm-rubric, value: c}]
                """,
                dir);
        List<Graders.Use> uses = Graders.uses(c.tests());
        assertEquals(
                List.of(Optional.of("from-test"), Optional.of("own"), Optional.empty()),
                uses.stream().map(Graders.Use::spec).toList());
        assertEquals(
                List.of("config:6", "config:8", "config:9"),
                uses.stream().map(Graders.Use::location).toList());
        assertEquals(Optional.empty(), Graders.defaultGrader(Map.of("OPENAI_API_KEY", " ")));
        assertEquals(
                Graders.DEFAULT_ID,
                ((Map<?, ?>) Graders.defaultGrader(Map.of("OPENAI_API_KEY", "sk-x"))
                                .orElseThrow())
                        .get("id"));
    }
}
