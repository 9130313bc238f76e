package io.github.wstoolkit.ws.internal;

import java.io.Serial;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A stand-in for a transport exception whose message may hold the URL, the host, a query value or a header value:
 * the same class name, stack trace and cause chain, with those texts replaced by {@code [REDACTED]}. Our
 * {@link io.github.wstoolkit.api.ProviderException}s chain this instead of the original, so printing a stack trace
 * never leaks a secret.
 */
public final class SafeCause extends Exception {

    @Serial
    private static final long serialVersionUID = 1L;

    private final String originalClass;

    private SafeCause(String originalClass, String message, SafeCause cause) {
        super(message, cause, false, true);
        this.originalClass = originalClass;
    }

    /**
     * A scrubbed copy of {@code original} and its causes.
     *
     * @param secrets texts to remove (longer ones are replaced first, so a URL goes before its host)
     */
    public static SafeCause of(Throwable original, List<String> secrets) {
        List<String> sorted = new ArrayList<>();
        for (String s : secrets) {
            if (s != null && s.length() >= 3) {
                sorted.add(s);
            }
        }
        sorted.sort(Comparator.comparingInt(String::length).reversed());
        return copy(original, sorted, 0);
    }

    private static SafeCause copy(Throwable t, List<String> secrets, int depth) {
        SafeCause cause =
                t.getCause() != null && t.getCause() != t && depth < 16 ? copy(t.getCause(), secrets, depth + 1) : null;
        String message = t.getMessage() == null ? null : scrub(t.getMessage(), secrets);
        SafeCause copy = new SafeCause(t.getClass().getName(), message, cause);
        copy.setStackTrace(t.getStackTrace());
        return copy;
    }

    static String scrub(String text, List<String> secrets) {
        String out = text;
        for (String s : secrets) {
            out = out.replace(s, "[REDACTED]");
        }
        return out;
    }

    /** The class name of the exception this stands for. */
    public String originalClass() {
        return originalClass;
    }

    @Override
    public String toString() {
        String m = getMessage();
        return m == null ? originalClass : originalClass + ": " + m;
    }
}
