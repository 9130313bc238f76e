package io.github.wstoolkit.mockserver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The server accepts a new handshake at once after closing the previous connection itself, again and again. */
class ReconnectStressTest {

    @Test
    void aNewHandshakeRightAfterAServerCloseSucceeds() throws Exception {
        try (MockServer server = MockServer.builder()
                .handler("/x", new MockHandler() {
                    @Override
                    public void onMessage(MockConnection c, String text) {
                        c.sendText("first");
                        c.close(1000, "idle");
                    }
                })
                .start()) {
            for (int i = 0; i < 50; i++) {
                try (WsClient c = WsClient.connect(server.wsUri("/x"))) {
                    c.send("go");
                    assertEquals("first", c.next());
                    assertEquals(1000, c.awaitClose().getCloseCode().getCode());
                }
            }
        }
    }
}
