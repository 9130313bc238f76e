package io.github.wstoolkit.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wstoolkit.api.ProviderResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How a run hands its cases to threads: a case's thread starts only when a start slot (twice the concurrency) is
 * free, so a long plan never parks a thread per case; order, concurrency, {@code maxEvalTimeMs} and cancelling hold
 * while later cases wait for a slot.
 */
class EvalDispatchTest {

    @TempDir
    Path dir;

    private final TestProviders providers = new TestProviders();

    private static String plan(int cases, String provider, String evaluateOptions) {
        String values =
                IntStream.rangeClosed(1, cases).mapToObj(Integer::toString).collect(Collectors.joining(", "));
        return "prompts: ['{{i}}']\nproviders: [test:" + provider + "]\ntests: [{vars: {i: [" + values + "]}}]\n"
                + (evaluateOptions.isEmpty() ? "" : "evaluateOptions: " + evaluateOptions + "\n");
    }

    @Test
    void aLongPlanRunsEveryCaseInPlanOrderAtItsConcurrency() {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        providers.with("count", (prompt, ctx) -> {
            most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                Thread.yield();
                return ProviderResponse.of("out " + prompt);
            } finally {
                inFlight.decrementAndGet();
            }
        });
        EvalRun run;
        try (Eval eval = Eval.builder()
                .config(ConfigLoader.parse(plan(400, "count", ""), dir))
                .registry(providers.registry())
                .options(RunOptions.builder().maxConcurrency(3).build())
                .build()) {
            run = eval.run();
        }
        assertEquals(400, run.results().size());
        assertTrue(!run.interrupted());
        assertEquals(
                IntStream.rangeClosed(1, 400).mapToObj(i -> "out " + i).toList(),
                run.results().stream().map(EvalResult::outputText).toList());
        assertTrue(run.results().stream().allMatch(EvalResult::success));
        assertTrue(most.get() <= 3, "at most 3 calls at once, saw " + most.get());
    }

    @Test
    void maxEvalTimeMsStopsARunWhoseLaterCasesWaitToStart() {
        // the first case never answers: cases 4..50 are still waiting for a start slot when the time is up
        providers.with("stuck", (prompt, ctx) -> {
            new CountDownLatch(1).await();
            return ProviderResponse.of(prompt);
        });
        List<String> notes = new CopyOnWriteArrayList<>();
        EvalRun run;
        try (Eval eval = Eval.builder()
                .config(ConfigLoader.parse(plan(50, "stuck", "{maxEvalTimeMs: 300}"), dir))
                .registry(providers.registry())
                .options(RunOptions.builder().maxConcurrency(1).build())
                .listener(new EvalListener() {
                    @Override
                    public void note(String message) {
                        notes.add(message);
                    }
                })
                .build()) {
            run = eval.run();
        }
        assertTrue(run.interrupted());
        assertEquals(50, run.planned());
        assertEquals(1, providers.calls.size(), "only the first case was called");
        assertTrue(notes.contains("Stopping: evaluateOptions.maxEvalTimeMs (300 ms) has passed."), notes.toString());
        assertTrue(run.results().stream().noneMatch(EvalResult::success));
    }

    @Test
    void cancelStopsARunWhoseLaterCasesWaitToStart() throws Exception {
        CountDownLatch firstCalled = new CountDownLatch(1);
        providers.with("hangFirst", (prompt, ctx) -> {
            if (prompt.equals("1")) {
                firstCalled.countDown();
                new CountDownLatch(1).await();
            }
            return ProviderResponse.of(prompt);
        });
        Eval eval = Eval.builder()
                .config(ConfigLoader.parse(plan(50, "hangFirst", ""), dir))
                .registry(providers.registry())
                .options(RunOptions.builder().maxConcurrency(1).build())
                .build();
        Thread canceller = Thread.ofVirtual().start(() -> {
            try {
                if (firstCalled.await(30, TimeUnit.SECONDS)) {
                    eval.cancel();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        EvalRun run = eval.run();
        canceller.join();
        assertTrue(run.interrupted());
        assertEquals(1, providers.calls.size(), "the cases after the stuck one were never called");
        assertTrue(providers.closed.values().stream().allMatch(java.util.concurrent.atomic.AtomicBoolean::get));
    }
}
