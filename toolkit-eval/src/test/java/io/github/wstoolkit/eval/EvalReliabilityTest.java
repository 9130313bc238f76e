package io.github.wstoolkit.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wstoolkit.api.ConfigException;
import io.github.wstoolkit.api.ProviderException;
import io.github.wstoolkit.api.ProviderResponse;
import io.github.wstoolkit.eval.report.Reports;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deadlines that hold whatever a provider, a prompt function or a grader does, and the retry policy: which failures
 * are called again, how long the engine waits, and every attempt in the result.
 */
class EvalReliabilityTest {

    /** How long a whole run may take in these tests before the test fails instead of hanging the build. */
    private static final long RUN_LIMIT_S = 60;

    @TempDir
    Path dir;

    private final TestProviders providers = new TestProviders().with("echo", TestProviders.echo());

    /** Released at the end of each test: the stuck code of a test stops then, so no thread outlives the test. */
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void releaseStuckCode() {
        release.countDown();
    }

    /** Blocks until the test ends, ignoring interrupts: code that no deadline can stop. */
    private void stuck() {
        boolean interrupted = false;
        while (release.getCount() > 0) {
            try {
                release.await();
            } catch (InterruptedException e) {
                interrupted = true; // swallowed, as careless code does
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private EvalRun run(EvalConfig config, RunOptions options) throws Exception {
        CompletableFuture<EvalRun> run = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try (Eval eval = Eval.builder()
                    .config(config)
                    .registry(providers.registry())
                    .options(options)
                    .env(Map.of())
                    .build()) {
                run.complete(eval.run());
            } catch (Throwable t) {
                run.completeExceptionally(t);
            }
        });
        try {
            return run.get(RUN_LIMIT_S, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : e;
        }
    }

    private EvalRun run(String yaml) throws Exception {
        return run(
                ConfigLoader.parse(yaml, dir),
                RunOptions.builder().retryBaseDelay(Duration.ofMillis(1)).build());
    }

    // ------------------------------------------------------------------ deadlines

    /**
     * The defect: the case's executor was closed with try-with-resources, which waited for a call that ignores the
     * interrupt, so the run never ended. Now the case ends at its deadline and the run goes on.
     */
    @Test
    void aCallThatIgnoresTheInterruptEndsAtTheDeadlineAndTheRunGoesOn() throws Exception {
        providers.with("stuck", (prompt, ctx) -> {
            stuck();
            return ProviderResponse.of("too late");
        });
        EvalRun run = run(
                """
                prompts: ['{{q}}']
                providers: [test:stuck, test:echo]
                tests: [{vars: {q: a}}, {vars: {q: b}}]
                evaluateOptions: {timeoutMs: 500}
                """);
        assertEquals(4, run.results().size());
        for (EvalResult r : run.results()) {
            if (r.providerId().equals("test:stuck")) {
                assertEquals(
                        "Error: Evaluation timed out after 500ms", r.error().orElseThrow());
                assertEquals(1, r.attempts());
                assertEquals(1, r.attemptErrors().size());
                assertEquals(
                        "Error: Evaluation timed out after 500ms",
                        r.attemptErrors().getFirst().error());
                assertEquals(
                        Optional.of("TIMEOUT"), r.attemptErrors().getFirst().code());
                assertEquals(r.renderedPrompt(), r.vars().get("q"));
            } else {
                assertTrue(r.success(), r.toString());
            }
        }
        assertEquals("2 passed, 0 failed, 2 errors", run.stats().summaryLine());
    }

    @Test
    void aPromptFunctionThatBlocksEndsItsCaseAtTheDeadline() throws Exception {
        EvalConfig parsed = ConfigLoader.parse(
                """
                prompts: [placeholder]
                providers: [test:echo]
                tests: [{vars: {q: stuck}}, {vars: {q: fine}}]
                evaluateOptions: {timeoutMs: 500}
                """,
                dir);
        PromptSpec blocking = new PromptSpec("fn", "fn", Optional.of((vars, provider) -> {
            if ("stuck".equals(vars.get("q"))) {
                stuck();
            }
            return "asked " + vars.get("q");
        }));
        EvalConfig config = new EvalConfig(
                parsed.description(),
                List.of(blocking),
                parsed.providers(),
                parsed.tests(),
                parsed.defaultTest(),
                parsed.env(),
                parsed.evaluateOptions(),
                parsed.outputPaths(),
                parsed.nunjucksFilters(),
                parsed.mockServer(),
                parsed.metadata(),
                parsed.raw(),
                parsed.warnings(),
                parsed.files());
        EvalRun run = run(config, RunOptions.DEFAULTS);
        assertEquals(
                "Error: Evaluation timed out after 500ms",
                run.results().get(0).error().orElseThrow());
        assertEquals(0, run.results().get(0).attempts(), "the provider was never called");
        assertTrue(run.results().get(1).success(), run.results().get(1).toString());
        assertEquals("asked fine", run.results().get(1).outputText());
    }

    /** A grader call is part of its case: it gets the case's deadline, and a stuck grader cannot hold the run. */
    @Test
    void graderCallsGetTheCasesDeadline() throws Exception {
        AtomicReference<Optional<Instant>> graderDeadline = new AtomicReference<>();
        providers.with("grader", (prompt, ctx) -> {
            graderDeadline.set(ctx.deadline());
            stuck();
            return ProviderResponse.of("{\"pass\": true}");
        });
        Instant before = Instant.now();
        EvalRun run = run(
                """
                prompts: [hello]
                providers: [test:echo]
                tests:
                  - assert: [{type: llm-rubric, value: polite, provider: test:grader}]
                evaluateOptions: {timeoutMs: 500}
                """);
        assertEquals(
                "Error: Evaluation timed out after 500ms",
                run.results().getFirst().error().orElseThrow());
        Instant deadline = graderDeadline.get().orElseThrow();
        // the case's deadline (and a moment more, so the case's own timeout is what the result reads)
        assertTrue(
                !deadline.isBefore(before.plusMillis(500))
                        && deadline.isBefore(Instant.now().plusSeconds(1)),
                deadline.toString());
    }

    // ------------------------------------------------------------------ the retry policy

    private static ProviderException closed(int code) {
        return ProviderException.closed(
                "WebSocket closed before the response was complete (code " + code + ")", code, code == 1012);
    }

    @Test
    void aServerCloseMidAnswerFailsAtOnceButTryAgainCodesAreRetried() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        providers.with("crash", (prompt, ctx) -> {
            calls.incrementAndGet();
            throw closed(1011);
        });
        EvalResult crash =
                run("prompts: [x]\nproviders: [test:crash]\n").results().getFirst();
        assertEquals(1, crash.attempts(), "1011 is not retried by default: the run fails fast");
        assertEquals(1, calls.get());
        assertEquals(
                "Error: WebSocket closed before the response was complete (code 1011)",
                crash.error().orElseThrow());
        assertEquals(1011, crash.attemptErrors().getFirst().closeCode().orElseThrow());
        assertEquals(OptionalLong.empty(), crash.attemptErrors().getFirst().retryDelayMs());

        AtomicInteger restarts = new AtomicInteger();
        providers.with("restart", (prompt, ctx) -> {
            if (restarts.incrementAndGet() < 3) {
                throw closed(1012);
            }
            return ProviderResponse.of("back");
        });
        EvalResult back =
                run("prompts: [x]\nproviders: [test:restart]\n").results().getFirst();
        assertTrue(back.success(), back.toString());
        assertEquals(3, back.attempts());
        assertEquals(2, back.attemptErrors().size(), "the retried attempts are in the result");
        assertEquals(
                List.of(1, 2),
                back.attemptErrors().stream().map(AttemptError::attempt).toList());
        assertTrue(back.attemptErrors().stream().allMatch(a -> a.retryDelayMs().isPresent()));
    }

    @Test
    void retryOnCloseCodesAndOnStatusReplaceTheDefaults() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        providers.with("crash", (prompt, ctx) -> {
            calls.incrementAndGet();
            throw closed(1011);
        });
        EvalResult r = run("prompts: [x]\nproviders: [{id: test:crash, config: {retry: {maxRetries: 2, onCloseCodes:"
                        + " [1011]}}}]\n")
                .results()
                .getFirst();
        assertEquals(3, r.attempts());
        assertEquals(3, calls.get());
        assertEquals(3, r.attemptErrors().size());

        AtomicInteger refused = new AtomicInteger();
        providers.with("refuse", (prompt, ctx) -> {
            refused.incrementAndGet();
            throw ProviderException.handshake("WebSocket connection failed (HTTP 503)", 503, true, null, null);
        });
        EvalResult notRetried =
                run("prompts: [x]\nproviders: [{id: test:refuse, config: {retry: {onStatus: [429]}}}]\n")
                        .results()
                        .getFirst();
        assertEquals(1, notRetried.attempts(), "503 is not in onStatus: not retried although transient");
        assertEquals(503, notRetried.attemptErrors().getFirst().httpStatus().orElseThrow());
    }

    @Test
    void promptfoosMaxRetriesStillCountsAndRetryAfterSetsTheWait() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        providers.with("limited", (prompt, ctx) -> {
            calls.incrementAndGet();
            throw ProviderException.handshake(
                    "WebSocket connection failed (HTTP 429)", 429, true, Duration.ofMillis(300), null);
        });
        EvalResult r = run("prompts: [x]\nproviders: [{id: test:limited, config: {maxRetries: 1}}]\n")
                .results()
                .getFirst();
        assertEquals(2, r.attempts());
        assertEquals(2, calls.get());
        assertEquals(OptionalLong.of(300), r.attemptErrors().get(0).retryDelayMs(), "Retry-After, not the 1 ms base");
        assertEquals(OptionalLong.empty(), r.attemptErrors().get(1).retryDelayMs());
        assertEquals("Error: WebSocket connection failed (HTTP 429)", r.error().orElseThrow());
    }

    /** A retry that could not start before the case's deadline is not made: the real failure is reported. */
    @Test
    void noRetryIsScheduledPastTheCasesDeadline() throws Exception {
        providers.with("limited", (prompt, ctx) -> {
            throw ProviderException.handshake(
                    "WebSocket connection failed (HTTP 429)", 429, true, Duration.ofSeconds(30), null);
        });
        EvalResult r = run("prompts: [x]\nproviders: [test:limited]\nevaluateOptions: {timeoutMs: 5000}\n")
                .results()
                .getFirst();
        assertEquals("Error: WebSocket connection failed (HTTP 429)", r.error().orElseThrow());
        assertEquals(1, r.attempts());
    }

    @Test
    void aMistakeInRetryIsAConfigErrorNamingTheKey() {
        ConfigException unknown = assertThrows(
                ConfigException.class,
                () -> run("prompts: [x]\nproviders: [{id: test:echo, config: {retry: {maxRetry: 2}}}]\n"));
        assertTrue(
                unknown.getMessage().contains("providers[0].config.retry.maxRetry: unknown key"), unknown.getMessage());
        ConfigException badCode = assertThrows(
                ConfigException.class,
                () -> run(
                        "prompts: [x]\nproviders: [{id: test:echo, config: {retry: {onCloseCodes: [1011, abc]}}}]\n"));
        assertTrue(
                badCode.getMessage().contains("providers[0].config.retry.onCloseCodes: codes are whole numbers"),
                badCode.getMessage());
        ConfigException both = assertThrows(
                ConfigException.class,
                () -> run(
                        "prompts: [x]\nproviders: [{id: test:echo, config: {maxRetries: 2, retry: {maxRetries: 3}}}]\n"));
        assertTrue(both.getMessage().contains("maxRetries is 2 but retry.maxRetries is 3"), both.getMessage());
    }

    @Test
    void theJsonReportHasEveryAttemptsError() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        providers.with("flaky", (prompt, ctx) -> {
            if (calls.incrementAndGet() == 1) {
                throw ProviderException.connection(
                        "WebSocket connection failed (ECONNREFUSED)", "ECONNREFUSED", true, null);
            }
            return ProviderResponse.of("ok");
        });
        EvalRun run = run("prompts: [x]\nproviders: [test:flaky]\n");
        Map<String, Object> json = Reports.resultMap(run.results().getFirst());
        assertEquals(2, json.get("attempts"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> errors = (List<Map<String, Object>>) json.get("attemptErrors");
        assertEquals(1, errors.size());
        assertEquals(
                "Error: WebSocket connection failed (ECONNREFUSED)",
                errors.getFirst().get("error"));
        assertEquals("ECONNREFUSED", errors.getFirst().get("code"));
        assertEquals(1, errors.getFirst().get("attempt"));
        assertFalse(Reports.resultMap(
                        run("prompts: [x]\nproviders: [test:echo]\n").results().getFirst())
                .containsKey("attemptErrors"));
    }
}
