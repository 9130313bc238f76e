package io.github.wstoolkit.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wstoolkit.api.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the loader checks in each section and what it reads there: unknown keys named with file, line and path
 * wherever they are, provider options checked against the provider's own, CSV rows, var files by extension, and the
 * limits of assertion fields.
 */
class ConfigLoaderChecksTest {

    @TempDir
    Path dir;

    private Path write(String name, String text) throws Exception {
        Path f = dir.resolve(name);
        Files.createDirectories(f.getParent());
        Files.writeString(f, text);
        return f;
    }

    @Test
    void unknownKeysAreNamedInEverySection() throws Exception {
        Path f = write(
                "c.yaml",
                """
                prompts: [hi]
                providers:
                  - id: echo
                    labl: one
                evaluateOptions: {maxConcurency: 2}
                mockServer: {port: 0, scenaro: x.yaml}
                scenarios:
                  - config: [{vars: {a: 1}}]
                    test: []
                tests:
                  - vars: {a: 1}
                    assert:
                      - type: contains
                        value: x
                        wieght: 2
                """);
        EvalConfig c = ConfigLoader.load(f);
        assertEquals(
                List.of(
                        f + ":4: providers[0].labl: unknown key (did you mean 'label'?), ignored",
                        f + ":15: tests[0].assert[0].wieght: unknown key (did you mean 'weight'?), ignored",
                        f + ":9: scenarios[0].test: unknown key (did you mean 'tests'?), ignored",
                        f + ":5: evaluateOptions.maxConcurency: unknown key (did you mean 'maxConcurrency'?), ignored",
                        f + ":6: mockServer.scenaro: unknown key (did you mean 'scenario'?), ignored"),
                c.warnings());
    }

    @Test
    void aSingleProviderIsNamedWithoutAnIndexAndPromptfoosKeyedFormIsRead() throws Exception {
        Path f = write(
                "c.yaml",
                """
                prompts: [hi]
                providers: {id: echo, labl: one}
                """);
        assertEquals(
                List.of(f + ":2: providers.labl: unknown key (did you mean 'label'?), ignored"),
                ConfigLoader.load(f).warnings());
        EvalConfig keyed = ConfigLoader.parse(
                """
                prompts: [hi]
                providers:
                  - 'ws://localhost:1/chat': {label: chat, config: {timeoutMs: 5}}
                """,
                dir);
        ProviderEntry p = keyed.providers().getFirst();
        assertEquals("ws://localhost:1/chat", p.id());
        assertEquals(Optional.of("chat"), p.label());
        assertEquals(Map.of("timeoutMs", 5), p.config());
        assertEquals(List.of(), keyed.warnings());
    }

    @Test
    void providerOptionsAreCheckedAgainstTheProviderTheIdNamesAfterItsEnvIsRendered() throws Exception {
        Path f = write(
                "c.yaml",
                """
                env: {FROM_CONFIG: echo}
                prompts: [hi]
                providers:
                  - id: '{{ env.FROM_CALLER }}'
                    config: {maxRetrys: 2}
                  - id: '{{ env.FROM_CONFIG }}'
                    config: {maxRetries: 2, colour: red}
                  - id: echo
                    config: {}
                """);
        EvalConfig c = ConfigLoader.load(f, Map.of("FROM_CALLER", "echo"));
        assertEquals(
                List.of(
                        f + ":5: providers[0].config.maxRetrys: not an option of echo providers (did you mean"
                                + " 'maxRetries'?), ignored",
                        f + ":7: providers[1].config.colour: not an option of echo providers, ignored"),
                c.warnings());
    }

    @Test
    void eachScenarioEntryIsItsOwnConversation() throws Exception {
        EvalConfig c = ConfigLoader.parse(
                """
                prompts: [hi]
                providers: [echo]
                scenarios:
                  - config: [{vars: {a: 1}}, {vars: {a: 2}}]
                    tests: [{vars: {b: 1}}, {vars: {b: 2}}]
                  - config: [{vars: {a: 3}}]
                """,
                dir);
        assertEquals(
                List.of("__scenario_0__", "__scenario_0__", "__scenario_1__", "__scenario_1__", "__scenario_2__"),
                c.tests().stream().map(t -> t.metadata().get("conversationId")).toList());
    }

    @Test
    void csvRowsSkipBlankLinesPadShortRowsAndCarryTheirMetric() throws Exception {
        write("t.csv", "q,extra,__expected,__metric\nhello,x,contains: hello,greeting\n\nshort\n");
        EvalConfig c = ConfigLoader.parse("prompts: [hi]\nproviders: [echo]\ntests: file://t.csv\n", dir);
        assertEquals(2, c.tests().size(), "the blank line is no test");
        TestCase first = c.tests().getFirst();
        assertEquals(Optional.of("greeting"), first.asserts().getFirst().metric());
        assertEquals(dir.resolve("t.csv") + ":2", first.location());
        TestCase shortRow = c.tests().get(1);
        assertEquals(Map.of("q", "short", "extra", ""), shortRow.vars());
        assertEquals(List.of(), shortRow.asserts());
        assertEquals(dir.resolve("t.csv") + ":4", shortRow.location());
    }

    @Test
    void aTestsProviderBecomesItsGraderOptionAndOptionsWithoutStoreOutputAsAreFine() throws Exception {
        EvalConfig c = ConfigLoader.parse(
                """
                prompts: [hi]
                providers: [echo]
                tests:
                  - provider: echo
                    options: {rubricPrompt: judge}
                  - options: {provider: other}
                    provider: echo
                """,
                dir);
        assertEquals(
                Map.of("rubricPrompt", "judge", "provider", "echo"),
                c.tests().get(0).options());
        assertEquals(Map.of("provider", "other"), c.tests().get(1).options(), "options.provider wins");
    }

    @Test
    void varFilesAreParsedByExtensionAndOtherwiseRead() throws Exception {
        write("v.json", "{\"k\": [1, 2]}");
        write("v.yaml", "k: true\n");
        write("v.yml", "- 1\n");
        write("v.txt", "{\"k\": 1}");
        EvalConfig c = ConfigLoader.parse(
                """
                prompts: [hi]
                providers: [echo]
                tests:
                  - vars: {j: file://v.json, y: file://v.yaml, l: file://v.yml, t: file://v.txt}
                """,
                dir);
        Map<String, Object> vars = c.tests().getFirst().vars();
        assertEquals(Map.of("k", List.of(1, 2)), vars.get("j"));
        assertEquals(Map.of("k", true), vars.get("y"));
        assertEquals(List.of(1), vars.get("l"));
        assertEquals("{\"k\": 1}", vars.get("t"));
    }

    private ConfigException bad(String assertion) {
        return assertThrows(
                ConfigException.class,
                () -> ConfigLoader.parse(
                        "prompts: [hi]\nproviders: [echo]\ntests:\n  - assert: [" + assertion + "]\n", dir));
    }

    @Test
    void assertionFieldsAtTheirLimits() throws Exception {
        assertTrue(bad("{type: not-assert-set, assert: [{type: equals, value: 1}]}")
                .getMessage()
                .contains("unknown assertion type 'not-assert-set'; wst supports "));
        assertTrue(bad("{type: contains, value: x, weight: -1}").getMessage().contains("must not be negative"));
        write("sub/expected.txt", "the expected text");
        EvalConfig c = ConfigLoader.parse(
                """
                prompts: [hi]
                providers: [echo]
                tests:
                  - assert:
                      - {type: contains, value: x, weight: 0}
                      - {type: latency, value: 250}
                      - {type: ttft, value: 100, threshold: 50}
                      - {type: equals, value: file://expected.txt}
                """,
                dir.resolve("sub"));
        List<AssertionSpec> a = c.tests().getFirst().asserts();
        assertEquals(0, a.get(0).weight());
        assertEquals(250, a.get(1).threshold().getAsDouble(), "a latency's value is its threshold");
        assertEquals(50, a.get(2).threshold().getAsDouble(), "an explicit threshold wins");
        assertEquals("the expected text", a.get(3).value(), "a file:// value is read");
    }
}
