package io.github.wstoolkit.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wstoolkit.api.CallContext;
import io.github.wstoolkit.api.Provider;
import io.github.wstoolkit.api.ProviderException;
import io.github.wstoolkit.api.ProviderRegistry;
import io.github.wstoolkit.api.ProviderSpec;
import io.github.wstoolkit.mockserver.MockServer;
import io.github.wstoolkit.ws.internal.ConnectErrors;
import jakarta.websocket.DeploymentException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The error table of docs/websocket-provider.md, row by row: each row's failure is produced against real servers on
 * loopback, and the exception must read as the row says (message, kind, code, transient or not). A row without a
 * scenario, or a scenario without a row, fails the test, so the table and the code cannot drift apart.
 */
class WebSocketErrorTableTest {

    private static final Path DOC = Path.of("..", "docs", "websocket-provider.md");

    private static MockServer server;
    private static final CountDownLatch RELEASE = new CountDownLatch(1);

    @BeforeAll
    static void start() {
        server = MockServer.builder().port(0).start();
    }

    @AfterAll
    static void stop() {
        RELEASE.countDown();
        server.close();
    }

    /** One row of the table. */
    record Row(String failure, Optional<String> message, String kind, Optional<String> code, boolean retried) {}

    interface Scenario {
        ProviderException produce() throws Exception;
    }

    static List<Row> rows() throws IOException {
        List<String> lines = Files.readAllLines(DOC);
        int header = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("| failure | message | kind, code | retried by default |")) {
                header = i;
            }
        }
        assertTrue(header >= 0, "the error table of " + DOC + " has its header");
        List<Row> rows = new ArrayList<>();
        for (int i = header + 2; i < lines.size() && lines.get(i).startsWith("|"); i++) {
            String[] cells = lines.get(i).substring(1).split(" \\| ");
            String failure = cells[0].strip();
            Optional<String> message = firstCode(cells[1]);
            String kindCode = cells[2].strip();
            String kind = kindCode.split("[ ,]")[0];
            Optional<String> code = firstCode(kindCode);
            String retried = cells[3].replace("|", "").strip();
            assertTrue(retried.equals("yes") || retried.equals("no"), "row " + failure + ": " + retried);
            rows.add(new Row(failure, message, kind, code, retried.equals("yes")));
        }
        return rows;
    }

    private static Optional<String> firstCode(String cell) {
        Matcher m = Pattern.compile("`([^`]*)`").matcher(cell);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** The row's message as a pattern: {@code <…>} is any text, a number of milliseconds any number. */
    private static Pattern pattern(String message) {
        StringBuilder p = new StringBuilder();
        Matcher m = Pattern.compile("<[^>]+>|\\d+ms").matcher(message);
        int at = 0;
        while (m.find()) {
            p.append(Pattern.quote(message.substring(at, m.start())));
            p.append(m.group().startsWith("<") ? ".+" : "\\d+ms");
            at = m.end();
        }
        p.append(Pattern.quote(message.substring(at)));
        return Pattern.compile(p.toString());
    }

    // ------------------------------------------------------------------ the scenarios

    private static Provider provider(String url, Object... kv) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("messageTemplate", "{\"input\": {{ prompt | dump }}}");
        config.put(
                "streamResponse",
                "{ acc, event, ctx -> def m = JSON.parse(event.data); m.type == 'message' ? [[output: m.message], true]"
                        + " : [acc, false] }");
        config.put("timeoutMs", 60_000);
        for (int i = 0; i < kv.length; i += 2) {
            config.put((String) kv[i], kv[i + 1]);
        }
        return ProviderRegistry.load().create(ProviderSpec.of(url, config));
    }

    private static ProviderException call(Provider p) throws InterruptedException {
        try {
            p.call("hello", CallContext.EMPTY);
        } catch (ProviderException e) {
            return e;
        }
        throw new AssertionError("the call succeeded");
    }

    private static ProviderException open(WsConnectOptions options) throws InterruptedException {
        try {
            WsConnection.open(options, new WsListener() {}).close();
        } catch (ProviderException e) {
            return e;
        }
        throw new AssertionError("the connect succeeded");
    }

    private static String mock(String pathAndQuery) {
        return server.wsUri(pathAndQuery).toString();
    }

    private static Map<String, Scenario> scenarios() {
        Map<String, Scenario> s = new LinkedHashMap<>();
        s.put("connection refused", () -> {
            int port;
            try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = free.getLocalPort();
            }
            return call(provider("ws://127.0.0.1:" + port + "/"));
        });
        s.put("handshake refused with 429, 502, 503 or 504", () -> call(provider(mock("/ws?fault=refuse:429"))));
        s.put(
                "handshake refused with another status (401, 403, 404 …)",
                () -> call(provider(mock("/ws?fault=refuse:401"))));
        s.put("unknown host", () -> call(provider("ws://wst-no-such-host.invalid/ws", "connectTimeoutMs", 60_000)));
        s.put(
                "TLS failure the TLS layer reports (a certificate not trusted or for another host, a plain-HTTP"
                        + " answer, no common version)",
                () -> {
                    try (TlsServer tls = TlsServer.selfSigned()) {
                        return call(provider("wss://127.0.0.1:" + tls.port() + "/"));
                    }
                });
        s.put(
                "TLS handshake with no answer from the server within 10 s (a silent plain port, a server that hangs"
                        + " up)",
                () -> {
                    try (RawServer silent = new RawServer(null, sock -> RELEASE.await(60, TimeUnit.SECONDS))) {
                        return open(WsConnectOptions.builder(URI.create("wss://127.0.0.1:" + silent.port() + "/"))
                                .connectTimeout(Duration.ofSeconds(60))
                                .tlsHandshakeTimeout(Duration.ofMillis(300))
                                .build());
                    }
                });
        // the chain Tyrus gives when its shared transport is stopped under a connect (recorded; see ConnectErrorsTest)
        s.put(
                "the client's own transport stopped under the connect",
                () -> ConnectErrors.classify(
                        new DeploymentException("Connection failed.", new IOException("Selector is closed")),
                        List.of()));
        s.put("connect/handshake not done within `connectTimeoutMs`", () -> {
            try (RawServer stalled = new RawServer((sock, r) -> RELEASE.await(60, TimeUnit.SECONDS))) {
                return call(provider(stalled.url("/"), "connectTimeoutMs", 300));
            }
        });
        s.put(
                "call deadline (`timeoutMs` or the caller's), in any phase, the handshake and transforms included",
                () -> call(provider(mock("/ws-stream?fault=stall"), "timeoutMs", 300)));
        s.put("idle stream", () -> call(provider(mock("/ws-stream?fault=stall"), "idleTimeoutMs", 300)));
        s.put(
                "server closed before the answer was complete with 1012 or 1013",
                () -> call(provider(mock("/ws-stream?fault=close:1012:restarting"))));
        s.put(
                "server closed before the answer was complete with another code",
                () -> call(provider(mock("/ws-stream?fault=close:1011:boom"))));
        s.put("connection reset after the handshake", () -> {
            try (RawServer reset = new RawServer((sock, r) -> {
                RawServer.accept(sock, r, null);
                RawServer.readFrame(sock.getInputStream());
                sock.setSoLinger(true, 0);
                sock.close();
            })) {
                return call(provider(reset.url("/")));
            }
        });
        s.put(
                "a message over `maxMessageSize` (the client closes with 1009)",
                () -> call(provider(mock("/ws-stream?fault=oversized:262144"), "maxMessageSize", 65536)));
        s.put("bad rendered URL", () -> {
            Provider p = provider("ws", "url", "wss://{{ host }}/ws");
            try {
                p.call("x", CallContext.ofVars(Map.of("host", "[invalid-host")));
            } catch (ProviderException e) {
                return e;
            }
            throw new AssertionError("the call succeeded");
        });
        s.put(
                "a transform that throws",
                () -> call(provider(
                        mock("/ws-stream"),
                        "streamResponse",
                        "{ acc, event, ctx -> throw new" + " IllegalStateException('kaput') }")));
        return s;
    }

    @Test
    void everyRowHasAScenarioAndEveryScenarioARow() throws IOException {
        List<String> documented = rows().stream().map(Row::failure).toList();
        assertEquals(
                scenarios().keySet().stream().sorted().collect(Collectors.toList()),
                documented.stream().sorted().collect(Collectors.toList()));
    }

    @TestFactory
    List<DynamicTest> eachRowReadsAsTheTableSays() throws IOException {
        Map<String, Scenario> scenarios = scenarios();
        List<DynamicTest> tests = new ArrayList<>();
        for (Row row : rows()) {
            Scenario scenario = scenarios.get(row.failure());
            if (scenario == null) {
                continue; // reported by everyRowHasAScenarioAndEveryScenarioARow
            }
            tests.add(DynamicTest.dynamicTest(row.failure(), () -> {
                ProviderException e = scenario.produce();
                row.message()
                        .ifPresent(m -> assertTrue(
                                pattern(m).matcher(e.getMessage()).matches(),
                                "message: expected [" + m + "], got [" + e.getMessage() + "]"));
                assertEquals(ProviderException.Kind.valueOf(row.kind()), e.kind(), e.getMessage());
                row.code()
                        .ifPresent(c -> assertTrue(
                                pattern(c).matcher(e.code().orElse("")).matches(),
                                "code: expected " + c + ", got " + e.code()));
                assertEquals(row.retried(), e.isTransient(), "transient: " + e.getMessage());
                assertFalse(e.getMessage().contains("127.0.0.1"), "no host in " + e.getMessage());
            }));
        }
        return tests;
    }
}
