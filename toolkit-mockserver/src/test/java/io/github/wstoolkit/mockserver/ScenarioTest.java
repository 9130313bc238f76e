package io.github.wstoolkit.mockserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Scenario knobs through a real client. Delays are checked as lower bounds only (a scheduled frame can never
 * leave early), never as upper bounds: speed is the benchmarks' business.
 */
class ScenarioTest {

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
    void ttfbDelaysTheFirstFrameOfEachAnswerButNotTheGreeting() throws Exception {
        try (WsClient c = WsClient.connect(server.wsUri("/ws-stream?ttfb=300"))) {
            c.next();
            long t0 = System.nanoTime();
            c.send("{\"input\":\"x\"}");
            c.next();
            long waitedMs = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(waitedMs >= 300, "first frame after " + waitedMs + " ms, ttfb is 300");
        }
    }

    @Test
    void gapSpacesTheFramesOfAnAnswer() throws Exception {
        try (WsClient c = WsClient.connect(server.wsUri("/ws-stream?gap=100"))) {
            c.next();
            // the clock starts before the first delta is read: the server's first gap starts when it sends that delta,
            // which is before this client has read it (started after the read, the 5 gaps once measured 498 ms)
            long t0 = System.nanoTime();
            c.send("{\"input\":\"a b\"}");
            c.next();
            List<String> rest = c.until("{\"type\":\"done\"}"::equals);
            long waitedMs = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(5, rest.size(), "3 more deltas, message, done: " + rest);
            assertTrue(waitedMs >= 500, "5 gaps of 100 ms took " + waitedMs + " ms");
        }
    }

    @Test
    void jitterIsSeededAndBounded() {
        Scenario s = Scenario.parse("ttfb=100&gap=20&jitter=5&seed=42");
        List<Duration> a = draw(s, 50);
        assertEquals(a, draw(s, 50), "same seed, same delays");
        assertNotEquals(a, draw(Scenario.parse("ttfb=100&gap=20&jitter=5&seed=43"), 50));
        assertTrue(a.get(0).toMillis() >= 95 && a.get(0).toMillis() <= 105, a.toString());
        for (Duration d : a.subList(1, a.size())) {
            assertTrue(d.toMillis() >= 15 && d.toMillis() <= 25, a.toString());
        }
        assertTrue(a.stream().distinct().count() > 3, "jitter moves the delays: " + a);
        assertEquals(List.of(Duration.ofMillis(7), Duration.ofMillis(50)), draw(Scenario.parse("ttfb=7"), 2));
    }

    // a corpus input of ScenarioFuzzTest: jitter + 1 overflowed and the pacer threw on the connection's first frame
    @Test
    void delaysAtTheLongLimitSaturateInsteadOfOverflowing() {
        long max = Long.MAX_VALUE;
        for (Duration d : draw(Scenario.parse("jitter=" + max + "&seed=3"), 20)) {
            assertFalse(d.isNegative(), d.toString());
        }
        List<Duration> both = draw(Scenario.parse("ttfb=" + max + "&gap=" + max + "&jitter=" + max + "&seed=3"), 20);
        assertTrue(both.stream().allMatch(d -> !d.isNegative()), both.toString());
        assertTrue(both.contains(Duration.ofMillis(max)), "an upward shift saturates: " + both);
    }

    private static List<Duration> draw(Scenario s, int n) {
        io.github.wstoolkit.mockserver.internal.Pacer p =
                new io.github.wstoolkit.mockserver.internal.Pacer(s, Duration.ofMillis(50));
        List<Duration> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(p.next(i == 0));
        }
        return out;
    }

    @Test
    void jitteredConnectionsStillDeliverEveryFrameInOrder() throws Exception {
        try (WsClient c = WsClient.connect(server.wsUri("/ws-stream?gap=3&jitter=3&seed=7"))) {
            c.next();
            c.send("{\"input\":\"one two three four five six\"}");
            List<String> frames = c.until("{\"type\":\"done\"}"::equals);
            assertEquals("{\"type\":\"message\",\"message\":\"You said: one two three four five six\"}", frames.get(8));
        }
    }

    @Test
    void chunkSetsWordsPerDelta() throws Exception {
        try (WsClient c = WsClient.connect(server.wsUri("/ws-stream?chunk=3"))) {
            c.next();
            c.send("{\"input\":\"one two three four\"}");
            assertEquals(
                    List.of(
                            "{\"type\":\"delta\",\"message\":\"You said: one \"}",
                            "{\"type\":\"delta\",\"message\":\"two three four\"}",
                            "{\"type\":\"message\",\"message\":\"You said: one two three four\"}",
                            "{\"type\":\"done\"}"),
                    c.next(4));
        }
    }

    @Test
    void chunkCanCountCharacters() throws Exception {
        try (WsClient c = WsClient.connect(server.wsUri("/?chunk=chars:12&gap=0"))) {
            c.next();
            c.send("{\"prompt\":\"hello\"}");
            assertEquals(
                    List.of(
                            "{\"type\":\"chunk\",\"delta\":\"Hello! How c\"}",
                            "{\"type\":\"chunk\",\"delta\":\"an I help yo\"}",
                            "{\"type\":\"chunk\",\"delta\":\"u today?\"}",
                            "{\"type\":\"done\",\"content\":\"Hello! How can I help you today?\"}"),
                    c.next(4));
        }
    }

    @Test
    void queryOverridesTheEndpointScenarioWhichOverridesTheServerScenario() throws Exception {
        try (MockServer s = MockServer.builder()
                .scenario(Scenario.parse("chunk=2&gap=0"))
                .scenario("/ws-stream", Scenario.parse("chunk=4"))
                .start()) {
            try (WsClient c = WsClient.connect(s.wsUri("/ws-stream"))) {
                c.next();
                c.send("{\"input\":\"a b c d e f\"}");
                assertEquals("{\"type\":\"delta\",\"message\":\"You said: a b \"}", c.next(), "endpoint: 4 words");
            }
            try (WsClient c = WsClient.connect(s.wsUri("/ws-stream?chunk=1"))) {
                c.next();
                c.send("{\"input\":\"a b c d e f\"}");
                assertEquals("{\"type\":\"delta\",\"message\":\"You \"}", c.next(), "query: 1 word");
            }
            try (WsClient c = WsClient.connect(s.wsUri("/"))) {
                c.next();
                c.send("{\"prompt\":\"hello\"}");
                assertEquals("{\"type\":\"chunk\",\"delta\":\"Hello! How \"}", c.next(), "server: 2 words");
            }
        }
    }

    @Test
    void invalidScenarioParameterRefusesTheHandshakeWith400() throws Exception {
        assertEquals(400, WsClient.refusedStatus(server.wsUri("/ws-stream?ttfb=soon"), Map.of()));
        assertEquals(400, WsClient.refusedStatus(server.wsUri("/ws-stream?fault=explode"), Map.of()));
        server.awaitJournal(j -> j.stream().filter(e -> e.refused().isPresent()).count() >= 2, Duration.ofSeconds(5));
    }

    @Test
    void parseNamesTheBadParameterAndWhatWasExpected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Scenario.parse("gap=-1"));
        assertEquals("invalid scenario parameter gap=-1: expected 0 or more milliseconds", e.getMessage());
        // found by ScenarioFuzzTest: the record's own check gave "after must be 0 or more", without the parameter form
        e = assertThrows(IllegalArgumentException.class, () -> Scenario.parse("after=-11"));
        assertEquals("invalid scenario parameter after=-11: expected 0 or more frames", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Scenario.parse("seed=x"));
        assertEquals("invalid scenario parameter seed=x: expected an integer", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Scenario.parse("chunk=lines:3"));
        assertEquals(
                "invalid scenario parameter chunk=lines:3: chunk must be N, words:N or chars:N, got 'lines:3'",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Scenario.parse("fault=close:99"));
        assertTrue(e.getMessage().contains("close code must be 1000-4999"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Scenario.parse("fault=refuse:200"));
        assertTrue(e.getMessage().contains("refuse status must be an HTTP error status 400-599"), e.getMessage());
    }

    // found by ScenarioFuzzTest: URLDecoder's error escaped without naming the parameter
    @Test
    void aBadPercentEscapeNamesTheParameter() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Scenario.parse("%3%23"));
        assertTrue(e.getMessage().startsWith("invalid scenario parameter %3%23: URLDecoder: "), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Scenario.parse("gap=0&fault=error%zz"));
        assertTrue(e.getMessage().startsWith("invalid scenario parameter fault=error%zz: "), e.getMessage());
    }

    @Test
    void textFormRoundTripsAndOtherParametersAreIgnored() {
        Scenario s =
                Scenario.parse("?model=x&ttfb=200&gap=20&jitter=5&seed=1&chunk=chars:3&fault=close:1011:bye&after=2");
        assertEquals("ttfb=200&gap=20&jitter=5&seed=1&chunk=chars:3&fault=close%3A1011%3Abye&after=2", s.toQuery());
        assertEquals(s, Scenario.parse(s.toQuery()));
        assertEquals(new Fault.Close(1011, "bye"), s.fault().orElseThrow());
        assertEquals(Scenario.NONE, Scenario.parse("model=gpt&token=abc"));
    }
}
