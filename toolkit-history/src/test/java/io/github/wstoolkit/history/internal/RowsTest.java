package io.github.wstoolkit.history.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link Rows}' hand-written timestamps read back as the instants they were made from. */
class RowsTest {

    @Test
    void timestampsAreIsoUtcWithMillisecondsAndParseBackExactly() {
        assertEquals(
                "2026-12-02T18:09:48.123Z",
                Rows.timestamp(Instant.parse("2026-12-02T18:09:48.123Z").toEpochMilli()));
        assertEquals("1970-01-01T00:00:00.000Z", Rows.timestamp(0));
        assertEquals("1969-12-31T23:59:59.999Z", Rows.timestamp(-1));
        assertEquals(
                "2024-02-29T23:59:59.007Z",
                Rows.timestamp(Instant.parse("2024-02-29T23:59:59.007Z").toEpochMilli()));
        assertEquals(
                "9999-12-31T23:59:59.999Z",
                Rows.timestamp(Instant.parse("9999-12-31T23:59:59.999Z").toEpochMilli()));
        // outside four-digit years: Instant's own form, which Instant.parse reads too
        long far = Instant.parse("+10000-01-01T00:00:00Z").toEpochMilli();
        assertEquals("+10000-01-01T00:00:00Z", Rows.timestamp(far));
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 100_000; i++) {
            long t = random.nextLong(Instant.parse("0000-01-01T00:00:00Z").toEpochMilli(), far);
            String s = Rows.timestamp(t);
            assertEquals(t, Instant.parse(s).toEpochMilli(), s);
            assertEquals(24, s.length(), s);
        }
    }

    @Test
    void theScrubberReplacesASecretInsideAnotherLongestFirstWhateverTheOrderGiven() {
        // a set's order is arbitrary: the scrubber keeps its secrets longest first
        for (java.util.Set<String> given : java.util.List.<java.util.Set<String>>of(
                new java.util.LinkedHashSet<>(java.util.List.of("live-abcd", "sk-live-abcd-9f2", "ab")),
                new java.util.LinkedHashSet<>(java.util.List.of("sk-live-abcd-9f2", "live-abcd")))) {
            Rows.Scrubber s = new Rows.Scrubber(given);
            assertEquals(java.util.List.of("sk-live-abcd-9f2", "live-abcd"), java.util.List.copyOf(s.secrets()));
            assertEquals("key [REDACTED], tenant [REDACTED]", s.text("key sk-live-abcd-9f2, tenant live-abcd"));
            assertEquals(
                    java.util.Map.of("[REDACTED]", java.util.List.of("x [REDACTED]")),
                    s.value(java.util.Map.of("sk-live-abcd-9f2", java.util.List.of("x live-abcd"))));
        }
    }
}
