package io.github.wstoolkit.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wstoolkit.api.ConfigException;
import io.github.wstoolkit.api.ProviderException;
import io.github.wstoolkit.api.ProviderResponse;
import io.github.wstoolkit.api.transform.PromptFunction;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How each way a case can end reads in its result (an error of rendering, of the response, of the assertions), what
 * the run tells its listener, stored outputs, the conversation var switch, and the checks of graders before any call.
 */
class EvalOutcomesTest {

    @TempDir
    Path dir;

    private final TestProviders providers = new TestProviders().with("echo", TestProviders.echo());
    private final List<String> notes = new CopyOnWriteArrayList<>();
    private final List<int[]> started = new CopyOnWriteArrayList<>();

    private final EvalListener listener = new EvalListener() {
        @Override
        public void note(String message) {
            notes.add(message);
        }

        @Override
        public void started(int cases, int concurrency) {
            started.add(new int[] {cases, concurrency});
        }
    };

    private EvalRun run(String yaml, Map<String, String> env) {
        try (Eval eval = Eval.builder()
                .config(ConfigLoader.parse(yaml, dir))
                .registry(providers.registry())
                .listener(listener)
                .options(RunOptions.builder()
                        .retryBaseDelay(Duration.ofMillis(1))
                        .retryMaxDelay(Duration.ofMillis(1))
                        .build())
                .env(env)
                .build()) {
            return eval.run();
        }
    }

    private EvalRun run(String yaml) {
        return run(yaml, Map.of());
    }

    @Test
    void aResponseWithAnErrorOrWithoutOutputIsAnErrorAndAnAttemptError() {
        providers.with("silent", (p, c) -> ProviderResponse.of(null));
        providers.with("failing", (p, c) -> ProviderResponse.ofError("upstream said no"));
        EvalRun run = run(
                """
                prompts: [hi]
                providers: [test:silent, test:failing]
                tests: [{assert: [{type: contains, value: x}]}]
                """);
        EvalResult silent = run.results().get(0);
        assertEquals(Optional.of("No output"), silent.error());
        assertEquals(EvalResult.FailureReason.ERROR, silent.failureReason());
        assertEquals(
                List.of("No output"),
                silent.attemptErrors().stream().map(AttemptError::error).toList());
        assertEquals(Optional.empty(), silent.grading(), "assertions do not run on an error");
        EvalResult failing = run.results().get(1);
        assertEquals(Optional.of("upstream said no"), failing.error());
        assertEquals(
                List.of("upstream said no"),
                failing.attemptErrors().stream().map(AttemptError::error).toList());
        assertTrue(failing.response().isPresent(), "the response is kept");
        assertEquals(1, failing.attempts());
    }

    @Test
    void aPromptThatCannotBeRenderedOrAnAssertionThatCannotRunIsAnErrorOfThatCase() {
        EvalRun run = run(
                """
                prompts: ['{{ q | nosuchfilter }}', 'plain {{ q }}']
                providers: [test:echo]
                tests:
                  - vars: {q: x}
                    assert: [{type: contains, value: '{{ q | nosuchfilter }}'}]
                """);
        EvalResult prompt = run.results().get(0);
        assertTrue(
                prompt.error().orElseThrow().startsWith("Error rendering prompt: "),
                prompt.error().toString());
        assertTrue(
                prompt.error().orElseThrow().contains("nosuchfilter"),
                prompt.error().toString());
        assertEquals("", prompt.renderedPrompt());
        assertEquals(0, prompt.attempts(), "no call was made");
        EvalResult assertion = run.results().get(1);
        assertTrue(
                assertion.error().orElseThrow().startsWith("Error: assertions failed to run: "),
                assertion.error().toString());
        assertEquals("plain x", assertion.renderedPrompt());
        assertEquals(1, assertion.attempts());
        assertEquals(
                List.of(),
                providers.calls.stream()
                        .filter(c -> c.prompt().contains("nosuchfilter"))
                        .toList());
    }

    @Test
    void retriesAreNotedWithTheAttemptAndTheirCount() {
        AtomicInteger calls = new AtomicInteger();
        providers.with("flaky", (p, c) -> {
            if (calls.incrementAndGet() < 3) {
                throw ProviderException.connection("connection refused", "ECONNREFUSED", true, null);
            }
            return ProviderResponse.of("ok");
        });
        EvalRun run = run(
                """
                prompts: [hi]
                providers: [{id: test:flaky, label: Flaky, config: {maxRetries: 3}}]
                """);
        EvalResult r = run.results().getFirst();
        assertEquals(true, r.success());
        assertEquals(3, r.attempts());
        assertEquals(2, notes.size(), notes.toString());
        assertTrue(
                notes.get(0).matches("Retrying Flaky in \\d+ ms \\(attempt 2 of 4\\): connection refused"),
                notes.get(0));
        assertTrue(
                notes.get(1).matches("Retrying Flaky in \\d+ ms \\(attempt 3 of 4\\): connection refused"),
                notes.get(1));
        assertEquals(
                List.of(1, 2),
                r.attemptErrors().stream().map(AttemptError::attempt).toList());
        assertTrue(r.attemptErrors().stream().allMatch(a -> a.retryDelayMs().isPresent()));
        assertTrue(
                r.attemptErrors().stream().allMatch(a -> a.latencyMs() >= 0 && a.latencyMs() <= r.latencyMs()),
                "each attempt took part of the case's time: " + r.attemptErrors());
    }

    @Test
    void storeOutputAsRunsThePlanInOrderAndStoresOnlyAnOutput() {
        providers.with("answers", (p, c) -> ProviderResponse.of(p.startsWith("first") ? "Paris" : p));
        providers.with("blank", (p, c) -> ProviderResponse.of(p.startsWith("first") ? "" : p));
        String yaml =
                """
                prompts: ['{{ step }} {{ city }}']
                providers: [test:%s]
                evaluateOptions: {maxConcurrency: 4}
                tests:
                  - vars: {step: first, city: ''}
                    options: {storeOutputAs: city}
                  - vars: {step: then, city: unknown}
                """;
        EvalRun run = run(yaml.formatted("answers"));
        assertEquals("then Paris", run.results().get(1).renderedPrompt(), "the stored output wins over the var");
        assertEquals(List.of("Running at concurrency 1 because storeOutputAs is used."), notes);
        assertEquals(1, started.getFirst()[1]);
        notes.clear();
        EvalRun blank = run(yaml.formatted("blank"));
        assertEquals("then unknown", blank.results().get(1).renderedPrompt(), "an empty output is not stored");
    }

    @Test
    void theConversationVarCanBeSwitchedOffByEnvOrTestOption() {
        String yaml =
                """
                prompts: ['{%% for t in _conversation %%}[{{ t.output }}]{%% endfor %%}{{ q }}']
                providers: [test:echo]
                tests:
                  - {vars: {q: a}, metadata: {conversationId: c}}
                  - {vars: {q: b}, metadata: {conversationId: c}%s}
                """;
        assertEquals("[a]b", run(yaml.formatted(""), Map.of()).results().get(1).renderedPrompt());
        assertEquals(
                "[a]b",
                run(yaml.formatted(""), Map.of("PROMPTFOO_DISABLE_CONVERSATION_VAR", "false"))
                        .results()
                        .get(1)
                        .renderedPrompt());
        assertEquals(
                "[a]b",
                run(yaml.formatted(""), Map.of("PROMPTFOO_DISABLE_CONVERSATION_VAR", ""))
                        .results()
                        .get(1)
                        .renderedPrompt());
        assertEquals(
                "b",
                run(yaml.formatted(""), Map.of("PROMPTFOO_DISABLE_CONVERSATION_VAR", "true"))
                        .results()
                        .get(1)
                        .renderedPrompt());
        assertEquals(
                "b",
                run(yaml.formatted(", options: {disableConversationVar: true}"), Map.of())
                        .results()
                        .get(1)
                        .renderedPrompt());
    }

    @Test
    void gradersAreCheckedBeforeAnyCall() {
        String rubric =
                """
                prompts: [hi]
                providers: [test:echo]
                tests:
                  - description: judged
                    assert: [{type: llm-rubric, value: polite%s}]
                """;
        ConfigException none = assertThrows(ConfigException.class, () -> run(rubric.formatted("")));
        assertTrue(none.getMessage().contains(": llm-rubric needs a grader"), none.getMessage());
        ConfigException unknown =
                assertThrows(ConfigException.class, () -> run(rubric.formatted(", provider: test:nobody")));
        assertTrue(
                unknown.getMessage().contains(": the llm-rubric grader cannot be used: no test behaviour nobody"),
                unknown.getMessage());
        ConfigException notASpec = assertThrows(ConfigException.class, () -> run(rubric.formatted(", provider: 5")));
        assertTrue(
                notASpec.getMessage().contains("a grader provider must be an id or {id, config}, got 5"),
                notASpec.getMessage());
        // with OPENAI_API_KEY set, promptfoo's default grader serves an assertion that names none
        ConfigException byDefault =
                assertThrows(ConfigException.class, () -> run(rubric.formatted(""), Map.of("OPENAI_API_KEY", "sk-x")));
        assertTrue(byDefault.getMessage().contains(": the llm-rubric grader cannot be used: "), byDefault.getMessage());
        assertEquals(List.of(), providers.calls, "nothing was called");

        providers.with("grader", (p, c) -> ProviderResponse.of("{\"pass\": true, \"score\": 1, \"reason\": \"ok\"}"));
        EvalRun run = run(rubric.formatted(", provider: {id: test:grader, label: Judge, config: {strict: true}}"));
        assertEquals(true, run.results().getFirst().success());
        ProviderSpecView grader = ProviderSpecView.of(providers, "test:grader");
        assertEquals(Optional.of("Judge"), grader.label());
        assertEquals(Map.of("strict", true), grader.config());
    }

    /** What the factory was asked to create for an id. */
    private record ProviderSpecView(Optional<String> label, Map<String, Object> config) {
        static ProviderSpecView of(TestProviders p, String id) {
            var spec = p.created.stream()
                    .filter(s -> s.id().equals(id))
                    .findFirst()
                    .orElseThrow();
            return new ProviderSpecView(spec.label(), spec.config());
        }
    }

    @Test
    void aFailingPromptFunctionIsNamedByItsFirstLineAndTheTestsNumber() {
        PromptFunction fn = (vars, provider) -> {
            throw new IllegalArgumentException("no " + vars.get("q"));
        };
        String label = "{ vars, provider ->\n  'a long function whose first line is what the message shows' }";
        String longLabel = "x".repeat(70);
        for (String l : List.of(label, longLabel)) {
            EvalConfig config = EvalConfig.builder()
                    .prompts(List.of(new PromptSpec("source", l, Optional.of(fn))))
                    .providers(List.of(ProviderEntry.of("test:echo")))
                    .tests(List.of(TestCase.of(Map.of("q", "a"), List.of()), TestCase.of(Map.of("q", "b"), List.of())))
                    .build();
            Eval eval = Eval.builder()
                    .config(config)
                    .registry(providers.registry())
                    .env(Map.of())
                    .build();
            ConfigException e = assertThrows(ConfigException.class, eval::run);
            String shown = l == label ? "{ vars, provider -> …" : "x".repeat(60) + " …";
            assertEquals(
                    "the prompt function " + shown + " failed for test 1: java.lang.IllegalArgumentException: no a",
                    e.getMessage());
        }
        PromptFunction nothing = (vars, provider) -> null;
        PromptFunction structured = (vars, provider) -> List.of(Map.of("role", "user", "content", vars.get("q")));
        EvalConfig config = EvalConfig.builder()
                .prompts(List.of(
                        new PromptSpec("s", "structured", Optional.of(structured)),
                        new PromptSpec("n", "short", Optional.of(nothing))))
                .providers(List.of(ProviderEntry.of("test:echo")))
                .tests(List.of(TestCase.of(Map.of("q", "a"), List.of())))
                .build();
        try (Eval eval = Eval.builder()
                .config(config)
                .registry(providers.registry())
                .env(Map.of())
                .build()) {
            ConfigException e = assertThrows(ConfigException.class, eval::run);
            assertEquals(
                    "the prompt function short failed for test 1: java.lang.IllegalStateException: the prompt function"
                            + " returned nothing",
                    e.getMessage());
        }
        EvalConfig onlyStructured =
                config.toBuilder().prompts(List.of(config.prompts().getFirst())).build();
        try (Eval eval = Eval.builder()
                .config(onlyStructured)
                .registry(providers.registry())
                .env(Map.of())
                .build()) {
            assertEquals(
                    List.of(Map.of("role", "user", "content", "a")),
                    io.github.wstoolkit.api.json.Json.parse(
                            eval.run().results().getFirst().renderedPrompt()),
                    "a structured value is sent as JSON");
        }
    }
}
