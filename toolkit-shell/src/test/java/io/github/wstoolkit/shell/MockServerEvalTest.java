package io.github.wstoolkit.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wstoolkit.eval.ConfigLoader;
import io.github.wstoolkit.eval.Eval;
import io.github.wstoolkit.eval.EvalConfig;
import io.github.wstoolkit.eval.EvalResult;
import io.github.wstoolkit.eval.EvalRun;
import io.github.wstoolkit.eval.RunOptions;
import io.github.wstoolkit.mockserver.JournalEntry;
import io.github.wstoolkit.mockserver.MockServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The eval engine (as a library, no CLI) with the real WebSocket provider (found by ServiceLoader) against the real mock server. */
class MockServerEvalTest {

    @TempDir
    Path dir;

    private MockServer server;

    @BeforeEach
    void start() {
        server = MockServer.builder().port(0).start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private EvalRun run(String yaml) {
        EvalConfig config = ConfigLoader.parse(yaml, dir);
        try (Eval eval = Eval.builder()
                .config(config)
                .env(Map.of("WST_MOCK_URL", "ws://127.0.0.1:" + server.port()))
                .options(RunOptions.builder()
                        .retryBaseDelay(Duration.ofMillis(1))
                        .build())
                .build()) {
            return eval.run();
        }
    }

    @Test
    void jsonAnswersAreCheckedAndStreamingTimingsRecorded() {
        EvalRun run = run(
                """
                prompts: ['{{ q }}']
                providers:
                  - id: '{{ env.WST_MOCK_URL }}/ws'
                    config: {messageTemplate: '{"input": {{ prompt | dump }}}'}
                tests:
                  - vars: {q: hello}
                    assert:
                      - type: is-json
                        value: {type: object, required: [type, message], properties: {type: {const: message}}}
                      - type: equals
                        value: {type: message, message: 'Hello! How can I help you today?'}
                      - type: frames
                        value: {min: 1}
                      - type: ttft
                        threshold: 10000
                  - vars: {q: anything}
                    assert:
                      - type: contains-json
                      - type: icontains
                        value: 'you said: anything'
                """);
        assertEquals(
                "2 passed, 0 failed, 0 errors",
                run.stats().summaryLine(),
                run.results().toString());
        EvalResult first = run.results().getFirst();
        assertTrue(first.response().orElseThrow().timings().firstFrame().isPresent());
        assertTrue(
                first.frames().stream().anyMatch(f -> f.preview().contains("How can I help")),
                first.frames().toString());
    }

    @Test
    void refusedHandshakesAreRetriedUpToMaxRetriesThenRecordedAsErrors() throws Exception {
        EvalRun run = run(
                """
                prompts: [hi]
                providers:
                  - id: '{{ env.WST_MOCK_URL }}/ws?fault=refuse:503'
                    config: {messageTemplate: '{"input": {{ prompt | dump }}}', maxRetries: 2}
                  - id: '{{ env.WST_MOCK_URL }}/ws'
                    config: {messageTemplate: '{"input": {{ prompt | dump }}}'}
                """);
        EvalResult refused = run.results().getFirst();
        assertEquals(EvalResult.FailureReason.ERROR, refused.failureReason());
        assertEquals(3, refused.attempts());
        assertEquals(
                "Error: WebSocket connection failed (HTTP 503)", refused.error().orElseThrow());
        assertTrue(run.results().get(1).success(), "the run goes on");
        List<JournalEntry> journal = server.awaitJournal(
                j -> j.stream().filter(e -> e.refused().isPresent()).count() >= 3, Duration.ofSeconds(10));
        assertEquals(3, journal.stream().filter(e -> e.refused().isPresent()).count());
    }

    @Test
    void aServerClosingMidAnswerIsAnErrorWithItsCloseCodeAndMaxRetriesZeroMeansOneAttempt() {
        EvalRun run = run(
                """
                prompts: [hi]
                providers:
                  - id: '{{ env.WST_MOCK_URL }}/ws?fault=close:1011'
                    config: {messageTemplate: '{"input": {{ prompt | dump }}}', maxRetries: 0}
                """);
        EvalResult r = run.results().getFirst();
        assertEquals(EvalResult.FailureReason.ERROR, r.failureReason());
        assertTrue(r.error().orElseThrow().contains("1011"), r.error().orElseThrow());
        assertEquals(1, r.attempts());
    }
}
