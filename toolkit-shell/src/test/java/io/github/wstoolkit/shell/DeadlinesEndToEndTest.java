package io.github.wstoolkit.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wstoolkit.api.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code wst eval} as a user runs it (YAML, Groovy transforms, the WebSocket provider, the embedded mock server):
 * a transform that loops, one that waits forever (on a latch nobody counts down) and a prompt function that blocks end at {@code timeoutMs: 500}, beside
 * healthy cases that pass, and the run ends. Before, the looping transform held {@code wst eval} for good.
 */
class DeadlinesEndToEndTest {

    /** Far more than the run needs (a few seconds); reaching it fails the test instead of hanging the build. */
    private static final long LIMIT_S = 120;

    @TempDir
    Path dir;

    private static WstTest.Result eval(Path config, String... more) throws Exception {
        List<String> args =
                new java.util.ArrayList<>(List.of("eval", "-c", config.toString(), "--no-write", "--no-progress-bar"));
        args.addAll(List.of(more));
        CompletableFuture<WstTest.Result> run =
                CompletableFuture.supplyAsync(() -> WstTest.run(Map.of(), args.toArray(String[]::new)));
        return run.get(LIMIT_S, TimeUnit.SECONDS);
    }

    @Test
    void loopingWaitingAndBlockingUserCodeEndsAtTheDeadlineAndHealthyCasesPass() throws Exception {
        Files.writeString(
                dir.resolve("blocking.groovy"),
                """
                { vars, provider ->
                    if (vars.q == 'block') { new java.util.concurrent.CountDownLatch(1).await() }
                    "Say: ${vars.q}"
                }
                """);
        String stream =
                """
                messageTemplate: '{"input": {{ prompt | dump }}}'
                      streamResponse: |
                        { acc, event, ctx ->
                          def m = JSON.parse(event.data)
                          if (ctx.vars.q == 'loop' && m.type == 'delta') { while (true) {} }
                          if (ctx.vars.q == 'wait' && m.type == 'delta') { new java.util.concurrent.CountDownLatch(1).await() }
                          m.type == 'message' ? [[output: m.message], true] : [acc, false]
                        }""";
        Path config = dir.resolve("promptfooconfig.yaml");
        Files.writeString(
                config,
                """
                description: deadlines
                mockServer: true
                prompts: [file://blocking.groovy]
                providers:
                  # no scripted latency: a healthy case takes a few milliseconds, far within its 500 ms
                  - id: '{{ env.WST_MOCK_URL }}/ws-stream?ttfb=0&gap=0'
                    label: stream
                    config:
                      %s
                tests:
                  - {description: loops, vars: {q: loop}}
                  - {description: waits, vars: {q: wait}}
                  - {description: blocks, vars: {q: block}}
                  - {description: healthy one, vars: {q: one}, assert: [{type: icontains, value: one}]}
                  - {description: healthy two, vars: {q: two}, assert: [{type: icontains, value: two}]}
                evaluateOptions: {timeoutMs: 500}
                """
                        .formatted(stream));
        // the first calls of a JVM pay for its warm-up (class loading, the client transport, the JIT): up to a
        // second or more on a loaded machine, which is not what this test measures. A first run warms up.
        WstTest.Result warm = eval(config, "--filter-pattern", "healthy", "--no-table");
        assertTrue(warm.code() == 0 || warm.code() == 100, warm.err());
        Path json = dir.resolve("results.json");
        WstTest.Result r = eval(config, "-o", json.toString());
        assertEquals(100, r.code(), r.out() + r.err());
        assertTrue(r.out().endsWith("2 passed, 0 failed, 3 errors" + System.lineSeparator()), r.out());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> results = (List<Map<String, Object>>)
                ((Map<String, Object>) ((Map<String, Object>) Json.parse(Files.readString(json))).get("results"))
                        .get("results");
        for (Map<String, Object> res : results) {
            String test = String.valueOf(res.get("description"));
            if (test.startsWith("healthy")) {
                assertEquals(true, res.get("success"), res.toString());
            } else {
                assertEquals("Error: Evaluation timed out after 500ms", res.get("error"), test + ": " + res);
            }
        }
    }
}
