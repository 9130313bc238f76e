package io.github.wstoolkit.mockserver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.websocket.CloseReason;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Custom endpoints: exact frames, handshake data, subprotocols, refusals and the journal. */
class CustomHandlerTest {

    @Test
    void handlerFramesArriveExactlyAndInOrder() throws Exception {
        try (MockServer server = MockServer.builder()
                        .handler("/script", new MockHandler() {
                            @Override
                            public void onOpen(MockConnection c) {
                                c.sendText("welcome #" + c.id());
                            }

                            @Override
                            public void onMessage(MockConnection c, String text) {
                                c.sendText("hello ");
                                c.sendText("world");
                                c.sendBinary(new byte[] {1, 2, 3});
                            }
                        })
                        .start();
                WsClient c = WsClient.connect(server.wsUri("/script"))) {
            assertTrue(c.next().startsWith("welcome #"));
            c.send("go");
            assertEquals("hello ", c.next());
            assertEquals("world", c.next());
            assertArrayEquals(new byte[] {1, 2, 3}, (byte[]) c.nextFrame());
        }
    }

    @Test
    void connectionSeesPathQueryHeadersAndTheJournalRecordsThem() throws Exception {
        CompletableFuture<String> seen = new CompletableFuture<>();
        try (MockServer server = MockServer.builder()
                .handler("/h", new MockHandler() {
                    @Override
                    public void onOpen(MockConnection c) {
                        seen.complete(c.path() + " " + c.query() + " "
                                + c.header("x-custom").orElse("-") + " "
                                + c.queryParameter("a").orElse("-"));
                    }
                })
                .start()) {
            try (WsClient c = WsClient.connect(
                    server.wsUri("/h?a=1&a=2&token=s3cret&b=x%20y"),
                    Map.of("X-Custom", "v1", "Authorization", "Bearer sk-secret-value"),
                    List.of())) {
                assertEquals("/h {a=[1, 2], token=[s3cret], b=[x y]} v1 1", seen.get(5, TimeUnit.SECONDS));
                c.send("first");
                c.session().getBasicRemote().sendBinary(ByteBuffer.wrap(new byte[] {9, 8}));
                c.send("second");
                server.awaitJournal(j -> j.size() == 1 && j.get(0).received().size() == 3, Duration.ofSeconds(5));
                c.session().close(new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, "bye"));
            }
            JournalEntry e = server.awaitClosed(1, Duration.ofSeconds(5));
            assertEquals("/h", e.path());
            assertEquals(List.of("1", "2"), e.query().get("a"));
            assertEquals(Optional.of("Bearer sk-secret-value"), e.header("authorization"));
            assertEquals(List.of("first", "second"), e.texts());
            assertTrue(e.received().get(1).binary());
            assertArrayEquals(new byte[] {9, 8}, e.received().get(1).data());
            assertEquals(new JournalEntry.Close(1000, "bye", false), e.close().orElseThrow());
            String shown = e.toString() + e.summary() + e.toJson();
            assertTrue(!shown.contains("sk-secret-value") && !shown.contains("s3cret"), shown);
            assertTrue(e.summary().contains("token=%5BREDACTED%5D"), e.summary());
        }
    }

    @Test
    void acceptsTheClientsFirstSupportedSubprotocol() throws Exception {
        try (MockServer server = MockServer.builder()
                        .subprotocols("json", "chat")
                        .handler("/p", new MockHandler() {
                            @Override
                            public void onOpen(MockConnection c) {
                                c.sendText(c.subprotocol().orElse("none"));
                            }
                        })
                        .start();
                WsClient c = WsClient.connect(server.wsUri("/p"), Map.of(), List.of("xml", "chat", "json"))) {
            assertEquals("chat", c.next());
            assertEquals("chat", c.session().getNegotiatedSubprotocol());
            assertEquals(Optional.of("chat"), server.journal().get(0).subprotocol());
        }
    }

    @Test
    void unsupportedSubprotocolIsNotNegotiated() throws Exception {
        try (MockServer server = MockServer.builder()
                        .subprotocols("json")
                        .handler("/p", new MockHandler() {
                            @Override
                            public void onOpen(MockConnection c) {
                                c.sendText(c.subprotocol().orElse("none"));
                            }
                        })
                        .start();
                WsClient c = WsClient.connect(server.wsUri("/p"))) {
            assertEquals("none", c.next());
        }
    }

    @Test
    void handlerRefusesTheHandshakeWithItsStatus() throws Exception {
        try (MockServer server = MockServer.builder()
                .handler("/guarded", new MockHandler() {
                    @Override
                    public Optional<Refusal> onHandshake(Handshake h) {
                        return h.header("X-Key").filter("open-sesame"::equals).isPresent()
                                ? Optional.empty()
                                : Optional.of(Refusal.status(401, "no key"));
                    }

                    @Override
                    public void onOpen(MockConnection c) {
                        c.sendText("in");
                    }
                })
                .start()) {
            assertEquals(401, WsClient.refusedStatus(server.wsUri("/guarded"), Map.of("X-Key", "wrong")));
            try (WsClient c = WsClient.connect(server.wsUri("/guarded"), Map.of("X-Key", "open-sesame"), List.of())) {
                assertEquals("in", c.next());
            }
            assertEquals(
                    "{\"error\":{\"message\":\"no key\",\"code\":401}}",
                    Refusal.status(401, "no key").body());
            JournalEntry refused = server.journal().get(0);
            assertEquals(401, refused.refused().orElseThrow());
            assertTrue(refused.toJson().toString().contains("[REDACTED]"), "X-Key is a secret header");
        }
    }

    @Test
    void handlerExceptionClosesTheConnectionWith1011() throws Exception {
        try (MockServer server = MockServer.builder()
                        .handler("/boom", new MockHandler() {
                            @Override
                            public void onMessage(MockConnection c, String text) {
                                throw new IllegalStateException("boom");
                            }
                        })
                        .start();
                WsClient c = WsClient.connect(server.wsUri("/boom"))) {
            c.send("x");
            CloseReason r = c.awaitClose();
            assertEquals(1011, r.getCloseCode().getCode());
            assertEquals("Handler error", r.getReasonPhrase());
        }
    }

    @Test
    void scheduledActionsRunAfterEarlierFramesAndCloseWithTheGivenCode() throws Exception {
        try (MockServer server = MockServer.builder()
                        .handler("/later", new MockHandler() {
                            @Override
                            public void onMessage(MockConnection c, String text) {
                                c.schedule(Duration.ofMillis(30), () -> c.sendText("late"));
                                c.sendText("after-schedule");
                                c.close(4001, "done here");
                            }
                        })
                        .start();
                WsClient c = WsClient.connect(server.wsUri("/later"))) {
            c.send("x");
            assertEquals("late", c.next(), "queued actions keep call order");
            assertEquals("after-schedule", c.next());
            CloseReason r = c.awaitClose();
            assertEquals(4001, r.getCloseCode().getCode());
            assertEquals("done here", r.getReasonPhrase());
            assertEquals(
                    new JournalEntry.Close(4001, "done here", true),
                    server.awaitClosed(1, Duration.ofSeconds(5)).close().orElseThrow());
        }
    }

    @Test
    void customHandlerReplacesABuiltInEndpoint() throws Exception {
        try (MockServer server = MockServer.builder()
                        .handler("/ws", new MockHandler() {
                            @Override
                            public void onMessage(MockConnection c, String text) {
                                c.sendText("custom:" + text);
                            }
                        })
                        .start();
                WsClient c = WsClient.connect(server.wsUri("/ws"))) {
            c.send("{\"input\":\"x\"}");
            assertEquals("custom:{\"input\":\"x\"}", c.next());
        }
    }

    @Test
    void badPathsAreRejectedWhenBuilding() {
        MockHandler h = new MockHandler() {};
        assertThrows(IllegalArgumentException.class, () -> MockServer.builder().handler("nope", h));
        assertThrows(IllegalArgumentException.class, () -> MockServer.builder().handler("/health", h));
        assertThrows(IllegalArgumentException.class, () -> MockServer.builder().handler("/a?b=1", h));
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> MockServer.builder().scenario("/missing", Scenario.NONE).start());
        assertTrue(e.getMessage().contains("/missing"), e.getMessage());
    }
}
