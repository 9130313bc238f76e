package io.github.wstoolkit.realtime;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/**
 * A scripted HTTP/1.1 server on loopback for the Chat Completions provider: records each request (method, path,
 * headers, body) and answers with what the script returns, so a test can give the status and body the mock server's
 * deterministic {@code /v1/chat/completions} never gives (errors, refusals, tool calls, odd bodies). A script may also
 * hold the request unanswered until the server closes, or drop the connection without an answer.
 */
final class LoopbackHttp implements AutoCloseable {

    /** A request as it arrived; header names in lower case. */
    record Request(String method, String path, Map<String, String> headers, String body) {}

    /** What the server does with a request. */
    sealed interface Reply {}

    /** Answers with this status and (JSON) body. */
    record Answer(int status, String body) implements Reply {}

    /** Never answers: holds the connection until the server closes. */
    record Hold() implements Reply {}

    /** Closes the connection without an answer. */
    record Drop() implements Reply {}

    @FunctionalInterface
    interface Script {
        Reply reply(Request request) throws Exception;
    }

    static Answer ok(String body) {
        return new Answer(200, body);
    }

    private final ServerSocket server;
    private final Script script;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final CountDownLatch closed = new CountDownLatch(1);

    private LoopbackHttp(Script script) throws IOException {
        this.script = script;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon().name("loopback-http-accept").start(this::acceptLoop);
    }

    static LoopbackHttp serve(Script script) throws IOException {
        return new LoopbackHttp(script);
    }

    int port() {
        return server.getLocalPort();
    }

    /** The {@code apiBaseUrl} that leads here. */
    String apiBase() {
        return "http://127.0.0.1:" + port() + "/v1";
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                open.add(s);
                Thread.ofPlatform().daemon().name("loopback-http-conn").start(() -> serve(s));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            InputStream in = s.getInputStream();
            String head = readHead(in);
            if (head == null) {
                return;
            }
            String[] lines = head.split("\r\n");
            String[] requestLine = lines[0].split(" ");
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0) {
                    headers.put(
                            lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
                            lines[i].substring(colon + 1).strip());
                }
            }
            int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
            String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
            Request request = new Request(requestLine[0], requestLine[1], headers, body);
            requests.add(request);
            Reply reply = script.reply(request);
            switch (reply) {
                case Hold h -> closed.await();
                case Drop d -> {
                    // try-with-resources closes it unanswered
                }
                case Answer a -> {
                    byte[] bytes = a.body().getBytes(StandardCharsets.UTF_8);
                    OutputStream out = s.getOutputStream();
                    out.write(("HTTP/1.1 " + a.status() + " Status\r\nContent-Type: application/json\r\n"
                                    + "Content-Length: " + bytes.length + "\r\nConnection: close\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    out.write(bytes);
                    out.flush();
                }
            }
        } catch (Exception e) {
            // the client went away, or the server closed
        }
    }

    /** The request line and headers, up to the blank line; null when the client sent nothing. */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        int b;
        while ((b = in.read()) >= 0) {
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
            if (matched == end.length) {
                return head.toString(StandardCharsets.US_ASCII).strip();
            }
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        closed.countDown();
        server.close();
        for (Socket s : new ArrayList<>(open)) {
            s.close();
        }
    }
}
