package io.github.wstoolkit.ws.internal;

import io.github.wstoolkit.api.RedactedException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Redacted copies of transport exceptions for the cause chain of our
 * {@link io.github.wstoolkit.api.ProviderException}s: an exported type ({@link RedactedException}), so a caller can
 * inspect the chain, with the connection's secrets replaced by {@code [REDACTED]}.
 */
public final class SafeCause {

    private SafeCause() {}

    /**
     * @param original the exception
     * @param secrets texts to remove (longer ones first, so a URL goes before its host)
     * @return a redacted copy of {@code original} and its causes
     */
    public static RedactedException of(Throwable original, List<String> secrets) {
        return RedactedException.of(original, secrets);
    }

    /**
     * The text with each secret replaced by {@code [REDACTED]} as {@link RedactedException#of} does: the longest
     * first, so that a short secret inside a longer one (a query value inside a header) does not cut it in pieces and
     * leave the rest of it in the text; texts of fewer than 3 characters are left alone.
     */
    static String scrub(String text, List<String> secrets) {
        List<String> longestFirst = new ArrayList<>();
        for (String s : secrets) {
            if (s != null && s.length() >= 3) {
                longestFirst.add(s);
            }
        }
        longestFirst.sort(Comparator.comparingInt(String::length).reversed());
        String out = text;
        for (String s : longestFirst) {
            out = out.replace(s, "[REDACTED]");
        }
        return out;
    }
}
