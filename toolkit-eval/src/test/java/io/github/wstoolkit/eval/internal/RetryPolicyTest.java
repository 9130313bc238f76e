package io.github.wstoolkit.eval.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wstoolkit.api.ConfigException;
import io.github.wstoolkit.api.ProviderException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The retry policy of a provider's config: its limits, what it retries, and the backoff between attempts. */
class RetryPolicyTest {

    private static final ProviderException REFUSED =
            ProviderException.connection("connection refused", "ECONNREFUSED", true, null);

    @Test
    void noRetriesIsAPolicyAndANegativeCountIsNot() {
        assertEquals(0, RetryPolicy.of(Map.of("maxRetries", 0), "p").maxRetries());
        assertEquals(0, new RetryPolicy(0, Set.of(), Set.of()).maxRetries());
        assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(-1, Set.of(), Set.of()));
        ConfigException e = assertThrows(ConfigException.class, () -> RetryPolicy.of(Map.of("maxRetries", -1), "p"));
        assertTrue(e.getMessage().contains("must be a whole number, 0 or more, got -1"), e.getMessage());
        assertThrows(ConfigException.class, () -> RetryPolicy.of(Map.of("maxRetries", 1.5), "p"));
    }

    @Test
    void codesAreCheckedAgainstTheirRangeBothEndsIncluded() {
        RetryPolicy p = RetryPolicy.of(
                Map.of("retry", Map.of("onStatus", List.of(100, 599), "onCloseCodes", List.of(1000, 4999))), "p");
        assertEquals(Set.of(100, 599), p.onStatus());
        assertEquals(Set.of(1000, 4999), p.onCloseCodes());
        assertEquals(
                Set.of(503),
                RetryPolicy.of(Map.of("retry", Map.of("onStatus", 503)), "p").onStatus());
        for (Object bad : List.of(99, 600, 429.5)) {
            ConfigException e = assertThrows(
                    ConfigException.class,
                    () -> RetryPolicy.of(
                            Map.of("retry", Map.of("onStatus", List.of(429, bad))), "providers[0].config"));
            assertTrue(
                    e.getMessage().contains("codes are whole numbers from 100 to 599, got [" + bad + "]"),
                    e.getMessage());
        }
        for (Object bad : List.of(999, 5000)) {
            assertThrows(
                    ConfigException.class,
                    () -> RetryPolicy.of(Map.of("retry", Map.of("onCloseCodes", List.of(bad))), "p"));
        }
        ConfigException notAList = assertThrows(
                ConfigException.class, () -> RetryPolicy.of(Map.of("retry", Map.of("onStatus", "503")), "p"));
        assertTrue(notAList.getMessage().contains("must be a list of codes, got 503"), notAList.getMessage());
    }

    @Test
    void whatIsRetried() {
        RetryPolicy p = RetryPolicy.DEFAULT;
        assertTrue(p.retries(REFUSED));
        assertFalse(p.retries(ProviderException.connection("bad", "X", false, null)));
        assertTrue(p.retries(ProviderException.handshake("busy", 503, false, null, null)), "by status, not transience");
        assertFalse(p.retries(ProviderException.handshake("denied", 401, true, null, null)));
        assertTrue(p.retries(ProviderException.closed("restart", 1012, false)));
        assertFalse(p.retries(ProviderException.closed("crash", 1011, true)));
    }

    @Test
    void backoffDoublesWithTwentyPercentJitterUpToTheMaximum() {
        Duration base = Duration.ofMillis(100);
        Duration max = Duration.ofSeconds(10);
        for (int i = 0; i < 200; i++) {
            long first = RetryPolicy.delay(1, REFUSED, base, max).toMillis();
            assertTrue(first >= 80 && first <= 120, "attempt 1: " + first);
            long third = RetryPolicy.delay(3, REFUSED, base, max).toMillis();
            assertTrue(third >= 320 && third <= 480, "attempt 3: " + third);
        }
        assertEquals(Duration.ofMillis(250), RetryPolicy.delay(12, REFUSED, base, Duration.ofMillis(250)));
        // the server's Retry-After comes first, capped too
        ProviderException later = ProviderException.handshake("slow down", 429, true, Duration.ofMillis(700), null);
        assertEquals(Duration.ofMillis(700), RetryPolicy.delay(1, later, base, max));
        assertEquals(Duration.ofMillis(700), RetryPolicy.delay(1, later, base, Duration.ofMillis(700)));
        assertEquals(Duration.ofMillis(300), RetryPolicy.delay(1, later, base, Duration.ofMillis(300)));
    }
}
