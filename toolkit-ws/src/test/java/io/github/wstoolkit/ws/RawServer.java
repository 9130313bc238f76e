package io.github.wstoolkit.ws;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A loopback TCP server that speaks just enough HTTP and WebSocket to produce real transport faults the mock server
 * cannot: a handshake answered with any status, a connection reset, a handshake that never completes, a plain port
 * spoken to with TLS. Each accepted connection runs the handler on a virtual thread.
 */
final class RawServer implements AutoCloseable {

    interface Handler {
        void handle(Socket socket, Request request) throws Exception;
    }

    /** Handles a connection from its first byte (no HTTP request read first): for clients that speak TLS. */
    interface SocketHandler {
        void handle(Socket socket) throws Exception;
    }

    record Request(String line, Map<String, String> headers) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private final ServerSocket server;
    final BlockingQueue<Request> requests = new LinkedBlockingQueue<>();

    RawServer(Handler handler) throws IOException {
        this(handler, null);
    }

    /** With {@code raw} set, each connection goes to it as accepted, and {@code handler} is not used. */
    RawServer(Handler handler, SocketHandler raw) throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    Thread.ofVirtual().start(() -> {
                        try (s) {
                            if (raw != null) {
                                raw.handle(s);
                                return;
                            }
                            Request r = readRequest(s.getInputStream());
                            if (r != null) {
                                requests.add(r);
                                handler.handle(s, r);
                            }
                        } catch (Exception e) {
                            // the client went away; nothing to do
                        }
                    });
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    int port() {
        return server.getLocalPort();
    }

    String url(String pathAndQuery) {
        return "ws://127.0.0.1:" + port() + pathAndQuery;
    }

    @Override
    public void close() throws IOException {
        server.close();
    }

    static Request readRequest(InputStream in) throws IOException {
        String line = readLine(in);
        if (line == null) {
            return null;
        }
        Map<String, String> headers = new LinkedHashMap<>();
        String h;
        while ((h = readLine(in)) != null && !h.isEmpty()) {
            int colon = h.indexOf(':');
            if (colon > 0) {
                headers.put(
                        h.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        h.substring(colon + 1).trim());
            }
        }
        return new Request(line, headers);
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                String s = b.toString(StandardCharsets.ISO_8859_1);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            b.write(c);
        }
        return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
    }

    static void respondStatus(Socket s, int status, String reason) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(("HTTP/1.1 " + status + " " + reason + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** Completes the WebSocket handshake, choosing {@code subprotocol} when not null. */
    static void accept(Socket s, Request r, String subprotocol) throws IOException, NoSuchAlgorithmException {
        String key = r.header("Sec-WebSocket-Key");
        String accept = Base64.getEncoder()
                .encodeToString(MessageDigest.getInstance("SHA-1")
                        .digest((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.US_ASCII)));
        StringBuilder sb = new StringBuilder("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Accept: " + accept + "\r\n");
        if (subprotocol != null) {
            sb.append("Sec-WebSocket-Protocol: ").append(subprotocol).append("\r\n");
        }
        sb.append("\r\n");
        s.getOutputStream().write(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
        s.getOutputStream().flush();
    }

    /** Writes one unmasked server frame. */
    static void frame(Socket s, int opcode, byte[] payload) throws IOException {
        frame(s, opcode, payload, true);
    }

    /** Writes one unmasked server frame; {@code fin} false for a fragment that more continuation frames follow. */
    static void frame(Socket s, int opcode, byte[] payload, boolean fin) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write((fin ? 0x80 : 0) | opcode);
        if (payload.length < 126) {
            b.write(payload.length);
        } else if (payload.length < 65536) {
            b.write(126);
            b.write(payload.length >> 8);
            b.write(payload.length & 0xFF);
        } else {
            b.write(127);
            for (int i = 7; i >= 0; i--) {
                b.write((int) ((long) payload.length >> (8 * i)) & 0xFF);
            }
        }
        b.write(payload);
        s.getOutputStream().write(b.toByteArray());
        s.getOutputStream().flush();
    }

    static void text(Socket s, String text) throws IOException {
        frame(s, 1, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Reads one masked client frame and returns its opcode and unmasked payload. */
    static Map.Entry<Integer, byte[]> readFrame(InputStream in) throws IOException {
        int b0 = in.read();
        int b1 = in.read();
        if (b0 < 0 || b1 < 0) {
            throw new IOException("closed");
        }
        long len = b1 & 0x7F;
        if (len == 126) {
            len = (in.read() << 8) | in.read();
        } else if (len == 127) {
            len = 0;
            for (int i = 0; i < 8; i++) {
                len = (len << 8) | in.read();
            }
        }
        byte[] mask = in.readNBytes(4);
        byte[] payload = in.readNBytes((int) len);
        for (int i = 0; i < payload.length; i++) {
            payload[i] ^= mask[i % 4];
        }
        return Map.entry(b0 & 0x0F, payload);
    }
}
