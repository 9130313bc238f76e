package io.github.wstoolkit.eval;

import io.github.wstoolkit.api.Frame;
import io.github.wstoolkit.api.ProviderResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of one case: one prompt × provider × test (× repetition).
 *
 * @param index the case's place in the plan (results are reported in this order)
 * @param testIndex which test (after list vars were expanded)
 * @param promptIndex which prompt
 * @param repeatIndex which repetition, from 0
 * @param prompt the prompt
 * @param renderedPrompt the prompt as sent (empty when rendering failed)
 * @param providerId the provider's id (secrets redacted)
 * @param providerLabel the provider's label (its id when it has none)
 * @param test the test, merged with defaultTest
 * @param vars the vars the prompt was rendered with ({@code _conversation} left out)
 * @param response the provider's response, when it gave one; for a call that failed, what was measured of it (its
 *     timings and the frames that arrived, no output) when the provider recorded that
 * @param error the error, when the case errored (the call failed, or the response was an error)
 * @param success whether the case passed
 * @param score the combined score, 0 to 1
 * @param grading the combined grading result, when the assertions ran
 * @param latencyMs the time of the provider call, retries included
 * @param failureReason why the case did not pass
 * @param attempts how many times the provider was called (1 + retries)
 * @param attemptErrors the calls that ended in an error, in order (every attempt's error when the case errored; the
 *     retried ones when it succeeded after retries); empty when the first call answered
 */
public record EvalResult(
        int index,
        int testIndex,
        int promptIndex,
        int repeatIndex,
        PromptSpec prompt,
        String renderedPrompt,
        String providerId,
        String providerLabel,
        TestCase test,
        Map<String, Object> vars,
        Optional<ProviderResponse> response,
        Optional<String> error,
        boolean success,
        double score,
        Optional<GradingResult> grading,
        long latencyMs,
        FailureReason failureReason,
        int attempts,
        List<AttemptError> attemptErrors) {

    /** promptfoo's failure reasons. */
    public enum FailureReason {
        NONE,
        ASSERT,
        ERROR
    }

    public EvalResult {
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(renderedPrompt, "renderedPrompt");
        vars = Collections.unmodifiableMap(new LinkedHashMap<>(vars));
        Objects.requireNonNull(response, "response");
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(grading, "grading");
        Objects.requireNonNull(failureReason, "failureReason");
        attemptErrors = List.copyOf(attemptErrors);
    }

    /** A result without attempt errors (one call, or a store or file that does not record them). */
    public EvalResult(
            int index,
            int testIndex,
            int promptIndex,
            int repeatIndex,
            PromptSpec prompt,
            String renderedPrompt,
            String providerId,
            String providerLabel,
            TestCase test,
            Map<String, Object> vars,
            Optional<ProviderResponse> response,
            Optional<String> error,
            boolean success,
            double score,
            Optional<GradingResult> grading,
            long latencyMs,
            FailureReason failureReason,
            int attempts) {
        this(
                index,
                testIndex,
                promptIndex,
                repeatIndex,
                prompt,
                renderedPrompt,
                providerId,
                providerLabel,
                test,
                vars,
                response,
                error,
                success,
                score,
                grading,
                latencyMs,
                failureReason,
                attempts,
                List.of());
    }

    /** A short name for tables: the test's description, else its vars, else the prompt's label. */
    public String caseName() {
        return test.description().orElseGet(() -> {
            List<String> parts = new ArrayList<>();
            vars.forEach((k, v) ->
                    parts.add(k + "=" + (v instanceof String s ? s : io.github.wstoolkit.api.json.Json.stringify(v))));
            return parts.isEmpty() ? prompt.label() : String.join(", ", parts);
        });
    }

    /** The output as text, or empty. */
    public String outputText() {
        return response.map(ProviderResponse::outputText).orElse("");
    }

    /** The frames recorded for the call, or none. */
    public List<Frame> frames() {
        return response.map(r -> r.timings().frames()).orElse(List.of());
    }
}
