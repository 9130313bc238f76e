package io.github.wstoolkit.mockserver;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.fail;

import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.ContainerProvider;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import jakarta.websocket.WebSocketContainer;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.glassfish.tyrus.core.HandshakeException;

/** A real Tyrus WebSocket client for tests: collects frames in a queue, waits with timeouts, never sleeps. */
final class WsClient implements AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(10);

    /**
     * A container per connection, so that connections of one test never share client executors (Tyrus 2.2.2's
     * client shuts a container's executors down when it counts no more sessions, which races with fast reconnects).
     */
    private static WebSocketContainer container() {
        WebSocketContainer container = ContainerProvider.getWebSocketContainer();
        container.setDefaultMaxTextMessageBufferSize(8 * 1024 * 1024);
        // no idle timer: with one, every send schedules it on the container's executor, and a send found that
        // executor already shut down (RejectedExecutionException in FaultTest, once); toolkit-ws' TyrusClients does
        // the same for its own connections
        container.setDefaultMaxSessionIdleTimeout(-1);
        return container;
    }

    private final BlockingQueue<Object> frames = new LinkedBlockingQueue<>();
    private final CompletableFuture<CloseReason> closed = new CompletableFuture<>();
    private volatile Session session;

    private WsClient() {}

    static WsClient connect(URI uri) throws Exception {
        return connect(uri, Map.of(), List.of());
    }

    static WsClient connect(URI uri, Map<String, String> headers, List<String> subprotocols) throws Exception {
        WsClient c = new WsClient();
        ClientEndpointConfig config = ClientEndpointConfig.Builder.create()
                .preferredSubprotocols(subprotocols)
                .configurator(new ClientEndpointConfig.Configurator() {
                    @Override
                    public void beforeRequest(Map<String, List<String>> h) {
                        headers.forEach((k, v) -> h.put(k, List.of(v)));
                    }
                })
                .build();
        c.session = container().connectToServer(c.endpoint(), config, uri);
        return c;
    }

    /** The HTTP status of a refused handshake (fails the test when the handshake succeeds). */
    static int refusedStatus(URI uri, Map<String, String> headers) {
        try (WsClient c = connect(uri, headers, List.of())) {
            fail("the handshake to " + uri + " succeeded");
            return -1;
        } catch (DeploymentException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof HandshakeException he) {
                    return he.getHttpStatusCode();
                }
            }
            throw new AssertionError("no HTTP status in the handshake failure", e);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private Endpoint endpoint() {
        return new Endpoint() {
            @Override
            public void onOpen(Session s, EndpointConfig config) {
                s.setMaxIdleTimeout(-1); // as the container's default (above), for this session itself
                s.addMessageHandler(String.class, (MessageHandler.Whole<String>) frames::add);
                s.addMessageHandler(ByteBuffer.class, (MessageHandler.Whole<ByteBuffer>) b -> {
                    byte[] data = new byte[b.remaining()];
                    b.get(data);
                    frames.add(data);
                });
            }

            @Override
            public void onClose(Session s, CloseReason reason) {
                closed.complete(reason);
            }

            @Override
            public void onError(Session s, Throwable thr) {
                closed.completeExceptionally(thr);
            }
        };
    }

    Session session() {
        return session;
    }

    void send(String text) throws IOException {
        session.getBasicRemote().sendText(text);
    }

    /** The next frame, text ({@link String}) or binary ({@code byte[]}). */
    Object nextFrame() throws InterruptedException {
        Object f = frames.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        if (f == null) {
            fail("no frame within " + TIMEOUT.toMillis() + " ms; closed: " + closed.getNow(null));
        }
        return f;
    }

    /** The next frame, which must be text. */
    String next() throws InterruptedException {
        return assertInstanceOf(String.class, nextFrame(), "expected a text frame");
    }

    List<String> next(int n) throws InterruptedException {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(next());
        }
        return out;
    }

    /** Text frames up to and including the first that matches. */
    List<String> until(Predicate<String> last) throws InterruptedException {
        List<String> out = new ArrayList<>();
        while (true) {
            String f = next();
            out.add(f);
            if (last.test(f)) {
                return out;
            }
        }
    }

    /** Frames received so far and not yet taken. */
    List<Object> drain() {
        List<Object> out = new ArrayList<>();
        frames.drainTo(out);
        return out;
    }

    CloseReason awaitClose() throws Exception {
        return closed.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    boolean isClosed() {
        return closed.isDone();
    }

    @Override
    public void close() throws IOException {
        Session s = session;
        if (s != null && s.isOpen()) {
            s.close();
        }
    }
}
