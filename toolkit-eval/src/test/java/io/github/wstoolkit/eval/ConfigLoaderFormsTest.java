package io.github.wstoolkit.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.wstoolkit.api.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The other forms promptfoo configs write prompts, tests and assertions in, and the errors of their bad values. */
class ConfigLoaderFormsTest {

    @TempDir
    Path dir;

    private void write(String name, String text) throws Exception {
        Path f = dir.resolve(name);
        Files.createDirectories(f.getParent());
        Files.writeString(f, text);
    }

    private EvalConfig parse(String yaml) {
        return ConfigLoader.parse(yaml, dir);
    }

    private String error(String yaml) {
        return assertThrows(ConfigException.class, () -> parse(yaml)).getMessage();
    }

    @Test
    void promptsAsObjectsAndAsAMappingOfFilesToLabels() throws Exception {
        write("p.txt", "From a file {{ q }}");
        EvalConfig c = parse(
                """
                prompts:
                  - {raw: 'Say {{ q }}', label: say}
                  - {raw: 'Shout {{ q }}'}
                  - {id: 'file://p.txt', label: filed}
                providers: [echo]
                """);
        assertEquals(
                List.of("say|Say {{ q }}", "Shout {{ q }}|Shout {{ q }}", "filed|From a file {{ q }}"),
                c.prompts().stream().map(p -> p.label() + "|" + p.raw()).toList());
        EvalConfig mapped = parse("prompts: {'file://p.txt': from file, 'Plain {{ q }}': plain}\nproviders: [echo]\n");
        assertEquals(
                List.of("from file|From a file {{ q }}", "plain|Plain {{ q }}"),
                mapped.prompts().stream().map(p -> p.label() + "|" + p.raw()).toList());
        assertEquals(
                "line 1: prompts[0]: a prompt object needs 'raw' (the text) or 'id' (a file:// reference)",
                firstLine(error("prompts: [{label: x}]\nproviders: [echo]\n")));
        assertEquals(
                "line 1: prompts[0]: a prompt must be text, file://path or {raw, label}",
                firstLine(error("prompts: [[a]]\nproviders: [echo]\n")));
    }

    private static String firstLine(String s) {
        return s.lines().findFirst().orElse("");
    }

    @Test
    void aPromptFileSplitByDashesLabelsEachPart() throws Exception {
        write("many.txt", "First {{ q }}\n---\nSecond {{ q }}\n");
        write("one.txt", "Only {{ q }}\n");
        EvalConfig c = parse("prompts: [file://many.txt, file://one.txt]\nproviders: [echo]\n");
        assertEquals(
                List.of("file://many.txt:1", "file://many.txt:2", "file://one.txt"),
                c.prompts().stream().map(PromptSpec::label).toList());
    }

    @Test
    void promptfoosIgnoredTopLevelKeysSaySo() throws Exception {
        EvalConfig c = parse("prompts: [hi]\nproviders: [echo]\nredteam: {plugins: []}\n");
        assertEquals(
                List.of("config:3: redteam: promptfoo's 'redteam' is not supported by wst, ignored"), c.warnings());
    }

    @Test
    void defaultTestAndTestsFromFiles() throws Exception {
        write("default.yaml", "vars: {lang: en}\nassert: [{type: contains, value: x}]\nthreshold: 0.5\n");
        write("tests.json", "[{\"vars\": {\"q\": \"a\"}}, {\"vars\": {\"q\": \"b\"}, \"asert\": []}]");
        EvalConfig c =
                parse("prompts: [hi]\nproviders: [echo]\ndefaultTest: file://default.yaml\ntests: file://tests.json\n");
        assertEquals(Map.of("lang", "en"), c.defaultTest().vars());
        assertEquals(OptionalDouble.of(0.5), c.defaultTest().threshold());
        assertEquals(1, c.defaultTest().asserts().size());
        assertEquals(
                List.of(Map.of("q", "a"), Map.of("q", "b")),
                c.tests().stream().map(TestCase::vars).toList());
        assertEquals(1, c.warnings().size(), c.warnings().toString());
        assertEquals(
                "line 3: tests: tests can be read from .yaml, .yml, .json or .csv files, not t.txt",
                firstLine(errorWith("t.txt", "x", "prompts: [hi]\nproviders: [echo]\ntests: file://t.txt\n")));
    }

    private String errorWith(String file, String content, String yaml) throws Exception {
        write(file, content);
        return error(yaml);
    }

    @Test
    void assertionValuesInTheirOtherFormsAndTheirErrors() {
        EvalConfig c = parse(
                """
                prompts: [hi]
                providers: [echo]
                tests:
                  - assert:
                      - {type: contains-any, value: 'a, b ,c'}
                      - {type: contains, value: x, threshold: '0.25'}
                      - type: assert-set
                        assert: [{type: equals, value: 1}, {type: equals, value: 2}]
                """);
        List<AssertionSpec> a = c.tests().getFirst().asserts();
        assertEquals(List.of("a", "b", "c"), a.get(0).value());
        assertEquals(0.25, a.get(1).threshold().getAsDouble());
        assertEquals(2, a.get(2).children().size());
        String prefix = "prompts: [hi]\nproviders: [echo]\ntests:\n  - assert: [";
        assertEquals(
                "line 4: tests[0].assert[0].assert: an assert-set needs a non-empty 'assert' list",
                firstLine(error(prefix + "{type: assert-set, assert: []}]\n")));
        assertEquals(
                "line 4: tests[0].assert[0].value: a frames assertion needs {min: N, max: N} or a number (exact count)",
                firstLine(error(prefix + "{type: frames, value: many}]\n")));
        assertEquals(
                "line 4: tests[0].assert[0].value: a contains-all assertion needs a list of strings",
                firstLine(error(prefix + "{type: contains-all, value: {a: 1}}]\n")));
        assertEquals(
                "line 4: tests[0].assert[0].threshold: must be a number, got 'high'",
                firstLine(error(prefix + "{type: contains, value: x, threshold: high}]\n")));
    }

    @Test
    void evaluateOptionsMustBeWholeMillisecondsOfZeroOrMore() {
        assertEquals(
                java.util.OptionalLong.of(0),
                parse("prompts: [hi]\nproviders: [echo]\nevaluateOptions: {delay: 0}\n")
                        .evaluateOptions()
                        .delay());
        assertEquals(
                "line 3: evaluateOptions.delay: must be a whole number of milliseconds (0 or more), got -1",
                firstLine(error("prompts: [hi]\nproviders: [echo]\nevaluateOptions: {delay: -1}\n")));
        assertEquals(
                "line 3: evaluateOptions.timeoutMs: must be a whole number of milliseconds (0 or more), got 1.5",
                firstLine(error("prompts: [hi]\nproviders: [echo]\nevaluateOptions: {timeoutMs: 1.5}\n")));
    }

    @Test
    void aCsvThresholdThatIsNotANumberNamesItsCell() throws Exception {
        write("t.csv", "q,__threshold\na,0.5\nb,lots\n");
        ConfigException e = assertThrows(
                ConfigException.class, () -> parse("prompts: [hi]\nproviders: [echo]\ntests: file://t.csv\n"));
        assertEquals("__threshold is not a number: lots", e.problem());
        assertEquals(java.util.OptionalInt.of(3), e.line());
        assertEquals(java.util.OptionalInt.of(2), e.column());
    }

    @Test
    void anchorsMergedWithAPlainMergeKeyAsInPromptfooConfigs() {
        EvalConfig c = parse(
                """
                x-base: &base {timeoutMs: 1000, headers: {X-Team: evals}}
                prompts: [hi]
                providers:
                  - id: echo
                    config:
                      <<: *base
                      timeoutMs: 2000
                """);
        assertEquals(
                Map.of("timeoutMs", 2000, "headers", Map.of("X-Team", "evals")),
                c.providers().getFirst().config());
    }
}
