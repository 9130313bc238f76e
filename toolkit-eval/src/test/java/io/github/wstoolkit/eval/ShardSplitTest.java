package io.github.wstoolkit.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The split and the plan fingerprint of hand-made plans: which shard gets which case is fixed (shards run by two
 * machines or two releases must be the shards of one run), conversations are placed first, and the fingerprint reads
 * vars by value, whatever order their keys were built in.
 */
class ShardSplitTest {

    private static PlannedCase single(int index, Map<String, Object> vars) {
        return new PlannedCase(
                index, index, 0, 0, TestCase.of(vars, List.of()), PromptSpec.of("p"), "echo", "echo", Optional.empty());
    }

    private static PlannedCase turn(int index, String conversation) {
        return new PlannedCase(
                index,
                index,
                0,
                0,
                TestCase.of(Map.of(), List.of()),
                PromptSpec.of("p"),
                "echo",
                "echo",
                Optional.of(conversation));
    }

    private static List<List<Integer>> indices(List<List<PlannedCase>> shards) {
        return shards.stream()
                .map(s -> s.stream().map(PlannedCase::index).toList())
                .toList();
    }

    @Test
    void whichShardGetsWhichCaseIsFixed() {
        List<PlannedCase> plan = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            plan.add(single(i, Map.of()));
        }
        assertEquals(GOLDEN_TEN_IN_THREE, indices(Shard.split(plan, 3)));
        assertEquals(GOLDEN_TEN_IN_FOUR, indices(Shard.split(plan, 4)));
    }

    @Test
    void theLargestConversationsArePlacedFirstSoTheShardsComeOutEven() {
        // a conversation of 5 turns and 5 single cases in 2 shards: only placing the conversation first gives 5 and 5
        List<PlannedCase> plan = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            plan.add(single(i, Map.of()));
        }
        for (int i = 5; i < 10; i++) {
            plan.add(turn(i, "talk"));
        }
        List<List<Integer>> shards = indices(Shard.split(plan, 2));
        assertEquals(List.of(List.of(5, 6, 7, 8, 9), List.of(0, 1, 2, 3, 4)), shards);
        // two conversations of 3 and singles: each conversation whole, the singles fill up
        List<PlannedCase> two = new ArrayList<>();
        two.add(single(0, Map.of()));
        two.add(turn(1, "a"));
        two.add(turn(2, "b"));
        two.add(turn(3, "a"));
        two.add(turn(4, "b"));
        two.add(turn(5, "a"));
        two.add(turn(6, "b"));
        two.add(single(7, Map.of()));
        assertEquals(List.of(List.of(0, 1, 3, 5), List.of(2, 4, 6, 7)), indices(Shard.split(two, 2)));
    }

    @Test
    void aZeroBasedIndexIsCheckedAgainstTheCount() {
        assertEquals(new Shard(1, 1), Shard.zeroBased(0, 1));
        assertEquals(
                "a 0-based shard index must be from 0 to 0, got 1",
                assertThrows(IllegalArgumentException.class, () -> Shard.zeroBased(1, 1))
                        .getMessage());
        assertEquals(
                "a 0-based shard index must be from 0 to 3, got -1",
                assertThrows(IllegalArgumentException.class, () -> Shard.zeroBased(-1, 4))
                        .getMessage());
    }

    @Test
    void thePlanHashReadsVarsByValueAndSeesConversations() {
        Map<String, Object> inner1 = new LinkedHashMap<>();
        inner1.put("x", 1);
        inner1.put("y", List.of(Map.of("k", "v")));
        Map<String, Object> vars1 = new LinkedHashMap<>();
        vars1.put("a", "text");
        vars1.put("b", inner1);
        Map<String, Object> inner2 = new LinkedHashMap<>();
        inner2.put("y", List.of(Map.of("k", "v")));
        inner2.put("x", 1);
        Map<String, Object> vars2 = new LinkedHashMap<>();
        vars2.put("b", inner2);
        vars2.put("a", "text");
        String hash = Shard.planHash(List.of(single(0, vars1)));
        assertEquals(hash, Shard.planHash(List.of(single(0, vars2))), "key order does not matter");
        assertEquals(64, hash.length());
        assertNotEquals(
                hash, Shard.planHash(List.of(single(0, Map.of("a", "text", "b", Map.of("x", 2, "y", List.of()))))));
        assertNotEquals(
                hash,
                Shard.planHash(
                        List.of(single(0, Map.of("a", "text", "b", Map.of("x", 1, "y", List.of(Map.of("k", "w"))))))),
                "values inside lists count");
        assertNotEquals(Shard.planHash(List.of(single(0, Map.of()))), Shard.planHash(List.of(turn(0, "c"))));
        assertNotEquals(Shard.planHash(List.of(single(0, Map.of()))), Shard.planHash(List.of()));
    }

    static final List<List<Integer>> GOLDEN_TEN_IN_THREE =
            List.of(List.of(1, 3, 4, 9), List.of(2, 5, 6), List.of(0, 7, 8));
    static final List<List<Integer>> GOLDEN_TEN_IN_FOUR =
            List.of(List.of(1, 6, 7), List.of(0, 2, 4), List.of(3, 8), List.of(5, 9));
}
