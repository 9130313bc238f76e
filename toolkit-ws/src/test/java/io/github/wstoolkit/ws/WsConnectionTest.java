package io.github.wstoolkit.ws;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wstoolkit.api.ProviderException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link WsConnection} against real sockets on loopback. */
class WsConnectionTest {

    private static final String SECRET = "runtime-secret-value";

    /** Records listener calls as strings, in order. */
    static final class Recorder implements WsListener {
        final BlockingQueue<String> events = new LinkedBlockingQueue<>();
        final CountDownLatch closed = new CountDownLatch(1);

        @Override
        public void onText(String text) {
            events.add("text:" + text);
        }

        @Override
        public void onBinary(byte[] data) {
            events.add("binary:" + new String(data, StandardCharsets.UTF_8));
        }

        @Override
        public void onClose(int code, String reason) {
            events.add("close:" + code + ":" + reason);
            closed.countDown();
        }

        @Override
        public void onError(Throwable error) {
            events.add("error:" + error.getMessage());
        }

        String next() throws InterruptedException {
            String e = events.poll(10, TimeUnit.SECONDS);
            if (e == null) {
                throw new AssertionError("no event within 10 s");
            }
            return e;
        }
    }

    private static WsConnectOptions.Builder options(String url) {
        return WsConnectOptions.builder(URI.create(url)).connectTimeout(Duration.ofSeconds(10));
    }

    private static void assertSecretFree(ProviderException e) {
        StringWriter w = new StringWriter();
        e.printStackTrace(new PrintWriter(w));
        String all = w.toString();
        assertFalse(all.contains(SECRET), all);
        assertFalse(all.contains("127.0.0.1"), all);
    }

    @Test
    void exchangesTextAndBinaryFramesInOrderAndReportsTheServerClose() throws Exception {
        try (RawServer server = new RawServer((s, r) -> {
            RawServer.accept(s, r, "json");
            var frame = RawServer.readFrame(s.getInputStream());
            String got = new String(frame.getValue(), StandardCharsets.UTF_8);
            RawServer.text(s, "echo:" + got);
            RawServer.frame(s, 2, "bin".getBytes(StandardCharsets.UTF_8));
            RawServer.frame(s, 8, new byte[] {0x03, (byte) 0xF0, 'b', 'y', 'e'}); // close 1008 "bye"
            RawServer.readFrame(s.getInputStream());
        })) {
            Recorder rec = new Recorder();
            WsConnection c = WsConnection.open(
                    options(server.url("/chat?token=" + SECRET))
                            .headers(Map.of("Authorization", "Bearer " + SECRET, "X-Custom", "v1"))
                            .subprotocols(List.of("json", "chat"))
                            .build(),
                    rec);
            assertTrue(c.isOpen());
            assertEquals(Optional.of("json"), c.subprotocol());
            assertFalse(c.connectDuration().isNegative());
            RawServer.Request req = server.requests.poll(5, TimeUnit.SECONDS);
            assertEquals("Bearer " + SECRET, req.header("Authorization"));
            assertEquals("v1", req.header("X-Custom"));
            assertEquals(
                    "json, chat",
                    req.header("Sec-WebSocket-Protocol").replace(",", ", ").replace(",  ", ", "));
            assertTrue(req.line().startsWith("GET /chat?token=" + SECRET + " "), req.line());

            c.sendText("hi");
            assertEquals("text:echo:hi", rec.next());
            assertEquals("binary:bin", rec.next());
            assertEquals("close:1008:bye", rec.next());
            assertFalse(c.isOpen());
            c.close(); // idempotent: no second onClose
            assertEquals(null, rec.events.poll(200, TimeUnit.MILLISECONDS));
            ProviderException e = assertThrows(ProviderException.class, () -> c.sendText("late"));
            assertEquals(ProviderException.Kind.CLOSED, e.kind());
        }
    }

    @Test
    void localCloseSendsTheCodeAndCallsOnCloseOnce() throws Exception {
        BlockingQueue<byte[]> closeFrames = new LinkedBlockingQueue<>();
        try (RawServer server = new RawServer((s, r) -> {
            RawServer.accept(s, r, null);
            var frame = RawServer.readFrame(s.getInputStream());
            closeFrames.add(frame.getValue());
            RawServer.frame(s, 8, frame.getValue());
        })) {
            Recorder rec = new Recorder();
            WsConnection c = WsConnection.open(options(server.url("/")).build(), rec);
            assertEquals(Optional.empty(), c.subprotocol());
            c.close(4001, "done here");
            byte[] payload = closeFrames.poll(10, TimeUnit.SECONDS);
            assertEquals(4001, ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF));
            assertEquals("done here", new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8));
            assertTrue(rec.closed.await(10, TimeUnit.SECONDS));
            assertTrue(rec.next().startsWith("close:4001"));
            assertEquals(null, rec.events.poll(200, TimeUnit.MILLISECONDS));
        }
    }

    @Test
    void pingIsAnsweredByAPongWithTheSameData() throws Exception {
        BlockingQueue<Integer> opcodes = new LinkedBlockingQueue<>();
        try (RawServer server = new RawServer((s, r) -> {
            RawServer.accept(s, r, null);
            var ping = RawServer.readFrame(s.getInputStream());
            opcodes.add(ping.getKey());
            RawServer.frame(s, 10, ping.getValue()); // pong with the ping's data
            RawServer.text(s, "after");
            RawServer.readFrame(s.getInputStream());
        })) {
            BlockingQueue<String> events = new LinkedBlockingQueue<>();
            WsConnection c = WsConnection.open(options(server.url("/")).build(), new WsListener() {
                @Override
                public void onText(String text) {
                    events.add("text:" + text);
                }

                @Override
                public void onPong(byte[] data) {
                    events.add("pong:" + new String(data, StandardCharsets.UTF_8));
                }
            });
            c.sendPing("wst-1".getBytes(StandardCharsets.UTF_8));
            assertEquals(9, opcodes.poll(10, TimeUnit.SECONDS));
            assertEquals("pong:wst-1", events.poll(10, TimeUnit.SECONDS));
            assertEquals("text:after", events.poll(10, TimeUnit.SECONDS), "pongs keep their place among frames");
            assertThrows(IllegalArgumentException.class, () -> c.sendPing(new byte[126]));
            c.close();
        }
    }

    /** A listener that closes the connection from inside a callback sees onClose after that callback returns. */
    @Test
    void closeFromInsideACallbackIsDeliveredAfterIt() throws Exception {
        try (RawServer server = new RawServer((s, r) -> {
            RawServer.accept(s, r, null);
            RawServer.text(s, "one");
            RawServer.text(s, "two");
            var frame = RawServer.readFrame(s.getInputStream());
            RawServer.frame(s, 8, frame.getValue());
        })) {
            BlockingQueue<String> events = new LinkedBlockingQueue<>();
            WsConnection[] holder = new WsConnection[1];
            CountDownLatch opened = new CountDownLatch(1);
            WsConnection c = WsConnection.open(options(server.url("/")).build(), new WsListener() {
                @Override
                public void onText(String text) {
                    try {
                        opened.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    events.add("start " + text);
                    if (text.equals("one")) {
                        holder[0].close(1000, "enough");
                    }
                    events.add("end " + text);
                }

                @Override
                public void onClose(int code, String reason) {
                    events.add("close " + code);
                }
            });
            holder[0] = c;
            opened.countDown();
            List<String> got = new java.util.ArrayList<>();
            while (got.isEmpty() || !got.getLast().startsWith("close")) {
                String e = events.poll(10, TimeUnit.SECONDS);
                if (e == null) {
                    throw new AssertionError("no close; got " + got);
                }
                got.add(e);
            }
            assertEquals("start one", got.get(0));
            assertEquals("end one", got.get(1));
            assertEquals("close 1000", got.getLast());
        }
    }

    @Test
    void refusedPortIsTransientEconnrefused() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        ProviderException e = assertThrows(
                ProviderException.class,
                () -> WsConnection.open(
                        options("ws://127.0.0.1:" + port + "/x?token=" + SECRET).build(), new WsListener() {}));
        assertEquals("WebSocket connection failed (ECONNREFUSED)", e.getMessage());
        assertEquals(ProviderException.Kind.CONNECTION, e.kind());
        assertEquals(Optional.of("ECONNREFUSED"), e.code());
        assertTrue(e.isTransient());
        assertTrue(e.getCause() != null);
        assertSecretFree(e);
    }

    private static ProviderException handshakeWithStatus(int status) throws Exception {
        try (RawServer server = new RawServer((s, r) -> RawServer.respondStatus(s, status, "Nope"))) {
            return assertThrows(
                    ProviderException.class,
                    () -> WsConnection.open(
                            options(server.url("/s?token=" + SECRET))
                                    .headers(Map.of("Authorization", "Bearer " + SECRET))
                                    .build(),
                            new WsListener() {}));
        }
    }

    /** Refused handshakes name their status (promptfoo hides the ones it does not retry); 401 is not transient. */
    @Test
    void handshake401NamesItsStatusAndIsNotRetried() throws Exception {
        ProviderException e = handshakeWithStatus(401);
        assertEquals("WebSocket connection failed (HTTP 401)", e.getMessage());
        assertEquals(401, e.httpStatus().orElseThrow());
        assertEquals(Optional.of("HTTP 401"), e.code());
        assertFalse(e.isTransient());
        assertSecretFree(e);
    }

    @Test
    void handshake429And503AreTransientWithTheStatusInTheMessage() throws Exception {
        for (int status : new int[] {429, 503}) {
            ProviderException e = handshakeWithStatus(status);
            assertEquals("WebSocket connection failed (HTTP " + status + ")", e.getMessage());
            assertEquals(status, e.httpStatus().orElseThrow());
            assertTrue(e.isTransient());
            assertSecretFree(e);
        }
    }

    @Test
    void aRefusedHandshakeCarriesRetryAfterButNeverItsBody() throws Exception {
        String body = "{\"error\": \"slow down, " + SECRET + "\"}";
        try (RawServer server = new RawServer((s, r) -> {
            s.getOutputStream()
                    .write(("HTTP/1.1 429 Too Many Requests\r\nRetry-After: 7\r\nContent-Type: application/json\r\n"
                                    + "Content-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body)
                            .getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
        })) {
            ProviderException e = assertThrows(
                    ProviderException.class,
                    () -> WsConnection.open(options(server.url("/s")).build(), new WsListener() {}));
            assertEquals("WebSocket connection failed (HTTP 429)", e.getMessage());
            assertEquals(Optional.of(Duration.ofSeconds(7)), e.retryAfter());
            assertTrue(e.isTransient());
            assertSecretFree(e);
            StringWriter w = new StringWriter();
            e.printStackTrace(new PrintWriter(w));
            assertFalse(w.toString().contains("slow down"), w.toString());
        }
    }

    /**
     * Tyrus' Grizzly client does not report a connection that the server drops before answering the upgrade (its
     * filter swallows the close), so the failure surfaces when the connect timeout ends, as a transient
     * {@code (TIMEOUT)}. Documented in docs/websocket-provider.md.
     */
    @Test
    void serverThatDropsTheHandshakeFailsAtTheConnectTimeout() throws Exception {
        try (RawServer server = new RawServer((s, r) -> {
            s.setSoLinger(true, 0); // RST instead of FIN
            s.close();
        })) {
            ProviderException e = assertThrows(
                    ProviderException.class,
                    () -> WsConnection.open(
                            options(server.url("/?token=" + SECRET))
                                    .connectTimeout(Duration.ofMillis(500))
                                    .build(),
                            new WsListener() {}));
            assertEquals("WebSocket connection failed (TIMEOUT)", e.getMessage());
            assertTrue(e.isTransient());
            assertSecretFree(e);
        }
    }

    @Test
    void resetAfterTheUpgradeClosesWith1006() throws Exception {
        try (RawServer server = new RawServer((s, r) -> {
            RawServer.accept(s, r, null);
            RawServer.text(s, "first");
            RawServer.readFrame(s.getInputStream());
            s.setSoLinger(true, 0);
            s.close();
        })) {
            Recorder rec = new Recorder();
            WsConnection c = WsConnection.open(options(server.url("/")).build(), rec);
            assertEquals("text:first", rec.next());
            c.sendText("now fail");
            assertTrue(rec.closed.await(10, TimeUnit.SECONDS));
            String last = null;
            for (String e; (e = rec.events.poll()) != null; ) {
                last = e;
            }
            assertTrue(last.startsWith("close:1006"), last);
            assertFalse(c.isOpen());
        }
    }

    @Test
    void handshakeThatNeverCompletesTimesOut() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (RawServer server = new RawServer((s, r) -> release.await(30, TimeUnit.SECONDS))) {
            ProviderException e = assertThrows(
                    ProviderException.class,
                    () -> WsConnection.open(
                            options(server.url("/?token=" + SECRET))
                                    .connectTimeout(Duration.ofMillis(300))
                                    .build(),
                            new WsListener() {}));
            assertEquals("WebSocket connection failed (TIMEOUT)", e.getMessage());
            assertEquals(Optional.of("TIMEOUT"), e.code());
            assertTrue(e.isTransient());
            assertSecretFree(e);
        } finally {
            release.countDown();
        }
    }

    /**
     * A handshake answered after the connect timeout: the caller has its {@code (TIMEOUT)}, and the connection that
     * completes behind it is closed, not left open with nobody reading it.
     */
    @Test
    void aHandshakeAnsweredAfterTheConnectTimeoutIsClosedNotLeftOpen() throws Exception {
        CountDownLatch gaveUp = new CountDownLatch(1);
        CompletableFuture<String> after = new CompletableFuture<>();
        try (RawServer server = new RawServer((s, r) -> {
            gaveUp.await(30, TimeUnit.SECONDS); // answers only once the client has given up
            try {
                RawServer.accept(s, r, null);
                Map.Entry<Integer, byte[]> f = RawServer.readFrame(s.getInputStream());
                after.complete(f.getKey() == 8 ? "close frame" : "opcode " + f.getKey());
            } catch (IOException e) {
                after.complete("connection closed");
            }
        })) {
            ProviderException e = assertThrows(
                    ProviderException.class,
                    () -> WsConnection.open(
                            options(server.url("/"))
                                    .connectTimeout(Duration.ofMillis(200))
                                    .build(),
                            new WsListener() {}));
            assertEquals("WebSocket connection failed (TIMEOUT)", e.getMessage());
            gaveUp.countDown();
            String outcome = after.get(10, TimeUnit.SECONDS);
            assertTrue(outcome.equals("close frame") || outcome.equals("connection closed"), outcome);
        }
    }

    /**
     * The connect runs on the caller's thread (Tyrus turns an interrupt into a DeploymentException): an interrupt of
     * the caller (a deadline, Ctrl-C) still ends it as an {@link InterruptedException}, not as a connection failure
     * nor at the connect timeout.
     */
    @Test
    void anInterruptWhileConnectingEndsTheConnectAsInterrupted() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> accepted = new CompletableFuture<>();
        try (RawServer server = new RawServer((s, r) -> {
                    accepted.complete(null);
                    release.await(30, TimeUnit.SECONDS);
                });
                var pool = Executors.newSingleThreadExecutor()) {
            CompletableFuture<Thread> caller = new CompletableFuture<>();
            Future<Object> outcome = pool.submit(() -> {
                caller.complete(Thread.currentThread());
                try {
                    return WsConnection.open(
                            options(server.url("/"))
                                    .connectTimeout(Duration.ofSeconds(60))
                                    .build(),
                            new WsListener() {});
                } catch (InterruptedException e) {
                    return e;
                }
            });
            accepted.get(10, TimeUnit.SECONDS); // the handshake request is on its way; no answer will come
            caller.get(10, TimeUnit.SECONDS).interrupt();
            assertInstanceOf(InterruptedException.class, outcome.get(10, TimeUnit.SECONDS));
        } finally {
            release.countDown();
        }
    }

    private static ProviderException tlsFailure(int port, Duration tlsHandshakeTimeout) {
        return assertThrows(
                ProviderException.class,
                () -> WsConnection.open(
                        options("wss://127.0.0.1:" + port + "/?token=" + SECRET)
                                .headers(Map.of("Authorization", "Bearer " + SECRET))
                                // far longer than the test: only a reported TLS failure (or the TLS bound) ends it
                                .connectTimeout(Duration.ofSeconds(60))
                                .tlsHandshakeTimeout(tlsHandshakeTimeout)
                                .build(),
                        new WsListener() {}));
    }

    private static void assertTls(ProviderException e, String reason) {
        assertEquals("WebSocket connection failed (TLS: " + reason + ")", e.getMessage());
        assertEquals(ProviderException.Kind.CONNECTION, e.kind());
        assertEquals(Optional.of("TLS"), e.code());
        assertFalse(e.isTransient(), "a TLS failure gives the same answer next time");
        assertSecretFree(e);
    }

    /** A plain HTTP server answers the TLS hello with text (nginx, Node do): reported by the TLS layer, at once. */
    @Test
    void tlsToAPlainPortThatAnswersFailsAtOnceAsTls() throws Exception {
        try (RawServer server = new RawServer(null, s -> RawServer.respondStatus(s, 400, "Bad Request"))) {
            assertTls(
                    tlsFailure(server.port(), Duration.ofSeconds(60)),
                    "the server did not answer in TLS; is it a plain ws:// port?");
        }
    }

    /**
     * A server that says nothing to the TLS hello (a plain port waiting for an HTTP request line): Tyrus would wait
     * for its fixed 30 s; the TLS handshake timeout ends it, as a TLS failure rather than a connect timeout.
     */
    @Test
    void tlsToASilentPortEndsAtTheTlsHandshakeTimeout() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (RawServer server = new RawServer(null, s -> release.await(60, TimeUnit.SECONDS))) {
            assertTls(
                    tlsFailure(server.port(), Duration.ofMillis(300)),
                    "no TLS answer from the server within 300ms; is it a plain ws:// port?");
        } finally {
            release.countDown();
        }
    }

    /**
     * A server that closes the connection without answering the TLS hello: Grizzly's TLS filter does not pass the
     * close on, so without the TLS handshake timeout this connect waited for Tyrus' fixed 30 s and failed as a bare
     * {@code WebSocket connection failed}.
     */
    @Test
    void tlsToAPortThatHangsUpEndsAtTheTlsHandshakeTimeout() throws Exception {
        try (RawServer server = new RawServer(null, s -> s.getInputStream().read(new byte[16]))) {
            ProviderException e = tlsFailure(server.port(), Duration.ofMillis(300));
            assertTls(e, "no TLS answer from the server within 300ms; is it a plain ws:// port?");
        }
    }

    @Test
    void tlsServerWithAnUntrustedCertificateFailsAtOnceAsTls() throws Exception {
        try (TlsServer server = TlsServer.selfSigned()) {
            assertTls(tlsFailure(server.port(), Duration.ofSeconds(60)), "the certificate is not trusted");
        }
    }

    @Test
    void invalidOrDuplicatedSubprotocolsFailBeforeConnecting() {
        for (List<String> protocols : List.of(List.of("invalid protocol"), List.of("a", "a"), List.of(""))) {
            ProviderException e = assertThrows(
                    ProviderException.class,
                    () -> WsConnection.open(
                            options("ws://127.0.0.1:1/").subprotocols(protocols).build(), new WsListener() {}));
            assertEquals("An invalid or duplicated subprotocol was specified", e.getMessage());
            assertEquals(ProviderException.Kind.CONFIG, e.kind());
        }
    }

    @Test
    void httpSchemesAreTakenAsWebSocketSchemes() {
        assertEquals(
                URI.create("ws://h:1/p?q=1"),
                WsConnectOptions.builder(URI.create("http://h:1/p?q=1")).build().webSocketUri());
        assertEquals(
                URI.create("wss://h/p"),
                WsConnectOptions.builder(URI.create("https://h/p")).build().webSocketUri());
        assertThrows(IllegalArgumentException.class, () -> WsConnectOptions.builder(URI.create("ftp://h/"))
                .build());
    }

    /**
     * A message over maxMessageSize closes the connection with 1009 as RFC 6455 says (Tyrus alone closed with
     * 1011 "Buffer overflow.", which reads as a server crash), and the listener learns how big it was.
     */
    @Test
    void aFrameOverTheLimitClosesWith1009AndSaysHowBig() throws Exception {
        BlockingQueue<byte[]> closeFrames = new LinkedBlockingQueue<>();
        try (RawServer server = new RawServer((s, r) -> {
            RawServer.accept(s, r, null);
            RawServer.text(s, "small");
            Thread.ofVirtual().start(() -> {
                try {
                    RawServer.frame(s, 1, new byte[256 * 1024]);
                } catch (IOException e) {
                    // the client closed first: expected
                }
            });
            var frame = RawServer.readFrame(s.getInputStream());
            if (frame.getKey() == 8) {
                closeFrames.add(frame.getValue());
            }
        })) {
            Recorder rec = new Recorder();
            WsConnection c = WsConnection.open(
                    options(server.url("/")).maxMessageSize(65536).build(), rec);
            assertEquals("text:small", rec.next());
            assertEquals("error:WebSocket message too big (262144 bytes > maxMessageSize 65536)", rec.next());
            assertTrue(rec.next().startsWith("close:1009:"));
            assertFalse(c.isOpen());
            byte[] close = closeFrames.poll(10, TimeUnit.SECONDS);
            assertEquals(1009, ((close[0] & 0xFF) << 8) | (close[1] & 0xFF), "the close code the server receives");
        }
    }

    /**
     * Connections with one size limit share one Tyrus client ({@code TyrusClients}); what each learns below the
     * WebSocket API (its handshake status, its Retry-After, the size of its oversized message) stays its own. 48
     * connections at once, each told by its path what to do.
     */
    @Test
    void connectionsSharingAClientEachLearnTheirOwnOutcome() throws Exception {
        try (RawServer server = new RawServer((s, r) -> {
            String[] path = r.line().split(" ")[1].substring(1).split("-");
            switch (path[0]) {
                case "refuse" -> {
                    s.getOutputStream()
                            .write(("HTTP/1.1 " + path[1] + " No\r\nRetry-After: " + path[2]
                                            + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                                    .getBytes(StandardCharsets.ISO_8859_1));
                    s.getOutputStream().flush();
                }
                case "big" -> {
                    RawServer.accept(s, r, null);
                    RawServer.frame(s, 1, new byte[Integer.parseInt(path[1])]);
                    RawServer.readFrame(s.getInputStream());
                }
                default -> {
                    RawServer.accept(s, r, null);
                    RawServer.text(s, "hello " + path[1]);
                    RawServer.readFrame(s.getInputStream());
                }
            }
        })) {
            int n = 48;
            List<Future<String>> outcomes;
            try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
                outcomes = java.util.stream.IntStream.range(0, n)
                        .mapToObj(i -> pool.submit(() -> {
                            String path =
                                    switch (i % 3) {
                                        case 0 -> "/refuse-" + (i % 2 == 0 ? 429 : 503) + "-" + (i + 1);
                                        case 1 -> "/big-" + (70_000 + i);
                                        default -> "/ok-" + i;
                                    };
                            Recorder rec = new Recorder();
                            try (WsConnection c = WsConnection.open(
                                    options(server.url(path))
                                            .maxMessageSize(65536)
                                            .build(),
                                    rec)) {
                                String first = rec.next();
                                return first.startsWith("error:")
                                        ? first + " " + rec.next().substring(0, 10)
                                        : first;
                            } catch (ProviderException e) {
                                return e.getMessage() + " retry "
                                        + e.retryAfter()
                                                .map(Duration::toSeconds)
                                                .orElse(-1L);
                            }
                        }))
                        .toList();
            }
            for (int i = 0; i < n; i++) {
                String expected =
                        switch (i % 3) {
                            case 0 ->
                                "WebSocket connection failed (HTTP " + (i % 2 == 0 ? 429 : 503) + ") retry " + (i + 1);
                            case 1 ->
                                "error:WebSocket message too big (" + (70_000 + i)
                                        + " bytes > maxMessageSize 65536) close:1009";
                            default -> "text:hello " + i;
                        };
                assertEquals(expected, outcomes.get(i).get(10, TimeUnit.SECONDS), "connection " + i);
            }
        }
    }

    /** Fragments count together: a message of three 30,000-byte fragments is over a 65,536-byte limit. */
    @Test
    void aFragmentedMessageOverTheLimitClosesWith1009() throws Exception {
        try (RawServer server = new RawServer((s, r) -> {
            RawServer.accept(s, r, null);
            RawServer.frame(s, 1, "x".repeat(30_000).getBytes(StandardCharsets.UTF_8), false);
            RawServer.frame(s, 0, "y".repeat(30_000).getBytes(StandardCharsets.UTF_8), false);
            RawServer.frame(s, 0, "z".repeat(30_000).getBytes(StandardCharsets.UTF_8), true);
            RawServer.readFrame(s.getInputStream());
        })) {
            Recorder rec = new Recorder();
            WsConnection.open(options(server.url("/")).maxMessageSize(65536).build(), rec);
            assertEquals("error:WebSocket message too big (90000 bytes > maxMessageSize 65536)", rec.next());
            assertTrue(rec.next().startsWith("close:1009:"));
        }
    }

    /** Up to the limit, a fragmented message arrives whole; the guard does not count what it should not. */
    @Test
    void aFragmentedMessageUpToTheLimitArrivesWhole() throws Exception {
        try (RawServer server = new RawServer((s, r) -> {
            RawServer.accept(s, r, null);
            RawServer.frame(s, 1, "x".repeat(30_000).getBytes(StandardCharsets.UTF_8), false);
            RawServer.frame(s, 9, "ping".getBytes(StandardCharsets.UTF_8)); // a control frame between fragments
            RawServer.frame(s, 0, "y".repeat(35_536).getBytes(StandardCharsets.UTF_8), true);
            RawServer.text(s, "after");
            // the pong, then whatever the client sends until it closes: the server must not end the connection
            // before the test has checked it is still open
            while (RawServer.readFrame(s.getInputStream()).getKey() != 8) {
                // not the close frame yet
            }
        })) {
            Recorder rec = new Recorder();
            try (WsConnection c = WsConnection.open(
                    options(server.url("/")).maxMessageSize(65536).build(), rec)) {
                assertEquals("text:" + "x".repeat(30_000) + "y".repeat(35_536), rec.next());
                assertEquals("text:after", rec.next());
                assertTrue(c.isOpen());
            }
        }
    }

    @Test
    void largeMessagesUpToTheLimitArriveWhole() throws Exception {
        byte[] big = new byte[5 * 1024 * 1024];
        java.util.Arrays.fill(big, (byte) 'x');
        try (RawServer server = new RawServer((s, r) -> {
            RawServer.accept(s, r, null);
            RawServer.frame(s, 2, big);
            RawServer.readFrame(s.getInputStream());
        })) {
            BlockingQueue<byte[]> got = new LinkedBlockingQueue<>();
            try (WsConnection c = WsConnection.open(options(server.url("/")).build(), new WsListener() {
                @Override
                public void onBinary(byte[] data) {
                    got.add(data);
                }
            })) {
                assertArrayEquals(big, got.poll(10, TimeUnit.SECONDS));
                assertTrue(c.isOpen());
            }
        }
    }

    /**
     * The shared transport reads on its selector threads (SelectorReads): a frame reaches the listener on a selector
     * thread. Grizzly names a thread that runs a selector "… SelectorRunner"; a worker thread (Tyrus' default
     * strategy) is plain "Grizzly(n)".
     */
    @Test
    void framesReachTheListenerOnASelectorThread() throws Exception {
        try (RawServer server = new RawServer((s, r) -> {
            RawServer.accept(s, r, null);
            RawServer.text(s, "hello");
            RawServer.readFrame(s.getInputStream());
        })) {
            CompletableFuture<String> thread = new CompletableFuture<>();
            WsConnection c = WsConnection.open(options(server.url("/")).build(), new WsListener() {
                @Override
                public void onText(String text) {
                    thread.complete(text + " on " + Thread.currentThread().getName());
                }
            });
            try {
                String got = thread.get(10, TimeUnit.SECONDS);
                assertTrue(got.startsWith("hello on "), got);
                assertTrue(got.endsWith("SelectorRunner"), got);
            } finally {
                c.close();
            }
        }
    }

    /**
     * A send inside a listener callback runs on the transport's selector thread, the one that writes a frame the socket
     * cannot take at once: waiting there for a frame larger than the socket's buffers, to a server that is not
     * reading yet, would wait forever. It is queued instead; the callback returns, and the frames reach the server in
     * order once it reads.
     */
    @Test
    void aSendInsideACallbackIsQueuedAndReturnsWhileTheServerIsNotReading() throws Exception {
        String big = "x".repeat(32 * 1024 * 1024); // more than loopback's socket buffers take
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch read = new CountDownLatch(1);
        CompletableFuture<List<String>> received = new CompletableFuture<>();
        try (RawServer server = new RawServer((s, r) -> {
            RawServer.accept(s, r, null);
            go.await();
            RawServer.text(s, "go");
            read.await(); // not reading until the callback has returned
            var first = RawServer.readFrame(s.getInputStream());
            var second = RawServer.readFrame(s.getInputStream());
            received.complete(List.of(
                    first.getKey() + ":" + first.getValue().length,
                    second.getKey() + ":" + new String(second.getValue(), StandardCharsets.UTF_8)));
        })) {
            CompletableFuture<WsConnection> self = new CompletableFuture<>();
            CompletableFuture<String> returned = new CompletableFuture<>();
            WsConnection c = WsConnection.open(options(server.url("/")).build(), new WsListener() {
                @Override
                public void onText(String text) {
                    try {
                        WsConnection me = self.getNow(null);
                        me.sendText(big);
                        me.sendText("after");
                        returned.complete(
                                "returned on " + Thread.currentThread().getName());
                    } catch (ProviderException | RuntimeException e) {
                        returned.completeExceptionally(e);
                    }
                }
            });
            self.complete(c);
            try {
                go.countDown();
                String how = returned.get(10, TimeUnit.SECONDS);
                assertTrue(how.endsWith("SelectorRunner"), how);
                read.countDown();
                // (the server closes the socket once it has read them: whether the connection is still open is a race)
                assertEquals(List.of("1:" + big.length(), "1:after"), received.get(30, TimeUnit.SECONDS));
            } finally {
                read.countDown();
                c.close();
            }
        }
    }
}
