package io.github.wstoolkit.api;

import java.io.Serial;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A provider call that failed (promptfoo's "rejected" call). The message is safe to print: it never holds a URL's
 * host or query values, a header value or an API key. Protocol data is kept in typed fields, and the cause is
 * always chained.
 */
public class ProviderException extends Exception {

    @Serial
    private static final long serialVersionUID = 1L;

    /** What kind of failure this was; the eval engine retries {@link #isTransient() transient} ones. */
    public enum Kind {
        /** a transport failure: refused, reset, DNS, TLS, handshake status */
        CONNECTION,
        /** the call's deadline passed, or the stream went idle for too long */
        TIMEOUT,
        /** the server closed the connection before the response was complete */
        CLOSED,
        /** a transform or handler failed, or the response had no output */
        RESPONSE,
        /** the provider is misconfigured for this call (missing key, bad URL after rendering) */
        CONFIG
    }

    private final Kind kind;
    private final boolean transientFailure;
    private final String code;
    private final Integer httpStatus;
    private final Integer closeCode;
    private transient volatile CallTimings timings;

    public ProviderException(Kind kind, String message) {
        this(kind, message, null, false, null, null, null);
    }

    public ProviderException(Kind kind, String message, Throwable cause) {
        this(kind, message, cause, false, null, null, null);
    }

    /**
     * @param code a short machine-readable token such as {@code ECONNRESET} or {@code HTTP 429}, or null
     * @param httpStatus the handshake's HTTP status, or null
     * @param closeCode the WebSocket close code, or null
     */
    public ProviderException(
            Kind kind,
            String message,
            Throwable cause,
            boolean transientFailure,
            String code,
            Integer httpStatus,
            Integer closeCode) {
        super(message, cause);
        this.kind = kind;
        this.transientFailure = transientFailure;
        this.code = code;
        this.httpStatus = httpStatus;
        this.closeCode = closeCode;
    }

    public Kind kind() {
        return kind;
    }

    /** True when trying again later may succeed (refused, reset, 429, 502, 503, 504, transient TLS). */
    public boolean isTransient() {
        return transientFailure;
    }

    /** A short token such as {@code ECONNREFUSED}, {@code HTTP 429}, {@code TIMEOUT}. */
    public Optional<String> code() {
        return Optional.ofNullable(code);
    }

    public OptionalInt httpStatus() {
        return httpStatus == null ? OptionalInt.empty() : OptionalInt.of(httpStatus);
    }

    public OptionalInt closeCode() {
        return closeCode == null ? OptionalInt.empty() : OptionalInt.of(closeCode);
    }

    /**
     * What was measured of the call up to the failure: connect time, first frame, the frames that did arrive. A
     * failed call is when they matter most (a close mid-stream, a stall), so a provider attaches them before the
     * exception leaves {@link Provider#call}; empty when the provider recorded nothing.
     */
    public Optional<CallTimings> timings() {
        return Optional.ofNullable(timings);
    }

    /**
     * Attaches the timings of the failed call and returns this exception, for {@code throw e.withTimings(t)}. The
     * first timings attached win: an exception rethrown through several layers keeps those of the call that failed.
     */
    public ProviderException withTimings(CallTimings callTimings) {
        if (timings == null && callTimings != null) {
            timings = callTimings;
        }
        return this;
    }
}
