package io.github.wstoolkit.eval;

import io.github.wstoolkit.api.ProviderException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * One provider call of a case that ended in an error: a case that succeeded on its third attempt has two, a case
 * that errored after two retries has three (the last one is the case's error).
 *
 * @param attempt which call, from 1
 * @param error what went wrong, as the case's error would read ({@code Error: WebSocket connection failed (HTTP
 *     503)})
 * @param code the failure's short code ({@code ECONNREFUSED}, {@code HTTP 503}, {@code CLOSED 1011}, {@code TIMEOUT})
 * @param httpStatus the status of a refused handshake
 * @param closeCode the close code of a connection that closed too early
 * @param latencyMs how long the call took
 * @param retryDelayMs how long the engine waited before the next attempt; empty when it made none
 */
public record AttemptError(
        int attempt,
        String error,
        Optional<String> code,
        OptionalInt httpStatus,
        OptionalInt closeCode,
        long latencyMs,
        OptionalLong retryDelayMs) {

    public AttemptError {
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(httpStatus, "httpStatus");
        Objects.requireNonNull(closeCode, "closeCode");
        Objects.requireNonNull(retryDelayMs, "retryDelayMs");
    }

    /** The attempt that failed with {@code e}. */
    static AttemptError of(int attempt, ProviderException e, long latencyMs, OptionalLong retryDelayMs) {
        return new AttemptError(
                attempt, "Error: " + e.getMessage(), e.code(), e.httpStatus(), e.closeCode(), latencyMs, retryDelayMs);
    }

    /** An attempt that ended with this error and nothing else known about it. */
    static AttemptError of(int attempt, String error, long latencyMs) {
        return new AttemptError(
                attempt,
                error,
                Optional.empty(),
                OptionalInt.empty(),
                OptionalInt.empty(),
                latencyMs,
                OptionalLong.empty());
    }

    /** As plain values, the shape of the JSON report's {@code attemptErrors} entries. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("attempt", attempt);
        m.put("error", error);
        code.ifPresent(c -> m.put("code", c));
        httpStatus.ifPresent(s -> m.put("httpStatus", s));
        closeCode.ifPresent(c -> m.put("closeCode", c));
        m.put("latencyMs", latencyMs);
        retryDelayMs.ifPresent(d -> m.put("retryDelayMs", d));
        return m;
    }

    /** Reads {@link #toMap()}'s shape back (a results file, the store); null for anything else. */
    public static AttemptError fromMap(Object value) {
        if (!(value instanceof Map<?, ?> m) || !(m.get("attempt") instanceof Number a) || m.get("error") == null) {
            return null;
        }
        return new AttemptError(
                a.intValue(),
                String.valueOf(m.get("error")),
                m.get("code") == null ? Optional.empty() : Optional.of(String.valueOf(m.get("code"))),
                m.get("httpStatus") instanceof Number s ? OptionalInt.of(s.intValue()) : OptionalInt.empty(),
                m.get("closeCode") instanceof Number c ? OptionalInt.of(c.intValue()) : OptionalInt.empty(),
                m.get("latencyMs") instanceof Number l ? l.longValue() : 0,
                m.get("retryDelayMs") instanceof Number d ? OptionalLong.of(d.longValue()) : OptionalLong.empty());
    }
}
