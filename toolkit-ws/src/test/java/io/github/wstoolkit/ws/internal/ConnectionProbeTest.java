package io.github.wstoolkit.ws.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What a connection's probe makes of a handshake response: the refused status and RFC 9110's {@code Retry-After}. */
class ConnectionProbeTest {

    @Test
    void retryAfterIsSecondsOrAnHttpDate() {
        assertEquals(Duration.ofSeconds(120), ConnectionProbe.parseRetryAfter(" 120 "));
        assertEquals(Duration.ZERO, ConnectionProbe.parseRetryAfter("0"));
        assertEquals(Duration.ofSeconds(999_999_999), ConnectionProbe.parseRetryAfter("999999999"));
        // a date in the past means now; a date ahead, the time until it (a little less, as time passes)
        assertEquals(Duration.ZERO, ConnectionProbe.parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT"));
        String inAnHour = DateTimeFormatter.RFC_1123_DATE_TIME.format(
                ZonedDateTime.now(ZoneOffset.UTC).plusHours(1));
        Duration d = ConnectionProbe.parseRetryAfter(inAnHour);
        assertTrue(d.compareTo(Duration.ofMinutes(50)) > 0 && d.compareTo(Duration.ofMinutes(61)) < 0, d.toString());
        // neither: no Retry-After
        assertNull(ConnectionProbe.parseRetryAfter("soon"));
        assertNull(ConnectionProbe.parseRetryAfter("1234567890"));
        assertNull(ConnectionProbe.parseRetryAfter("-5"));
        assertNull(ConnectionProbe.parseRetryAfter(""));
    }

    @Test
    void aRefusedStatusIsAnythingButNoneAnd101() {
        ConnectionProbe probe = new ConnectionProbe(10);
        assertEquals(Optional.empty(), probe.refusedStatus());
        probe.handshakeResponse(101, Map.of());
        assertEquals(Optional.empty(), probe.refusedStatus());
        probe.handshakeResponse(401, Map.of());
        assertEquals(Optional.of(401), probe.refusedStatus());
        assertEquals(Optional.empty(), probe.retryAfter());
        assertEquals(10, probe.maxMessageSize());
    }

    @Test
    void retryAfterIsReadInAnyCaseAndEmptyHeadersAreSkipped() {
        ConnectionProbe probe = new ConnectionProbe(10);
        Map<String, List<String>> headers = new HashMap<>();
        headers.put(null, List.of("HTTP/1.1 429 Too Many Requests"));
        headers.put("X-Retry-After", List.of("99"));
        headers.put("retry-after", List.of("30"));
        probe.handshakeResponse(429, headers);
        assertEquals(Optional.of(Duration.ofSeconds(30)), probe.retryAfter());
        ConnectionProbe empty = new ConnectionProbe(10);
        empty.handshakeResponse(503, Map.of("Retry-After", List.of()));
        assertEquals(Optional.empty(), empty.retryAfter());
    }

    @Test
    void aTooBigMessageIsRemembered() {
        ConnectionProbe probe = new ConnectionProbe(10);
        assertEquals(Optional.empty(), probe.tooBig());
        probe.tooBig(0);
        assertEquals(Optional.of(0L), probe.tooBig());
        probe.tooBig(11);
        assertEquals(Optional.of(11L), probe.tooBig());
    }
}
