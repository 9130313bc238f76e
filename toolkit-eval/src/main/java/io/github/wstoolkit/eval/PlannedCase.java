package io.github.wstoolkit.eval;

import java.util.Objects;
import java.util.Optional;

/**
 * One case of a run's plan before it runs, as {@link RunOptions#selectCases()} sees it: what a front end needs to
 * pick cases (rerun the errored ones of an earlier run, finish an interrupted run, keep only failing tests).
 *
 * @param index the case's place in the whole plan; kept when other cases are filtered out
 * @param testIndex which test (after list vars were expanded)
 * @param promptIndex which prompt
 * @param repeatIndex which repetition, from 0
 * @param test the test, merged with defaultTest, its list vars expanded
 * @param prompt the prompt
 * @param providerId the provider's id (secrets redacted)
 * @param providerLabel the provider's label (its id when it has none)
 * @param conversation for a case that runs in order with others (a {@code conversationId}, or a prompt using
 *     {@code _conversation}), the key its conversation shares; a filter that keeps one case of a conversation
 *     usually wants all of them, since a later turn sees the earlier ones
 */
public record PlannedCase(
        int index,
        int testIndex,
        int promptIndex,
        int repeatIndex,
        TestCase test,
        PromptSpec prompt,
        String providerId,
        String providerLabel,
        Optional<String> conversation) {

    public PlannedCase {
        Objects.requireNonNull(test, "test");
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(providerId, "providerId");
        Objects.requireNonNull(providerLabel, "providerLabel");
        Objects.requireNonNull(conversation, "conversation");
    }
}
