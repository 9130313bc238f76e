package io.github.wstoolkit.mockserver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SeedServerTest {

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
            assertEquals("{\"type\":\"connected\",\"message\":\"Connected to streaming WebSocket server\"}", c.next());
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
}
