package io.github.wstoolkit.mockserver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The example project's server on {@code /}: a JSON message in, its canned answer frames out. */
class SeedServerTest {

    static final String CONNECTED = "{\"type\":\"connected\",\"message\":\"Connected to streaming WebSocket server\"}";

    static MockServer server;

    @BeforeAll
    static void start() {
        server = MockServer.builder().scenario(Scenario.parse("gap=0")).start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void greetsWithConnectedFrameThenStreamsOneChunkPerWordThenDone() throws Exception {
        try (WsClient c = WsClient.connect(server.wsUri("/"))) {
            assertEquals(CONNECTED, c.next());
            c.send("{\"prompt\":\"Hello there\",\"stream\":true}");
            assertEquals(
                    List.of(
                            "{\"type\":\"chunk\",\"delta\":\"Hello! \"}",
                            "{\"type\":\"chunk\",\"delta\":\"How \"}",
                            "{\"type\":\"chunk\",\"delta\":\"can \"}",
                            "{\"type\":\"chunk\",\"delta\":\"I \"}",
                            "{\"type\":\"chunk\",\"delta\":\"help \"}",
                            "{\"type\":\"chunk\",\"delta\":\"you \"}",
                            "{\"type\":\"chunk\",\"delta\":\"today?\"}",
                            "{\"type\":\"done\",\"content\":\"Hello! How can I help you today?\"}"),
                    c.next(8));
        }
    }

    @Test
    void streamsByDefaultWhenStreamIsAbsent() throws Exception {
        try (WsClient c = WsClient.connect(server.wsUri("/"))) {
            c.next();
            c.send("{\"prompt\":\"Please TELL ME A JOKE\"}");
            List<String> frames = c.until(f -> f.startsWith("{\"type\":\"done\""));
            assertEquals(
                    "{\"type\":\"done\",\"content\":\"Why did the programmer quit his job? Because he didn't get"
                            + " arrays!\"}",
                    frames.get(frames.size() - 1));
            assertEquals(13, frames.size(), "12 words then done");
        }
    }

    @Test
    void streamFalseAnswersWithOneCompleteFrame() throws Exception {
        try (WsClient c = WsClient.connect(server.wsUri("/"))) {
            c.next();
            c.send("{\"prompt\":\"what is AI?\",\"stream\":false}");
            assertEquals(
                    "{\"type\":\"complete\",\"content\":\"Artificial Intelligence (AI) is a branch of computer science"
                            + " that builds systems able to perform tasks that normally require human intelligence,"
                            + " such as understanding language, recognizing patterns and making decisions.\"}",
                    c.next());
        }
    }

    @Test
    void anyOtherPromptGetsTheDefaultReply() throws Exception {
        try (WsClient c = WsClient.connect(server.wsUri("/"))) {
            c.next();
            c.send("{\"prompt\":\"Tell me a programming joke\",\"stream\":false}");
            assertEquals(
                    "{\"type\":\"complete\",\"content\":\"I received your message. This is a streaming response being"
                            + " sent token by token.\"}",
                    c.next());
        }
    }

    @Test
    void missingOrEmptyPromptIsAnsweredWithNoPromptProvided() throws Exception {
        try (WsClient c = WsClient.connect(server.wsUri("/"))) {
            c.next();
            c.send("{\"stream\":true}");
            assertEquals("{\"error\":\"No prompt provided\"}", c.next());
            c.send("{\"prompt\":\"\"}");
            assertEquals("{\"error\":\"No prompt provided\"}", c.next());
        }
    }

    @Test
    void invalidJsonIsAnsweredWithAnErrorFrameAndTheConnectionStaysUsable() throws Exception {
        try (WsClient c = WsClient.connect(server.wsUri("/"))) {
            c.next();
            c.send("not json");
            assertEquals("{\"type\":\"error\",\"error\":\"Invalid JSON message\"}", c.next());
            c.send("{\"prompt\":\"hello\",\"stream\":false}");
            assertEquals("{\"type\":\"complete\",\"content\":\"Hello! How can I help you today?\"}", c.next());
        }
    }

    @Test
    void seedPathServesTheSameServer() throws Exception {
        try (WsClient c = WsClient.connect(server.wsUri("/seed"))) {
            assertEquals(CONNECTED, c.next());
        }
    }
}
