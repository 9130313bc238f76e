package io.github.wstoolkit.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wstoolkit.mockserver.MockServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code wst run} scripts: the toolkit in scope, the script's exit code, and what it opened closed at its end. */
class ScriptRunnerTest {

    @TempDir
    Path dir;

    record Result(int code, String out, String err) {}

    private Result run(String text, String... args) throws IOException {
        return run(Map.of(), text, args);
    }

    private Result run(Map<String, String> env, String text, String... args) throws IOException {
        Path f = dir.resolve("script.groovy");
        Files.writeString(f, text);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = ScriptRunner.builder()
                .args(List.of(args))
                .env(env)
                .out(new PrintStream(out, true, StandardCharsets.UTF_8))
                .err(new PrintStream(err, true, StandardCharsets.UTF_8))
                .build()
                .run(f);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static final String SUITE =
            """
                mockServer()
                prompt '{{ q }}'
                provider("${env.WST_MOCK_URL}/ws") {
                    messageTemplate '{"input": {{ prompt | dump }}}'
                    transformResponse { data, ctx -> data.message }
                }
            """;

    @Test
    void aScriptRunsTwoSuitesAndComparesTheirPassRates() throws IOException {
        Files.writeString(
                dir.resolve("a.yaml"),
                """
                mockServer: true
                prompts: ['{{ q }}']
                providers:
                  - id: '{{ env.WST_MOCK_URL }}/ws'
                    config: {messageTemplate: '{"input": {{ prompt | dump }}}', transformResponse: data.message}
                tests:
                  - {vars: {q: one}, assert: [{type: contains, value: one}]}
                  - {vars: {q: two}, assert: [{type: contains, value: three}]}
                """);
        Result r = run(
                """
                def a = evaluate(file('a.yaml'))
                def b = evaluate(maxConcurrency: 2, output: 'b.json') {
                %s
                    ['one', 'two', 'three'].each { w -> test(w) { vars q: w; expect { contains w } } }
                }
                println "a ${a.stats().passRate()} b ${b.stats().passRate()} args ${args}"
                assert b.stats().passRate() > a.stats().passRate()
                """
                        .formatted(SUITE.indent(4)),
                "--fast",
                "x");
        assertEquals(0, r.code(), r.err());
        assertEquals("a 50.0 b 100.0 args [--fast, x]\n", r.out());
        assertTrue(Files.readString(dir.resolve("b.json")).contains("\"successes\": 3"), "the report was written");
    }

    @Test
    void aFailedAssertExitsWithOneAndShowsTheExpression() throws IOException {
        Result r = run("def rate = 50\nassert rate >= 90, 'pass rate too low'\n");
        assertEquals(1, r.code());
        assertTrue(r.err().startsWith("wst: " + dir.resolve("script.groovy") + ":2: assertion failed"), r.err());
        assertTrue(r.err().contains("pass rate too low"), r.err());
    }

    @Test
    void exitGivesTheCodeAndCompileErrorsAreOne() throws IOException {
        assertEquals(3, run("if (args) exit(3)\nprintln 'not here'\n", "x").code());
        assertEquals(0, run("if (args) exit(3)\n").code());
        Result bad = run("def x = [\n");
        assertEquals(1, bad.code());
        assertTrue(bad.err().matches("(?s)wst: .*script\\.groovy:\\d+:\\d+: does not compile: .*"), bad.err());
        Result grab = run("@Grab('a:b:1')\nimport a.B\n");
        assertEquals(1, grab.code());
        assertTrue(grab.err().contains("@Grab is disabled"), grab.err());
    }

    @Test
    void aBadSuiteIsAnErrorAtItsLine() throws IOException {
        Result r = run("println 'start'\ndef run = evaluate {\n    prompt 'x'\n    providr 'ws://h/ws'\n}\n");
        assertEquals(1, r.code());
        assertTrue(
                r.err().contains("script.groovy:4: unknown method 'providr' in the suite (did you mean 'provider'?)"),
                r.err());
        assertEquals("start\n", r.out());
    }

    @Test
    void aProviderIsBuiltAndCalledAndTheMockIsClosedWhenTheScriptEnds() throws Exception {
        Result r = run(
                """
                def m = mock()
                def bot = websocket(m.wsUri('/ws')) {
                    messageTemplate '{"input": {{ prompt | dump }}}'
                    transformResponse { data, ctx -> data.message }
                }
                def r = bot.call('hi there')
                def v = bot.call('{{ name }}', [name: 'Ada'])
                println "port ${m.port()} ${r.output} / ${v.output} frames ${r.timings.framesReceived()}"
                """);
        assertEquals(0, r.code(), r.err());
        Matcher m = Pattern.compile("port (\\d+) You said: hi there / You said: \\{\\{ name }} frames 1\n")
                .matcher(r.out());
        assertTrue(m.matches(), r.out());
        // the prompt is sent as given; the vars fill the provider's templates, not the prompt
        int port = Integer.parseInt(m.group(1));
        assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", port).close(), "the mock was closed");
    }

    @Test
    void aProviderOptionTypoIsAnErrorWithTheLine() throws IOException {
        Result r = run("def bot = websocket('ws://127.0.0.1:1/ws') {\n    messageTemplate 'x'\n    timeoutMS 5\n}\n");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("script.groovy:3:"), r.err());
        assertTrue(r.err().contains("did you mean 'timeoutMs'?"), r.err());
    }

    @Test
    void aRealtimeSessionAgainstTheMock() throws Exception {
        try (MockServer mock = MockServer.builder().port(0).start()) {
            Result r = run(
                    Map.of("OPENAI_API_KEY", "test-key"),
                    """
                    def s = realtimeSession(model: 'gpt-realtime', apiBaseUrl: "http://127.0.0.1:${args[0]}/v1")
                    s.send(new ClientEvent.SessionUpdate([type: 'realtime', output_modalities: ['text']]))
                    s.send(ClientEvent.ConversationItemCreate.userText('Hello!'))
                    s.send(ClientEvent.ResponseCreate.withSessionDefaults())
                    def reply = s.awaitResponse(Duration.ofSeconds(20))
                    println reply.text()
                    """,
                    String.valueOf(mock.port()));
            assertEquals(0, r.code(), r.err());
            assertEquals("Hello! How can I help you today?\n", r.out());
            assertFalse(r.err().contains("test-key"));
        }
    }

    @Test
    void aConfigScriptGivenToRunSaysWhereItBelongs() throws IOException {
        Result r = run("description 'a suite'\nprompt 'x'\n");
        assertEquals(1, r.code());
        assertTrue(
                r.err()
                        .contains(
                                "script.groovy:1: description is a suite method: a config script runs with wst eval -c"),
                r.err());
    }
}
