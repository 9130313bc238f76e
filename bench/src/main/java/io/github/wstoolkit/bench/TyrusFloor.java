package io.github.wstoolkit.bench;

import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.glassfish.tyrus.client.ClientManager;
import org.glassfish.tyrus.client.ClientProperties;
import org.glassfish.tyrus.container.grizzly.client.GrizzlyClientContainer;

/**
 * The floor under {@code wst eval} in {@code bench/run.sh vs-promptfoo}: a process that does only what no WebSocket
 * eval on Tyrus and the JVM can avoid, the same cases against the same server, and exits. Per case: connect (one
 * {@code ClientManager} for every case, on the shared transport, as toolkit-ws does), send
 * {@code {"input": "case N alpha beta gamma delta"}}, read frames until the {@code message} one (eight deltas before
 * it, and the {@code ready} frame the server sends on open when it arrives after the handler is in place), check that
 * it holds {@code You said: ...}, close.
 * No config, templates, transforms, assertions, reports or store. {@code CONCURRENCY} virtual threads take cases in
 * turn, as {@code -j} does.
 *
 * <p>{@code java -cp BENCH.jar:LIBS/* io.github.wstoolkit.bench.TyrusFloor URL CASES CONCURRENCY}; prints
 * {@code N passed} and exits 0 when every case passed, 1 otherwise.
 */
public final class TyrusFloor {

    private TyrusFloor() {}

    public static void main(String[] args) throws Exception {
        URI uri = URI.create(args[0]);
        int cases = Integer.parseInt(args[1]);
        int concurrency = Integer.parseInt(args[2]);
        AtomicInteger next = new AtomicInteger();
        AtomicInteger passed = new AtomicInteger();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < concurrency; w++) {
                workers.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < cases; i = next.getAndIncrement()) {
                        if (exchange(uri, "case " + i + " alpha beta gamma delta")) {
                            passed.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : workers) {
                f.get();
            }
        }
        System.out.println(passed.get() + " passed");
        System.exit(passed.get() == cases ? 0 : 1);
    }

    /** One client for every case: Tyrus' synchronous connect uses none of its executors, a session no timer. */
    private static final ClientManager CLIENT = client();

    private static ClientManager client() {
        ClientManager client = ClientManager.createClient(GrizzlyClientContainer.class.getName());
        client.getProperties().put(ClientProperties.SHARED_CONTAINER, true);
        client.setDefaultMaxSessionIdleTimeout(-1);
        return client;
    }

    private static boolean exchange(URI uri, String input) throws Exception {
        ClientManager client = CLIENT;
        CountDownLatch done = new CountDownLatch(1);
        AtomicInteger frames = new AtomicInteger();
        String[] message = new String[1];
        Endpoint endpoint = new Endpoint() {
            @Override
            public void onOpen(Session session, EndpointConfig config) {
                session.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> {
                    frames.incrementAndGet();
                    if (text.contains("\"type\":\"message\"")) {
                        message[0] = text;
                        done.countDown();
                    }
                });
            }
        };
        Session s = client.connectToServer(
                endpoint, ClientEndpointConfig.Builder.create().build(), uri);
        try {
            s.getBasicRemote().sendText("{\"input\": \"" + input + "\"}");
            return done.await(120, TimeUnit.SECONDS) && frames.get() >= 9 && message[0].contains("You said: " + input);
        } finally {
            s.close(new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, ""));
        }
    }
}
