package io.github.wstoolkit.groovy.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wstoolkit.api.transform.StreamStep;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** promptfoo's {@code [accumulator, complete]} pair read from whatever a Groovy transform returns. */
class ResultsTest {

    @Test
    void aPairFromAListAnArrayOrAnyIterable() {
        assertEquals(new StreamStep("a", true), Results.toStep(List.of("a", true)));
        assertEquals(new StreamStep("a", true), Results.toStep(new Object[] {"a", true}));
        assertEquals(new StreamStep("a", true), Results.toStep(new LinkedHashSet<>(List.of("a", true))));
        assertEquals(new StreamStep("a", false), Results.toStep(List.of("a", 0)));
    }

    @Test
    void aMissingCompleteIsFalseAndAMissingAccumulatorNull() {
        assertEquals(new StreamStep("a", false), Results.toStep(List.of("a")));
        assertEquals(new StreamStep(null, false), Results.toStep(List.of()));
    }

    @Test
    void aMapOrAScalarIsNotAPair() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Results.toStep(Map.of("a", 1)));
        assertTrue(e.getMessage().endsWith("which is not iterable; return [accumulator, complete]"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> Results.toStep("done"));
    }
}
