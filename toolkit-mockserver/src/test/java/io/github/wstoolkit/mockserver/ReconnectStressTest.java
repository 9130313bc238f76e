package io.github.wstoolkit.mockserver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The server accepts a new handshake at once after closing the previous connection itself, again and again. Uses
 * java.net.http's WebSocket client: Tyrus 2.2.2's client has its own race when connections churn this fast (it can
 * shut its executors down under a live session), which is not what this test is about.
 */
class ReconnectStressTest {

    @Test
    void aNewHandshakeRightAfterAServerCloseSucceeds() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
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
                CompletableFuture<String> text = new CompletableFuture<>();
                CompletableFuture<Integer> closed = new CompletableFuture<>();
                WebSocket ws = http.newWebSocketBuilder()
                        .buildAsync(server.wsUri("/x"), new WebSocket.Listener() {
                            @Override
                            public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                                text.complete(data.toString());
                                w.request(1);
                                return null;
                            }

                            @Override
                            public CompletionStage<?> onClose(WebSocket w, int statusCode, String reason) {
                                closed.complete(statusCode);
                                return null;
                            }
                        })
                        .get(10, TimeUnit.SECONDS);
                ws.sendText("go", true).get(10, TimeUnit.SECONDS);
                assertEquals("first", text.get(10, TimeUnit.SECONDS));
                assertEquals(1000, closed.get(10, TimeUnit.SECONDS));
            }
            assertEquals(
                    50,
                    server.awaitJournal(
                                    j -> j.stream()
                                                    .filter(e -> e.close().isPresent())
                                                    .count()
                                            == 50,
                                    java.time.Duration.ofSeconds(10))
                            .size());
        }
    }
}
