package io.github.wstoolkit.dsl.internal;

import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;

/** "did you mean" hints for misspelled DSL names. */
public final class Names {

    private Names() {}

    /** {@code " (did you mean 'icontains'?)"} when a known name is a likely typo of this one; otherwise empty. */
    public static String didYouMean(String name, Collection<String> known) {
        return closest(name, known).map(k -> " (did you mean '" + k + "'?)").orElse("");
    }

    /** The known name closest to this one (the same ignoring case, or a couple of edits away). */
    public static Optional<String> closest(String name, Collection<String> known) {
        String lower = name.toLowerCase(Locale.ROOT);
        int limit = Math.min(2, Math.max(1, name.length() / 3));
        record Candidate(String key, int distance) {}
        return known.stream()
                .filter(k -> !k.equals(name))
                .map(k -> new Candidate(k, distance(lower, k.toLowerCase(Locale.ROOT))))
                .filter(c -> c.distance() <= limit)
                .min(Comparator.comparingInt(Candidate::distance).thenComparing(Candidate::key))
                .map(Candidate::key);
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
