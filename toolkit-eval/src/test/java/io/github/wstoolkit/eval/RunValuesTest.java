package io.github.wstoolkit.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wstoolkit.api.ProviderResponse;
import io.github.wstoolkit.api.ProviderSpec;
import io.github.wstoolkit.api.TokenUsage;
import io.github.wstoolkit.eval.internal.EchoProviderFactory;
import io.github.wstoolkit.eval.internal.EvalIds;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The small values of a run: case names, ids, a run's summary, options layered, the built-in echo provider. */
class RunValuesTest {

    private static EvalResult result(TestCase test, Map<String, Object> vars) {
        return new EvalResult(
                0,
                0,
                0,
                0,
                new PromptSpec("Say {{ q }}", "greeting", Optional.empty()),
                "Say x",
                "echo",
                "echo",
                test,
                vars,
                Optional.empty(),
                Optional.of("Error: x"),
                false,
                0,
                Optional.empty(),
                1,
                EvalResult.FailureReason.ERROR,
                1);
    }

    @Test
    void aCaseIsNamedByItsDescriptionElseItsVarsElseItsPrompt() {
        Map<String, Object> vars = new LinkedHashMap<>();
        vars.put("q", "hello");
        vars.put("n", 2);
        vars.put("tags", List.of("a"));
        assertEquals("q=hello, n=2, tags=[\"a\"]", result(TestCase.EMPTY, vars).caseName());
        assertEquals("greeting", result(TestCase.EMPTY, Map.of()).caseName());
        assertEquals(
                "named", result(TestCase.EMPTY.withDescription("named"), vars).caseName());
        assertEquals(List.of(), result(TestCase.EMPTY, Map.of()).frames());
    }

    @Test
    void evalIdsAreThreeCharactersAndTheStartSecond() {
        String id = EvalIds.next(Instant.parse("2026-12-02T01:05:20.987Z"));
        assertTrue(id.matches("eval-[a-z0-9]{3}-2026-12-02T01:05:20"), id);
    }

    @Test
    void aRunSaysItsIdCountsAndWhetherItWasStopped() {
        EvalConfig config = EvalConfig.of(List.of(PromptSpec.of("p")), List.of(ProviderEntry.of("echo")), List.of());
        EvalStats stats = new EvalStats(2, 1, 0, TokenUsage.NONE, 5);
        EvalRun run = new EvalRun("eval-abc", Instant.EPOCH, config, List.of(), stats, 3, true);
        assertEquals("EvalRun[eval-abc: 2 passed, 1 failed, 0 errors, interrupted]", run.toString());
        assertEquals(
                "EvalRun[eval-abc: 2 passed, 1 failed, 0 errors, shard 2/3]",
                new EvalRun("eval-abc", Instant.EPOCH, config, List.of(), stats, 3, false)
                        .withSharding(ShardInfo.parse("2/3", "h"))
                        .toString());
        List<EvalResult> mutable = new java.util.ArrayList<>();
        EvalRun copy = new EvalRun("e", Instant.EPOCH, config, mutable, stats, 3, false);
        mutable.add(result(TestCase.EMPTY, Map.of()));
        assertEquals(List.of(), copy.results(), "a run keeps a copy of a plain list");
    }

    @Test
    void optionsGivenOnTopWinOneByOne() {
        EvaluateOptions config = new EvaluateOptions(
                OptionalInt.of(4),
                OptionalInt.of(2),
                OptionalLong.of(10),
                OptionalLong.of(1000),
                OptionalLong.of(60000));
        assertEquals(config, config.overriddenBy(EvaluateOptions.NONE));
        EvaluateOptions cli = EvaluateOptions.builder()
                .maxConcurrency(1)
                .repeat(3)
                .delay(0)
                .timeoutMs(500)
                .maxEvalTimeMs(9000)
                .build();
        assertEquals(cli, config.overriddenBy(cli));
        assertEquals(
                new EvaluateOptions(
                        OptionalInt.of(4),
                        OptionalInt.of(2),
                        OptionalLong.of(10),
                        OptionalLong.of(500),
                        OptionalLong.of(60000)),
                config.overriddenBy(EvaluateOptions.builder().timeoutMs(500).build()));
        assertEquals(
                OptionalLong.of(9000),
                config.overriddenBy(
                                EvaluateOptions.builder().maxEvalTimeMs(9000).build())
                        .maxEvalTimeMs());
    }

    @Test
    void aPromptThatMentionsTheConversationGetsIt() {
        assertTrue(PromptSpec.of("{% for t in _conversation %}{% endfor %}").usesConversation());
        assertFalse(PromptSpec.of("{{ q }}").usesConversation());
    }

    @Test
    void theEchoProviderAnswersWithThePromptUnderItsIdOrLabel() throws Exception {
        EchoProviderFactory f = new EchoProviderFactory();
        assertTrue(f.supports("echo"));
        assertFalse(f.supports("echo:x"));
        assertEquals(java.util.Set.of("maxRetries"), f.configKeys());
        var p = f.create(new ProviderSpec("echo", Optional.of("mirror"), Map.of(), Path.of("."), Map.of()));
        assertEquals("echo", p.id());
        assertEquals("mirror", p.label());
        assertTrue(p.supportsConcurrentConversations());
        ProviderResponse r =
                p.call("hello", io.github.wstoolkit.api.CallContext.builder().build());
        assertEquals("hello", r.output());
        assertEquals(
                "echo",
                f.create(new ProviderSpec("echo", Optional.empty(), Map.of(), Path.of("."), Map.of()))
                        .label());
    }
}
