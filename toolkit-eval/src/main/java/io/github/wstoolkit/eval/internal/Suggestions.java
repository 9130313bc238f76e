package io.github.wstoolkit.eval.internal;

import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;

/** "did you mean" hints for misspelled names. */
public final class Suggestions {

    private Suggestions() {}

    /**
     * {@code " (did you mean 'timeoutMs'?)"} when a known name is close to this one (the same ignoring case, or a
     * couple of edits away); otherwise empty.
     */
    public static String didYouMean(String name, Collection<String> known) {
        return closest(name, known).map(k -> " (did you mean '" + k + "'?)").orElse("");
    }

    /** The known name closest to this one, when one is close enough to be a likely typo. */
    public static Optional<String> closest(String name, Collection<String> known) {
        String lower = name.toLowerCase(Locale.ROOT);
        int limit = Math.min(2, Math.max(1, name.length() / 3));
        record Candidate(String key, int distance) {}
        return known.stream()
                .filter(k -> !k.equals(name))
                .map(k -> new Candidate(k, Assertions.levenshtein(lower, k.toLowerCase(Locale.ROOT))))
                .filter(c -> c.distance() <= limit)
                .min(Comparator.comparingInt(Candidate::distance).thenComparing(Candidate::key))
                .map(Candidate::key);
    }
}
