package io.github.wstoolkit.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code wst mock} run in a thread on an ephemeral port, talked to over raw sockets. */
class MockCommandTest {

    @TempDir
    Path dir;

    /** Collects what the command prints and lets a test wait for a line. */
    static final class Output extends OutputStream {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public synchronized void write(int b) {
            bytes.write(b);
            notifyAll();
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            bytes.write(b, off, len);
            notifyAll();
        }

        synchronized String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }

        synchronized String await(Predicate<String> condition) throws InterruptedException, TimeoutException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!condition.test(text())) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new TimeoutException("output so far:\n" + text());
                }
                wait(Math.max(1, left / 1_000_000));
            }
            return text();
        }
    }

    record Running(Thread thread, CompletableFuture<Integer> exit, Output out, Output err) {}

    static Running start(String... args) {
        Output out = new Output();
        Output err = new Output();
        CompletableFuture<Integer> exit = new CompletableFuture<>();
        Thread t = new Thread(() -> exit.complete(Wst.run(
                args,
                new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of(),
                Path.of("."))));
        t.start();
        return new Running(t, exit, out, err);
    }

    static int port(Output out) throws Exception {
        String text = out.await(s -> s.contains("Press Ctrl-C to stop."));
        Matcher m =
                Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)/").matcher(text);
        assertTrue(m.find(), text);
        return Integer.parseInt(m.group(1));
    }

    static String httpGet(int port, String path) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            s.getOutputStream()
                    .write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** A minimal WebSocket client: handshake, read the first (unmasked, under 64 KiB) text frame, close with 1000. */
    static String wsFirstFrameThenClose(int port, String target) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            out.write(("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
                            + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                            + "Sec-WebSocket-Version: 13\r\nAuthorization: Bearer sk-never-logged\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                head.append((char) in.read());
            }
            assertTrue(head.toString().startsWith("HTTP/1.1 101"), head.toString());
            assertEquals(0x81, in.read(), "a final text frame");
            int len = in.read();
            if (len == 126) {
                len = (in.read() << 8) | in.read();
            }
            String frame = new String(in.readNBytes(len), StandardCharsets.UTF_8);
            byte[] mask = {1, 2, 3, 4};
            out.write(new byte[] {(byte) 0x88, (byte) 0x82, 1, 2, 3, 4, (byte) (0x03 ^ mask[0]), (byte) (0xE8 ^ mask[1])
            });
            out.flush();
            assertEquals(0x88, in.read(), "the server answers the close");
            in.readNBytes(in.read() & 0x7f);
            return frame;
        }
    }

    @Test
    void servesTheMockOnAnEphemeralPortLogsEachConnectionAndStopsCleanly() throws Exception {
        Running r = start("mock", "--port", "0");
        int port = port(r.out());
        assertNotEquals(8080, port);
        String banner = r.out().text();
        assertTrue(banner.contains("WS   ws://127.0.0.1:" + port + "/v1/realtime"), banner);
        assertTrue(banner.contains("GET  http://127.0.0.1:" + port + "/health"), banner);
        assertTrue(banner.contains("POST http://127.0.0.1:" + port + "/v1/chat/completions"), banner);
        assertFalse(banner.toLowerCase(java.util.Locale.ROOT).contains("seed"), "endpoints by purpose: " + banner);

        assertTrue(httpGet(port, "/health").endsWith("{\"status\":\"ok\"}"));
        assertEquals(
                "{\"type\":\"ready\",\"message\":\"Connected to /ws-stream\"}",
                wsFirstFrameThenClose(port, "/ws-stream?token=supersecret&x=1"));
        String log = r.out().await(s -> s.contains("closed 1000"));
        assertTrue(
                log.contains("wst mock: #1 /ws-stream?token=%5BREDACTED%5D&x=1: received 0, sent 1, closed 1000"
                        + " by client"),
                log);
        assertFalse(log.contains("supersecret") || log.contains("sk-never-logged"), log);

        assertFalse(r.err().text().contains("WARNING"), "loopback is the default and needs no warning");

        r.thread().interrupt();
        assertEquals(0, r.exit().get(10, TimeUnit.SECONDS));
        assertTrue(
                r.out().text().endsWith("wst mock: stopped" + System.lineSeparator()),
                r.out().text());
        try (Socket s = new Socket("127.0.0.1", port)) {
            throw new AssertionError("the port is still open after stopping");
        } catch (java.net.ConnectException expected) {
            // closed
        }
    }

    /** Bound to every address on request, the mock says so: its journal shows what each connection sent. */
    @Test
    void aNonLoopbackHostIsAllowedWithAWarning() throws Exception {
        Running r = start("mock", "--port", "0", "--host", "0.0.0.0");
        r.out().await(s -> s.contains("Press Ctrl-C to stop."));
        assertTrue(
                r.err().text().startsWith("wst mock: WARNING: listening on 0.0.0.0: anyone who can reach this address"),
                r.err().text());
        r.thread().interrupt();
        assertEquals(0, r.exit().get(10, TimeUnit.SECONDS));
    }

    @Test
    void ctrlCInASeparateProcessClosesTheServerAndExitsWithZero() throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        String modulePath = System.getProperty("jdk.module.path");
        org.junit.jupiter.api.Assumptions.assumeTrue(
                modulePath != null && !modulePath.isEmpty(), "tests run on the module path");
        Process p = new ProcessBuilder(
                        java,
                        "-p",
                        modulePath,
                        "-m",
                        "io.github.wstoolkit.shell/io.github.wstoolkit.shell.Wst",
                        "mock",
                        "--port",
                        "0")
                .redirectErrorStream(true)
                .start();
        try {
            Output out = new Output();
            Thread pump = new Thread(() -> {
                try (InputStream in = p.getInputStream()) {
                    in.transferTo(out);
                } catch (IOException ignored) {
                    // the process ended
                }
            });
            pump.start();
            int port = port(out);
            assertTrue(httpGet(port, "/health").endsWith("{\"status\":\"ok\"}"));
            // what Ctrl-C sends
            Process kill = new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start();
            assertEquals(0, kill.waitFor());
            assertTrue(p.waitFor(20, TimeUnit.SECONDS), "the server stops on SIGINT");
            assertEquals(0, p.exitValue());
            pump.join(5000);
            assertTrue(out.text().contains("wst mock: stopped"), out.text());
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void scenarioFileAndRootOptionShapeTheServer() throws Exception {
        Path f = dir.resolve("scenario.yaml");
        Files.writeString(f, "endpoints:\n  /ws-stream:\n    fault: refuse:503\n");
        Running r = start("mock", "--port", "0", "--scenario", f.toString(), "--root", "legacy-realtime");
        int port = port(r.out());
        try {
            String refused = httpGet(port, "/health");
            assertTrue(refused.contains("200"), refused);
            assertTrue(
                    wsFirstFrameThenClose(port, "/").startsWith("{\"type\":\"session.created\""),
                    "--root legacy-realtime");
            try (Socket s = new Socket("127.0.0.1", port)) {
                s.setSoTimeout(10_000);
                s.getOutputStream()
                        .write(("GET /ws-stream HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                                        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                                .getBytes(StandardCharsets.US_ASCII));
                String response = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(response.startsWith("HTTP/1.1 503"), response);
            }
            r.out().await(s -> s.contains("refused HTTP 503"));
        } finally {
            r.thread().interrupt();
            assertEquals(0, r.exit().get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void badScenarioFileIsAConfigErrorWithExit1() throws Exception {
        Path f = dir.resolve("bad.yaml");
        Files.writeString(f, "endpoints:\n  /ws:\n    gap: soon\n");
        Running r = start("mock", "--port", "0", "--scenario", f.toString());
        assertEquals(1, r.exit().get(10, TimeUnit.SECONDS));
        assertTrue(
                r.err().text().contains("endpoints./ws: invalid scenario parameter gap=soon"),
                r.err().text());
    }

    @Test
    void unknownRootIsAUsageError() throws Exception {
        Running r = start("mock", "--port", "0", "--root", "bogus");
        assertNotEquals(0, r.exit().get(10, TimeUnit.SECONDS));
        assertTrue(
                r.err().text().contains("unknown root behaviour 'bogus'"),
                r.err().text());
    }
}
