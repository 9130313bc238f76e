package io.github.wstoolkit.ws.internal;

import io.github.wstoolkit.api.ProviderException;
import java.io.EOFException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;
import org.glassfish.tyrus.client.exception.DeploymentHandshakeException;
import org.glassfish.tyrus.core.HandshakeException;

/**
 * Turns a transport failure into promptfoo's secret-safe message (promptfoo-behaviour §1.6): {@code WebSocket
 * connection failed}, with the retryable class in parentheses ({@code (ECONNREFUSED)}, {@code (HTTP 429)},
 * {@code (TIMEOUT)}, ...), and {@link ProviderException#isTransient()} set for exactly those classes.
 */
public final class ConnectErrors {

    /** The base text of every connection failure. */
    public static final String FAILED = "WebSocket connection failed";

    private ConnectErrors() {}

    /** Everything about a connection that must not appear in a message: URL, host, query values, header values. */
    public static List<String> secretsOf(URI uri, Map<String, String> headers) {
        List<String> s = new ArrayList<>();
        s.add(uri.toString());
        s.add(uri.getRawAuthority());
        s.add(uri.getHost());
        if (uri.getRawPath() != null) {
            s.add(uri.getRawPath());
            for (String seg : uri.getRawPath().split("/")) {
                if (seg.length() >= 4) {
                    s.add(seg);
                    s.add(URLDecoder.decode(seg, StandardCharsets.UTF_8));
                }
            }
        }
        if (uri.getRawQuery() != null) {
            s.add(uri.getRawQuery());
            for (String pair : uri.getRawQuery().split("[&;]")) {
                int eq = pair.indexOf('=');
                String value = eq < 0 ? pair : pair.substring(eq + 1);
                s.add(value);
                s.add(URLDecoder.decode(value, StandardCharsets.UTF_8));
            }
        }
        if (uri.getRawUserInfo() != null) {
            s.add(uri.getRawUserInfo());
        }
        s.addAll(headers.values());
        return s;
    }

    /** A failure to open a connection (handshake included). */
    public static ProviderException classify(Throwable error, List<String> secrets) {
        SafeCause cause = SafeCause.of(error, secrets);
        Integer status = httpStatus(error);
        if (status != null) {
            boolean retry = status == 429 || status == 502 || status == 503 || status == 504;
            return new ProviderException(
                    ProviderException.Kind.CONNECTION,
                    retry ? FAILED + " (HTTP " + status + ")" : FAILED,
                    cause,
                    retry,
                    "HTTP " + status,
                    status,
                    null);
        }
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String msg = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
            if (t instanceof UnknownHostException) {
                return failure(cause, false, "ENOTFOUND", ProviderException.Kind.CONNECTION);
            }
            if (t instanceof ConnectException || msg.contains("connection refused")) {
                return failure(cause, true, "ECONNREFUSED", ProviderException.Kind.CONNECTION);
            }
            if (t instanceof NoRouteToHostException) {
                return failure(cause, false, "EHOSTUNREACH", ProviderException.Kind.CONNECTION);
            }
            if (t instanceof SSLException) {
                if (msg.contains("bad record mac")) {
                    return failure(cause, true, "BAD RECORD MAC", ProviderException.Kind.CONNECTION, true);
                }
                // certificates, wrong version (TLS to a plain port), unsupported protocol: not worth retrying
                return failure(cause, false, "TLS", ProviderException.Kind.CONNECTION);
            }
            if (t instanceof SocketTimeoutException
                    || t instanceof TimeoutException
                    || msg.contains("timed out")
                    || msg.contains("timeout")
                    || msg.contains("response not received")) {
                return failure(cause, true, "TIMEOUT", ProviderException.Kind.CONNECTION, true);
            }
            if (t instanceof ClosedSelectorException
                    || msg.contains("selector is closed")
                    || msg.contains("is transport running")
                    || msg.contains("transport is stopped")) {
                // our own client transport was stopped under this connect (Tyrus' Grizzly client, e.g. its shared
                // transport's idle stop); a new attempt starts a new transport
                return failure(cause, true, "ECONNABORTED", ProviderException.Kind.CONNECTION, true);
            }
            if (msg.contains("broken pipe")) {
                return failure(cause, true, "EPIPE", ProviderException.Kind.CONNECTION, true);
            }
            if (msg.contains("connection reset")
                    || t instanceof EOFException
                    || t instanceof ClosedChannelException
                    || msg.contains("connection closed")
                    || msg.contains("closed by peer")) {
                return failure(cause, true, "ECONNRESET", ProviderException.Kind.CONNECTION, true);
            }
        }
        return new ProviderException(ProviderException.Kind.CONNECTION, FAILED, cause, false, null, null, null);
    }

    /** A connect that did not finish within its timeout. */
    public static ProviderException connectTimeout(Throwable cause, List<String> secrets) {
        return new ProviderException(
                ProviderException.Kind.CONNECTION,
                FAILED + " (TIMEOUT)",
                cause == null ? null : SafeCause.of(cause, secrets),
                true,
                "TIMEOUT",
                null,
                null);
    }

    private static ProviderException failure(
            SafeCause cause, boolean transientFailure, String code, ProviderException.Kind kind) {
        return failure(cause, transientFailure, code, kind, transientFailure);
    }

    private static ProviderException failure(
            SafeCause cause, boolean transientFailure, String code, ProviderException.Kind kind, boolean showCode) {
        return new ProviderException(
                kind, showCode ? FAILED + " (" + code + ")" : FAILED, cause, transientFailure, code, null, null);
    }

    private static Integer httpStatus(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof DeploymentHandshakeException d && d.getHttpStatusCode() > 0) {
                return d.getHttpStatusCode();
            }
            if (t instanceof HandshakeException h && h.getHttpStatusCode() > 0) {
                return h.getHttpStatusCode();
            }
        }
        return null;
    }
}
