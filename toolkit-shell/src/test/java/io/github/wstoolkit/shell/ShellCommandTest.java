package io.github.wstoolkit.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wstoolkit.mockserver.JournalEntry;
import io.github.wstoolkit.mockserver.MockServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code wst shell} in scripted mode: a script on stdin, through {@link Wst#run} with piped streams. */
class ShellCommandTest {

    private static final String SECRET = "sk-script-secret-77";

    @TempDir
    Path dir;

    private MockServer server;

    @BeforeEach
    void start() {
        server = MockServer.builder().port(0).start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private String url(String path) {
        return "ws://127.0.0.1:" + server.port() + path;
    }

    record Result(int code, String out, String err) {
        List<String> lines() {
            return out.lines().toList();
        }
    }

    private Result shell(String script, Map<String, String> env, String... args) {
        String[] a = new String[args.length + 1];
        a[0] = "shell";
        System.arraycopy(args, 0, a, 1, args.length);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Wst.run(
                a,
                new ByteArrayInputStream(script.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                env,
                dir);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aScriptRunsLineByLineWaitingForEachReply() throws Exception {
        // /ws answers each input with one message and sends nothing else, so the output is exact
        Result r = shell(
                """
                /template {"input": {{ prompt | dump }}}
                Hello
                /transform { acc, event, ctx -> [JSON.parse(event.data).message, true] }
                Tell me a joke
                /template off
                {
                  "input": "sent as one frame"
                }
                = frames.size() + ' frame, ' + last.type
                /set user Ann
                = vars.user
                """,
                Map.of(),
                url("/ws"),
                "--quiet-ms",
                "300");
        assertEquals(0, r.code(), r.err());
        assertEquals(
                List.of(
                        "> {\"input\": \"Hello\"}",
                        "< {\"type\":\"message\",\"message\":\"Hello! How can I help you today?\"}",
                        "> {\"input\": \"Tell me a joke\"}",
                        "< {\"type\":\"message\",\"message\":\"Why did the programmer quit his job? Because he"
                                + " didn't get arrays!\"}",
                        "=> Why did the programmer quit his job? Because he didn't get arrays!",
                        "> {\"input\":\"sent as one frame\"}",
                        "< {\"type\":\"message\",\"message\":\"You said: sent as one frame\"}",
                        "=> You said: sent as one frame",
                        "1 frame, message",
                        "Ann"),
                r.lines());
        assertTrue(r.err().contains("wst shell: connected to " + url("/ws")), r.err());
        JournalEntry e = server.awaitJournal(
                        j -> j.stream().anyMatch(x -> x.close().isPresent()), Duration.ofSeconds(30))
                .getFirst();
        assertEquals(1000, e.close().get().code(), "the end of the script closes normally");
        assertEquals("{\n  \"input\": \"sent as one frame\"\n}", e.texts().get(2), "sent as typed");
    }

    @Test
    void aFailedLineIsReportedWithItsNumberTheRestRunsAndTheExitCodeIs2() {
        Result r = shell(
                """
                /nope
                = [1,
                   1].sum()
                = no.such.thing
                /vars
                """,
                Map.of());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("wst shell: line 1: unknown command /nope"), r.err());
        assertTrue(r.err().contains("wst shell: line 4: line 1: No such property: no"), r.err());
        assertEquals(List.of("2", "no variables (/set NAME VALUE)"), r.lines(), "a multi-line = line counts once");
    }

    @Test
    void anUnclosedJsonObjectAtTheEndOfTheInputIsAnError() {
        Result r = shell("/vars\n{\"input\": \n", Map.of());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("line 2: the input ends inside an unclosed"), r.err());
    }

    @Test
    void aRefusedConnectionFailsTheScriptWithTheProvidersWording() throws Exception {
        int free;
        try (ServerSocket s = new ServerSocket(0)) {
            free = s.getLocalPort();
        }
        Result r = shell("hello\n", Map.of(), "ws://127.0.0.1:" + free + "/?token=" + SECRET);
        assertEquals(2, r.code());
        assertTrue(r.err().contains("wst shell: WebSocket connection failed (ECONNREFUSED)"), r.err());
        assertTrue(r.err().contains("line 1: not connected"), r.err());
        assertFalse(r.err().contains(SECRET) || r.out().contains(SECRET));
    }

    @Test
    void headersAndTokensNeverPrint() {
        Result r = shell(
                "/status\n",
                Map.of("API_KEY", SECRET),
                url("/ws?token=" + SECRET),
                "-H",
                "Authorization: Bearer {{ env.API_KEY }}",
                "-H",
                "X-Plain: shown");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("?token=%5BREDACTED%5D"), r.out());
        assertTrue(r.out().contains("Authorization: [REDACTED], X-Plain: shown"), r.out());
        assertFalse(r.err().contains(SECRET) || r.out().contains(SECRET), r.out() + r.err());
    }

    @Test
    void badArgumentsAreUsageErrorsThatDoNotEchoHeaderValues() {
        Result r = shell("", Map.of(), url("/ws"), "-H", "Bearer " + SECRET);
        assertEquals(1, r.code(), "usage errors exit 1 in every command");
        assertTrue(r.err().contains("-H needs 'Name: value'"), r.err());
        assertFalse(r.err().contains(SECRET), r.err());
        assertEquals(1, shell("", Map.of(), "--quiet-ms", "-5").code());
    }

    @Test
    void aConfigGivesProvidersToCallAndTestsToEvalWithItsOwnMockServer() throws Exception {
        Path config = Path.of("..", "examples", "getting-started", "promptfooconfig.yaml")
                .toAbsolutePath()
                .normalize();
        Result r = shell(
                """
                /call chatbot Hello there
                /save saved.yaml
                /eval joke
                """,
                Map.of(),
                "-c",
                config.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("wst: mock server started at ws://127.0.0.1:"), r.err());
        assertTrue(r.out().startsWith("=> Hello! How can I help you today?\n   chatbot: connect "), r.out());
        assertTrue(
                r.out().contains("saved a test case to saved.yaml (equals Hello! How can I help you today?)"), r.out());
        assertTrue(r.out().contains("| PASS   | chatbot  | tells a joke"), r.out());
        assertTrue(r.out().contains("1 passed, 0 failed, 0 errors"), r.out());
        String saved = Files.readString(dir.resolve("saved.yaml"));
        assertTrue(saved.contains("- description: 'shell: Hello there'"), saved);
        assertTrue(saved.contains("value: Hello! How can I help you today?"), saved);
    }

    @Test
    void helpDescribesTheCommand() {
        Result r = shell("", Map.of(), "--help");
        assertEquals(0, r.code());
        assertTrue(r.out().contains("Usage: wst shell [-hV]"), r.out());
        assertTrue(r.out().contains("--quiet-ms"), r.out());
        Result main = shell("", Map.of(), "--help");
        assertTrue(main.out().contains("-H, --header"), main.out());
    }
}
