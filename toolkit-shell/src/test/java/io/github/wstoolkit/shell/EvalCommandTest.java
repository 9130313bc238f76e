package io.github.wstoolkit.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code wst eval} against the embedded mock server's echo endpoint ({@code /ws}: "You said: <input>"). */
class EvalCommandTest {

    private static final String SECRET = "sk-test-0123456789secret";

    @TempDir
    Path dir;

    private Path config(String tests) throws Exception {
        Path f = dir.resolve("promptfooconfig.yaml");
        Files.writeString(
                f,
                """
                description: cli
                mockServer: true
                prompts: ['{{ q }}']
                providers:
                  - id: '{{ env.WST_MOCK_URL }}/ws?api_key=%s'
                    label: echo
                    config:
                      messageTemplate: '{"input": {{ prompt | dump }}}'
                      transformResponse: data.message
                      headers: {Authorization: 'Bearer %s'}
                  - id: '{{ env.WST_MOCK_URL }}/ws'
                    label: other
                    config:
                      messageTemplate: '{"input": {{ prompt | dump }}}'
                      transformResponse: data.message
                tests:
                %s
                """
                        .formatted(SECRET, SECRET, tests.indent(2)));
        return f;
    }

    private static WstTest.Result eval(Map<String, String> env, Object... args) {
        String[] a = new String[args.length + 2];
        a[0] = "eval";
        for (int i = 0; i < args.length; i++) {
            a[i + 1] = args[i].toString();
        }
        a[a.length - 1] = "--no-progress-bar";
        return WstTest.run(env, a);
    }

    private static final String PASSING =
            """
            - description: one
              vars: {q: alpha}
              assert: [{type: equals, value: 'You said: alpha'}]
            - description: two
              vars: {q: beta}
              assert: [{type: contains, value: beta}]
            """;

    @Test
    void allPassingExitsZeroWithTableAndSummary() throws Exception {
        WstTest.Result r = eval(Map.of(), "-c", config(PASSING));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("| # | result | provider | test"), r.out());
        assertTrue(r.out().contains("| PASS   | echo     | one "), r.out());
        assertTrue(r.out().endsWith("4 passed, 0 failed, 0 errors" + System.lineSeparator()), r.out());
        assertFalse(r.out().contains(SECRET) || r.err().contains(SECRET));
    }

    @Test
    void aFailureExitsWith100AndThresholdsAreConfigurable() throws Exception {
        Path c = config(
                PASSING
                        + """
                - description: three
                  vars: {q: gamma}
                  assert: [{type: contains, value: delta}]
                """);
        WstTest.Result r = eval(Map.of(), "-c", c, "--no-table");
        assertEquals(100, r.code());
        assertEquals("4 passed, 2 failed, 0 errors" + System.lineSeparator(), r.out());
        assertEquals(
                0,
                eval(Map.of("PROMPTFOO_PASS_RATE_THRESHOLD", "60"), "-c", c, "--no-table")
                        .code());
        assertEquals(
                7,
                eval(Map.of("WST_FAILED_TEST_EXIT_CODE", "7"), "-c", c, "--no-table")
                        .code());
    }

    @Test
    void filtersVarsRepeatAndConcurrency() throws Exception {
        Path c = config(PASSING);
        WstTest.Result onlyOther = eval(Map.of(), "-c", c, "--filter-provider", "^oth", "--no-table");
        assertEquals("2 passed, 0 failed, 0 errors" + System.lineSeparator(), onlyOther.out());
        WstTest.Result targets = eval(
                Map.of(),
                "-c",
                c,
                "--filter-targets",
                "echo",
                "--filter-pattern",
                "^tw",
                "--repeat",
                "3",
                "-j",
                "2",
                "--no-table");
        assertEquals("3 passed, 0 failed, 0 errors" + System.lineSeparator(), targets.out());
        WstTest.Result firstN = eval(Map.of(), "-c", c, "-n", "1", "--filter-providers", "echo", "--no-table");
        assertEquals("1 passed, 0 failed, 0 errors" + System.lineSeparator(), firstN.out());
        Path withVar = config(
                """
                - vars: {}
                  assert: [{type: equals, value: 'You said: from-cli'}]
                """);
        WstTest.Result v = eval(Map.of(), "-c", withVar, "--var", "q=from-cli", "--no-table");
        assertEquals(0, v.code(), v.out() + v.err());
    }

    @Test
    void usageAndConfigErrorsExitOneBeforeAnythingRuns() throws Exception {
        Path c = config(PASSING);
        WstTest.Result badVar = eval(Map.of(), "-c", c, "--var", "novalue");
        assertEquals(1, badVar.code());
        assertEquals("wst: --var must be specified in key=value format." + System.lineSeparator(), badVar.err());
        WstTest.Result badExt = eval(Map.of(), "-c", c, "-o", dir.resolve("out.pdf"));
        assertEquals(1, badExt.code());
        assertTrue(
                badExt.err()
                        .contains("Unsupported output file format pdf. Please use one of: csv, html, json,"
                                + " jsonl, junit.xml, txt, xml, yaml, yml."),
                badExt.err());
        assertFalse(badExt.err().contains("mock server started"), "nothing ran");
        Path broken = dir.resolve("broken.yaml");
        Files.writeString(broken, "providers: [ws://x]\ntests:\n  - assert:\n      - type: nope\n");
        WstTest.Result badConfig = eval(Map.of(), "-c", broken);
        assertEquals(1, badConfig.code());
        assertTrue(
                badConfig
                        .err()
                        .startsWith(
                                "wst: " + broken + ":4: tests[0].assert[0].type: unknown assertion" + " type 'nope'"),
                badConfig.err());
        WstTest.Result missing = eval(Map.of(), "-c", dir.resolve("nope.yaml"));
        assertEquals(1, missing.code());
        assertTrue(missing.err().contains("cannot read the config file"), missing.err());
    }

    @Test
    void unknownKeysWarnWithFileAndLineButRun() throws Exception {
        Path c = config(PASSING);
        Files.writeString(c, Files.readString(c) + "colour: blue\n");
        WstTest.Result r = eval(Map.of(), "-c", c, "--no-table");
        assertEquals(0, r.code());
        assertTrue(r.err().contains("wst: warning: " + c + ":"), r.err());
        assertTrue(r.err().contains(": colour: unknown key, ignored"), r.err());
    }

    @Test
    void outputFilesByExtensionHoldNoSecret() throws Exception {
        Path c = config(PASSING);
        WstTest.Result r = eval(
                Map.of(),
                "-c",
                c,
                "-o",
                dir.resolve("r.json"),
                dir.resolve("r.junit.xml"),
                dir.resolve("r.html"),
                dir.resolve("r.csv"),
                dir.resolve("r.jsonl"),
                dir.resolve("r.yaml"),
                dir.resolve("r.xml"),
                "--no-table");
        assertEquals(0, r.code(), r.err());
        for (String f : new String[] {"r.json", "r.junit.xml", "r.html", "r.csv", "r.jsonl", "r.yaml", "r.xml"}) {
            String text = Files.readString(dir.resolve(f));
            assertFalse(text.isEmpty(), f);
            assertFalse(text.contains(SECRET), f + " leaks the secret");
        }
        assertTrue(Files.readString(dir.resolve("r.junit.xml")).contains("<testsuites name=\"cli\" tests=\"4\""));
        assertTrue(Files.readString(dir.resolve("r.json")).contains("api_key=%5BREDACTED%5D"));
    }

    @Test
    void aConfigWithoutTheMockKeyNeedsARealServer() throws Exception {
        Path f = dir.resolve("down.yaml");
        // port 9 (discard) on loopback: nothing listens, the connection is refused, recorded as an error
        Files.writeString(
                f,
                """
                prompts: [x]
                providers: [{id: 'ws://127.0.0.1:9/ws', config: {maxRetries: 1, messageTemplate: '{{ prompt }}'}}]
                """);
        WstTest.Result r = eval(Map.of("WST_RETRY_BASE_MS", "1"), "-c", f, "--no-table");
        assertEquals(100, r.code(), r.out() + r.err());
        assertEquals("0 passed, 0 failed, 1 errors" + System.lineSeparator(), r.out());
    }

    @Test
    void javascriptThatIsNotGroovySaysSoBeforeAnythingRuns() throws Exception {
        Path c = config(
                """
                - vars: {q: a}
                  assert:
                    - type: javascript
                      value: "output.split('').every(c => c !== 'x')"
                """);
        WstTest.Result r = eval(Map.of(), "-c", c);
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.err().startsWith("wst: " + c + ":"), r.err());
        assertTrue(
                r.err()
                        .contains("tests[0].assert[0].value: javascript assertions are evaluated as Groovy here, and"
                                + " this one does not compile as Groovy"),
                r.err());
        assertFalse(r.err().contains("mock server started"), "nothing ran");
    }

    @Test
    void groovyAssertionsPromptFunctionsAndFiltersRunFromYaml() throws Exception {
        Files.writeString(
                dir.resolve("prompt.groovy"), "{ vars, provider -> 'fn ' + vars.q + ' for ' + provider.label }");
        Path c = dir.resolve("groovy.yaml");
        Files.writeString(
                c,
                """
                mockServer: true
                nunjucksFilters:
                  twice: '{ v -> v + v }'
                prompts: ['{{ q | twice }}', file://prompt.groovy]
                providers:
                  - id: '{{ env.WST_MOCK_URL }}/ws'
                    label: echo
                    config: {messageTemplate: '{"input": {{ prompt | dump }}}', transformResponse: data.message}
                tests:
                  - vars: {q: ab}
                    assert:
                      - type: groovy
                        value: "output == 'You said: abab' || output == 'You said: fn ab for echo'"
                      - type: groovy
                        value: '{ output, context -> [pass: true, score: 0.5, reason: context.vars.q] }'
                """);
        WstTest.Result r = eval(Map.of(), "-c", c, "-o", dir.resolve("g.json"));
        assertEquals(0, r.code(), r.out() + r.err());
        String json = Files.readString(dir.resolve("g.json"));
        assertTrue(json.contains("\"raw\": \"abab\""), json);
        assertTrue(json.contains("\"raw\": \"fn ab for echo\""), json);
    }
}
