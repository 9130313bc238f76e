package io.github.wstoolkit.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The value records reports and providers see: attempt errors, a test merged with its defaults, assertion types. */
class RecordsTest {

    @Test
    void anAttemptErrorWritesOnlyWhatIsKnownAndReadsItBack() {
        AttemptError full = new AttemptError(
                2,
                "Error: refused",
                Optional.of("ECONNREFUSED"),
                OptionalInt.of(503),
                OptionalInt.of(1013),
                40,
                OptionalLong.of(250));
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("attempt", 2);
        expected.put("error", "Error: refused");
        expected.put("code", "ECONNREFUSED");
        expected.put("httpStatus", 503);
        expected.put("closeCode", 1013);
        expected.put("latencyMs", 40L);
        expected.put("retryDelayMs", 250L);
        assertEquals(expected, full.toMap());
        assertEquals(List.copyOf(expected.keySet()), List.copyOf(full.toMap().keySet()));
        assertEquals(full, AttemptError.fromMap(full.toMap()));
        AttemptError bare = AttemptError.of(1, "No output", 7);
        assertEquals(Map.of("attempt", 1, "error", "No output", "latencyMs", 7L), bare.toMap());
        assertEquals(bare, AttemptError.fromMap(bare.toMap()));
        assertEquals(0, AttemptError.fromMap(Map.of("attempt", 1, "error", "x")).latencyMs());
        assertNull(AttemptError.fromMap(Map.of("error", "x")));
        assertNull(AttemptError.fromMap(Map.of("attempt", 1)));
        assertNull(AttemptError.fromMap("x"));
    }

    @Test
    void aTestWithItsDefaultsMergesVarsOptionsMetadataAndAssertionsTheTestWinning() {
        TestCase defaults = TestCase.builder()
                .description("default")
                .vars(Map.of("lang", "en", "q", "default"))
                .options(Map.of("provider", "grader", "rubricPrompt", "default"))
                .metadata(Map.of("team", "a"))
                .asserts(List.of(AssertionSpec.of("contains", "d")))
                .threshold(0.5)
                .build();
        TestCase test = TestCase.builder()
                .vars(Map.of("q", "mine"))
                .options(Map.of("rubricPrompt", "mine"))
                .asserts(List.of(AssertionSpec.of("contains", "t")))
                .build();
        TestCase merged = test.withDefaults(defaults);
        assertEquals(Optional.of("default"), merged.description());
        assertEquals(Map.of("lang", "en", "q", "mine"), merged.vars());
        assertEquals(Map.of("provider", "grader", "rubricPrompt", "mine"), merged.options());
        assertEquals(Map.of("team", "a"), merged.metadata());
        assertEquals(
                List.of("d", "t"),
                merged.asserts().stream().map(AssertionSpec::value).toList());
        assertEquals(OptionalDouble.of(0.5), merged.threshold());
        TestCase own =
                test.toBuilder().threshold(0.9).description("own").build().withDefaults(defaults);
        assertEquals(OptionalDouble.of(0.9), own.threshold());
        assertEquals(Optional.of("own"), own.description());

        Map<String, Object> m = merged.toMap();
        assertEquals(List.of("description", "vars", "metadata", "options", "threshold"), List.copyOf(m.keySet()));
        assertEquals("default", m.get("description"));
        assertEquals(0.5, m.get("threshold"));
        assertEquals(
                List.of("vars", "metadata", "options"), List.copyOf(test.toMap().keySet()));
    }

    @Test
    void everyAssertionTypeButAssertSetHasANotFormAndACamelCaseName() {
        for (AssertionType t : AssertionType.values()) {
            assertEquals(t != AssertionType.ASSERT_SET, t.negatable(), t.id());
        }
        assertEquals("maxFrameGap", AssertionType.MAX_FRAME_GAP.camelCase());
        assertEquals("llmRubric", AssertionType.LLM_RUBRIC.camelCase());
        assertEquals("equals", AssertionType.EQUALS.camelCase());
        List<String> ids = AssertionType.ids();
        assertEquals(AssertionType.values().length, ids.size());
        assertEquals(ids.stream().sorted().toList(), ids);
        assertTrue(ids.contains("icontains-all"));
        assertFalse(ids.contains("not-contains"));
    }

    @Test
    void aRunOfOneShardAndOneShardRanges() {
        ShardInfo only = ShardInfo.parse("1/1", "h");
        assertEquals(List.of(1), only.shards());
        assertTrue(only.complete());
        assertEquals(List.of(), only.missing());
        assertFalse(ShardInfo.parse("2/4", "h").complete());
        assertEquals(List.of(2), ShardInfo.parse("2-2/4", "h").shards());
        assertEquals("shard 3/4", ShardInfo.describe(List.of(3), 4));
        assertEquals("shards 1-2,4 of 4", ShardInfo.describe(List.of(1, 2, 4), 4));
    }
}
