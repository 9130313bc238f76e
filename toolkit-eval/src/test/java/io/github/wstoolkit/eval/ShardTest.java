package io.github.wstoolkit.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wstoolkit.api.ProviderResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --shard i/n}: the split of a plan, and runs of each shard against the whole run. */
class ShardTest {

    @TempDir
    Path dir;

    /** Says how many earlier turns of its conversation it saw, so a conversation cut in two would show. */
    private final TestProviders providers = new TestProviders()
            .with("echo", TestProviders.echo())
            .with(
                    "turns",
                    (prompt, ctx) ->
                            ProviderResponse.of("turn " + ctx.conversation().size() + ": " + prompt));

    /**
     * Three providers, two prompts, repeats, list vars that expand, two conversations (one of three turns, one of
     * two) and a test that fails: 14 tests × 2 repetitions × 3 providers × 2 prompts = 168 cases.
     */
    private static final String CONFIG =
            """
            prompts: ['{{ q }}', 'Again: {{ q }}']
            providers:
              - test:turns
              - {id: test:turns, label: second}
              - {id: '{{ env.THIRD }}', label: third}
            evaluateOptions: {repeat: 2}
            tests:
              - vars: {q: [a, b, c, d, e, f, g, h]}
                assert: [{type: contains, value: '{{ q }}'}]
              - description: onboarding 1
                vars: {q: hello}
                metadata: {conversationId: onboarding}
              - description: onboarding 2
                vars: {q: my name is Ada}
                metadata: {conversationId: onboarding}
              - description: onboarding 3
                vars: {q: what is my name}
                metadata: {conversationId: onboarding}
              - description: support 1
                vars: {q: refund}
                metadata: {conversationId: support}
              - description: support 2
                vars: {q: thanks}
                metadata: {conversationId: support}
              - description: fails
                vars: {q: something}
                assert: [{type: contains, value: never}]
            """;

    private Eval eval(String yaml, RunOptions options, Map<String, String> env) {
        return Eval.builder()
                .config(ConfigLoader.parse(yaml, dir))
                .registry(providers.registry())
                .options(options)
                .env(env)
                .build();
    }

    private static final Map<String, String> ENV = Map.of("THIRD", "test:turns");

    /** The whole plan, as the selection sees it (nothing runs). */
    private List<PlannedCase> plan(String yaml, Map<String, String> env) {
        AtomicReference<List<PlannedCase>> seen = new AtomicReference<>();
        try (Eval e = eval(
                yaml,
                RunOptions.builder()
                        .selectCases(p -> {
                            seen.set(p);
                            return List.of();
                        })
                        .build(),
                env)) {
            assertEquals(0, e.run().results().size());
        }
        return seen.get();
    }

    private EvalRun run(String yaml, Optional<Shard> shard) {
        RunOptions.Builder o = RunOptions.builder().retryBaseDelay(Duration.ofMillis(1));
        shard.ifPresent(s -> o.selectCases(s.selection()));
        try (Eval e = eval(yaml, o.build(), ENV)) {
            return e.run();
        }
    }

    @Test
    void theShardsTogetherAreThePlanEachCaseOnceConversationsWholeAndInOrder() {
        List<PlannedCase> plan = plan(CONFIG, ENV);
        assertEquals(168, plan.size());
        for (int n : List.of(1, 2, 3, 4, 7, 16, 167, 168, 169, 400)) {
            List<List<PlannedCase>> shards = Shard.split(plan, n);
            assertEquals(n, shards.size());
            List<Integer> all = new ArrayList<>();
            Map<String, Integer> conversationShard = new HashMap<>();
            for (int s = 0; s < n; s++) {
                List<Integer> indices =
                        shards.get(s).stream().map(PlannedCase::index).toList();
                assertEquals(indices.stream().sorted().toList(), indices, "shard " + (s + 1) + " is in plan order");
                all.addAll(indices);
                for (PlannedCase c : shards.get(s)) {
                    if (c.conversation().isPresent()) {
                        Integer other =
                                conversationShard.putIfAbsent(c.conversation().get(), s);
                        assertTrue(
                                other == null || other == s,
                                "conversation " + c.conversation().get() + " is split over shards " + other + " and "
                                        + s + " of " + n);
                    }
                }
                // it is the shard's selection too
                assertEquals(shards.get(s), new Shard(s + 1, n).select(plan));
            }
            assertEquals(
                    plan.stream().map(PlannedCase::index).toList(),
                    all.stream().sorted().toList(),
                    "n=" + n + ": every case once");
            // conversations: 6 units of 6 (onboarding, 3 turns × 2 repeats) and 6 of 4 (support); the rest single:
            // the split is as even as the largest unit allows
            int max = shards.stream().mapToInt(List::size).max().orElseThrow();
            int min = shards.stream().mapToInt(List::size).min().orElseThrow();
            assertTrue(
                    max - min <= 6,
                    "n=" + n + ": sizes " + shards.stream().map(List::size).toList());
            if (n > 60) {
                assertTrue(min == 0, "more shards than units leaves some empty");
            }
        }
    }

    @Test
    void planWithoutConversationsIsSpreadToWithinOneCaseAndInterleaved() {
        String yaml =
                """
                prompts: ['{{ q }}']
                providers: [test:echo, {id: test:echo, label: slow}]
                tests:
                  - vars: {q: [a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q, r, s, t, u, v, w]}
                """;
        List<PlannedCase> plan = plan(yaml, Map.of());
        assertEquals(46, plan.size());
        for (int n = 1; n <= 50; n++) {
            List<List<PlannedCase>> shards = Shard.split(plan, n);
            int max = shards.stream().mapToInt(List::size).max().orElseThrow();
            int min = shards.stream().mapToInt(List::size).min().orElseThrow();
            assertTrue(
                    max - min <= 1,
                    "n=" + n + ": " + shards.stream().map(List::size).toList());
        }
        // not blocks of the plan: each of 2 shards gets cases of both providers, from both halves of the tests
        for (List<PlannedCase> s : Shard.split(plan, 2)) {
            assertEquals(
                    Set.of("test:echo", "slow"),
                    new HashSet<>(s.stream().map(PlannedCase::providerLabel).toList()));
            assertTrue(s.stream().anyMatch(c -> c.index() < 23) && s.stream().anyMatch(c -> c.index() >= 23));
        }
    }

    @Test
    void theSplitAndThePlanHashAreTheSameOnEveryMachine() {
        // another process's plan: new objects, and a provider id rendered from another environment
        providers.with("turns?port=1", providers.behaviours.get("turns"));
        providers.with("turns?port=2", providers.behaviours.get("turns"));
        List<PlannedCase> here = plan(CONFIG, Map.of("THIRD", "test:turns?port=1"));
        List<PlannedCase> there = plan(CONFIG, Map.of("THIRD", "test:turns?port=2"));
        assertNotEquals(here.getLast().providerId(), there.getLast().providerId());
        assertEquals(Shard.planHash(here), Shard.planHash(there));
        for (int n : List.of(3, 8)) {
            assertEquals(indices(Shard.split(here, n)), indices(Shard.split(there, n)));
        }
        // a different plan (another --repeat) has another hash
        List<PlannedCase> repeated = plan(CONFIG.replace("repeat: 2", "repeat: 3"), ENV);
        assertNotEquals(Shard.planHash(here), Shard.planHash(repeated));
        // the split is a fixed function of the plan: this is what every machine computes for 3 shards
        assertEquals(
                List.of(56, 56, 56),
                Shard.split(here, 3).stream().map(List::size).toList());
    }

    private static List<List<Integer>> indices(List<List<PlannedCase>> shards) {
        return shards.stream()
                .map(s -> s.stream().map(PlannedCase::index).toList())
                .toList();
    }

    @Test
    void runningEachShardGivesTheWholeRunsOutcomes() {
        EvalRun whole = run(CONFIG, Optional.empty());
        assertEquals(168, whole.results().size());
        Map<Integer, String> expected = new HashMap<>();
        whole.results().forEach(r -> expected.put(r.index(), r.failureReason() + " " + r.outputText()));
        // onboarding (3 turns, 2 repetitions: one conversation) ran in order: its last case saw the five before it
        assertTrue(
                expected.values().stream().anyMatch(v -> v.startsWith("NONE turn 5: what is my name")),
                expected.values().toString());
        for (int n : List.of(3, 5)) {
            Map<Integer, String> got = new HashMap<>();
            int planned = 0;
            for (int i = 1; i <= n; i++) {
                Shard.Selection sel = new Shard(i, n).selection();
                RunOptions.Builder o = RunOptions.builder().retryBaseDelay(Duration.ofMillis(1));
                o.selectCases(sel);
                EvalRun part;
                try (Eval e = eval(CONFIG, o.build(), ENV)) {
                    part = e.run();
                }
                planned += part.planned();
                assertEquals(OptionalInt.of(168), sel.plannedTotal());
                assertEquals(Optional.of(Shard.planHash(plan(CONFIG, ENV))), sel.planHash());
                for (EvalResult r : part.results()) {
                    assertEquals(null, got.put(r.index(), r.failureReason() + " " + r.outputText()));
                }
            }
            assertEquals(168, planned);
            assertEquals(expected, got, "n=" + n);
        }
    }

    @Test
    void aShardWithNoCaseRunsNothingAndEndsCleanly() {
        EvalRun empty = run(
                """
                prompts: ['{{ q }}']
                providers: [test:echo]
                tests: [{vars: {q: only}}]
                """,
                Optional.of(new Shard(2, 3)));
        assertEquals(0, empty.results().size());
        assertEquals(0, empty.planned());
        assertEquals(false, empty.interrupted());
        assertEquals("0 passed, 0 failed, 0 errors", empty.stats().summaryLine());
    }

    @Test
    void shardsAreWrittenOneBasedAndCheckedWithClearMessages() {
        assertEquals(new Shard(2, 4), Shard.parse("2/4"));
        assertEquals(new Shard(2, 4), Shard.parse(" 2 / 4 "));
        assertEquals("2/4", new Shard(2, 4).toString());
        assertEquals(new Shard(1, 8), Shard.zeroBased(0, 8));
        assertEquals(new Shard(8, 8), Shard.zeroBased(7, 8));
        assertEquals(
                "the shard index must be from 1 to 4 (1-based, as in --shard 1/4), got 0",
                assertThrows(IllegalArgumentException.class, () -> Shard.parse("0/4"))
                        .getMessage());
        assertEquals(
                "the shard index must be from 1 to 4 (1-based, as in --shard 1/4), got 5",
                assertThrows(IllegalArgumentException.class, () -> Shard.parse("5/4"))
                        .getMessage());
        assertEquals(
                "the shard count must be at least 1, got 0",
                assertThrows(IllegalArgumentException.class, () -> Shard.parse("0/0"))
                        .getMessage());
        for (String bad : List.of("2", "2/", "/4", "a/b", "2/4/8", "-1/4", "", "1.5/4")) {
            assertEquals(
                    "a shard is written i/n, 1-based (1/4 is the first of four), got '" + bad + "'",
                    assertThrows(IllegalArgumentException.class, () -> Shard.parse(bad))
                            .getMessage());
        }
        assertEquals(
                "a 0-based shard index must be from 0 to 7, got 8",
                assertThrows(IllegalArgumentException.class, () -> Shard.zeroBased(8, 8))
                        .getMessage());
    }

    @Test
    void shardLabelsNameOneShardOrTheShardsOfAMergedRun() {
        ShardInfo one = ShardInfo.parse("2/4", "h");
        assertEquals(List.of(2), one.shards());
        assertEquals(4, one.count());
        assertEquals("2/4", one.label());
        assertEquals(List.of(1, 3, 4), one.missing());
        ShardInfo all = ShardInfo.parse("1-4/4", "h");
        assertEquals(List.of(1, 2, 3, 4), all.shards());
        assertTrue(all.complete());
        assertEquals("1-4/4", all.label());
        ShardInfo partial = ShardInfo.parse("1-2,4,6-8/8", "h");
        assertEquals(List.of(1, 2, 4, 6, 7, 8), partial.shards());
        assertEquals("1-2,4,6-8/8", partial.label());
        assertEquals(List.of(3, 5), partial.missing());
        for (String bad : List.of("5/4", "0/4", "2-1/4", "x/4", "1/", "1-9/4", "")) {
            assertThrows(IllegalArgumentException.class, () -> ShardInfo.parse(bad, "h"), bad);
        }
    }
}
