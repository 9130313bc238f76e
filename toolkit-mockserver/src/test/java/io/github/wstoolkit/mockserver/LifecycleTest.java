package io.github.wstoolkit.mockserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.websocket.CloseReason;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Starting, closing, and what is left behind. */
class LifecycleTest {

    static Set<Thread> mockThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("wst-mock-") && t.isAlive())
                .collect(Collectors.toSet());
    }

    @Test
    void closeStopsEveryServerThreadAndLeavesNoNonDaemonThread() throws Exception {
        Set<Thread> nonDaemonBefore = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !t.isDaemon() && t.isAlive())
                .collect(Collectors.toSet());
        Set<Thread> before = mockThreads();
        MockServer server =
                MockServer.builder().scenario(Scenario.parse("gap=5")).start();
        try (WsClient c = WsClient.connect(server.wsUri("/ws-stream"))) {
            c.next();
            c.send("{\"input\":\"keep the scheduler busy for a while\"}");
            c.next();
            assertTrue(mockThreads().size() > before.size(), "the server runs threads named wst-mock-*");
            server.close();
            assertEquals(1001, c.awaitClose().getCloseCode().getCode(), "clients learn the server went away");
        }
        System.out.println("THREADS-AFTER "
                + Thread.getAllStackTraces().keySet().stream()
                        .map(t -> t.getName() + (t.isDaemon() ? "(d)" : ""))
                        .sorted()
                        .toList());
        System.out.println("THREADS-BEFORE "
                + nonDaemonBefore.stream().map(Thread::getName).sorted().toList());
        Set<Thread> left = mockThreads();
        left.removeAll(before);
        assertEquals(Set.of(), left, "threads left after close");
        Set<Thread> nonDaemonAfter = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !t.isDaemon() && t.isAlive() && t.getName().startsWith("wst-mock"))
                .collect(Collectors.toSet());
        nonDaemonAfter.removeAll(nonDaemonBefore);
        assertEquals(Set.of(), nonDaemonAfter);
    }

    @Test
    void closeIsIdempotentAndReportsEveryConnection() throws Exception {
        List<JournalEntry> reported = new CopyOnWriteArrayList<>();
        MockServer server =
                MockServer.builder().onConnectionClosed(reported::add).start();
        WsClient c = WsClient.connect(server.wsUri("/ws-stream"));
        c.next();
        server.close();
        server.close();
        CloseReason r = c.awaitClose();
        assertEquals("Server shutting down", r.getReasonPhrase());
        assertEquals(1, reported.size());
        assertEquals(
                new JournalEntry.Close(1001, "Server shutting down", true),
                reported.get(0).close().orElseThrow());
    }

    @Test
    void portZeroPicksDistinctFreePortsAndABusyPortFailsClearly() {
        try (MockServer a = MockServer.start();
                MockServer b = MockServer.start()) {
            assertNotEquals(a.port(), b.port());
            UncheckedIOException e = assertThrows(
                    UncheckedIOException.class,
                    () -> MockServer.builder().port(a.port()).start());
            assertTrue(
                    e.getMessage().contains("cannot start the mock server on 127.0.0.1:" + a.port()), e.getMessage());
        }
    }

    @Test
    void awaitJournalTimesOutWithTheJournalInTheMessage() {
        try (MockServer server = MockServer.start()) {
            var e = assertThrows(
                    java.util.concurrent.TimeoutException.class,
                    () -> server.awaitJournal(j -> !j.isEmpty(), Duration.ofMillis(50)));
            assertTrue(e.getMessage().contains("journal condition not met within 50 ms"), e.getMessage());
        }
    }
}
