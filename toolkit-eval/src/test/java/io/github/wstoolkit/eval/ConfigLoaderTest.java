package io.github.wstoolkit.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

class ConfigLoaderTest {

    @TempDir
    Path dir;

    private Path write(String name, String text) throws Exception {
        Path f = dir.resolve(name);
        Files.createDirectories(f.getParent());
        Files.writeString(f, text);
        return f;
    }

    @Test
    void readsThePromptfooShape() throws Exception {
        Path f = write(
                "promptfooconfig.yaml",
                """
                description: translations
                prompts:
                  - 'Rephrase this in {{language}}: {{body}}'
                  - file://prompts/p.txt
                targets:
                  - id: ws://localhost:3300/ws-stream
                    label: local
                    config:
                      messageTemplate: '{"input": {{prompt | dump}}}'
                  - ws://localhost:4000
                defaultTest:
                  vars: {language: French}
                  assert:
                    - type: contains
                      value: a
                tests:
                  - description: hello
                    vars: {body: Hello world}
                    assert:
                      - type: not-icontains
                        value: error
                        weight: 2
                        metric: safety
                    metadata: {conversationId: c1}
                evaluateOptions: {maxConcurrency: 8, repeat: 2, delay: 0}
                outputPath: out/results.json
                env: {WST_X: 1}
                """);
        write("prompts/p.txt", "first {{body}}\n---\nsecond {{body}}\n");
        EvalConfig c = ConfigLoader.load(f);
        assertEquals("translations", c.description().orElseThrow());
        assertEquals(3, c.prompts().size());
        assertEquals("first {{body}}", c.prompts().get(1).raw());
        assertEquals("file://prompts/p.txt:2", c.prompts().get(2).label());
        assertEquals(2, c.providers().size());
        assertEquals("local", c.providers().getFirst().label().orElseThrow());
        assertEquals(
                "{\"input\": {{prompt | dump}}}",
                c.providers().getFirst().config().get("messageTemplate"));
        assertEquals("ws://localhost:4000", c.providers().get(1).id());
        assertEquals(Map.of("language", "French"), c.defaultTest().vars());
        TestCase t = c.tests().getFirst();
        assertEquals("hello", t.description().orElseThrow());
        AssertionSpec a = t.asserts().getFirst();
        assertTrue(a.negated());
        assertEquals(AssertionType.ICONTAINS, a.type());
        assertEquals(2.0, a.weight());
        assertEquals("safety", a.metric().orElseThrow());
        assertEquals(8, c.evaluateOptions().maxConcurrency().getAsInt());
        assertEquals(2, c.evaluateOptions().repeat().getAsInt());
        assertEquals(List.of("out/results.json"), c.outputPaths());
        assertEquals("1", c.env().get("WST_X"));
        assertTrue(c.warnings().isEmpty(), c.warnings().toString());
    }

    @Test
    void unknownKeysAreWarningsNamingFileAndLine() throws Exception {
        Path f = write(
                "c.yaml",
                """
                prompts: [hi]
                providers: [test:echo]
                tset:
                  - vars: {}
                tests:
                  - vars: {a: 1}
                    asert: []
                """);
        EvalConfig c = ConfigLoader.load(f);
        assertEquals(2, c.warnings().size(), c.warnings().toString());
        assertEquals(
                f + ":3: tset: unknown key (did you mean 'tests'?), ignored",
                c.warnings().get(0));
        assertEquals(
                f + ":7: tests[0].asert: unknown key (did you mean 'assert'?), ignored",
                c.warnings().get(1));
    }

    @Test
    void scenariosExpandAsPromptfooDoesEachConfigEntryItsOwnConversation() throws Exception {
        Path f = write(
                "scenarios.yaml",
                """
                prompts: ['{{ q }}']
                providers: [echo]
                defaultTest: {vars: {lang: en}}
                tests:
                  - vars: {q: plain}
                scenarios:
                  - description: two users
                    config:
                      - vars: {user: ann}
                        assert: [{type: contains, value: ann}]
                      - vars: {user: bob}
                        metadata: {conversationId: bob-chat}
                    tests:
                      - vars: {q: hi}
                      - vars: {q: bye, user: override}
                        assert: [{type: contains, value: bye}]
                """);
        EvalConfig c = ConfigLoader.load(f);
        assertEquals(List.of(), c.warnings());
        assertEquals(5, c.tests().size());
        TestCase annHi = c.tests().get(1);
        assertEquals(Map.of("user", "ann", "q", "hi"), annHi.vars());
        assertEquals("__scenario_0__", annHi.metadata().get("conversationId"));
        assertEquals(1, annHi.asserts().size());
        TestCase annBye = c.tests().get(2);
        assertEquals("override", annBye.vars().get("user"));
        assertEquals(
                List.of("ann", "bye"),
                annBye.asserts().stream().map(a -> a.value()).toList());
        assertEquals("bob-chat", c.tests().get(3).metadata().get("conversationId"));
        assertEquals("bob-chat", c.tests().get(4).metadata().get("conversationId"));
    }

    @Test
    void testOptionsAreCheckedAndStoreOutputAsMustBeAName() throws Exception {
        Path f = write(
                "options.yaml",
                """
                prompts: ['{{ q }}']
                providers: [echo]
                tests:
                  - vars: {q: a}
                    options: {provder: echo, runSerially: true}
                """);
        EvalConfig c = ConfigLoader.load(f);
        assertEquals(
                List.of(
                        f + ":5: tests[0].options.provder: unknown key (did you mean 'provider'?), ignored",
                        f + ":5: tests[0].options.runSerially: promptfoo's test option 'runSerially' is not"
                                + " supported by wst, ignored"),
                c.warnings());
        Path bad = write(
                "bad.yaml",
                """
                prompts: ['{{ q }}']
                providers: [echo]
                tests:
                  - options: {storeOutputAs: 'not a name'}
                """);
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(bad));
        assertTrue(e.getMessage().contains("tests[0].options.storeOutputAs: must be a variable name"), e.getMessage());
    }

    @Test
    void anUnclosedQuoteIsReportedAtTheLineThatOpensIt() throws Exception {
        StringBuilder yaml = new StringBuilder("description: quotes\nprompts:\n  - 'Hello {{ name }}\n");
        for (int i = 0; i < 19; i++) {
            yaml.append("  - line ").append(i).append('\n');
        }
        Path f = write("quote.yaml", yaml.toString());
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(f));
        assertEquals(3, e.line().orElse(0), e.getMessage());
        assertTrue(
                e.getMessage()
                        .startsWith(f + ":3:5: invalid YAML: while scanning a quoted scalar that starts here, found"
                                + " unexpected end of stream (line 23): is a quote left open?\n"
                                + "  3 |   - 'Hello {{ name }}\n"
                                + "    |     ^"),
                e.getMessage());
    }

    @Test
    void aMissingFileIsNamedInWords() throws Exception {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(dir.resolve("nope.yaml")));
        assertEquals(dir.resolve("nope.yaml") + ": cannot read the config file: there is no such file", e.getMessage());
    }

    @Test
    void aBadValueFailsWithFileLineAndKey() throws Exception {
        Path f = write(
                "bad.yaml",
                """
                prompts: [hi]
                providers: [test:echo]
                tests:
                  - vars: {a: 1}
                    assert:
                      - type: contains
                        value: x
                      - type: regex
                        value: '(unclosed'
                """);
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(f));
        assertEquals(f, e.file().orElseThrow());
        assertEquals(9, e.line().getAsInt());
        assertEquals("tests[0].assert[1].value", e.key().orElseThrow());
        assertTrue(
                e.getMessage().startsWith(f + ":9: tests[0].assert[1].value: invalid regular expression"),
                e.getMessage());
    }

    @Test
    void anUnknownAssertionTypeIsAConfigError() {
        ConfigException e = assertThrows(
                ConfigException.class,
                () -> ConfigLoader.parse(
                        """
                prompts: [hi]
                providers: [test:echo]
                tests:
                  - assert:
                      - type: contians
                        value: x
                """,
                        dir));
        assertEquals(5, e.line().getAsInt());
        assertTrue(e.problem().startsWith("unknown assertion type 'contians'"), e.problem());
    }

    @Test
    void missingProvidersAndBadYamlAreConfigErrors() {
        ConfigException none = assertThrows(ConfigException.class, () -> ConfigLoader.parse("prompts: [hi]\n", dir));
        assertTrue(none.getMessage().contains("at least one provider is required"), none.getMessage());
        ConfigException yaml =
                assertThrows(ConfigException.class, () -> ConfigLoader.parse("prompts: [hi\nproviders: x\n", dir));
        assertTrue(yaml.getMessage().contains("invalid YAML"), yaml.getMessage());
        assertTrue(yaml.line().isPresent());
        ConfigException latency = assertThrows(
                ConfigException.class,
                () -> ConfigLoader.parse(
                        """
                providers: [test:echo]
                tests:
                  - assert: [{type: latency}]
                """,
                        dir));
        assertTrue(latency.getMessage().contains("needs a threshold in milliseconds"), latency.getMessage());
    }

    // found by ConfigFuzzTest: the PatternSyntaxException of a glob with nested braces escaped the loader
    @Test
    void anInvalidFilePatternIsAConfigErrorAtItsKey() {
        ConfigException e = assertThrows(
                ConfigException.class,
                () -> ConfigLoader.parse("prompts:\n  - file://p{a,{b}}/*.txt\nproviders: [test:echo]\n", dir));
        assertEquals(Optional.of("prompts[0]"), e.key());
        assertEquals(2, e.line().getAsInt());
        assertTrue(e.problem().startsWith("invalid file pattern p{a,{b}}/*.txt: Cannot nest groups"), e.problem());
    }

    @Test
    void testsFromCsvTurnColumnsIntoVarsAndExpectedIntoAssertions() throws Exception {
        write(
                "tests.csv",
                """
                question,__expected,__expected2,__description
                "What is 2+2, really?",contains:4,not-icontains:five,math
                Capital of France,Paris,"contains-any:Paris, paris",geo
                """);
        EvalConfig c = ConfigLoader.parse("providers: [test:echo]\ntests: file://tests.csv\n", dir);
        assertEquals(2, c.tests().size());
        TestCase t0 = c.tests().get(0);
        assertEquals(Map.of("question", "What is 2+2, really?"), t0.vars());
        assertEquals("math", t0.description().orElseThrow());
        assertEquals("contains", t0.asserts().get(0).typeName());
        assertEquals("4", t0.asserts().get(0).value());
        assertEquals("not-icontains", t0.asserts().get(1).typeName());
        TestCase t1 = c.tests().get(1);
        assertEquals("equals", t1.asserts().get(0).typeName());
        assertEquals("Paris", t1.asserts().get(0).value());
        assertEquals(List.of("Paris", "paris"), t1.asserts().get(1).value());
    }

    @Test
    void testsAndVarsFromYamlAndJsonFiles() throws Exception {
        write(
                "tests/a.yaml",
                """
                - vars: {city: Paris}
                  assert: [{type: equals, value: Paris}]
                - vars: file://vars.json
                """);
        write("tests/vars.json", "{\"city\": \"Rome\", \"doc\": \"file://doc.txt\"}");
        write("tests/doc.txt", "a document");
        EvalConfig c = ConfigLoader.parse("providers: [test:echo]\ntests: [file://tests/*.yaml]\n", dir);
        assertEquals(2, c.tests().size());
        assertEquals("Rome", c.tests().get(1).vars().get("city"));
        assertEquals("a document", c.tests().get(1).vars().get("doc"));
    }

    @Test
    void promptFilesByExtensionAndGlob() throws Exception {
        write("p/a.txt", "A {{x}}");
        write("p/b.json", "[{\"role\":\"user\",\"content\":\"{{x}}\"}]");
        write("p/c.yaml", "- role: user\n  content: '{{x}}'\n");
        EvalConfig c = ConfigLoader.parse("prompts: ['file://p/*']\nproviders: [test:echo]\n", dir);
        assertEquals(
                List.of(
                        "A {{x}}",
                        "[{\"role\":\"user\",\"content\":\"{{x}}\"}]",
                        "[{\"role\":\"user\",\"content\":\"{{x}}\"}]"),
                c.prompts().stream().map(PromptSpec::raw).toList());
        ConfigException missing = assertThrows(
                ConfigException.class,
                () -> ConfigLoader.parse("prompts: [file://nope.txt]\nproviders: [test:echo]\n", dir));
        assertTrue(missing.getMessage().contains("file not found"), missing.getMessage());
    }

    @Test
    void groovyCodeWithoutACompilerSaysWhatIsMissing() {
        ConfigException e = assertThrows(
                ConfigException.class,
                () -> ConfigLoader.parse(
                        """
                providers: [test:echo]
                tests:
                  - assert:
                      - type: groovy
                        value: output.size() > 2
                """,
                        dir));
        assertEquals("tests[0].assert[0].value", e.key().orElseThrow());
        assertTrue(e.problem().contains("transform compiler (toolkit-groovy)"), e.problem());
    }

    @Test
    void severalConfigsMergeAsPromptfooCombinesThem() throws Exception {
        Path a = write(
                "a.yaml",
                """
                description: A
                prompts: [p1]
                providers: [test:one]
                tests: [{vars: {x: 1}}]
                defaultTest: {vars: {lang: en, tone: dry}}
                env: {K: a}
                """);
        Path b = write(
                "b.yaml",
                """
                description: B
                prompts: [p1, p2]
                providers: [test:two]
                tests: [{vars: {x: 2}}]
                defaultTest: {vars: {lang: fr}}
                env: {K: b}
                evaluateOptions: {maxConcurrency: 2}
                """);
        EvalConfig c = ConfigLoader.load(List.of(a, b));
        assertEquals("A, B", c.description().orElseThrow());
        assertEquals(
                List.of("p1", "p2"), c.prompts().stream().map(PromptSpec::raw).toList());
        assertEquals(
                List.of("test:one", "test:two"),
                c.providers().stream().map(ProviderEntry::id).toList());
        assertEquals(2, c.tests().size());
        assertEquals(Map.of("lang", "fr", "tone", "dry"), c.defaultTest().vars());
        assertEquals("b", c.env().get("K"));
        assertEquals(2, c.evaluateOptions().maxConcurrency().getAsInt());
        assertEquals(List.of(a, b), c.files());
    }

    @Test
    void mockServerKeyAcceptsTrueOrAPortAndScenario() {
        EvalConfig on = ConfigLoader.parse("providers: [test:echo]\nmockServer: true\n", dir);
        assertEquals(0, on.mockServer().orElseThrow().port());
        EvalConfig off = ConfigLoader.parse("providers: [test:echo]\nmockServer: false\n", dir);
        assertFalse(off.mockServer().isPresent());
        EvalConfig custom =
                ConfigLoader.parse("providers: [test:echo]\nmockServer: {port: 0, scenario: file://s.yaml}\n", dir);
        assertEquals(
                "file://" + dir.toAbsolutePath().normalize().resolve("s.yaml"),
                custom.mockServer().orElseThrow().scenario().orElseThrow());
        ConfigException bad = assertThrows(
                ConfigException.class,
                () -> ConfigLoader.parse("providers: [test:echo]\nmockServer: {port: 99999}\n", dir));
        assertEquals("mockServer.port", bad.key().orElseThrow());
    }

    @Test
    void aGroovyConfigWithoutTheDslSaysWhatIsMissing() throws Exception {
        Path f = write("suite.groovy", "prompt 'x'\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(f));
        assertEquals(f, e.file().orElseThrow());
        assertTrue(e.problem().startsWith("a Groovy config needs the Groovy DSL (toolkit-dsl"), e.problem());
    }

    @Test
    void aStrictDocumentMakesUnknownKeysErrorsAndMayHoldCompiledCode() throws Exception {
        Path file = dir.resolve("suite.groovy");
        io.github.wstoolkit.api.transform.AssertionFunction check = (output, context) -> true;
        Map<String, Object> tree = Map.of(
                "providers", List.of("test:echo"),
                "tests", List.of(Map.of("assert", List.of(Map.of("type", "groovy", "value", check)))));
        EvalConfig c = ConfigLoader.read(
                new io.github.wstoolkit.eval.spi.ConfigDocument(
                        tree, java.util.Optional.of(file), dir, Map.of("tests[0].assert[0]", 7), true),
                Map.of());
        assertTrue(c.tests().getFirst().asserts().getFirst().function().orElseThrow() == check);
        Map<String, Object> typo = Map.of("providers", List.of("test:echo"), "tset", List.of());
        ConfigException e = assertThrows(
                ConfigException.class,
                () -> ConfigLoader.read(
                        new io.github.wstoolkit.eval.spi.ConfigDocument(
                                typo, java.util.Optional.of(file), dir, Map.of("tset", 3), true),
                        Map.of()));
        assertEquals(3, e.line().getAsInt());
        assertTrue(
                e.problem().startsWith("unknown key 'tset' (did you mean 'tests'?); known: commandLineOptions,"),
                e.problem());
    }
}
