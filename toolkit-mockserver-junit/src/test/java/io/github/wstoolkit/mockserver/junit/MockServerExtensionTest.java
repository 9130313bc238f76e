package io.github.wstoolkit.mockserver.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.github.wstoolkit.mockserver.MockServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@WithMockServer(scenario = "gap=0&chunk=2")
class MockServerExtensionTest {

    static final HttpClient HTTP = HttpClient.newHttpClient();
    static MockServer fromBeforeAll;

    @BeforeAll
    static void beforeAll(MockServer server) {
        fromBeforeAll = server;
    }

    /** A java.net.http WebSocket that queues text frames. */
    static final class Frames implements WebSocket.Listener {
        final BlockingQueue<String> queue = new LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                queue.add(partial.toString());
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }

        String next() throws InterruptedException {
            String f = queue.poll(10, TimeUnit.SECONDS);
            if (f == null) {
                throw new AssertionError("no frame within 10 s");
            }
            return f;
        }
    }

    static WebSocket open(URI uri, Frames frames) throws Exception {
        return HTTP.newWebSocketBuilder().buildAsync(uri, frames).get(10, TimeUnit.SECONDS);
    }

    @Test
    void injectsTheClassServerAndItsUris(MockServer server, URI base, @MockEndpoint("/ws-stream?x=1") URI ws)
            throws Exception {
        assertSame(fromBeforeAll, server, "one server per test class");
        assertEquals(server.uri(), base);
        assertEquals(server.wsUri("/ws-stream?x=1"), ws);
        HttpResponse<String> health = HTTP.send(
                HttpRequest.newBuilder(base.resolve("/health"))
                        .timeout(Duration.ofSeconds(5))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals("{\"status\":\"ok\"}", health.body());
    }

    @Test
    void theAnnotationsScenarioApplies(@MockEndpoint("/ws-stream") URI ws) throws Exception {
        Frames frames = new Frames();
        WebSocket socket = open(ws, frames);
        assertEquals("{\"type\":\"ready\",\"message\":\"Connected to /ws-stream\"}", frames.next());
        socket.sendText("{\"input\":\"a b\"}", true).get(5, TimeUnit.SECONDS);
        assertEquals("{\"type\":\"delta\",\"message\":\"You said: \"}", frames.next(), "chunk=2");
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
    }

    @Nested
    @WithMockServer(scenarioFile = "slow-first-frame.yaml")
    class WithAScenarioFile {

        @Test
        void nestedClassGetsItsOwnServerFromTheFileOnTheClassPath(MockServer server, @MockEndpoint("/") URI root)
                throws Exception {
            assertNotSame(fromBeforeAll, server);
            Frames frames = new Frames();
            WebSocket socket = open(root, frames);
            assertEquals(true, frames.next().startsWith("{\"type\":\"session.created\""), "root: legacy-realtime");
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
        }
    }
}
