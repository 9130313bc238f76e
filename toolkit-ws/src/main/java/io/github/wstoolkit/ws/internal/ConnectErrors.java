package io.github.wstoolkit.ws.internal;

import io.github.wstoolkit.api.ProviderException;
import io.github.wstoolkit.api.RedactedException;
import java.io.EOFException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;
import org.glassfish.tyrus.client.exception.DeploymentHandshakeException;
import org.glassfish.tyrus.core.HandshakeException;

/**
 * Turns a transport failure into promptfoo's secret-safe message: {@code WebSocket connection failed}, with what
 * happened in parentheses ({@code (ECONNREFUSED)}, {@code (HTTP 429)}, {@code (HTTP 401)}, {@code (TIMEOUT)},
 * {@code (TLS: the certificate is not trusted)}, ...), and {@link ProviderException#isTransient()} set for the
 * classes worth another attempt (refused, reset, connect timeout, 429/502/503/504). Unlike promptfoo, a refused
 * handshake always names its status (promptfoo hides 401 and other statuses it does not retry) and a TLS failure
 * says what failed; docs/websocket-provider.md has the table.
 */
public final class ConnectErrors {

    /** The base text of every connection failure. */
    public static final String FAILED = "WebSocket connection failed";

    private ConnectErrors() {}

    /**
     * {@link #secretsOf}, worked out the first time the list is read: only a failure reads it, and most connections
     * never fail (splitting and decoding the URL's parts at every connect was a measurable part of a call).
     */
    public static List<String> lazySecretsOf(URI uri, Map<String, String> headers) {
        return new java.util.AbstractList<>() {
            private volatile List<String> list;

            private List<String> list() {
                List<String> l = list;
                if (l == null) {
                    l = secretsOf(uri, headers); // (may hold nulls: a URI without a host)
                    list = l;
                }
                return l;
            }

            @Override
            public String get(int index) {
                return list().get(index);
            }

            @Override
            public int size() {
                return list().size();
            }
        };
    }

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
        return classify(error, secrets, null);
    }

    /**
     * A failure to open a connection (handshake included).
     *
     * @param probe what the connection's plumbing saw (a refused handshake's status and {@code Retry-After}), or null
     */
    public static ProviderException classify(Throwable error, List<String> secrets, ConnectionProbe probe) {
        RedactedException cause = SafeCause.of(error, secrets);
        Integer status = httpStatus(error);
        if (status == null && probe != null && isHandshakeFailure(error)) {
            status = probe.refusedStatus().orElse(null);
        }
        if (status != null) {
            return refused(status, probe == null ? null : probe.retryAfter().orElse(null), cause);
        }
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String msg = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
            if (t instanceof UnknownHostException || t instanceof UnresolvedAddressException) {
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
                // certificates, wrong version, a plain port: trying again gives the same answer
                return tls(tlsReason(error, secrets), cause);
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
        return ProviderException.connection(FAILED, null, false, cause);
    }

    /**
     * A handshake the server answered with another status than 101: {@code WebSocket connection failed (HTTP 401)}.
     * The status is always in the message (the response body never is); 429, 502, 503 and 504 are transient.
     */
    public static ProviderException refused(int status, Duration retryAfter, Throwable cause) {
        boolean retry = status == 429 || status == 502 || status == 503 || status == 504;
        return ProviderException.handshake(FAILED + " (HTTP " + status + ")", status, retry, retryAfter, cause);
    }

    /** A TLS failure: {@code WebSocket connection failed (TLS: <reason>)}, not transient. */
    public static ProviderException tls(String reason, Throwable cause) {
        return ProviderException.connection(FAILED + " (TLS: " + reason + ")", "TLS", false, cause);
    }

    /**
     * What went wrong in a TLS handshake, in a few words: the usual failures by name, anything else as the TLS
     * library says it (with the connection's secrets, the host among them, removed).
     */
    static String tlsReason(Throwable error, List<String> secrets) {
        String all = "";
        String innermostSsl = null;
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String m = t.getMessage() == null ? "" : t.getMessage();
            all += " " + m.toLowerCase(Locale.ROOT);
            if (t instanceof SSLException && !m.isEmpty()) {
                innermostSsl = m;
            }
            if (t instanceof java.security.cert.CertificateExpiredException
                    || t instanceof java.security.cert.CertificateNotYetValidException) {
                return "certificate expired or not yet valid";
            }
        }
        if (all.contains("unrecognized ssl message") || all.contains("plaintext connection")) {
            return "the server did not answer in TLS; is it a plain ws:// port?";
        }
        if (all.contains("no subject alternative") || all.contains("no name matching")) {
            return "the certificate does not match the host";
        }
        if (all.contains("pkix path") || all.contains("unable to find valid certification path")) {
            return "the certificate is not trusted";
        }
        if (all.contains("certificate expired") || all.contains("validity check failed")) {
            return "certificate expired or not yet valid";
        }
        if (all.contains("protocol_version") || all.contains("no appropriate protocol")) {
            return "no TLS version in common with the server";
        }
        if (all.contains("handshake_failure")) {
            return "the server refused the handshake";
        }
        if (innermostSsl == null) {
            return "handshake failed";
        }
        String scrubbed = RedactedException.redact(innermostSsl, secrets).strip();
        return scrubbed.length() > 120 ? scrubbed.substring(0, 120) + "…" : scrubbed;
    }

    /** True for the exceptions Tyrus gives a handshake answered with a status other than 101. */
    private static boolean isHandshakeFailure(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof DeploymentHandshakeException || t instanceof HandshakeException) {
                return true;
            }
            String m = t.getMessage() == null ? "" : t.getMessage();
            if (m.startsWith("Handshake error") || m.contains("Response code was not 101")) {
                return true;
            }
        }
        return false;
    }

    /** A connect that did not finish within its timeout. */
    public static ProviderException connectTimeout(Throwable cause, List<String> secrets) {
        return ProviderException.connection(
                FAILED + " (TIMEOUT)", "TIMEOUT", true, cause == null ? null : SafeCause.of(cause, secrets));
    }

    private static ProviderException failure(
            RedactedException cause, boolean transientFailure, String code, ProviderException.Kind kind) {
        return failure(cause, transientFailure, code, kind, transientFailure);
    }

    private static ProviderException failure(
            RedactedException cause,
            boolean transientFailure,
            String code,
            ProviderException.Kind kind,
            boolean showCode) {
        return ProviderException.builder(kind, showCode ? FAILED + " (" + code + ")" : FAILED)
                .cause(cause)
                .transientFailure(transientFailure)
                .code(code)
                .build();
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
