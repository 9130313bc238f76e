package io.github.wstoolkit.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** "did you mean" hints: a known name a couple of edits away, never the name itself. */
class SuggestionsTest {

    static final List<String> KNOWN = List.of("timeoutMs", "tests", "prompts", "env", "vars");

    @Test
    void aCloseNameIsSuggested() {
        assertEquals(" (did you mean 'timeoutMs'?)", Suggestions.didYouMean("timeoutms", KNOWN), "case");
        assertEquals(" (did you mean 'timeoutMs'?)", Suggestions.didYouMean("timoutMs", KNOWN), "a deletion");
        assertEquals(" (did you mean 'prompts'?)", Suggestions.didYouMean("promtps", KNOWN), "a swap");
        assertEquals(" (did you mean 'tests'?)", Suggestions.didYouMean("tsets", KNOWN));
        assertEquals(Optional.of("prompts"), Suggestions.closest("prmpts", KNOWN));
        assertEquals(Optional.of("prompts"), Suggestions.closest("pompst", KNOWN), "two edits for a long name");
    }

    @Test
    void farNamesShortNamesBeyondOneEditAndTheNameItselfAreNot() {
        assertEquals("", Suggestions.didYouMean("description", KNOWN));
        assertEquals(Optional.empty(), Suggestions.closest("tmeoutX", KNOWN), "three edits");
        assertEquals(Optional.of("env"), Suggestions.closest("enx", KNOWN), "one edit for a short name");
        assertEquals(Optional.empty(), Suggestions.closest("exx", KNOWN), "two edits are too many for three letters");
        assertEquals(Optional.empty(), Suggestions.closest("env", List.of("env")));
    }

    @Test
    void theNearestWinsAndTiesGoToTheFirstInOrder() {
        assertEquals(Optional.of("vars"), Suggestions.closest("vara", List.of("varsx", "vars")));
        assertEquals(Optional.of("abcd"), Suggestions.closest("abcx", List.of("abce", "abcd")));
    }

    @Test
    void distanceCountsInsertionsDeletionsSubstitutionsAndSwaps() {
        assertEquals(0, Suggestions.distance("abc", "abc"));
        assertEquals(1, Suggestions.distance("abc", "abxc"));
        assertEquals(1, Suggestions.distance("abc", "ac"));
        assertEquals(1, Suggestions.distance("abc", "abd"));
        assertEquals(1, Suggestions.distance("abcd", "abdc"));
        assertEquals(3, Suggestions.distance("", "abc"));
        assertEquals(3, Suggestions.distance("abc", ""));
        assertEquals(1, Suggestions.distance("ab", "ba"));
        assertEquals(3, Suggestions.distance("ab", "bca"), "no edit of a swapped pair (optimal string alignment)");
    }
}
