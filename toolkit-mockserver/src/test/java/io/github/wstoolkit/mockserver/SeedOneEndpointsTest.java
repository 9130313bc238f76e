package io.github.wstoolkit.mockserver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The {@code /ws} (one answer frame) and {@code /ws-stream} (chunk frames, then done) endpoints. */
class SeedOneEndpointsTest {

    static final String MISSING_INPUT =
            "{\"type\":\"error\",\"error\":\"Missing \\\"input\\\" (non-empty string) in payload\"}";

    static MockServer server;

    @BeforeAll
    static void start() {
        server = MockServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void wsAnswersOneMessageEchoingTheInput() throws Exception {
        try (WsClient c = WsClient.connect(server.wsUri("/ws"))) {
            c.send("{\"input\":\"Rephrase this in French: I'm hungry\"}");
            assertEquals(
                    "{\"type\":\"message\",\"message\":\"You said: Rephrase this in French: I'm hungry\"}", c.next());
            c.send("{\"input\":\"hello\"}");
            assertEquals("{\"type\":\"message\",\"message\":\"Hello! How can I help you today?\"}", c.next());
        }
    }

    @Test
    void wsSendsNoGreeting() throws Exception {
        try (WsClient c = WsClient.connect(server.wsUri("/ws?x=1"))) {
            c.send("{\"input\":\"a\"}");
            assertEquals("{\"type\":\"message\",\"message\":\"You said: a\"}", c.next(), "first frame is the answer");
        }
    }

    @Test
    void wsAnswersInvalidJsonAndMissingInputWithErrorFrames() throws Exception {
        try (WsClient c = WsClient.connect(server.wsUri("/ws"))) {
            c.send("{oops");
            assertEquals("{\"type\":\"error\",\"error\":\"Invalid JSON payload\"}", c.next());
            c.send("{\"prompt\":\"x\"}");
            assertEquals(MISSING_INPUT, c.next());
            c.send("{\"input\":\"   \"}");
            assertEquals(MISSING_INPUT, c.next());
            c.send("{\"input\":42}");
            assertEquals(MISSING_INPUT, c.next());
        }
    }

    @Test
    void wsStreamSaysReadyThenDeltasThenTheFullMessageThenDone() throws Exception {
        try (WsClient c = WsClient.connect(server.wsUri("/ws-stream"))) {
            assertEquals("{\"type\":\"ready\",\"message\":\"Connected to /ws-stream\"}", c.next());
            c.send("{\"input\":\"ping pong\"}");
            assertEquals(
                    List.of(
                            "{\"type\":\"delta\",\"message\":\"You \"}",
                            "{\"type\":\"delta\",\"message\":\"said: \"}",
                            "{\"type\":\"delta\",\"message\":\"ping \"}",
                            "{\"type\":\"delta\",\"message\":\"pong\"}",
                            "{\"type\":\"message\",\"message\":\"You said: ping pong\"}",
                            "{\"type\":\"done\"}"),
                    c.next(6));
        }
    }

    @Test
    void wsStreamAnswersErrorsInItsOwnShape() throws Exception {
        try (WsClient c = WsClient.connect(server.wsUri("/ws-stream"))) {
            c.next();
            c.send("nope");
            assertEquals("{\"type\":\"error\",\"message\":\"Invalid JSON payload\"}", c.next());
            c.send("{}");
            assertEquals(MISSING_INPUT, c.next());
        }
    }

    @Test
    void oneConnectionAnswersRequestsInOrder() throws Exception {
        try (WsClient c = WsClient.connect(server.wsUri("/ws-stream"))) {
            c.next();
            c.send("{\"input\":\"one\"}");
            c.send("{\"input\":\"two\"}");
            List<String> first = c.until("{\"type\":\"done\"}"::equals);
            List<String> second = c.until("{\"type\":\"done\"}"::equals);
            assertEquals("{\"type\":\"message\",\"message\":\"You said: one\"}", first.get(first.size() - 2));
            assertEquals("{\"type\":\"message\",\"message\":\"You said: two\"}", second.get(second.size() - 2));
        }
    }
}
