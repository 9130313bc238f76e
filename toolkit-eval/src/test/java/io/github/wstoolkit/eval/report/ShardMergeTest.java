package io.github.wstoolkit.eval.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wstoolkit.api.CallContext;
import io.github.wstoolkit.api.CallTimings;
import io.github.wstoolkit.api.ConfigException;
import io.github.wstoolkit.api.Frame;
import io.github.wstoolkit.api.Provider;
import io.github.wstoolkit.api.ProviderException;
import io.github.wstoolkit.api.ProviderRegistry;
import io.github.wstoolkit.api.ProviderResponse;
import io.github.wstoolkit.api.ProviderSpec;
import io.github.wstoolkit.api.TokenUsage;
import io.github.wstoolkit.api.json.Json;
import io.github.wstoolkit.api.spi.ProviderFactory;
import io.github.wstoolkit.eval.ConfigLoader;
import io.github.wstoolkit.eval.Eval;
import io.github.wstoolkit.eval.EvalResult;
import io.github.wstoolkit.eval.EvalRun;
import io.github.wstoolkit.eval.RunOptions;
import io.github.wstoolkit.eval.Shard;
import io.github.wstoolkit.eval.ShardInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** JSON reports read back ({@link ResultsFile}) and shards merged ({@link ShardMerge}). */
class ShardMergeTest {

    @TempDir
    Path dir;

    /** Streams the prompt's words as frames; "boom" closes mid-stream; reports token usage and the turn. */
    private static final class Words implements ProviderFactory {
        @Override
        public boolean supports(String id) {
            return id.startsWith("words:");
        }

        @Override
        public String describe() {
            return "words:";
        }

        @Override
        public Provider create(ProviderSpec spec) {
            return new Provider() {
                @Override
                public String id() {
                    return spec.id();
                }

                @Override
                public ProviderResponse call(String prompt, CallContext context) throws ProviderException {
                    if (prompt.contains("boom")) {
                        throw new ProviderException(ProviderException.Kind.CLOSED, "server closed with 1011")
                                .withTimings(new CallTimings(
                                        Duration.ofMillis(2),
                                        Optional.of(Duration.ofMillis(7)),
                                        Duration.ofMillis(30),
                                        1,
                                        25,
                                        Optional.empty(),
                                        List.of(Frame.text(
                                                Frame.Direction.RECEIVED, Duration.ofNanos(10_250_000), "half", 4))));
                    }
                    List<Frame> frames = new ArrayList<>();
                    frames.add(Frame.text(Frame.Direction.SENT, Duration.ZERO, prompt, prompt.length()));
                    String[] words = prompt.split(" ");
                    for (int i = 0; i < words.length; i++) {
                        frames.add(Frame.text(
                                Frame.Direction.RECEIVED,
                                Duration.ofMillis(10L * (i + 1)),
                                words[i],
                                words[i].length()));
                    }
                    Map<String, Object> meta = new LinkedHashMap<>();
                    meta.put("turn", context.conversation().size());
                    return new ProviderResponse(
                            context.conversation().size() + ": " + prompt.toUpperCase(),
                            Optional.empty(),
                            meta,
                            Optional.of(new TokenUsage(10, 4, 6, 0, 1)),
                            new CallTimings(
                                    Duration.ofMillis(2),
                                    Optional.of(Duration.ofMillis(10)),
                                    Duration.ofMillis(10L * words.length + 5),
                                    words.length,
                                    30L * words.length,
                                    Optional.of(Duration.ofMillis(10)),
                                    frames));
                }
            };
        }
    }

    private static final String CONFIG =
            """
            description: merge demo
            prompts: ['{{ q }}']
            providers: ['words:a', {id: 'words:b', label: bee}]
            tests:
              - vars: {q: [hello paris, hello rome, hello oslo, hello lima, hello kyiv]}
                assert: [{type: contains, value: PARIS, metric: city}, {type: frames, value: {min: 2}}]
              - vars: {q: boom}
              - description: talk 1
                vars: {q: hi there}
                metadata: {conversationId: talk}
              - description: talk 2
                vars: {q: and again}
                metadata: {conversationId: talk}
                assert: [{type: starts-with, value: '1:'}]
            """;

    private EvalRun run(Optional<Shard> shard, String configHash) {
        RunOptions.Builder o = RunOptions.builder().retryBaseDelay(Duration.ofMillis(1));
        Shard.Selection sel = shard.map(Shard::selection).orElse(null);
        if (sel != null) {
            o.selectCases(sel);
        }
        try (Eval eval = Eval.builder()
                .config(ConfigLoader.parse(CONFIG, dir))
                .registry(ProviderRegistry.of(List.of(new Words())))
                .options(o.build())
                .env(Map.of())
                .build()) {
            EvalRun r = eval.run();
            return sel == null ? r : r.withSharding(sel.info(configHash));
        }
    }

    private Path write(EvalRun run, String name) throws Exception {
        Path f = dir.resolve(name);
        Reports.write(run, f);
        return f;
    }

    private static Object json(Path f) throws Exception {
        return Json.parse(Files.readString(f));
    }

    /** A report's results without what is measured by the run itself (latency). */
    @SuppressWarnings("unchecked")
    private static List<Object> comparable(Object report) {
        List<Object> out = new ArrayList<>();
        for (Object r :
                (List<Object>) ((Map<String, Object>) ((Map<String, Object>) report).get("results")).get("results")) {
            Map<String, Object> m = new LinkedHashMap<>((Map<String, Object>) r);
            m.remove("latencyMs");
            // each failed attempt's latency is measured too
            if (m.get("attemptErrors") instanceof List<?> attempts) {
                m.put(
                        "attemptErrors",
                        attempts.stream()
                                .map(a -> {
                                    Map<String, Object> e = new LinkedHashMap<>((Map<String, Object>) a);
                                    e.remove("latencyMs");
                                    return e;
                                })
                                .toList());
            }
            out.add(m);
        }
        return out;
    }

    @Test
    void aJsonReportReadBackWritesTheSameReport() throws Exception {
        EvalRun whole = run(Optional.empty(), "");
        assertEquals("6 passed, 8 failed, 2 errors", whole.stats().summaryLine());
        Path first = write(whole, "first.json");
        EvalRun back = ResultsFile.read(first);
        assertEquals(whole.evalId(), back.evalId());
        assertEquals(whole.startedAt(), back.startedAt());
        assertEquals(whole.stats().summaryLine(), back.stats().summaryLine());
        assertEquals(whole.stats().tokenUsage(), back.stats().tokenUsage());
        assertEquals(whole.stats().durationMs(), back.stats().durationMs());
        assertEquals(Optional.of("merge demo"), back.config().description());
        Path again = write(back, "again.json");
        assertEquals(json(first), json(again));
        // and a shard's metadata
        EvalRun shard = run(Optional.of(new Shard(2, 3)), "abc123");
        Path s = write(shard, "shard.json");
        Map<?, ?> meta = (Map<?, ?>) ((Map<?, ?>) json(s)).get("metadata");
        assertEquals("2/3", meta.get("shard"));
        assertEquals("abc123", meta.get("configHash"));
        assertEquals(16, meta.get("plannedTotal"));
        assertEquals(64, ((String) meta.get("planHash")).length());
        EvalRun shardBack = ResultsFile.read(s);
        assertEquals(shard.sharding(), shardBack.sharding());
        assertEquals(json(s), json(write(shardBack, "shard-again.json")));
    }

    private List<ShardMerge.Input> shards(int n, String... hashes) throws Exception {
        List<ShardMerge.Input> out = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            String hash = hashes.length >= i ? hashes[i - 1] : "cfg";
            Path f = write(run(Optional.of(new Shard(i, n)), hash), "shard-" + i + "-of-" + n + ".json");
            out.add(new ShardMerge.Input(f, ResultsFile.read(f)));
        }
        return out;
    }

    @Test
    void mergedShardsAreTheUnshardedRunInEveryFormat() throws Exception {
        EvalRun whole = run(Optional.empty(), "");
        List<ShardMerge.Input> inputs = shards(3);
        ShardMerge.Result merged = ShardMerge.merge(inputs.reversed(), false);
        EvalRun m = merged.run();
        assertEquals(List.of(), merged.missing());
        assertEquals(0, merged.casesMissing());
        assertEquals(whole.stats().summaryLine(), m.stats().summaryLine());
        assertEquals(whole.stats().tokenUsage(), m.stats().tokenUsage());
        assertEquals(whole.planned(), m.planned());
        assertEquals(
                whole.results().stream().map(EvalResult::index).toList(),
                m.results().stream().map(EvalResult::index).toList());
        for (int i = 0; i < whole.results().size(); i++) {
            EvalResult a = whole.results().get(i);
            EvalResult b = m.results().get(i);
            assertEquals(a.failureReason(), b.failureReason(), "case " + a.index());
            assertEquals(a.outputText(), b.outputText(), "case " + a.index() + " (a conversation stayed whole)");
            assertEquals(a.score(), b.score());
        }
        // the JSON report is the unsharded one, latencies aside
        Path wholeJson = write(whole, "whole.json");
        Path mergedJson = write(m, "merged.json");
        assertEquals(comparable(json(wholeJson)), comparable(json(mergedJson)));
        Map<?, ?> meta = (Map<?, ?>) ((Map<?, ?>) json(mergedJson)).get("metadata");
        assertEquals("1-3/3", meta.get("shard"));
        assertEquals("cfg", meta.get("configHash"));
        assertEquals(16, meta.get("plannedTotal"));
        assertEquals(3, ((List<?>) meta.get("shardRuns")).size());
        assertEquals("1/3", ((Map<?, ?>) ((List<?>) meta.get("shardRuns")).getFirst()).get("shard"));
        assertEquals(false, meta.get("interrupted"));
        // every other format writes
        for (String f : List.of("merged.html", "merged.junit.xml", "merged.csv", "merged.jsonl", "merged.yaml")) {
            write(m, f);
            assertTrue(Files.size(dir.resolve(f)) > 100, f);
        }
        assertTrue(Files.readString(dir.resolve("merged.junit.xml")).contains("tests=\"16\""));
        // a merged file merges further: 1-2 with 3
        ShardMerge.Result firstTwo = ShardMerge.merge(inputs.subList(0, 2), true);
        assertEquals(List.of(3), firstTwo.missing());
        Path part = write(firstTwo.run(), "first-two.json");
        ShardMerge.Result again =
                ShardMerge.merge(List.of(new ShardMerge.Input(part, ResultsFile.read(part)), inputs.get(2)), false);
        assertEquals(whole.stats().summaryLine(), again.run().stats().summaryLine());
        assertEquals("1-3/3", again.run().sharding().orElseThrow().label());
        assertEquals(3, again.run().sharding().orElseThrow().parts().size());
    }

    @Test
    void aMissingShardIsNamedUnlessPartialMergesAreAllowed() throws Exception {
        List<ShardMerge.Input> inputs = shards(4);
        List<ShardMerge.Input> withoutThird = List.of(inputs.get(0), inputs.get(1), inputs.get(3));
        ConfigException e = assertThrows(ConfigException.class, () -> ShardMerge.merge(withoutThird, false));
        assertEquals(
                "shard 3/4 is missing (given: 1-2,4): give its results too, or --allow-partial to merge without it",
                e.getMessage());
        e = assertThrows(ConfigException.class, () -> ShardMerge.merge(List.of(inputs.get(1)), false));
        assertEquals(
                "shards 1,3-4 of 4 are missing (given: 2): give their results too, or --allow-partial to merge without"
                        + " them",
                e.getMessage());
        ShardMerge.Result partial = ShardMerge.merge(withoutThird, true);
        assertEquals(List.of(3), partial.missing());
        int third = inputs.get(2).run().results().size();
        assertEquals(third, partial.casesMissing());
        assertEquals(16, partial.run().planned());
        assertEquals("1-2,4/4", partial.run().sharding().orElseThrow().label());
        assertTrue(partial.run().interrupted(), "not every planned case is there");
    }

    @Test
    void shardsOfAnotherConfigCountOrPlanAndRepeatedShardsAreRefused() throws Exception {
        List<ShardMerge.Input> three = shards(3, "cfg", "cfg", "other-config-hash");
        ConfigException e = assertThrows(ConfigException.class, () -> ShardMerge.merge(three, false));
        assertEquals(
                three.get(2).file() + " ran another config than " + three.get(0).file()
                        + " (config hash other-config… vs cfg): every shard must run the same config files",
                e.getMessage());

        List<ShardMerge.Input> two = shards(2);
        e = assertThrows(ConfigException.class, () -> ShardMerge.merge(List.of(two.get(0), three.get(1)), false));
        assertEquals(
                three.get(1).file() + " is shard 2/3 but " + two.get(0).file()
                        + " is shard 1/2: the shards of one run are split the same number of ways",
                e.getMessage());

        e = assertThrows(
                ConfigException.class, () -> ShardMerge.merge(List.of(two.get(0), two.get(1), two.get(0)), false));
        assertEquals(
                "shard 1/2 is in both " + two.get(0).file() + " and "
                        + two.get(0).file() + ": give each shard once",
                e.getMessage());

        // the same config hash, but another plan (as another --repeat would make)
        EvalRun other = two.get(1).run();
        ShardInfo s = other.sharding().orElseThrow();
        EvalRun replanned = other.withSharding(s.withPlan(Optional.of("f".repeat(64)), OptionalInt.of(16)));
        e = assertThrows(
                ConfigException.class,
                () -> ShardMerge.merge(
                        List.of(two.get(0), new ShardMerge.Input(dir.resolve("x.json"), replanned)), false));
        assertTrue(e.getMessage().startsWith(dir.resolve("x.json") + " planned another run than "), e.getMessage());
        assertTrue(
                e.getMessage()
                        .endsWith("run every shard with the same options (--repeat, --filter-*, -n, --var)"
                                + " and the same environment"),
                e.getMessage());

        // an unsharded result
        Path plain = write(run(Optional.empty(), ""), "plain.json");
        e = assertThrows(
                ConfigException.class,
                () -> ShardMerge.merge(
                        List.of(two.get(0), new ShardMerge.Input(plain, ResultsFile.read(plain))), false));
        assertEquals(
                plain + " is not a shard's results (its metadata has no shard): write shards with wst eval --shard i/n"
                        + " -o FILE.json",
                e.getMessage());
    }

    @Test
    void filesThatAreNotResultsSayWhy() throws Exception {
        Path notJson = dir.resolve("x.json");
        Files.writeString(notJson, "{oops");
        ConfigException e = assertThrows(ConfigException.class, () -> ResultsFile.read(notJson));
        assertTrue(e.getMessage().startsWith(notJson + " is not JSON: "), e.getMessage());
        Path other = dir.resolve("package.json");
        Files.writeString(other, "{\"name\": \"x\"}");
        e = assertThrows(ConfigException.class, () -> ResultsFile.read(other));
        assertEquals(
                other + ": not a results file of wst eval -o (expected {\"evalId\": …, \"results\": {\"results\":"
                        + " [...]}})",
                e.getMessage());
        Path missing = dir.resolve("nope.json");
        e = assertThrows(ConfigException.class, () -> ResultsFile.read(missing));
        assertTrue(e.getMessage().startsWith("cannot read " + missing), e.getMessage());
    }
}
