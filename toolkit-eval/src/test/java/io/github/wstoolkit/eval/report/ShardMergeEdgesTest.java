package io.github.wstoolkit.eval.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wstoolkit.api.ConfigException;
import io.github.wstoolkit.api.ProviderResponse;
import io.github.wstoolkit.eval.ConfigLoader;
import io.github.wstoolkit.eval.EvalConfig;
import io.github.wstoolkit.eval.EvalResult;
import io.github.wstoolkit.eval.EvalRun;
import io.github.wstoolkit.eval.EvalStats;
import io.github.wstoolkit.eval.GradingResult;
import io.github.wstoolkit.eval.PromptSpec;
import io.github.wstoolkit.eval.ShardInfo;
import io.github.wstoolkit.eval.TestCase;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Merging shards whose files say less (no plan hash or total, as files of older versions), shards given out of order,
 * and what the merged run takes from which shard.
 */
class ShardMergeEdgesTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private static EvalConfig config(String description) {
        return ConfigLoader.parse("description: " + description + "\nprompts: [p]\nproviders: [echo]\n", Path.of("."));
    }

    private static EvalResult result(int index) {
        return new EvalResult(
                index,
                index,
                0,
                0,
                PromptSpec.of("p"),
                "p",
                "echo",
                "echo",
                TestCase.EMPTY,
                Map.of(),
                Optional.of(ProviderResponse.of("o")),
                Optional.empty(),
                true,
                1,
                Optional.of(GradingResult.pass("ok")),
                1,
                EvalResult.FailureReason.NONE,
                1);
    }

    /** Shard {@code shard}/{@code count} holding the given case indexes. */
    private static ShardMerge.Input shard(
            int shard,
            int count,
            String configHash,
            Optional<String> planHash,
            OptionalInt total,
            EvalConfig config,
            Instant start,
            long durationMs,
            boolean interrupted,
            int... cases) {
        List<EvalResult> results =
                IntStream.of(cases).mapToObj(ShardMergeEdgesTest::result).toList();
        EvalRun run = new EvalRun(
                "eval-" + shard,
                start,
                config,
                results,
                EvalStats.of(results, durationMs),
                results.size(),
                interrupted,
                Optional.of(new ShardInfo(count, List.of(shard), configHash, planHash, total, List.of())));
        return new ShardMerge.Input(Path.of("shard" + shard + ".json"), run);
    }

    @Test
    void shardsWithoutAPlanHashOrTotalMergeOnWhatTheyHold() {
        EvalConfig c = config("old");
        ShardMerge.Result r = ShardMerge.merge(
                List.of(
                        shard(1, 2, "cfg", Optional.empty(), OptionalInt.empty(), c, T0, 10, false, 0, 2),
                        shard(2, 2, "cfg", Optional.empty(), OptionalInt.empty(), c, T0, 10, false, 1)),
                false);
        assertEquals(
                List.of(0, 1, 2),
                r.run().results().stream().map(EvalResult::index).toList());
        assertEquals(3, r.run().planned(), "without a total, what the shards planned");
        ShardInfo s = r.run().sharding().orElseThrow();
        assertEquals(Optional.empty(), s.planHash());
        assertEquals(OptionalInt.empty(), s.plannedTotal());
        assertFalse(r.run().interrupted());
    }

    @Test
    void aShardThatKnowsThePlanLendsItToOnesThatDoNot() {
        EvalConfig c = config("mixed");
        ShardMerge.Result r = ShardMerge.merge(
                List.of(
                        shard(1, 2, "cfg", Optional.empty(), OptionalInt.empty(), c, T0, 10, false, 0),
                        shard(2, 2, "cfg", Optional.of("plan-1"), OptionalInt.of(2), c, T0, 10, false, 1)),
                false);
        assertEquals(Optional.of("plan-1"), r.run().sharding().orElseThrow().planHash());
        assertEquals(OptionalInt.of(2), r.run().sharding().orElseThrow().plannedTotal());
        assertEquals(2, r.run().planned());
        ShardMerge.Result reversed = ShardMerge.merge(
                List.of(
                        shard(2, 2, "cfg", Optional.of("plan-1"), OptionalInt.of(2), c, T0, 10, false, 1),
                        shard(1, 2, "cfg", Optional.empty(), OptionalInt.empty(), c, T0, 10, false, 0)),
                false);
        assertEquals(
                Optional.of("plan-1"), reversed.run().sharding().orElseThrow().planHash());
        // a partial merge of shards that know the total is not checked against it
        ShardMerge.Result partial = ShardMerge.merge(
                List.of(shard(2, 3, "cfg", Optional.of("p"), OptionalInt.of(9), c, T0, 10, false, 1, 4, 7)), true);
        assertEquals(List.of(1, 3), partial.missing());
        assertEquals(9, partial.run().planned());
        assertEquals(6, partial.casesMissing());
    }

    @Test
    void theMergedRunSpansTheShardsTakesTheFirstShardsConfigAndIsInterruptedWhenOneWas() {
        EvalConfig first = config("first shard");
        EvalConfig second = config("second shard");
        ShardMerge.Result r = ShardMerge.merge(
                List.of(
                        shard(
                                2,
                                2,
                                "cfg",
                                Optional.empty(),
                                OptionalInt.empty(),
                                second,
                                T0.plusSeconds(1),
                                3000,
                                true,
                                1),
                        shard(1, 2, "cfg", Optional.empty(), OptionalInt.empty(), first, T0, 1000, false, 0)),
                false);
        assertSame(first, r.run().config(), "the config of the lowest shard, whatever the order given");
        assertEquals(T0, r.run().startedAt());
        assertEquals(4000, r.run().stats().durationMs(), "from the first start to the last end");
        assertTrue(r.run().interrupted(), "shard 2 was stopped");
        assertEquals(
                List.of("1/2", "2/2"),
                r.run().sharding().orElseThrow().parts().stream()
                        .map(ShardInfo.Part::shard)
                        .toList());
        assertTrue(r.run().evalId().startsWith("eval-"), r.run().evalId());
    }

    @Test
    void hashesOfTwelveCharactersOrFewerAreShownWhole() {
        EvalConfig c = config("x");
        ConfigException e = assertThrows(
                ConfigException.class,
                () -> ShardMerge.merge(
                        List.of(
                                shard(1, 2, "abcdefghijkl", Optional.empty(), OptionalInt.empty(), c, T0, 1, false, 0),
                                shard(
                                        2,
                                        2,
                                        "abcdefghijklm",
                                        Optional.empty(),
                                        OptionalInt.empty(),
                                        c,
                                        T0,
                                        1,
                                        false,
                                        1)),
                        false));
        assertEquals(
                "shard2.json ran another config than shard1.json (config hash abcdefghijkl… vs abcdefghijkl): every"
                        + " shard must run the same config files",
                e.getMessage());
    }
}
