package io.github.wstoolkit.api;

import java.io.Serial;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * A stand-in for a transport exception whose message may hold a secret (the URL, the host, a query value, a header
 * value): the same stack trace and cause chain, the original class's name in {@link #originalClass()}, and the
 * messages with those texts replaced by {@code [REDACTED]}. A {@link ProviderException}'s cause chain holds these
 * instead of the originals, so printing or logging it never leaks a secret, and a caller can still tell what failed:
 *
 * <pre>{@code
 * for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
 *     if (t instanceof RedactedException r && r.originalClass().equals("java.net.ConnectException")) {
 *         // refused
 *     }
 * }
 * }</pre>
 *
 * (Most callers need only {@link ProviderException#kind()} and {@link ProviderException#code()}.)
 */
public final class RedactedException extends Exception {

    @Serial
    private static final long serialVersionUID = 1L;

    private static final int MAX_DEPTH = 16;

    /** The class name of the exception this one stands for. */
    private final String originalClass;

    private RedactedException(String originalClass, String message, RedactedException cause) {
        super(message, cause, false, true);
        this.originalClass = originalClass;
    }

    /**
     * A redacted copy of {@code original} and its causes (up to 16 deep).
     *
     * @param original the exception to copy
     * @param secrets texts to remove; longer ones are replaced first (so a URL goes before its host), and texts of
     *     fewer than 3 characters are ignored
     * @return the copy
     */
    public static RedactedException of(Throwable original, List<String> secrets) {
        Objects.requireNonNull(original, "original");
        List<String> sorted = new ArrayList<>();
        for (String s : secrets) {
            if (s != null && s.length() >= 3) {
                sorted.add(s);
            }
        }
        sorted.sort(Comparator.comparingInt(String::length).reversed());
        return copy(original, sorted, 0);
    }

    private static RedactedException copy(Throwable t, List<String> secrets, int depth) {
        RedactedException cause = t.getCause() != null && t.getCause() != t && depth < MAX_DEPTH
                ? copy(t.getCause(), secrets, depth + 1)
                : null;
        String message = t.getMessage() == null ? null : redact(t.getMessage(), secrets);
        RedactedException copy = new RedactedException(t.getClass().getName(), message, cause);
        copy.setStackTrace(t.getStackTrace());
        return copy;
    }

    /**
     * @param text a message
     * @param secrets texts to replace, longest first
     * @return the text with each secret replaced by {@code [REDACTED]}
     */
    private static String redact(String text, List<String> secrets) {
        String out = text;
        for (String s : secrets) {
            out = out.replace(s, "[REDACTED]");
        }
        return out;
    }

    /** {@return the fully qualified class name of the exception this stands for} */
    public String originalClass() {
        return originalClass;
    }

    @Override
    public String toString() {
        String m = getMessage();
        return m == null ? originalClass : originalClass + ": " + m;
    }
}
