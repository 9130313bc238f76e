package io.github.wstoolkit.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wstoolkit.mockserver.MockServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Groovy from the command line: {@code wst eval -c suite.groovy} (a bad script exits 1 before any call reaches the
 * server), {@code wst run}, {@code wst convert} and {@code wst init --groovy}. The server is a mock the test owns, so
 * its journal shows whether anything was called.
 */
class GroovyCommandsTest {

    private static final String SECRET = "sk-test-0123456789groovysecret";

    @TempDir
    Path dir;

    private MockServer mock;
    private Map<String, String> env;

    @BeforeEach
    void startMock() {
        mock = MockServer.builder().port(0).start();
        env = Map.of("MOCK", "ws://" + mock.host() + ":" + mock.port(), "CHAT_KEY", SECRET);
    }

    @AfterEach
    void stopMock() {
        mock.close();
    }

    private static WstTest.Result wst(Path workingDir, Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Wst.run(
                args,
                new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                env,
                workingDir);
        return new WstTest.Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Path script(String name, String body) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(
                f,
                """
                prompt '{{ q }}'
                provider("${env.MOCK}/ws") {
                    label 'echo'
                    messageTemplate '{"input": {{ prompt | dump }}}'
                    headers Authorization: 'Bearer {{ env.CHAT_KEY }}'
                    transformResponse { data, ctx -> data.message }
                }
                """
                        + body);
        return f;
    }

    private WstTest.Result eval(Path config, String... more) {
        String[] args = new String[4 + more.length];
        args[0] = "eval";
        args[1] = "-c";
        args[2] = config.toString();
        args[3] = "--no-progress-bar";
        System.arraycopy(more, 0, args, 4, more.length);
        return wst(dir, env, args);
    }

    private void assertNothingWasCalled(WstTest.Result r) {
        assertEquals(1, r.code(), r.out() + r.err());
        assertEquals(List.of(), mock.journal(), "no call reached the server");
        assertFalse(r.out().contains("passed"), r.out());
        assertFalse((r.out() + r.err()).contains(SECRET));
    }

    @Test
    void aGroovyConfigRunsAsYamlDoesAndKeepsSecretsOutOfReports() throws Exception {
        Path c = script(
                "suite.groovy",
                """
                ['alpha', 'beta'].each { w ->
                    test("echoes $w") { vars q: w; expect { equals "You said: $w" } }
                }
                """);
        Path report = dir.resolve("results.json");
        WstTest.Result r = eval(c, "-o", report.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("| PASS   | echo     | echoes alpha"), r.out());
        assertTrue(r.out().endsWith("2 passed, 0 failed, 0 errors" + System.lineSeparator()), r.out());
        String json = Files.readString(report);
        assertTrue(json.contains("\"description\": \"echoes beta\""), json);
        assertFalse(json.contains(SECRET) || r.out().contains(SECRET) || r.err().contains(SECRET));
    }

    @Test
    void aPromptFunctionThatThrowsStopsTheRunBeforeAnyCall() throws Exception {
        Path c = script(
                "suite.groovy",
                """
                prompt { vars, provider ->
                    if (vars.q == 'boom') throw new IllegalStateException('no template for ' + vars.q)
                    "Q: ${vars.q}".toString()
                }
                test('fine') { vars q: 'ok' }
                test('broken') { vars q: 'boom' }
                """);
        WstTest.Result r = eval(c);
        assertNothingWasCalled(r);
        assertTrue(
                r.err()
                        .contains(c + ":9: the prompt function { vars, provider -> … failed for test 'broken':"
                                + " IllegalStateException: no template for boom"),
                r.err());
    }

    @Test
    void aMisspelledMethodExitsOneWithFileAndLine() throws Exception {
        Path c = script("suite.groovy", "test('t') {\n    vars q: 'x'\n    expect { icontain 'x' }\n}\n");
        WstTest.Result r = eval(c);
        assertNothingWasCalled(r);
        assertTrue(
                r.err().startsWith("wst: " + c + ":10: unknown method 'icontain' in expect { } (did you mean"),
                r.err());
    }

    @Test
    void aMisspelledProviderOptionExitsOneWithFileAndLine() throws Exception {
        Path c = dir.resolve("suite.groovy");
        Files.writeString(
                c,
                """
                provider("${env.MOCK}/ws") {
                    messageTemplate '{"input": {{ prompt | dump }}}'
                    headers Authorization: 'Bearer %s'
                    timeoutMS 5000
                }
                test { vars q: 'x' }
                """
                        .formatted(SECRET));
        WstTest.Result r = eval(c);
        assertNothingWasCalled(r);
        assertTrue(r.err().startsWith("wst: " + c + ":4: providers[0].config.timeoutMS: unknown"), r.err());
        assertTrue(r.err().contains("did you mean 'timeoutMs'?"), r.err());
    }

    @Test
    void aClosureWithTheWrongParametersExitsOneWithFileAndLine() throws Exception {
        Path c = script(
                "suite.groovy",
                "test {\n    vars q: 'x'\n    expect { groovy { output, context, extra -> true } }\n}\n");
        WstTest.Result r = eval(c);
        assertNothingWasCalled(r);
        assertTrue(r.err().startsWith("wst: " + c + ":10: an assertion is called with (output, context)"), r.err());
    }

    @Test
    void yamlAndGroovyConfigsMergeAndAFolderWithOnlyAGroovyConfigRuns() throws Exception {
        Files.writeString(
                dir.resolve("a.yaml"),
                """
                prompts: ['{{ q }}']
                providers:
                  - id: '{{ env.MOCK }}/ws'
                    config: {messageTemplate: '{"input": {{ prompt | dump }}}', transformResponse: data.message}
                tests:
                  - vars: {q: from-yaml}
                    assert: [{type: contains, value: from-}]
                """);
        Path groovy =
                script("promptfooconfig.groovy", "test { vars q: 'from-groovy'; expect { contains 'groovy' } }\n");
        WstTest.Result merged = eval(dir.resolve("a.yaml"), "-c", groovy.toString(), "--no-table");
        assertEquals(0, merged.code(), merged.out() + merged.err());
        // two providers (one from each file) x two tests
        assertEquals("4 passed, 0 failed, 0 errors" + System.lineSeparator(), merged.out());
        WstTest.Result byDefault = wst(dir, env, "eval", "--no-table", "--no-progress-bar");
        assertEquals(0, byDefault.code(), byDefault.out() + byDefault.err());
        assertEquals("1 passed, 0 failed, 0 errors" + System.lineSeparator(), byDefault.out());
    }

    @Test
    void runGivesTheScriptItsArgumentsAndReturnsItsExitCode() throws Exception {
        Path s = dir.resolve("compare.groovy");
        Files.writeString(
                s,
                """
                def run = evaluate {
                    prompt '{{ q }}'
                    provider("${env.MOCK}/ws") {
                        messageTemplate '{"input": {{ prompt | dump }}}'
                        transformResponse { data, ctx -> data.message }
                    }
                    args.each { a -> test(a) { vars q: a; expect { contains 'said' } } }
                }
                println "${run.stats().summaryLine()} for ${args}"
                if (run.stats().passRate() < 100) exit(4)
                """);
        WstTest.Result r = wst(dir, env, "run", s.toString(), "--verbose", "two");
        assertEquals(0, r.code(), r.err());
        assertEquals("2 passed, 0 failed, 0 errors for [--verbose, two]" + System.lineSeparator(), r.out());
        WstTest.Result missing = wst(dir, env, "run", dir.resolve("nope.groovy").toString());
        assertEquals(1, missing.code());
        assertTrue(missing.err().startsWith("wst: no such script: "), missing.err());
        WstTest.Result help = wst(dir, env, "run", "--help");
        assertEquals(0, help.code());
        assertTrue(help.out().contains("Usage: wst run"), help.out());
    }

    @Test
    void convertPrintsAScriptThatRunsLikeTheYaml() throws Exception {
        Path example = ExamplesTest.EXAMPLES.resolve("getting-started/promptfooconfig.yaml");
        Path copy = dir.resolve("promptfooconfig.yaml");
        Files.copy(example, copy);
        WstTest.Result printed = wst(dir, env, "convert", copy.toString());
        assertEquals(0, printed.code(), printed.err());
        assertTrue(printed.out().contains("provider('{{ env.WST_MOCK_URL }}/ws-stream') {"), printed.out());
        Path out = dir.resolve("converted.groovy");
        assertEquals(
                0,
                wst(dir, env, "convert", copy.toString(), "-o", out.toString()).code());
        assertEquals(printed.out(), Files.readString(out));
        WstTest.Result run = eval(out, "--no-table");
        assertEquals(0, run.code(), run.err());
        assertEquals("3 passed, 0 failed, 0 errors" + System.lineSeparator(), run.out());
        WstTest.Result again = wst(dir, env, "convert", copy.toString(), "-o", out.toString());
        assertEquals(1, again.code());
        assertTrue(again.err().contains("exists; choose another file"), again.err());
        assertEquals(1, wst(dir, env, "convert", out.toString()).code(), "a script is not converted again");
    }

    @Test
    void initCopiesOneFormOfTheConfig() throws Exception {
        Path g = dir.resolve("g");
        WstTest.Result r = wst(dir, env, "init", "--example", "getting-started", g.toString(), "--groovy");
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.exists(g.resolve("promptfooconfig.groovy")));
        assertFalse(Files.exists(g.resolve("promptfooconfig.yaml")));
        assertTrue(r.out().contains("Run it: wst eval -c g/promptfooconfig.groovy"), r.out());
        WstTest.Result run = eval(g.resolve("promptfooconfig.groovy"), "--no-table");
        assertEquals(0, run.code(), run.err());
        assertEquals("3 passed, 0 failed, 0 errors" + System.lineSeparator(), run.out());
        Path y = dir.resolve("y");
        assertEquals(
                0,
                wst(dir, env, "init", "--example", "getting-started", y.toString())
                        .code());
        assertTrue(Files.exists(y.resolve("promptfooconfig.yaml")));
        assertFalse(Files.exists(y.resolve("promptfooconfig.groovy")));
        // files that are not one of a pair are copied either way
        Path code = dir.resolve("code");
        assertEquals(
                0,
                wst(dir, env, "init", "--example", "assertions-code", code.toString(), "--groovy")
                        .code());
        assertTrue(Files.exists(code.resolve("prompt.groovy")) && Files.exists(code.resolve("checks/checks.groovy")));
    }
}
