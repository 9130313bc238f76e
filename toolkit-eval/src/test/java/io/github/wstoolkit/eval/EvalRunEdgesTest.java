package io.github.wstoolkit.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wstoolkit.api.CallContext;
import io.github.wstoolkit.api.ConfigException;
import io.github.wstoolkit.api.Provider;
import io.github.wstoolkit.api.ProviderRegistry;
import io.github.wstoolkit.api.ProviderResponse;
import io.github.wstoolkit.api.ProviderSpec;
import io.github.wstoolkit.api.spi.ProviderFactory;
import io.github.wstoolkit.api.transform.PromptFunction;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The edges of a run: which settings force concurrency 1 (and which do not), what the listener hears, times that stay
 * within the run's own, providers closed when creating another fails or when the Eval is closed unrun, and a stopped
 * run that does not wait for a provider that will not close.
 */
class EvalRunEdgesTest {

    @TempDir
    Path dir;

    private final TestProviders providers = new TestProviders().with("echo", TestProviders.echo());
    private final List<String> notes = new CopyOnWriteArrayList<>();
    private final List<Integer> concurrency = new CopyOnWriteArrayList<>();
    private final List<EvalResult> finished = new CopyOnWriteArrayList<>();

    private final EvalListener listener = new EvalListener() {
        @Override
        public void note(String message) {
            notes.add(message);
        }

        @Override
        public void started(int cases, int c) {
            concurrency.add(c);
        }

        @Override
        public void finished(EvalResult result) {
            finished.add(result);
        }
    };

    private EvalRun run(String yaml) {
        try (Eval eval = Eval.builder()
                .config(ConfigLoader.parse(yaml, dir))
                .registry(providers.registry())
                .listener(listener)
                .env(Map.of())
                .build()) {
            return eval.run();
        }
    }

    @Test
    void onlyARealDelayOrStoredOutputAtAConcurrencyAboveOneForcesConcurrencyOne() {
        run("prompts: [a, b]\nproviders: [test:echo]\nevaluateOptions: {delay: 0, maxConcurrency: 3}\n");
        run("prompts: [a, b]\nproviders: [test:echo]\nevaluateOptions: {delay: 1, maxConcurrency: 1}\n");
        run("prompts: [a]\nproviders: [test:echo]\nevaluateOptions: {maxConcurrency: 1}\n"
                + "tests: [{options: {storeOutputAs: x}}]\n");
        assertEquals(List.of(), notes);
        assertEquals(List.of(3, 1, 1), concurrency);
        run("prompts: [a, b]\nproviders: [test:echo]\nevaluateOptions: {delay: 1, maxConcurrency: 2}\n");
        assertEquals(List.of("Running at concurrency 1 because a 1ms delay between calls was requested."), notes);
        assertEquals(1, concurrency.getLast());
    }

    @Test
    void theListenerHearsEveryCaseAndTimesStayWithinTheRun() {
        long before = System.nanoTime();
        EvalRun run = run(
                """
                prompts: ['{{ q }}']
                providers: [test:echo]
                tests: [{vars: {q: [a, b, c, d, e]}, assert: [{type: contains, value: a}]}]
                """);
        long wallMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - before);
        assertEquals(5, finished.size());
        assertEquals(
                run.results().stream().map(EvalResult::index).toList(),
                finished.stream().map(EvalResult::index).sorted().toList());
        assertTrue(
                run.stats().durationMs() >= 0 && run.stats().durationMs() <= wallMs,
                run.stats().toString());
        for (EvalResult r : run.results()) {
            assertTrue(r.latencyMs() >= 0 && r.latencyMs() <= wallMs, "latency " + r.latencyMs());
        }
    }

    @Test
    void aTimedOutCaseAndItsAttemptTakeNoLongerThanTheRun() {
        providers.with("stuck", (prompt, ctx) -> {
            new CountDownLatch(1).await();
            return ProviderResponse.of(prompt);
        });
        long before = System.nanoTime();
        EvalRun run = run("prompts: [a]\nproviders: [test:stuck]\nevaluateOptions: {timeoutMs: 200}\n");
        long wallMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - before);
        EvalResult r = run.results().getFirst();
        assertEquals(Optional.of("Error: Evaluation timed out after 200ms"), r.error());
        assertTrue(r.latencyMs() >= 200 && r.latencyMs() <= wallMs, "latency " + r.latencyMs());
        // the call in flight at the deadline (none when the deadline came before the call began, on a busy machine)
        for (AttemptError attempt : r.attemptErrors()) {
            assertEquals(Optional.of("TIMEOUT"), attempt.code());
            assertTrue(attempt.latencyMs() >= 0 && attempt.latencyMs() <= wallMs, "attempt " + attempt.latencyMs());
        }
    }

    @Test
    void whenNoProviderMatchesTheMessageListsThemWithSecretsRedacted() {
        EvalConfig config = ConfigLoader.parse(
                "prompts: [a]\nproviders: [{id: 'test:echo?token=s3cr3t', label: first}, test:echo]\n", dir);
        ConfigException e = assertThrows(ConfigException.class, () -> Eval.builder()
                .config(config)
                .registry(providers.registry())
                .options(RunOptions.builder()
                        .filterProviders(Pattern.compile("nothing"))
                        .build())
                .env(Map.of())
                .build());
        assertTrue(e.getMessage().endsWith("(providers: first, test:echo)"), e.getMessage());
        assertTrue(!e.getMessage().contains("s3cr3t"), e.getMessage());
    }

    @Test
    void providersAlreadyCreatedAreClosedWhenAnotherCannotBeAndWhenAnUnrunEvalIsClosed() {
        EvalConfig bad = ConfigLoader.parse("prompts: [a]\nproviders: [test:echo, test:missing]\n", dir);
        assertThrows(ConfigException.class, () -> Eval.builder()
                .config(bad)
                .registry(providers.registry())
                .env(Map.of())
                .build());
        assertTrue(providers.closed.get("test:echo").get(), "the echo provider was closed");
        TestProviders fresh = new TestProviders().with("echo", TestProviders.echo());
        Eval unrun = Eval.builder()
                .config(ConfigLoader.parse("prompts: [a]\nproviders: [test:echo]\n", dir))
                .registry(fresh.registry())
                .env(Map.of())
                .build();
        assertTrue(!fresh.closed.get("test:echo").get());
        unrun.close();
        assertTrue(fresh.closed.get("test:echo").get());
    }

    @Test
    void aStoppedRunDoesNotWaitForAProviderThatWillNotClose() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        ProviderFactory stubborn = new ProviderFactory() {
            @Override
            public boolean supports(String id) {
                return id.equals("stubborn");
            }

            @Override
            public String describe() {
                return "stubborn";
            }

            @Override
            public Provider create(ProviderSpec spec) {
                return new Provider() {
                    @Override
                    public String id() {
                        return "stubborn";
                    }

                    @Override
                    public ProviderResponse call(String prompt, CallContext context) throws InterruptedException {
                        new CountDownLatch(1).await();
                        return ProviderResponse.of(prompt);
                    }

                    @Override
                    public void close() {
                        boolean interrupted = false;
                        while (true) {
                            try {
                                release.await();
                                break;
                            } catch (InterruptedException e) {
                                interrupted = true; // a close that ignores interrupts
                            }
                        }
                        if (interrupted) {
                            Thread.currentThread().interrupt();
                        }
                    }
                };
            }
        };
        Eval eval = Eval.builder()
                .config(ConfigLoader.parse(
                        "prompts: [a]\nproviders: [stubborn]\nevaluateOptions: {timeoutMs: 200}\n", dir))
                .registry(ProviderRegistry.of(List.of(stubborn)))
                .env(Map.of())
                .build();
        ExecutorService exec = Executors.newVirtualThreadPerTaskExecutor();
        try {
            // bounded: a run that waited for the provider to close would never return
            EvalRun run = exec.submit(eval::run).get(60, TimeUnit.SECONDS);
            assertEquals(
                    Optional.of("Error: Evaluation timed out after 200ms"),
                    run.results().getFirst().error());
        } finally {
            release.countDown();
            exec.shutdown();
        }
    }

    // a run's worker threads take case after case: what one case leaves on its thread must not reach the next
    @Test
    void anInterruptACaseLeavesOnItsThreadDoesNotReachTheNextCase() throws Exception {
        TestProviders leaky = new TestProviders().with("leaky", (prompt, context) -> {
            boolean found = Thread.currentThread().isInterrupted();
            if (prompt.equals("first")) {
                Thread.currentThread().interrupt(); // as a transform that restores the flag it caught
            }
            return ProviderResponse.of(found ? "found an interrupt" : "clean");
        });
        // -j 1: the three cases run one after another on one worker thread
        try (Eval eval = Eval.builder()
                .config(ConfigLoader.parse(
                        """
                        prompts: ['{{ p }}']
                        providers: ['test:leaky']
                        evaluateOptions: {maxConcurrency: 1}
                        tests:
                          - vars: {p: first}
                          - vars: {p: second}
                          - vars: {p: third}
                        """,
                        dir))
                .registry(leaky.registry())
                .env(Map.of())
                .build()) {
            EvalRun run = eval.run();
            assertEquals(false, run.interrupted());
            assertEquals(
                    List.of("clean", "clean", "clean"),
                    run.results().stream()
                            .map(r -> r.response().orElseThrow().output())
                            .toList());
        }
    }

    @Test
    void aPromptFunctionsMessageNamesTheGroovyLineItThrewAt() {
        PromptFunction fn = (vars, provider) -> {
            IllegalStateException e = new IllegalStateException("no such var");
            e.setStackTrace(new StackTraceElement[] {
                new StackTraceElement("java.util.Map", "get", "Map.java", 12),
                new StackTraceElement("Script1", "call", "prompt.groovy", 0),
                new StackTraceElement("Script1", "call", "prompt.groovy", 4),
            });
            throw new RuntimeException("wrapped", e);
        };
        String sixty = "y".repeat(60);
        EvalConfig config = EvalConfig.builder()
                .prompts(List.of(new PromptSpec("src", sixty, Optional.of(fn))))
                .providers(List.of(ProviderEntry.of("test:echo")))
                .tests(List.of(TestCase.of(Map.of(), List.of())))
                .build();
        Eval eval = Eval.builder()
                .config(config)
                .registry(providers.registry())
                .env(Map.of())
                .build();
        ConfigException e = assertThrows(ConfigException.class, eval::run);
        assertEquals(
                "the prompt function " + sixty + " failed for test 1: java.lang.RuntimeException: wrapped"
                        + " (at prompt.groovy:4)",
                e.getMessage());
    }

    @Test
    void aTimeLimitThatIsNotReachedStopsNothing() {
        EvalRun run = run(
                """
                prompts: ['{{ q }}']
                providers: [test:echo]
                evaluateOptions: {maxEvalTimeMs: 600000, maxConcurrency: 2}
                tests: [{vars: {q: [a, b, c, d, e, f, g, h]}}]
                """);
        assertEquals(8, run.results().size());
        assertTrue(!run.interrupted());
        assertEquals(List.of(), notes);
    }

    @Test
    void theTimeLimitAlsoEndsTheWaitOfCasesThatHaveNotStarted() throws Exception {
        // two at once, four start slots: cases 5 to 8 wait for a slot that only a stuck case could free
        providers.with("stuck", (prompt, ctx) -> {
            new CountDownLatch(1).await();
            return ProviderResponse.of(prompt);
        });
        Eval eval = Eval.builder()
                .config(ConfigLoader.parse(
                        """
                        prompts: ['{{ q }}']
                        providers: [test:stuck]
                        evaluateOptions: {maxEvalTimeMs: 300, maxConcurrency: 2}
                        tests: [{vars: {q: [a, b, c, d, e, f, g, h]}}]
                        """,
                        dir))
                .registry(providers.registry())
                .listener(listener)
                .env(Map.of())
                .build();
        ExecutorService exec = Executors.newVirtualThreadPerTaskExecutor();
        try {
            EvalRun run = exec.submit(eval::run).get(60, TimeUnit.SECONDS);
            assertTrue(run.interrupted());
            assertTrue(run.results().isEmpty(), "no case finished");
            assertEquals(List.of("Stopping: evaluateOptions.maxEvalTimeMs (300 ms) has passed."), notes);
        } finally {
            exec.shutdownNow();
        }
    }
}
