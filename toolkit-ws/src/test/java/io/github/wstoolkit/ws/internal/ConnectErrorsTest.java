package io.github.wstoolkit.ws.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wstoolkit.api.ProviderException;
import io.github.wstoolkit.api.RedactedException;
import jakarta.websocket.DeploymentException;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.UnresolvedAddressException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.glassfish.tyrus.client.exception.DeploymentHandshakeException;
import org.glassfish.tyrus.core.HandshakeException;
import org.junit.jupiter.api.Test;

/**
 * Classification of the exception chains Tyrus 2.2.2 / Grizzly 4.0.2 produce when the client transport is stopped
 * while a connect is under way (recorded by stopping the shared transport during 2,000 provider calls).
 */
class ConnectErrorsTest {

    private static void assertAborted(Throwable chain) {
        ProviderException e = ConnectErrors.classify(chain, List.of());
        assertEquals("WebSocket connection failed (ECONNABORTED)", e.getMessage());
        assertEquals(ProviderException.Kind.CONNECTION, e.kind());
        assertTrue(e.isTransient());
    }

    @Test
    void connectOnAStoppedSelectorIsTransient() {
        assertAborted(new DeploymentException("Connection failed.", new IOException("Selector is closed")));
        assertAborted(new DeploymentException("Connection failed.", new ClosedSelectorException()));
    }

    @Test
    void connectOnATransportThatIsNoLongerRunningIsTransient() {
        assertAborted(new DeploymentException(
                "Connection failed.",
                new IllegalStateException("NIOChannelDistributor is null. Is Transport running?")));
    }

    @Test
    void anUnknownFailureStaysTheNonTransientCatchAll() {
        ProviderException e = ConnectErrors.classify(
                new DeploymentException("Connection failed.", new IllegalArgumentException("odd")), List.of());
        assertEquals("WebSocket connection failed", e.getMessage());
        assertFalse(e.isTransient());
    }

    /** A connect failure as Tyrus hands it over: the transport's exception inside a DeploymentException. */
    private static ProviderException connectFailure(Throwable transport) {
        return ConnectErrors.classify(new DeploymentException("Connection failed.", transport), List.of());
    }

    private static void assertFailure(Throwable transport, String message, String code, boolean transientFailure) {
        ProviderException e = connectFailure(transport);
        assertEquals(message, e.getMessage(), transport.toString());
        assertEquals(Optional.of(code), e.code(), transport.toString());
        assertEquals(transientFailure, e.isTransient(), transport.toString());
        assertEquals(ProviderException.Kind.CONNECTION, e.kind());
    }

    @Test
    void eachTransportFailureHasItsCodeAndOnlyTheRetryableOnesShowIt() {
        String failed = "WebSocket connection failed";
        assertFailure(new UnknownHostException("nowhere.invalid"), failed, "ENOTFOUND", false);
        assertFailure(new UnresolvedAddressException(), failed, "ENOTFOUND", false);
        assertFailure(new ConnectException("Connection refused"), failed + " (ECONNREFUSED)", "ECONNREFUSED", true);
        assertFailure(new IOException("connect: Connection refused"), failed + " (ECONNREFUSED)", "ECONNREFUSED", true);
        assertFailure(new NoRouteToHostException("No route to host"), failed, "EHOSTUNREACH", false);
        assertFailure(new SSLException("Bad record MAC"), failed + " (BAD RECORD MAC)", "BAD RECORD MAC", true);
        assertFailure(new SocketTimeoutException("connect"), failed + " (TIMEOUT)", "TIMEOUT", true);
        assertFailure(new java.util.concurrent.TimeoutException(), failed + " (TIMEOUT)", "TIMEOUT", true);
        assertFailure(new IOException("Read timed out"), failed + " (TIMEOUT)", "TIMEOUT", true);
        assertFailure(new IOException("Handshake timeout exceeded"), failed + " (TIMEOUT)", "TIMEOUT", true);
        assertFailure(new IOException("Response not received."), failed + " (TIMEOUT)", "TIMEOUT", true);
        assertFailure(new IOException("Transport is stopped"), failed + " (ECONNABORTED)", "ECONNABORTED", true);
        assertFailure(new IOException("Broken pipe"), failed + " (EPIPE)", "EPIPE", true);
        assertFailure(new IOException("Connection reset by peer"), failed + " (ECONNRESET)", "ECONNRESET", true);
        assertFailure(new EOFException(), failed + " (ECONNRESET)", "ECONNRESET", true);
        assertFailure(new ClosedChannelException(), failed + " (ECONNRESET)", "ECONNRESET", true);
        assertFailure(new IOException("Connection closed"), failed + " (ECONNRESET)", "ECONNRESET", true);
        assertFailure(new IOException("stream closed by peer"), failed + " (ECONNRESET)", "ECONNRESET", true);
        // the outermost exception that says something decides
        assertFailure(
                new ConnectException("Connection refused").initCause(new IOException("Broken pipe")),
                failed + " (ECONNREFUSED)",
                "ECONNREFUSED",
                true);
    }

    @Test
    void aRefusedHandshakeNamesItsStatusAndOnlyOverloadIsRetried() {
        for (int status : List.of(429, 502, 503, 504)) {
            ProviderException e = ConnectErrors.refused(status, Duration.ofSeconds(7), null);
            assertEquals("WebSocket connection failed (HTTP " + status + ")", e.getMessage());
            assertTrue(e.isTransient(), "HTTP " + status);
            assertEquals(status, e.httpStatus().orElseThrow());
            assertEquals(Optional.of(Duration.ofSeconds(7)), e.retryAfter());
        }
        for (int status : List.of(400, 401, 403, 404, 500, 501, 505)) {
            ProviderException e = ConnectErrors.refused(status, null, null);
            assertEquals("WebSocket connection failed (HTTP " + status + ")", e.getMessage());
            assertFalse(e.isTransient(), "HTTP " + status);
        }
    }

    @Test
    void aHandshakeFailureTakesTheStatusTheProbeSaw() {
        ConnectionProbe probe = new ConnectionProbe(1024);
        probe.handshakeResponse(503, Map.of("Retry-After", List.of("12")));
        ProviderException e = ConnectErrors.classify(
                new DeploymentException("Handshake error.", new IOException("Connection reset")), List.of(), probe);
        assertEquals("WebSocket connection failed (HTTP 503)", e.getMessage());
        assertEquals(Optional.of(Duration.ofSeconds(12)), e.retryAfter());
        assertTrue(e.isTransient());
        ProviderException not101 = ConnectErrors.classify(
                new IOException("wrapped", new IOException("Response code was not 101: 401.")), List.of(), probe);
        assertEquals("WebSocket connection failed (HTTP 503)", not101.getMessage());
        // not a handshake failure: the probe's status does not explain it
        ProviderException reset = ConnectErrors.classify(new IOException("Connection reset"), List.of(), probe);
        assertEquals("WebSocket connection failed (ECONNRESET)", reset.getMessage());
        // a handshake failure without a recorded status is classified as the transport failure it is
        ProviderException noStatus = ConnectErrors.classify(
                new DeploymentException("Handshake error.", new IOException("Broken pipe")),
                List.of(),
                new ConnectionProbe(1024));
        assertEquals("WebSocket connection failed (EPIPE)", noStatus.getMessage());
    }

    private static String tlsReason(Throwable... chain) {
        Throwable t = chain[chain.length - 1];
        for (int i = chain.length - 2; i >= 0; i--) {
            t = chain[i].initCause(t);
        }
        ProviderException e = connectFailure(t);
        assertEquals(Optional.of("TLS"), e.code());
        assertFalse(e.isTransient());
        String prefix = "WebSocket connection failed (TLS: ";
        assertTrue(e.getMessage().startsWith(prefix) && e.getMessage().endsWith(")"), e.getMessage());
        return e.getMessage().substring(prefix.length(), e.getMessage().length() - 1);
    }

    @Test
    void tlsFailuresSayWhatFailedInAFewWords() {
        assertEquals(
                "the server did not answer in TLS; is it a plain ws:// port?",
                tlsReason(new SSLException("Unsupported or unrecognized SSL message")));
        assertEquals(
                "the server did not answer in TLS; is it a plain ws:// port?",
                tlsReason(new SSLException("plaintext connection?")));
        assertEquals(
                "the certificate does not match the host",
                tlsReason(
                        new SSLHandshakeException("No subject alternative names matching IP address 10.0.0.1 found")));
        assertEquals(
                "the certificate does not match the host",
                tlsReason(new SSLHandshakeException("No name matching h.example found")));
        assertEquals(
                "the certificate is not trusted", tlsReason(new SSLHandshakeException("PKIX path building failed: x")));
        assertEquals(
                "the certificate is not trusted",
                tlsReason(new SSLHandshakeException("x"), new IOException("unable to find valid certification path")));
        assertEquals(
                "certificate expired or not yet valid",
                tlsReason(new SSLHandshakeException("x"), new CertificateExpiredException("NotAfter: ...")));
        assertEquals(
                "certificate expired or not yet valid",
                tlsReason(new SSLHandshakeException("x"), new CertificateNotYetValidException()));
        assertEquals(
                "certificate expired or not yet valid", tlsReason(new SSLHandshakeException("validity check failed")));
        assertEquals(
                "certificate expired or not yet valid", tlsReason(new SSLHandshakeException("Certificate expired")));
        assertEquals(
                "no TLS version in common with the server",
                tlsReason(new SSLHandshakeException("Received fatal alert: protocol_version")));
        assertEquals(
                "no TLS version in common with the server",
                tlsReason(new SSLHandshakeException("No appropriate protocol (protocol is disabled)")));
        assertEquals(
                "the server refused the handshake",
                tlsReason(new SSLHandshakeException("Received fatal alert: handshake_failure")));
        assertEquals("handshake failed", tlsReason(new SSLHandshakeException(null)));
        assertEquals("handshake failed", tlsReason(new SSLHandshakeException("")));
        // anything else as the innermost TLS message that says something says it
        assertEquals(
                "inner reason",
                tlsReason(
                        new SSLException("outer reason"),
                        new SSLHandshakeException("inner reason"),
                        new SSLException("")));
    }

    @Test
    void anUnknownTlsMessageLosesTheConnectionsSecretsAndIsCutShort() {
        List<String> secrets =
                ConnectErrors.secretsOf(URI.create("wss://tenant-42.example/v1?token=tok-secret"), Map.of());
        String reason = ConnectErrors.tlsReason(
                new SSLException("  odd answer from tenant-42.example about tok-secret  "), secrets);
        assertEquals("odd answer from [REDACTED] about [REDACTED]", reason);
        String longReason = ConnectErrors.tlsReason(new SSLException("y".repeat(121)), List.of());
        assertEquals("y".repeat(120) + "…", longReason);
        assertEquals("y".repeat(120), ConnectErrors.tlsReason(new SSLException("y".repeat(120)), List.of()));
    }

    @Test
    void theSecretsOfAConnectionAreItsUrlPartsAndHeaderValues() {
        List<String> s = ConnectErrors.secretsOf(
                URI.create("wss://user:pw@tenant.example:8443/t/acme%20corp/ws?key=k%2Fv&flag;x=1"),
                Map.of("Authorization", "Bearer abc"));
        for (String secret : List.of(
                "tenant.example",
                "user:pw@tenant.example:8443",
                "user:pw",
                "acme%20corp",
                "acme corp",
                "k%2Fv",
                "k/v",
                "flag",
                "1",
                "Bearer abc")) {
            assertTrue(s.contains(secret), secret + " in " + s);
        }
        // path segments shorter than 4 characters are ordinary words, not secrets
        assertFalse(s.contains("t"), s.toString());
        assertFalse(s.contains("ws"), s.toString());
        List<String> bare = ConnectErrors.secretsOf(URI.create("ws://h"), Map.of());
        assertEquals(List.of("ws://h", "h", "h", ""), bare);
    }

    @Test
    void aConnectTimeoutIsTransientAndItsCauseRedacted() {
        ProviderException e = ConnectErrors.connectTimeout(
                new java.util.concurrent.TimeoutException("waiting for secret.example"), List.of("secret.example"));
        assertEquals("WebSocket connection failed (TIMEOUT)", e.getMessage());
        assertTrue(e.isTransient());
        assertEquals(Optional.of("TIMEOUT"), e.code());
        assertEquals("waiting for [REDACTED]", e.getCause().getMessage());
        assertEquals(null, ConnectErrors.connectTimeout(null, List.of()).getCause());
    }

    @Test
    void aStatusTyrusReportsIsTakenAsIs() {
        ProviderException e = ConnectErrors.classify(
                new DeploymentHandshakeException("Handshake error.", new HandshakeException(401, "Unauthorized")),
                List.of());
        assertEquals("WebSocket connection failed (HTTP 401)", e.getMessage());
        assertEquals(401, e.httpStatus().orElseThrow());
        assertFalse(e.isTransient());
        ProviderException inner = ConnectErrors.classify(
                new IOException("wrapped", new HandshakeException(503, "Service Unavailable")), List.of());
        assertEquals("WebSocket connection failed (HTTP 503)", inner.getMessage());
        assertTrue(inner.isTransient());
        // a status of 0 is no status: without a probe that saw one, the failure is what else it is
        assertEquals(
                "WebSocket connection failed",
                ConnectErrors.classify(new HandshakeException(0, "odd"), List.of())
                        .getMessage());
        assertEquals(
                "WebSocket connection failed",
                ConnectErrors.classify(
                                new DeploymentHandshakeException("Handshake error.", new HandshakeException(0, "odd")),
                                List.of())
                        .getMessage());
        ConnectionProbe probe = new ConnectionProbe(10);
        probe.handshakeResponse(429, Map.of());
        assertEquals(
                "WebSocket connection failed (HTTP 429)",
                ConnectErrors.classify(
                                new DeploymentHandshakeException("Refused.", new HandshakeException(0, "odd")),
                                List.of(),
                                probe)
                        .getMessage());
    }

    @Test
    void pathSegmentsOfFourCharactersOrMoreAreSecrets() {
        List<String> s = ConnectErrors.secretsOf(URI.create("ws://h/abc/abcd/x"), Map.of());
        assertTrue(s.contains("abcd"), s.toString());
        assertFalse(s.contains("abc"), s.toString());
    }

    @Test
    void theLazySecretsAreTheSecretsAndScrubAMessage() {
        URI uri = URI.create("wss://user:pw@tenant-42.example/v1/acct-7788?token=tok%2Dsecret&x=1");
        Map<String, String> headers = Map.of("Authorization", "Bearer sk-live-123");
        List<String> lazy = ConnectErrors.lazySecretsOf(uri, headers);
        assertEquals(ConnectErrors.secretsOf(uri, headers), lazy);
        assertEquals(
                "refused by [REDACTED] for [REDACTED] ([REDACTED])",
                RedactedException.redact("refused by tenant-42.example for tok-secret (Bearer sk-live-123)", lazy));
    }
}
