package io.github.wstoolkit.api;

import java.io.Serial;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A provider call that failed (promptfoo's "rejected" call): a transport or protocol failure (refused, reset, TLS, a
 * refused handshake, a close before the answer was complete, a timeout, an oversized message), a transform that
 * failed, or a call that could not be made. The message is safe to print: it never holds a URL's host or query
 * values, a header value or an API key. Protocol data is kept in typed fields ({@link #kind()}, {@link #code()},
 * {@link #httpStatus()}, {@link #closeCode()}, {@link #retryAfter()}), so a caller such as the eval engine's retry
 * policy decides on data, not on text; the cause is always chained.
 *
 * <p>Build one with a named factory ({@link #timeout}, {@link #closed}, {@link #connection}, {@link #handshake}) or
 * {@link #builder(Kind, String)}.
 */
public class ProviderException extends Exception {

    @Serial
    private static final long serialVersionUID = 1L;

    /** What kind of failure this was. */
    public enum Kind {
        /** a transport failure before or while connecting: refused, reset, DNS, TLS, a refused handshake */
        CONNECTION,
        /** the call's deadline passed, or the stream went idle for too long */
        TIMEOUT,
        /**
         * the connection closed before the response was complete: the server's close (with its code), a reset after
         * the handshake ({@code 1006}), or our own close of a message over the size limit ({@code 1009})
         */
        CLOSED,
        /** a transform or handler failed, or the response had no output */
        RESPONSE,
        /** the provider is misconfigured for this call (missing key, bad URL after rendering) */
        CONFIG
    }

    /** What failed. */
    private final Kind kind;

    /** Whether trying again may succeed. */
    private final boolean transientFailure;

    /** The short machine-readable token, or null. */
    private final String code;

    /** The refused handshake's HTTP status, or null. */
    private final Integer httpStatus;

    /** The close code of a connection that closed too early, or null. */
    private final Integer closeCode;

    /** The server's Retry-After, or null. */
    private final Duration retryAfter;

    private transient volatile CallTimings timings;

    /**
     * A failure with no code, status or cause; not transient.
     *
     * @param kind what failed
     * @param message what happened, with no secret in it (it is shown and stored)
     */
    public ProviderException(Kind kind, String message) {
        this(kind, message, null, false, null, null, null);
    }

    /**
     * A failure caused by another exception; not transient.
     *
     * @param kind what failed
     * @param message what happened, with no secret in it (it is shown and stored)
     * @param cause the exception behind it; its own message must be secret-free too, as it may be logged
     */
    public ProviderException(Kind kind, String message, Throwable cause) {
        this(kind, message, cause, false, null, null, null);
    }

    /**
     * Prefer a named factory or {@link #builder(Kind, String)}.
     *
     * @param kind what failed
     * @param message what happened, with no secret in it
     * @param cause the exception behind it, or null
     * @param transientFailure whether trying again may succeed (see {@link #isTransient()})
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
        this(kind, message, cause, transientFailure, code, httpStatus, closeCode, null);
    }

    private ProviderException(
            Kind kind,
            String message,
            Throwable cause,
            boolean transientFailure,
            String code,
            Integer httpStatus,
            Integer closeCode,
            Duration retryAfter) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.transientFailure = transientFailure;
        this.code = code;
        this.httpStatus = httpStatus;
        this.closeCode = closeCode;
        this.retryAfter = retryAfter;
    }

    /**
     * A builder for a failure with a code, a status, a Retry-After or a cause.
     *
     * @param kind what failed
     * @param message what happened, with no secret in it
     * @return a builder; everything else is optional
     */
    public static Builder builder(Kind kind, String message) {
        return new Builder(kind, message);
    }

    /**
     * A deadline that passed ({@link Kind#TIMEOUT}, code {@code TIMEOUT}); not transient.
     *
     * @param message which deadline passed and after how long
     * @return the exception, to throw
     */
    public static ProviderException timeout(String message) {
        return builder(Kind.TIMEOUT, message).code("TIMEOUT").build();
    }

    /**
     * A connection that closed before the response was complete ({@link Kind#CLOSED}, code {@code CLOSED <code>}).
     *
     * @param message what happened, with the server's close reason when it gave one
     * @param closeCode the WebSocket close code ({@code 1006} for a reset)
     * @param transientFailure whether the close code says "try again" ({@code 1012} service restart, {@code 1013}
     *     try again later)
     * @return the exception, to throw
     */
    public static ProviderException closed(String message, int closeCode, boolean transientFailure) {
        return builder(Kind.CLOSED, message)
                .code("CLOSED " + closeCode)
                .closeCode(closeCode)
                .transientFailure(transientFailure)
                .build();
    }

    /**
     * A transport failure ({@link Kind#CONNECTION}): refused, reset, unknown host, TLS.
     *
     * @param message what happened, with no secret in it
     * @param code its short code ({@code ECONNREFUSED}, {@code TLS}, ...)
     * @param transientFailure whether trying again may succeed
     * @param cause the exception behind it, or a secret-free stand-in for it
     * @return the exception, to throw
     */
    public static ProviderException connection(String message, String code, boolean transientFailure, Throwable cause) {
        return builder(Kind.CONNECTION, message)
                .code(code)
                .transientFailure(transientFailure)
                .cause(cause)
                .build();
    }

    /**
     * A handshake the server refused with an HTTP status ({@link Kind#CONNECTION}, code {@code HTTP <status>}).
     *
     * @param message what happened, with no secret in it
     * @param status the HTTP status of the handshake's response
     * @param transientFailure whether the status says "try again" (429, 502, 503, 504)
     * @param retryAfter the server's {@code Retry-After}, or null
     * @param cause the exception behind it, or null
     * @return the exception, to throw
     */
    public static ProviderException handshake(
            String message, int status, boolean transientFailure, Duration retryAfter, Throwable cause) {
        return builder(Kind.CONNECTION, message)
                .code("HTTP " + status)
                .httpStatus(status)
                .transientFailure(transientFailure)
                .retryAfter(retryAfter)
                .cause(cause)
                .build();
    }

    /** {@return what failed: connect, timeout, early close, a transform, or the provider's config} */
    public Kind kind() {
        return kind;
    }

    /**
     * {@return true when the provider judges that trying again may succeed} For example: refused, reset, a connect that timed out, an idle
     * stream, handshake statuses 429, 502, 503 and 504, close codes 1012 and 1013, a transient TLS error. A caller
     * with a retry policy of its own decides on {@link #httpStatus()} and {@link #closeCode()} instead.
     */
    public boolean isTransient() {
        return transientFailure;
    }

    /**
     * {@return a short token a script can match on} For example {@code ECONNREFUSED}, {@code HTTP 429},
     * {@code TIMEOUT}, {@code CLOSED 1011}.
     */
    public Optional<String> code() {
        return Optional.ofNullable(code);
    }

    /** {@return the HTTP status of a refused handshake; empty for any other failure} */
    public OptionalInt httpStatus() {
        return httpStatus == null ? OptionalInt.empty() : OptionalInt.of(httpStatus);
    }

    /** {@return the WebSocket close code of a connection that closed before the response was complete} */
    public OptionalInt closeCode() {
        return closeCode == null ? OptionalInt.empty() : OptionalInt.of(closeCode);
    }

    /**
     * {@return how long the server asked to wait before trying again} That is a refused handshake's
     * {@code Retry-After}; the eval's retry policy waits at least that long.
     */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /**
     * {@return what was measured of the call up to the failure} Connect time, first frame, the frames that did arrive. A
     * failed call is when they matter most (a close mid-stream, a stall), so a provider attaches them before the
     * exception leaves {@link Provider#call}; empty when the provider recorded nothing.
     */
    public Optional<CallTimings> timings() {
        return Optional.ofNullable(timings);
    }

    /**
     * Attaches the timings of the failed call and returns this exception, for {@code throw e.withTimings(t)}. The
     * first timings attached win: an exception rethrown through several layers keeps those of the call that failed.
     *
     * @param callTimings the failed call's timings; null attaches nothing
     * @return this exception
     */
    public ProviderException withTimings(CallTimings callTimings) {
        if (timings == null && callTimings != null) {
            timings = callTimings;
        }
        return this;
    }

    /** Builds a {@link ProviderException}; everything but kind and message is optional. */
    public static final class Builder {
        private final Kind kind;
        private final String message;
        private Throwable cause;
        private boolean transientFailure;
        private String code;
        private Integer httpStatus;
        private Integer closeCode;
        private Duration retryAfter;

        private Builder(Kind kind, String message) {
            this.kind = Objects.requireNonNull(kind, "kind");
            this.message = Objects.requireNonNull(message, "message");
        }

        /**
         * The failure this one stands for (a secret-free stand-in where the original's text may hold one).
         *
         * @param cause the exception behind this failure
         * @return this builder
         */
        public Builder cause(Throwable cause) {
            this.cause = cause;
            return this;
        }

        /**
         * See {@link ProviderException#isTransient()}.
         *
         * @param transientFailure whether trying again may succeed
         * @return this builder
         */
        public Builder transientFailure(boolean transientFailure) {
            this.transientFailure = transientFailure;
            return this;
        }

        /**
         * A short token such as {@code ECONNRESET}.
         *
         * @param code the token, or null for none
         * @return this builder
         */
        public Builder code(String code) {
            this.code = code;
            return this;
        }

        /**
         * The HTTP status of a refused handshake.
         *
         * @param httpStatus the status, such as 401 or 503
         * @return this builder
         */
        public Builder httpStatus(int httpStatus) {
            this.httpStatus = httpStatus;
            return this;
        }

        /**
         * The WebSocket close code of a connection that closed too early.
         *
         * @param closeCode the code, such as 1006 or 1011
         * @return this builder
         */
        public Builder closeCode(int closeCode) {
            this.closeCode = closeCode;
            return this;
        }

        /**
         * The server's {@code Retry-After}; null for none.
         *
         * @param retryAfter how long to wait; a negative one is ignored
         * @return this builder
         */
        public Builder retryAfter(Duration retryAfter) {
            this.retryAfter = retryAfter == null || retryAfter.isNegative() ? null : retryAfter;
            return this;
        }

        /** {@return the exception, to throw} */
        public ProviderException build() {
            return new ProviderException(
                    kind, message, cause, transientFailure, code, httpStatus, closeCode, retryAfter);
        }
    }
}
