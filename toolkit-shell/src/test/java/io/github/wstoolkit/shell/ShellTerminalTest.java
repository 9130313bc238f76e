package io.github.wstoolkit.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.wstoolkit.mockserver.JournalEntry;
import io.github.wstoolkit.mockserver.MockConnection;
import io.github.wstoolkit.mockserver.MockHandler;
import io.github.wstoolkit.mockserver.MockServer;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real program in a real pseudo-terminal: {@code wst shell} started the way the runtime image starts it (its
 * module as the only root), inside util-linux's {@code script}, typed at like a person would. Checks what only a
 * terminal shows: frames printed above the line being typed without corrupting it, colours and {@code NO_COLOR},
 * history recall with the arrow key and the history file, Ctrl-C cancelling a pending call, Ctrl-D leaving.
 *
 * <p>{@code script} is in Debian's essential {@code bsdutils} package, so every CI machine has it; without it the
 * test is skipped locally and fails under {@code CI=true}.
 */
class ShellTerminalTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    /** An SGR sequence that sets a colour (30-37, 90-97, 38;5;n), as JLine writes them. */
    private static final Pattern COLOUR = Pattern.compile("\u001b\\[[0-9;]*?(?:3[0-7]|9[0-7]|38;5;\\d+)(?:;[0-9]+)*m");
    /** Escape sequences and carriage returns, to read the screen's text. */
    private static final Pattern ESCAPES =
            Pattern.compile("\u001b\\[[0-9;?<=>$]*[ -/]*[@-~]|\u001b[()][0-9A-Za-z]|\u001b[=>78]|\u001bO.|\r|\u0007");

    private static String script;

    @TempDir
    Path home;

    private MockServer server;
    private final BlockingQueue<MockConnection> connections = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    private final List<Pty> ptys = new ArrayList<>();

    @BeforeAll
    static void findScript() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
            Path p = Path.of(dir, "script");
            if (Files.isExecutable(p)) {
                script = p.toString();
                return;
            }
        }
        if ("true".equals(System.getenv("CI"))) {
            fail("util-linux `script` is needed for the terminal test (Debian: bsdutils) and is not on PATH");
        }
        Assumptions.assumeTrue(false, "util-linux `script` is not installed");
    }

    @BeforeEach
    void start() {
        server = MockServer.builder()
                .port(0)
                .handler("/push", new MockHandler() {
                    @Override
                    public void onOpen(MockConnection c) {
                        connections.add(c);
                    }

                    @Override
                    public void onMessage(MockConnection c, String text) {
                        received.add(text);
                    }
                })
                .start();
    }

    @AfterEach
    void stop() {
        ptys.forEach(Pty::close);
        server.close();
    }

    private String push() {
        return "ws://127.0.0.1:" + server.port() + "/push";
    }

    @Test
    void framesPrintAboveTheLineBeingTypedHistoryRecallsAndCtrlCCancels() throws Exception {
        Pty pty = new Pty(Map.of(), "shell", push());
        MockConnection c = connections.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        pty.awaitScreen(s -> s.contains("wst /push>"), "the prompt");

        // a frame arrives while "hel" is being typed: it prints above, and the line keeps "hel"
        pty.type("hel");
        pty.awaitScreen(s -> s.endsWith("wst /push> hel"), "the typed text");
        int before = pty.length();
        c.sendText("{\"n\":1,\"s\":\"x\"}");
        pty.awaitScreen(
                s -> {
                    int at = s.indexOf("{\"n\": 1, \"s\": \"x\"}");
                    return at >= 0 && s.indexOf("wst /push> hel", at) > at;
                },
                "the frame above the prompt, then the prompt and the typed text again");
        assertTrue(COLOUR.matcher(pty.rawSince(before)).find(), "JSON in colour: " + pty.rawSince(before));
        pty.type("lo\r");
        assertEquals("hello", received.poll(WAIT.toSeconds(), TimeUnit.SECONDS), "the line was not corrupted");

        // history: the arrow key recalls the last line, which runs again
        pty.type("/vars\r");
        pty.awaitScreen(s -> count(s, "no variables (/set NAME VALUE)") == 1, "/vars");
        pty.type("\u001bOA");
        pty.awaitScreen(s -> s.endsWith("wst /push> /vars"), "the recalled line");
        pty.type("\r");
        pty.awaitScreen(s -> count(s, "no variables (/set NAME VALUE)") == 2, "/vars again");
        pty.type("/set apiKey sk-typed-secret-1\r");
        pty.awaitScreen(s -> s.endsWith("wst /push>"), "the prompt after /set");

        // Ctrl-C cancels a pending /call (a provider call to the same endpoint, which never answers) and keeps the
        // shell
        pty.type("/call are you there\r");
        assertEquals("are you there", received.poll(WAIT.toSeconds(), TimeUnit.SECONDS));
        pty.type("\u0003");
        pty.awaitScreen(s -> s.contains("cancelled") && s.endsWith("wst /push>"), "cancelled, and the prompt");

        // Ctrl-D leaves: the connection closes with 1000 and the exit code is 0
        pty.type("\u0004");
        assertEquals(0, pty.exitCode());
        JournalEntry first =
                server
                        .awaitJournal(
                                j -> j.stream()
                                        .anyMatch(e ->
                                                e.id() == c.id() && e.close().isPresent()),
                                WAIT)
                        .stream()
                        .filter(e -> e.id() == c.id())
                        .findFirst()
                        .orElseThrow();
        assertEquals(1000, first.close().get().code());
        assertFalse(first.close().get().byServer());

        Path history = home.resolve("shell-history");
        String text = Files.readString(history);
        assertTrue(text.contains("/vars"), text);
        assertTrue(text.contains("/set apiKey [REDACTED]"), text);
        assertFalse(text.contains("sk-typed-secret-1"), text);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(history)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(home)));
    }

    @Test
    void noColorTurnsColoursOff() throws Exception {
        Pty pty = new Pty(Map.of("NO_COLOR", "1"), "shell", push());
        MockConnection c = connections.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        pty.awaitScreen(s -> s.contains("wst /push>"), "the prompt");
        int before = pty.length();
        c.sendText("{\"n\":1,\"ok\":true}");
        pty.awaitScreen(s -> s.contains("{\"n\": 1, \"ok\": true}"), "the frame");
        pty.type("/status\r");
        pty.awaitScreen(s -> s.contains("received     1 frame"), "the status");
        String raw = pty.rawSince(before);
        assertFalse(COLOUR.matcher(raw).find(), "no colour under NO_COLOR: " + raw.replace("\u001b", "\\e"));
        pty.type("/exit\r");
        assertEquals(0, pty.exitCode());
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    /** {@code wst} in a pseudo-terminal of 120 x 40, its output collected as it comes. */
    private final class Pty implements AutoCloseable {
        private final Process process;
        private final StringBuilder raw = new StringBuilder();
        private final OutputStream keys;
        private boolean ended;

        Pty(Map<String, String> env, String... args) throws IOException {
            String java = ProcessHandle.current().info().command().orElseThrow();
            String modulePath = System.getProperty("jdk.module.path");
            Assumptions.assumeTrue(modulePath != null && !modulePath.isEmpty(), "tests run on the module path");
            StringBuilder cmd = new StringBuilder("stty cols 120 rows 40; exec ")
                    .append(quote(java))
                    // as the image's launcher does (src/image/bin/wst)
                    .append(" -Xshare:auto --enable-native-access=org.jline.nativ -p ")
                    .append(quote(modulePath))
                    .append(" -m io.github.wstoolkit.shell/io.github.wstoolkit.shell.Wst");
            for (String a : args) {
                cmd.append(' ').append(quote(a));
            }
            ProcessBuilder pb = new ProcessBuilder(script, "-qfec", cmd.toString(), "/dev/null");
            pb.environment().remove("NO_COLOR");
            pb.environment().put("TERM", "xterm-256color");
            pb.environment().put("WST_HOME", home.toString());
            pb.environment().putAll(env);
            pb.redirectErrorStream(true);
            process = pb.start();
            keys = process.getOutputStream();
            ptys.add(this);
            Thread.ofVirtual().start(() -> {
                try (Reader r = new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)) {
                    char[] buf = new char[4096];
                    int n;
                    while ((n = r.read(buf)) >= 0) {
                        synchronized (raw) {
                            raw.append(buf, 0, n);
                            raw.notifyAll();
                        }
                    }
                } catch (IOException e) {
                    // the process ended
                }
                synchronized (raw) {
                    ended = true;
                    raw.notifyAll();
                }
            });
        }

        void type(String text) throws IOException {
            keys.write(text.getBytes(StandardCharsets.UTF_8));
            keys.flush();
        }

        int length() {
            synchronized (raw) {
                return raw.length();
            }
        }

        String rawSince(int from) {
            synchronized (raw) {
                return raw.substring(from);
            }
        }

        /**
         * Waits until the text written so far (escape sequences removed, spaces at line ends dropped) satisfies the
         * condition.
         */
        void awaitScreen(Predicate<String> condition, String what) throws InterruptedException {
            long deadline = System.nanoTime() + WAIT.toNanos();
            synchronized (raw) {
                while (true) {
                    String screen = ESCAPES.matcher(raw).replaceAll("").stripTrailing();
                    screen = screen.replaceAll(" +\n", "\n");
                    if (condition.test(screen)) {
                        return;
                    }
                    long left = deadline - System.nanoTime();
                    if (left <= 0 || ended) {
                        throw new AssertionError("no " + what + (ended ? " before wst ended" : " within " + WAIT)
                                + "; the terminal shows:\n" + screen
                                + "\n--- raw:\n" + raw.toString().replace("\u001b", "\\e"));
                    }
                    TimeUnit.NANOSECONDS.timedWait(raw, Math.min(left, TimeUnit.SECONDS.toNanos(1)));
                }
            }
        }

        int exitCode() throws InterruptedException {
            if (!process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)) {
                throw new AssertionError("wst shell did not exit; the terminal shows:\n" + rawSince(0));
            }
            return process.exitValue();
        }

        @Override
        public void close() {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
