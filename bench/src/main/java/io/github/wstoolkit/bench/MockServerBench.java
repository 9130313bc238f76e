package io.github.wstoolkit.bench;

import io.github.wstoolkit.mockserver.MockServer;
import io.github.wstoolkit.mockserver.Scenario;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.glassfish.tyrus.client.ClientManager;
import org.glassfish.tyrus.client.ClientProperties;
import org.glassfish.tyrus.server.Server;

/**
 * Frames/s and connections/s the mock server sustains on loopback, beside the same load against a bare Tyrus
 * endpoint (Tyrus' own Grizzly server, no journal, no scenario, no pacing) measured in the same run.
 *
 * <p>Streaming load: N concurrent connections, each sending R requests one after the other and reading each
 * answer to its {@code {"type":"done"}} frame; an answer has W+4 frames on both servers ({@code /ws-stream?gap=0}
 * for the mock; the bare endpoint sends the same frames without parsing). Handshake load: H connections opened by 8
 * workers, each waiting for the greeting frame and closing. Everything is bounded in count and by a 120 s deadline.
 *
 * <p>{@code bench/run.sh mockserver [--connections N] [--requests R] [--words W] [--handshakes H]}
 */
public final class MockServerBench {

    private static final long DEADLINE_SECONDS = 120;
    private static final String DONE = "{\"type\":\"done\"}";

    private MockServerBench() {}

    public static void main(String[] args) throws Exception {
        int connections = arg(args, "--connections", 32);
        int requests = arg(args, "--requests", 50);
        int words = arg(args, "--words", 10);
        int handshakes = arg(args, "--handshakes", 400);
        ClientManager client = ClientManager.createClient();
        client.getProperties().put(ClientProperties.SHARED_CONTAINER, true);
        client.setDefaultMaxTextMessageBufferSize(1 << 20);
        int framesPerAnswer = words + 4;
        System.out.printf(
                "mockserver: %d connections x %d requests x %d frames per answer; %d handshakes; loopback, %d cores%n",
                connections,
                requests,
                framesPerAnswer,
                handshakes,
                Runtime.getRuntime().availableProcessors());
        BareEndpoint.frames = framesPerAnswer;
        int barePort = freePort();
        Server bare = new Server("127.0.0.1", barePort, "/", Map.of(), BareEndpoint.class);
        bare.start();
        try (MockServer mock = MockServer.builder()
                .scenario(Scenario.parse("gap=0"))
                .journalLimit(100)
                .start()) {
            URI bareUri = URI.create("ws://127.0.0.1:" + barePort + "/bare");
            URI mockUri = mock.wsUri("/ws-stream");
            String request = request(words);
            // warm-up: JIT, thread pools, connection paths
            stream(client, bareUri, Math.max(1, connections / 4), 20, request);
            stream(client, mockUri, Math.max(1, connections / 4), 20, request);
            handshakes(client, bareUri, 100);
            handshakes(client, mockUri, 100);

            double bareFrames = stream(client, bareUri, connections, requests, request);
            double mockFrames = stream(client, mockUri, connections, requests, request);
            double bareConns = handshakes(client, bareUri, handshakes);
            double mockConns = handshakes(client, mockUri, handshakes);

            System.out.printf("%-28s %14s %14s%n", "", "frames/s", "connections/s");
            System.out.printf("%-28s %14.0f %14.0f%n", "bare Tyrus endpoint", bareFrames, bareConns);
            System.out.printf("%-28s %14.0f %14.0f%n", "mock server /ws-stream", mockFrames, mockConns);
            System.out.printf(
                    "%-28s %14.2f %14.2f%n", "ratio mock / bare", mockFrames / bareFrames, mockConns / bareConns);
        } finally {
            bare.stop();
            client.shutdown();
        }
    }

    private static int arg(String[] args, String name, int dflt) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return dflt;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static String request(int words) {
        StringBuilder sb = new StringBuilder("{\"input\":\"");
        for (int i = 0; i < words; i++) {
            sb.append(i == 0 ? "" : " ").append("word").append(i);
        }
        return sb.append("\"}").toString();
    }

    /** A client connection whose frames land in a queue. */
    private static final class Conn extends Endpoint {
        final LinkedBlockingQueue<String> frames = new LinkedBlockingQueue<>();
        final CompletableFuture<CloseReason> closed = new CompletableFuture<>();

        @Override
        public void onOpen(Session session, EndpointConfig config) {
            session.addMessageHandler(String.class, (MessageHandler.Whole<String>) frames::add);
        }

        @Override
        public void onClose(Session session, CloseReason closeReason) {
            closed.complete(closeReason);
        }

        String next(long deadline) throws InterruptedException {
            String f = frames.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (f == null) {
                throw new IllegalStateException("no frame before the deadline");
            }
            return f;
        }
    }

    /** Streams on N connections at once; returns frames received per second. */
    private static double stream(ClientManager client, URI uri, int connections, int requests, String request)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS);
        AtomicLong frames = new AtomicLong();
        List<Conn> conns = new ArrayList<>();
        List<Session> sessions = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            Conn c = new Conn();
            sessions.add(client.connectToServer(
                    c, ClientEndpointConfig.Builder.create().build(), uri));
            c.next(deadline); // the greeting
            conns.add(c);
        }
        long t0 = System.nanoTime();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < connections; i++) {
                Conn c = conns.get(i);
                Session s = sessions.get(i);
                done.add(pool.submit(() -> {
                    for (int r = 0; r < requests; r++) {
                        s.getBasicRemote().sendText(request);
                        while (true) {
                            String f = c.next(deadline);
                            frames.incrementAndGet();
                            if (f.equals(DONE)) {
                                break;
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(DEADLINE_SECONDS, TimeUnit.SECONDS);
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        for (Session s : sessions) {
            s.close();
        }
        return frames.get() / seconds;
    }

    /** Opens, reads the greeting and closes H connections with 8 workers; returns connections per second. */
    private static double handshakes(ClientManager client, URI uri, int total) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS);
        AtomicInteger left = new AtomicInteger(total);
        long t0 = System.nanoTime();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < 8; w++) {
                done.add(pool.submit(() -> {
                    while (left.getAndDecrement() > 0) {
                        Conn c = new Conn();
                        Session s = client.connectToServer(
                                c, ClientEndpointConfig.Builder.create().build(), uri);
                        c.next(deadline);
                        s.close();
                        c.closed.get(DEADLINE_SECONDS, TimeUnit.SECONDS);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(DEADLINE_SECONDS, TimeUnit.SECONDS);
            }
        }
        return total / ((System.nanoTime() - t0) / 1e9);
    }

    /** The baseline: greets on open, answers each message with the same number of frames as the mock. */
    @ServerEndpoint("/bare")
    public static final class BareEndpoint {
        static volatile int frames;

        @OnOpen
        public void open(Session session) throws IOException {
            session.getBasicRemote().sendText("{\"type\":\"ready\",\"message\":\"Connected to /bare\"}");
        }

        @OnMessage
        public void message(Session session, String text) throws IOException {
            var remote = session.getBasicRemote();
            for (int i = 0; i < frames - 2; i++) {
                remote.sendText("{\"type\":\"delta\",\"message\":\"word" + i + " \"}");
            }
            remote.sendText("{\"type\":\"message\",\"message\":\"" + text.length() + "\"}");
            remote.sendText(DONE);
        }
    }
}
