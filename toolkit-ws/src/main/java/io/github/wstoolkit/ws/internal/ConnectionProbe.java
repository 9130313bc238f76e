package io.github.wstoolkit.ws.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * What one connection's plumbing learns below the WebSocket API, for the error that explains a failure: the status
 * and {@code Retry-After} of a refused handshake, the size of an inbound message over the limit ({@link FrameGuard}),
 * and how far a TLS handshake got ({@link TlsProbe}). One per connection, carried in its {@code ClientEndpointConfig}
 * (the Tyrus client is shared).
 */
public final class ConnectionProbe {

    /**
     * The user property of a connection's {@code ClientEndpointConfig} that carries its probe to
     * {@link GuardedClientContainer}.
     */
    public static final String PROPERTY = "io.github.wstoolkit.ws.internal.ConnectionProbe";

    private final int maxMessageSize;
    private volatile long tooBigBytes = -1;
    private volatile int handshakeStatus;
    private volatile Duration retryAfter;
    private final AtomicBoolean tlsStarted = new AtomicBoolean();
    private volatile boolean tlsAnswered;
    private volatile boolean tlsFinished;
    private volatile Watchdog.Task tlsTimer;
    private volatile Consumer<String> tlsFailure = reason -> {};
    private volatile Duration tlsTimeout = Duration.ofSeconds(10);

    public ConnectionProbe(int maxMessageSize) {
        this.maxMessageSize = maxMessageSize;
    }

    public int maxMessageSize() {
        return maxMessageSize;
    }

    // ------------------------------------------------------------------ oversized messages

    /** Called by {@link FrameGuard} when a message announces more than {@link #maxMessageSize()} bytes. */
    void tooBig(long bytes) {
        tooBigBytes = bytes;
    }

    /** The size of the message that was refused for being too big, if one was. */
    public Optional<Long> tooBig() {
        long b = tooBigBytes;
        return b < 0 ? Optional.empty() : Optional.of(b);
    }

    // ------------------------------------------------------------------ the handshake response

    /** Records a handshake response (any status) and its {@code Retry-After}. */
    public void handshakeResponse(int status, Map<String, List<String>> headers) {
        handshakeStatus = status;
        for (Map.Entry<String, List<String>> h : headers.entrySet()) {
            if (h.getKey() != null
                    && h.getKey().equalsIgnoreCase("Retry-After")
                    && !h.getValue().isEmpty()) {
                retryAfter = parseRetryAfter(String.join(",", h.getValue()));
            }
        }
    }

    /** The status of a handshake response that was not 101. */
    public Optional<Integer> refusedStatus() {
        int s = handshakeStatus;
        return s == 0 || s == 101 ? Optional.empty() : Optional.of(s);
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** RFC 9110 {@code Retry-After}: delay-seconds or an HTTP-date; null when neither. */
    static Duration parseRetryAfter(String value) {
        String v = value.strip();
        if (v.matches("\\d{1,9}")) {
            return Duration.ofSeconds(Long.parseLong(v));
        }
        try {
            Instant at =
                    ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration d = Duration.between(Instant.now(), at);
            return d.isNegative() ? Duration.ZERO : d;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    // ------------------------------------------------------------------ TLS

    /** Where a TLS failure the transport does not report goes ({@link TlsProbe}); set before connecting. */
    public void onTlsFailure(Consumer<String> failure, Duration timeout) {
        this.tlsFailure = failure;
        this.tlsTimeout = timeout;
    }

    /** The TCP connection is up and the TLS handshake starts: the handshake has {@code tlsTimeout} to finish. */
    void tlsStarted() {
        if (!tlsStarted.compareAndSet(false, true)) {
            return;
        }
        Duration t = tlsTimeout;
        tlsTimer = Watchdog.schedule(
                () -> {
                    if (!tlsFinished) {
                        tlsFailure.accept(
                                tlsAnswered
                                        ? "handshake not finished within " + t.toMillis() + "ms"
                                        : "no TLS answer from the server within " + t.toMillis()
                                                + "ms; is it a plain ws:// port?");
                    }
                },
                t.toNanos());
    }

    /** The server sent TLS handshake data. */
    void tlsAnswered() {
        tlsAnswered = true;
    }

    void tlsFinished() {
        tlsFinished = true;
        Watchdog.Task timer = tlsTimer;
        if (timer != null) {
            timer.cancel(); // the watchdog ticks while it holds a task; this one can no longer matter
        }
    }
}
