package io.github.wstoolkit.mockserver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.websocket.CloseReason;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every fault, through a real client. */
class FaultTest {

    static final String READY = "{\"type\":\"ready\",\"message\":\"Connected to /ws-stream\"}";
    static final String REQUEST = "{\"input\":\"alpha beta gamma\"}";

    static MockServer server;

    @BeforeAll
    static void start() {
        server = MockServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static JournalEntry entryOf(String target) throws Exception {
        return server
                .awaitJournal(
                        j -> j.stream()
                                .anyMatch(e -> e.redactedTarget().equals(target)
                                        && e.fault().isPresent()),
                        Duration.ofSeconds(5))
                .stream()
                .filter(e -> e.redactedTarget().equals(target))
                .reduce((a, b) -> b)
                .orElseThrow();
    }

    @Test
    void closeFaultClosesMidStreamWithTheCodeAndReason() throws Exception {
        try (WsClient c = WsClient.connect(server.wsUri("/ws-stream?fault=close:1011:bye"))) {
            assertEquals(READY, c.next());
            c.send(REQUEST);
            assertEquals("{\"type\":\"delta\",\"message\":\"You \"}", c.next());
            CloseReason r = c.awaitClose();
            assertEquals(1011, r.getCloseCode().getCode());
            assertEquals("bye", r.getReasonPhrase());
            assertEquals(List.of(), c.drain(), "nothing after the fault");
        }
        JournalEntry e = server.awaitClosed(
                entryOf("/ws-stream?fault=close%3A1011%3Abye").id(), Duration.ofSeconds(5));
        assertEquals(new JournalEntry.Close(1011, "bye", true), e.close().orElseThrow());
    }

    @Test
    void afterMovesTheFaultAndItNeverPassesTheLastFrame() throws Exception {
        try (WsClient c = WsClient.connect(server.wsUri("/ws-stream?fault=close:4002&after=3"))) {
            c.next();
            c.send(REQUEST);
            assertEquals(3, c.next(3).size());
            assertEquals(4002, c.awaitClose().getCloseCode().getCode());
        }
        try (WsClient c = WsClient.connect(server.wsUri("/ws?fault=close:4003"))) {
            c.send(REQUEST);
            assertEquals(4003, c.awaitClose().getCloseCode().getCode(), "a one-frame answer is cut before its frame");
            assertEquals(List.of(), c.drain());
        }
    }

    @Test
    void stallSendsTheFirstFrameThenNeverFinishes() throws Exception {
        try (WsClient c = WsClient.connect(server.wsUri("/ws-stream?fault=stall"))) {
            assertEquals(READY, c.next());
            c.send(REQUEST);
            assertEquals("{\"type\":\"delta\",\"message\":\"You \"}", c.next());
            JournalEntry e = entryOf("/ws-stream?fault=stall");
            // the stall halted the connection's queue: the server sent the greeting and one delta, and never more
            assertEquals(2, e.sent());
            assertEquals(new Fault.Stall(), e.fault().orElseThrow());
            assertTrue(e.close().isEmpty(), "the connection stays open");
            c.send(REQUEST);
            server.awaitJournal(
                    j -> j.stream()
                            .anyMatch(x -> x.id() == e.id() && x.received().size() == 2),
                    Duration.ofSeconds(5));
            assertEquals(
                    2,
                    server.journal().stream()
                            .filter(x -> x.id() == e.id())
                            .findFirst()
                            .orElseThrow()
                            .sent());
        }
    }

    @Test
    void malformedFaultInsertsAnInvalidJsonFrameAndTheAnswerGoesOn() throws Exception {
        try (WsClient c = WsClient.connect(server.wsUri("/ws-stream?fault=malformed"))) {
            c.next();
            c.send(REQUEST);
            List<String> frames = c.until("{\"type\":\"done\"}"::equals);
            assertEquals("{\"type\":\"delta\",\"message\":\"You \"}", frames.get(0));
            assertEquals("{\"type\":\"chunk\",\"delta\":", frames.get(1));
            assertEquals(8, frames.size(), "5 deltas + malformed + message + done");
        }
    }

    @Test
    void binaryFaultInsertsABinaryFrame() throws Exception {
        try (WsClient c = WsClient.connect(server.wsUri("/?fault=binary&gap=0"))) {
            c.next();
            c.send("{\"prompt\":\"hello\"}");
            assertEquals("{\"type\":\"chunk\",\"delta\":\"Hello! \"}", c.next());
            assertArrayEquals(
                    new byte[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}, (byte[]) c.nextFrame());
            assertEquals("{\"type\":\"chunk\",\"delta\":\"How \"}", c.next());
        }
    }

    @Test
    void errorFaultReplacesTheRestOfTheAnswerWithTheEndpointsErrorFrameOnce() throws Exception {
        try (WsClient c = WsClient.connect(server.wsUri("/ws-stream?fault=error:model%20overloaded"))) {
            c.next();
            c.send(REQUEST);
            assertEquals("{\"type\":\"delta\",\"message\":\"You \"}", c.next());
            assertEquals("{\"type\":\"error\",\"message\":\"model overloaded\"}", c.next());
            c.send("{\"input\":\"again\"}");
            assertEquals(
                    List.of(
                            "{\"type\":\"delta\",\"message\":\"You \"}",
                            "{\"type\":\"delta\",\"message\":\"said: \"}",
                            "{\"type\":\"delta\",\"message\":\"again\"}",
                            "{\"type\":\"message\",\"message\":\"You said: again\"}",
                            "{\"type\":\"done\"}"),
                    c.next(5),
                    "the fault hits the first answer only");
        }
        try (WsClient c = WsClient.connect(server.wsUri("/?fault=error&gap=0"))) {
            c.next();
            c.send("{\"prompt\":\"hello\"}");
            c.next();
            assertEquals("{\"type\":\"error\",\"error\":\"Injected fault\"}", c.next());
        }
    }

    @Test
    void refuseFaultRefusesTheHandshakeWithTheStatus() throws Exception {
        for (int status : new int[] {401, 429, 503}) {
            assertEquals(status, WsClient.refusedStatus(server.wsUri("/ws-stream?fault=refuse:" + status), Map.of()));
        }
        List<JournalEntry> j = server.awaitJournal(
                x -> x.stream().filter(e -> e.refused().isPresent()).count() >= 3, Duration.ofSeconds(5));
        assertTrue(j.stream()
                .anyMatch(e -> e.refused().orElse(0) == 429 && e.summary().endsWith("refused HTTP 429")));
    }

    @Test
    void oversizedFaultSendsOneFrameOfExactlyTheSize() throws Exception {
        try (WsClient c = WsClient.connect(server.wsUri("/ws-stream?fault=oversized:100000"))) {
            c.next();
            c.send(REQUEST);
            c.next();
            String big = c.next();
            assertEquals(100_000, big.length());
            assertTrue(big.startsWith("{\"type\":\"padding\",\"data\":\"xxx") && big.endsWith("xx\"}"));
            assertEquals("{\"type\":\"delta\",\"message\":\"said: \"}", c.next(), "the answer goes on");
        }
    }

    @Test
    void defaultOversizedFrameIsMoreThanATyrusClientAcceptsByDefault() throws Exception {
        try (WsClient c = WsClient.connect(server.wsUri("/ws-stream?fault=oversized"))) {
            c.next();
            c.send(REQUEST);
            c.next();
            int code = c.awaitClose().getCloseCode().getCode();
            assertTrue(code == 1009 || code == 1011, "the client gives up on the 5 MiB frame: " + code);
        }
        assertEquals(
                new Fault.Oversized(5 * 1024 * 1024),
                server.journal().stream()
                        .filter(e -> e.path().equals("/ws-stream") && e.query().containsKey("fault"))
                        .filter(e -> e.fault().orElse(null) instanceof Fault.Oversized o && o.bytes() > 100_000)
                        .findFirst()
                        .orElseThrow()
                        .fault()
                        .orElseThrow());
    }

    @Test
    void faultParsingNamesTheChoices() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> Fault.parse("boom"));
        assertEquals(
                "unknown fault 'boom': expected close:CODE[:REASON], stall, malformed, binary, error[:MESSAGE],"
                        + " refuse:STATUS or oversized[:BYTES]",
                e.getMessage());
        assertEquals(new Fault.Close(1000, "a:b"), Fault.parse("close:1000:a:b"));
        assertEquals(new Fault.ErrorFrame("Injected fault"), Fault.parse("error"));
    }
}
