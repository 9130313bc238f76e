package io.github.wstoolkit.api;

import java.io.Serial;
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
        return copy(original, Redaction.longestFirst(secrets, MIN_SECRET), 0);
    }

    /**
     * A message redacted as {@link #of} redacts the messages it copies.
     *
     * @param text a message
     * @param secrets texts to remove, as for {@link #of}
     * @return the text with each secret replaced by {@code [REDACTED]}
     */
    public static String redact(String text, List<String> secrets) {
        return Redaction.replace(text, Redaction.longestFirst(secrets, MIN_SECRET), MIN_SECRET);
    }

    /** Secrets shorter than this are not removed. */
    private static final int MIN_SECRET = 3;

    private static RedactedException copy(Throwable t, List<String> secrets, int depth) {
        RedactedException cause = t.getCause() != null && t.getCause() != t && depth < MAX_DEPTH
                ? copy(t.getCause(), secrets, depth + 1)
                : null;
        String message = t.getMessage() == null ? null : Redaction.replace(t.getMessage(), secrets, MIN_SECRET);
        RedactedException copy = new RedactedException(t.getClass().getName(), message, cause);
        copy.setStackTrace(t.getStackTrace());
        return copy;
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
