package io.github.wstoolkit.ws.internal;

import io.github.wstoolkit.api.RedactedException;
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
}
