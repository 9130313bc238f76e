package io.github.wstoolkit.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wstoolkit.api.CallTimings;
import io.github.wstoolkit.api.ConfigException;
import io.github.wstoolkit.api.Frame;
import io.github.wstoolkit.api.ProviderException;
import io.github.wstoolkit.api.ProviderResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvalTest {

    @TempDir
    Path dir;

    private final TestProviders providers = new TestProviders().with("echo", TestProviders.echo());

    private EvalRun run(String yaml, RunOptions options) {
        EvalConfig config = ConfigLoader.parse(yaml, dir);
        try (Eval eval = Eval.builder()
                .config(config)
                .registry(providers.registry())
                .options(options)
                .env(Map.of())
                .build()) {
            return eval.run();
        }
    }

    private EvalRun run(String yaml) {
        return run(
                yaml, RunOptions.builder().retryBaseDelay(Duration.ofMillis(1)).build());
    }

    @Test
    void runsPromptsTimesProvidersTimesTestsInPlanOrder() {
        EvalRun run = run(
                """
                prompts: ['Say {{word}}', 'Shout {{word}}']
                providers: [test:echo, {id: test:echo, label: second}]
                tests:
                  - vars: {word: hi}
                    assert: [{type: contains, value: '{{word}}'}]
                  - vars: {word: bye}
                    assert: [{type: starts-with, value: Say}]
                """);
        assertEquals(8, run.results().size());
        assertEquals(8, run.planned());
        assertFalse(run.interrupted());
        List<String> order = run.results().stream()
                .map(r -> r.providerLabel() + "|" + r.renderedPrompt())
                .toList();
        assertEquals(
                List.of(
                        "test:echo|Say hi",
                        "test:echo|Shout hi",
                        "second|Say hi",
                        "second|Shout hi",
                        "test:echo|Say bye",
                        "test:echo|Shout bye",
                        "second|Say bye",
                        "second|Shout bye"),
                order);
        assertEquals(6, run.stats().successes());
        assertEquals(2, run.stats().failures());
        assertEquals(0, run.stats().errors());
        assertEquals("6 passed, 2 failed, 0 errors", run.stats().summaryLine());
        EvalResult failed = run.results().get(5);
        assertEquals(EvalResult.FailureReason.ASSERT, failed.failureReason());
        assertEquals(
                "Expected output to start with \"Say\"",
                failed.grading().orElseThrow().reason());
        assertTrue(providers.closed.values().stream().allMatch(java.util.concurrent.atomic.AtomicBoolean::get));
    }

    @Test
    void listVarsExpandIntoACartesianProductAndRepeatRunsEachCaseAgain() {
        EvalRun run = run(
                """
                prompts: ['{{a}}-{{b}}']
                providers: [test:echo]
                tests:
                  - vars: {a: [x, y], b: [1, 2]}
                evaluateOptions: {repeat: 2}
                """);
        assertEquals(
                List.of("x-1", "x-1", "x-2", "x-2", "y-1", "y-1", "y-2", "y-2"),
                run.results().stream().map(EvalResult::renderedPrompt).toList());
        assertEquals(
                List.of(0, 1),
                run.results().subList(0, 2).stream()
                        .map(EvalResult::repeatIndex)
                        .toList());
    }

    @Test
    void filtersSelectProvidersTestsAndTheFirstN() {
        String yaml =
                """
                prompts: ['{{q}}']
                providers: [{id: test:echo, label: alpha}, {id: test:echo, label: beta}]
                tests:
                  - {description: first one, vars: {q: a}}
                  - {description: second one, vars: {q: b}}
                  - {description: third, vars: {q: c}}
                """;
        EvalRun byProvider = run(
                yaml,
                RunOptions.builder().filterProviders(Pattern.compile("bet")).build());
        assertEquals(
                List.of("beta"),
                byProvider.results().stream()
                        .map(EvalResult::providerLabel)
                        .distinct()
                        .toList());
        EvalRun byPattern = run(
                yaml,
                RunOptions.builder().filterPattern(Pattern.compile("one$")).build());
        assertEquals(4, byPattern.results().size());
        EvalRun firstN = run(yaml, RunOptions.builder().filterFirstN(1).build());
        assertEquals(
                List.of("a"),
                firstN.results().stream()
                        .map(EvalResult::renderedPrompt)
                        .distinct()
                        .toList());
        ConfigException none = assertThrows(
                ConfigException.class,
                () -> run(
                        yaml,
                        RunOptions.builder()
                                .filterProviders(Pattern.compile("gamma"))
                                .build()));
        assertTrue(none.getMessage().startsWith("no provider matches --filter-providers gamma"), none.getMessage());
    }

    @Test
    void cliVarsFillEveryTestButATestsOwnVarsWin() {
        EvalRun run = run(
                """
                prompts: ['{{who}} {{mood}}']
                providers: [test:echo]
                tests:
                  - vars: {who: Ann}
                  - vars: {who: Bob, mood: sad}
                """,
                RunOptions.builder().var("mood", "happy").build());
        assertEquals(
                List.of("Ann happy", "Bob sad"),
                run.results().stream().map(EvalResult::renderedPrompt).toList());
    }

    @Test
    void transientFailuresAreRetriedUpToMaxRetries() {
        AtomicInteger calls = new AtomicInteger();
        providers.with("flaky", (prompt, ctx) -> {
            if (calls.incrementAndGet() < 3) {
                throw new ProviderException(
                        ProviderException.Kind.CONNECTION,
                        "WebSocket connection failed (ECONNREFUSED)",
                        null,
                        true,
                        "ECONNREFUSED",
                        null,
                        null);
            }
            return ProviderResponse.of("ok");
        });
        EvalRun run = run(
                """
                prompts: [x]
                providers: [test:flaky]
                tests: [{assert: [{type: equals, value: ok}]}]
                """);
        EvalResult r = run.results().getFirst();
        assertTrue(r.success(), r.toString());
        assertEquals(3, r.attempts());
        assertEquals(3, calls.get());

        calls.set(-100);
        EvalRun limited = run(
                """
                prompts: [x]
                providers: [{id: test:flaky, config: {maxRetries: 1}}]
                """);
        EvalResult e = limited.results().getFirst();
        assertEquals(EvalResult.FailureReason.ERROR, e.failureReason());
        assertEquals(2, e.attempts());
        assertEquals(
                "Error: WebSocket connection failed (ECONNREFUSED)", e.error().orElseThrow());
    }

    @Test
    void aPermanentFailureIsRecordedAsAnErrorAndTheRunGoesOn() {
        providers.with("broken", (prompt, ctx) -> {
            if (prompt.equals("bad")) {
                throw new ProviderException(ProviderException.Kind.CONNECTION, "WebSocket connection failed");
            }
            return ProviderResponse.of(prompt);
        });
        providers.with("resolvesError", (prompt, ctx) -> ProviderResponse.ofError("stream said no"));
        providers.with("nothing", (prompt, ctx) -> ProviderResponse.of(null));
        EvalRun run = run(
                """
                prompts: ['{{p}}']
                providers: [test:broken]
                tests: [{vars: {p: bad}}, {vars: {p: good}}]
                """);
        assertEquals(1, run.results().getFirst().attempts());
        assertEquals(
                "Error: WebSocket connection failed",
                run.results().getFirst().error().orElseThrow());
        assertTrue(run.results().get(1).success());
        assertEquals("1 passed, 0 failed, 1 errors", run.stats().summaryLine());
        EvalRun resolved = run("prompts: [x]\nproviders: [test:resolvesError, test:nothing]\n");
        assertEquals("stream said no", resolved.results().get(0).error().orElseThrow());
        assertEquals("No output", resolved.results().get(1).error().orElseThrow());
    }

    @Test
    void aCallThatFailsMidStreamKeepsItsFramesAndTimings() {
        CallTimings partial = new CallTimings(
                Duration.ofMillis(3),
                Optional.of(Duration.ofMillis(40)),
                Duration.ofMillis(95),
                2,
                20,
                Optional.of(Duration.ofMillis(50)),
                List.of(
                        Frame.text(Frame.Direction.SENT, Duration.ofMillis(4), "{\"q\":1}", 7),
                        Frame.text(Frame.Direction.RECEIVED, Duration.ofMillis(44), "one", 3),
                        Frame.text(Frame.Direction.RECEIVED, Duration.ofMillis(94), "two", 3)));
        providers.with("closes", (prompt, ctx) -> {
            throw new ProviderException(
                            ProviderException.Kind.CLOSED,
                            "WebSocket closed before the response was complete (code 1011)")
                    .withTimings(partial);
        });
        providers.with("refused", (prompt, ctx) -> {
            throw new ProviderException(ProviderException.Kind.CONFIG, "no timings here");
        });
        EvalRun run = run("prompts: [x]\nproviders: [test:closes, test:refused]\n");
        EvalResult closed = run.results().getFirst();
        assertEquals(EvalResult.FailureReason.ERROR, closed.failureReason());
        assertEquals(
                "Error: WebSocket closed before the response was complete (code 1011)",
                closed.error().orElseThrow());
        assertEquals(3, closed.frames().size(), "the frames that arrived before the close");
        assertEquals(
                Optional.of(Duration.ofMillis(40)),
                closed.response().orElseThrow().timings().firstFrame());
        assertFalse(closed.response().orElseThrow().hasOutput());
        assertEquals("", closed.outputText());
        assertTrue(run.results().get(1).response().isEmpty(), "nothing was measured, nothing is invented");
        assertEquals("0 passed, 0 failed, 2 errors", run.stats().summaryLine());
    }

    @Test
    void filterCasesRunsOnlyTheAcceptedCasesAndKeepsTheirPlanIndex() {
        List<PlannedCase> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        EvalRun run = run(
                """
                prompts: ['{{w}}']
                providers: [test:echo, {id: test:echo, label: two}]
                tests:
                  - vars: {w: [a, b, c]}
                  - description: talk
                    vars: {w: d}
                    metadata: {conversationId: c1}
                """,
                RunOptions.builder()
                        .filterCases(c -> {
                            seen.add(c);
                            return true;
                        })
                        .filterCases(c -> c.providerLabel().equals("two")
                                && !c.test().vars().get("w").equals("a"))
                        .build());
        assertEquals(8, seen.size(), "the filter sees the whole plan");
        assertEquals(
                List.of(3, 5, 7), run.results().stream().map(EvalResult::index).toList());
        assertEquals(3, run.planned());
        assertFalse(run.interrupted());
        PlannedCase talk = seen.stream().filter(c -> c.index() == 7).findFirst().orElseThrow();
        assertEquals(Optional.of("talk"), talk.test().description());
        assertEquals("two", talk.providerLabel());
        assertTrue(
                talk.conversation().orElseThrow().endsWith(":c1"),
                talk.conversation().toString());
        assertTrue(seen.getFirst().conversation().isEmpty());
    }

    @Test
    void conversationVarHoldsEarlierTurnsWhenThePromptMentionsIt() {
        providers.with("counter", (prompt, ctx) -> ProviderResponse.of(
                        "answer " + ctx.conversation().size())
                .withMetadata(Map.of("n", ctx.conversation().size())));
        EvalRun run = run(
                """
                prompts: ['{% for t in _conversation %}{{t.input}}>{{t.output}};{% endfor %}{{q}}']
                providers: [test:counter]
                tests:
                  - vars: {q: one}
                  - vars: {q: two}
                  - vars: {q: three}
                """,
                RunOptions.builder().maxConcurrency(8).build());
        List<TestProviders.Call> calls = providers.calls;
        assertEquals(3, calls.size());
        Object conv = calls.get(2).context().vars().get("_conversation");
        assertTrue(conv instanceof List<?> l && l.size() == 2, String.valueOf(conv));
        Map<?, ?> first = (Map<?, ?>) ((List<?>) conv).getFirst();
        assertEquals("answer 0", first.get("output"));
        assertEquals(Map.of("n", 0), first.get("metadata"));
        assertEquals(List.of("prompt", "input", "output", "metadata"), List.copyOf(first.keySet()));
        assertEquals(first.get("prompt"), first.get("input"));
        assertEquals(
                List.of("answer 0", "answer 1", "answer 2"),
                run.results().stream().map(EvalResult::outputText).toList());
        assertFalse(run.results().getFirst().vars().containsKey("_conversation"));
        // each turn's input is the rendered prompt of its call, history included, as promptfoo records it
        assertEquals(
                "one>answer 0;one>answer 0;two>answer 1;three",
                run.results().get(2).renderedPrompt());
    }

    @Test
    void conversationVarIsNotInjectedWhenThePromptDoesNotMentionIt() {
        run("prompts: ['{{q}}']\nproviders: [test:echo]\ntests: [{vars: {q: a}}, {vars: {q: b}}]\n");
        assertTrue(providers.calls.stream().noneMatch(c -> c.context().vars().containsKey("_conversation")));
    }

    @Test
    void jsonPromptTurnsKeepTheLastMessagesContentAsInput() {
        ProviderResponse resp = ProviderResponse.of("hello");
        var turn = Eval.turn("[{\"role\":\"system\",\"content\":\"s\"},{\"role\":\"user\",\"content\":\"hi\"}]", resp);
        assertEquals("hi", turn.input());
        assertTrue(turn.prompt() instanceof List<?>);
        var empty = Eval.turn("text", ProviderResponse.of(""));
        assertEquals("", empty.output());
        assertEquals("text", empty.input());
    }

    @Test
    void oneConversationRunsInOrderWhileOthersRunInParallel() throws Exception {
        // conversation A's first call waits until conversation B has started: that can only happen if they run
        // at the same time. Within a conversation, no two calls may overlap.
        CountDownLatch bStarted = new CountDownLatch(1);
        Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
        AtomicInteger overlaps = new AtomicInteger();
        List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        providers.with("conv", (prompt, ctx) -> {
            String conv = ctx.conversationId().orElseThrow();
            if (inFlight.computeIfAbsent(conv, k -> new AtomicInteger()).incrementAndGet() > 1) {
                overlaps.incrementAndGet();
            }
            try {
                seen.add(prompt);
                if (conv.equals("B")) {
                    bStarted.countDown();
                } else if (prompt.equals("A1") && !bStarted.await(10, TimeUnit.SECONDS)) {
                    throw new ProviderException(ProviderException.Kind.TIMEOUT, "B never ran beside A");
                }
                return ProviderResponse.of(
                        prompt + " after " + ctx.conversation().size());
            } finally {
                inFlight.get(conv).decrementAndGet();
            }
        });
        EvalRun run = run(
                """
                prompts: ['{{m}}']
                providers: [test:conv]
                tests:
                  - {vars: {m: A1}, metadata: {conversationId: A}}
                  - {vars: {m: A2}, metadata: {conversationId: A}}
                  - {vars: {m: B1}, metadata: {conversationId: B}}
                  - {vars: {m: A3}, metadata: {conversationId: A}}
                  - {vars: {m: B2}, metadata: {conversationId: B}}
                """,
                RunOptions.builder().maxConcurrency(4).build());
        assertEquals("5 passed, 0 failed, 0 errors", run.stats().summaryLine());
        assertEquals(0, overlaps.get());
        List<String> a = seen.stream().filter(s -> s.startsWith("A")).toList();
        assertEquals(List.of("A1", "A2", "A3"), a);
        assertEquals(
                List.of("A1 after 0", "A2 after 1", "B1 after 0", "A3 after 2", "B2 after 1"),
                run.results().stream().map(EvalResult::outputText).toList());
    }

    @Test
    void concurrencyIsBoundedByMaxConcurrency() {
        AtomicInteger now = new AtomicInteger();
        AtomicInteger max = new AtomicInteger();
        CountDownLatch twoIn = new CountDownLatch(2);
        providers.with("slow", (prompt, ctx) -> {
            max.accumulateAndGet(now.incrementAndGet(), Math::max);
            try {
                twoIn.countDown();
                twoIn.await(5, TimeUnit.SECONDS);
                return ProviderResponse.of(prompt);
            } finally {
                now.decrementAndGet();
            }
        });
        EvalRun run = run(
                """
                prompts: ['{{i}}']
                providers: [test:slow]
                tests: [{vars: {i: [1, 2, 3, 4, 5, 6, 7, 8]}}]
                """,
                RunOptions.builder().maxConcurrency(2).build());
        assertEquals(8, run.stats().successes());
        assertEquals(2, max.get());
    }

    @Test
    void aCaseThatOutlivesTheTimeoutIsAnError() {
        providers.with("hang", (prompt, ctx) -> {
            assertTrue(ctx.deadline().isPresent());
            new CountDownLatch(1).await();
            return ProviderResponse.of("never");
        });
        EvalRun run = run("prompts: [x]\nproviders: [test:hang, test:echo]\nevaluateOptions: {timeoutMs: 200}\n");
        assertEquals(
                "Error: Evaluation timed out after 200ms",
                run.results().get(0).error().orElseThrow());
        assertTrue(run.results().get(1).success());
    }

    @Test
    void cancelStopsTheRunAndKeepsWhatFinished() throws Exception {
        CountDownLatch hanging = new CountDownLatch(1);
        providers.with("hangOnSecond", (prompt, ctx) -> {
            if (prompt.equals("2")) {
                hanging.countDown();
                new CountDownLatch(1).await();
            }
            return ProviderResponse.of(prompt);
        });
        EvalConfig config = ConfigLoader.parse(
                """
                prompts: ['{{i}}']
                providers: [test:hangOnSecond]
                tests: [{vars: {i: [1, 2]}}]
                """,
                dir);
        Eval eval = Eval.builder()
                .config(config)
                .registry(providers.registry())
                .options(RunOptions.builder().maxConcurrency(1).build())
                .build();
        Thread canceller = Thread.ofVirtual().start(() -> {
            try {
                if (hanging.await(10, TimeUnit.SECONDS)) {
                    eval.cancel();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        EvalRun run = eval.run();
        canceller.join();
        assertTrue(run.interrupted());
        assertEquals(2, run.planned());
        assertEquals(
                List.of("1"), run.results().stream().map(EvalResult::outputText).toList());
        assertTrue(providers.closed.values().stream().allMatch(java.util.concurrent.atomic.AtomicBoolean::get));
    }

    @Test
    void providerIdsAndConfigGetEnvTemplatesRenderedAtLoad() {
        EvalConfig config = ConfigLoader.parse(
                """
                prompts: [x]
                providers:
                  - id: 'test:{{ env.WHICH }}'
                    config: {url: '{{ env.MOCK }}/ws', keep: '{{ prompt }}'}
                env: {WHICH: echo}
                """,
                dir);
        try (Eval eval = Eval.builder()
                .config(config)
                .registry(providers.registry())
                .env(Map.of("MOCK", "ws://127.0.0.1:1"))
                .build()) {
            assertEquals("test:echo", providers.created.getFirst().id());
            assertEquals(
                    "ws://127.0.0.1:1/ws", providers.created.getFirst().config().get("url"));
            assertEquals("{{ prompt }}", providers.created.getFirst().config().get("keep"));
            assertEquals("echo", providers.created.getFirst().env().get("WHICH"));
        }
    }

    @Test
    void delayForcesConcurrencyOneAndSaysSo() {
        List<String> notes = new java.util.concurrent.CopyOnWriteArrayList<>();
        int[] started = new int[2];
        EvalConfig config = ConfigLoader.parse("prompts: [x]\nproviders: [test:echo]\n", dir);
        Eval.builder()
                .config(config)
                .registry(providers.registry())
                .options(RunOptions.builder().delay(1).maxConcurrency(4).build())
                .listener(new EvalListener() {
                    @Override
                    public void started(int cases, int concurrency) {
                        started[0] = cases;
                        started[1] = concurrency;
                    }

                    @Override
                    public void note(String message) {
                        notes.add(message);
                    }
                })
                .build()
                .run();
        assertEquals(1, started[0]);
        assertEquals(1, started[1]);
        assertEquals(List.of("Running at concurrency 1 because a 1ms delay between calls was requested."), notes);
    }

    @Test
    void concurrencyOneRunsThePlanStrictlyInOrder() {
        List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        providers.with("record", (prompt, ctx) -> {
            seen.add(prompt);
            return ProviderResponse.of(prompt);
        });
        run(
                """
                prompts: ['{{m}}']
                providers: [test:record]
                tests:
                  - {vars: {m: A1}, metadata: {conversationId: A}}
                  - {vars: {m: A2}, metadata: {conversationId: A}}
                  - {vars: {m: B1}, metadata: {conversationId: B}}
                  - {vars: {m: A3}, metadata: {conversationId: A}}
                  - {vars: {m: x}}
                """,
                RunOptions.builder().maxConcurrency(1).build());
        assertEquals(List.of("A1", "A2", "B1", "A3", "x"), seen);
    }

    @Test
    void aProviderWithOneSessionGetsEachConversationContiguouslyWhileOtherCasesRunBeside() {
        List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        providers.with("session", (prompt, ctx) -> {
            seen.add(prompt);
            return ProviderResponse.of(prompt);
        });
        run(
                """
                prompts: ['{{m}}']
                providers: [{id: test:session, config: {oneSession: true}}]
                tests:
                  - {vars: {m: A1}, metadata: {conversationId: A}}
                  - {vars: {m: B1}, metadata: {conversationId: B}}
                  - {vars: {m: A2}, metadata: {conversationId: A}}
                  - {vars: {m: B2}, metadata: {conversationId: B}}
                  - {vars: {m: x}}
                """,
                RunOptions.builder().maxConcurrency(4).build());
        List<String> conversational = seen.stream().filter(s -> !s.equals("x")).toList();
        assertEquals(List.of("A1", "A2", "B1", "B2"), conversational);
        assertEquals(5, seen.size());
    }

    @Test
    void aPromptFunctionThatThrowsStopsTheRunBeforeAnyCall() {
        io.github.wstoolkit.api.transform.PromptFunction fn = (vars, provider) -> {
            if ("boom".equals(vars.get("q"))) {
                throw new IllegalStateException("cannot build " + vars.get("q"));
            }
            return "Q: " + vars.get("q");
        };
        EvalConfig config = EvalConfig.builder()
                .prompts(List.of(new PromptSpec("the function's source", "fn", java.util.Optional.of(fn))))
                .providers(List.of(ProviderEntry.of("test:echo")))
                .tests(List.of(
                        TestCase.of(Map.of("q", "fine"), List.of()),
                        TestCase.of(Map.of("q", "boom"), List.of()).withDescription("broken")))
                .build();
        Eval eval = Eval.builder()
                .config(config)
                .registry(providers.registry())
                .env(Map.of())
                .build();
        ConfigException e = assertThrows(ConfigException.class, eval::run);
        assertTrue(
                e.getMessage()
                        .startsWith("the prompt function fn failed for test 'broken': java.lang.IllegalStateException:"
                                + " cannot build boom"),
                e.getMessage());
        assertEquals(List.of(), providers.calls, "no case was called");
        assertTrue(providers.closed.values().stream().allMatch(java.util.concurrent.atomic.AtomicBoolean::get));
    }

    @Test
    void aPromptFunctionRunsOncePerCaseAndOneThatReadsTheConversationRunsAtCallTime() {
        AtomicInteger renders = new AtomicInteger();
        java.util.List<Object> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        io.github.wstoolkit.api.transform.PromptFunction plain = (vars, provider) -> {
            renders.incrementAndGet();
            return "Q: " + vars.get("q");
        };
        io.github.wstoolkit.api.transform.PromptFunction history = (vars, provider) -> {
            seen.add(vars.get("_conversation"));
            return "H: " + vars.get("q");
        };
        EvalConfig config = EvalConfig.builder()
                .prompts(List.of(
                        new PromptSpec("plain", "plain", java.util.Optional.of(plain)),
                        new PromptSpec("reads _conversation", "history", java.util.Optional.of(history))))
                .providers(List.of(ProviderEntry.of("test:echo")))
                .tests(List.of(
                        TestCase.of(Map.of("q", "a"), List.of()).withMetadata(Map.of("conversationId", "c")),
                        TestCase.of(Map.of("q", "b"), List.of()).withMetadata(Map.of("conversationId", "c"))))
                .build();
        try (Eval eval = Eval.builder()
                .config(config)
                .registry(providers.registry())
                .options(RunOptions.builder().repeat(2).build())
                .env(Map.of())
                .build()) {
            EvalRun run = eval.run();
            assertEquals(8, run.results().size());
            assertEquals(4, renders.get(), "each case's prompt rendered once");
            assertEquals(4, seen.size());
            // the history grows as the conversation's calls return: rendered when each call starts
            assertEquals(
                    List.of(0, 1, 2, 3),
                    seen.stream().map(h -> ((List<?>) h).size()).toList());
        }
    }
}
