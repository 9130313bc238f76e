package io.github.wstoolkit.ws.internal;

import java.nio.ByteBuffer;
import java.security.KeyManagementException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.List;
import java.util.function.BiFunction;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * Follows a client TLS handshake for a {@link ConnectionProbe}: when it starts (the TCP connection is up), whether
 * the server answers, and when it finishes.
 *
 * <p>Why: Tyrus' Grizzly client reports a handshake the server answers badly (a certificate it does not trust, a
 * plain-HTTP answer) at once, but not a server that says nothing or closes the connection without answering (a
 * {@code wss://} URL pointing at a plain port of a server that waits for an HTTP request line, or drops it): Grizzly's
 * TLS filter does not pass such a close on, and the connect waits for Tyrus' fixed 30 s limit, or ours (measured:
 * {@code WsConnectionTest.tlsToAPortThatHangsUpEndsAtTheTlsHandshakeTimeout}). With this probe such a handshake fails
 * after the short TLS handshake timeout, as a TLS failure.
 *
 * <p>The probe is an {@link SSLContext} that delegates everything to the JVM's default context (trust store and
 * {@code javax.net.ssl.*} settings, as Tyrus' own default), wrapping the engines it creates; Tyrus still enables
 * host name verification on them.
 */
final class TlsProbe {

    private TlsProbe() {}

    /** A context for one connection, reporting to {@code probe}. */
    static SSLContext context(ConnectionProbe probe) throws NoSuchAlgorithmException {
        SSLContext base = SSLContext.getDefault();
        return new SSLContext(new Spi(base, probe), base.getProvider(), base.getProtocol()) {};
    }

    private static final class Spi extends SSLContextSpi {
        private final SSLContext base;
        private final ConnectionProbe probe;

        Spi(SSLContext base, ConnectionProbe probe) {
            this.base = base;
            this.probe = probe;
        }

        @Override
        protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom sr) throws KeyManagementException {
            throw new KeyManagementException("the default context is already initialised");
        }

        @Override
        protected SSLSocketFactory engineGetSocketFactory() {
            return base.getSocketFactory();
        }

        @Override
        protected SSLServerSocketFactory engineGetServerSocketFactory() {
            return base.getServerSocketFactory();
        }

        @Override
        protected SSLEngine engineCreateSSLEngine() {
            return new ProbingEngine(base.createSSLEngine(), probe);
        }

        @Override
        protected SSLEngine engineCreateSSLEngine(String host, int port) {
            return new ProbingEngine(base.createSSLEngine(host, port), probe);
        }

        @Override
        protected SSLSessionContext engineGetServerSessionContext() {
            return base.getServerSessionContext();
        }

        @Override
        protected SSLSessionContext engineGetClientSessionContext() {
            return base.getClientSessionContext();
        }

        @Override
        protected SSLParameters engineGetDefaultSSLParameters() {
            return base.getDefaultSSLParameters();
        }

        @Override
        protected SSLParameters engineGetSupportedSSLParameters() {
            return base.getSupportedSSLParameters();
        }
    }

    /** An engine that tells the probe how its handshake goes; everything else is the delegate's. */
    private static final class ProbingEngine extends SSLEngine {
        private final SSLEngine d;
        private final ConnectionProbe probe;

        ProbingEngine(SSLEngine delegate, ConnectionProbe probe) {
            super(delegate.getPeerHost(), delegate.getPeerPort());
            this.d = delegate;
            this.probe = probe;
            probe.tlsStarted();
        }

        private SSLEngineResult seen(SSLEngineResult r) {
            if (r.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.FINISHED) {
                probe.tlsFinished();
            }
            return r;
        }

        @Override
        public SSLEngineResult wrap(ByteBuffer[] srcs, int offset, int length, ByteBuffer dst) throws SSLException {
            return seen(d.wrap(srcs, offset, length, dst));
        }

        @Override
        public SSLEngineResult unwrap(ByteBuffer src, ByteBuffer[] dsts, int offset, int length) throws SSLException {
            SSLEngineResult r = seen(d.unwrap(src, dsts, offset, length));
            if (r.bytesConsumed() > 0) {
                probe.tlsAnswered();
            }
            return r;
        }

        @Override
        public Runnable getDelegatedTask() {
            return d.getDelegatedTask();
        }

        @Override
        public void closeInbound() throws SSLException {
            d.closeInbound();
        }

        @Override
        public boolean isInboundDone() {
            return d.isInboundDone();
        }

        @Override
        public void closeOutbound() {
            d.closeOutbound();
        }

        @Override
        public boolean isOutboundDone() {
            return d.isOutboundDone();
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return d.getSupportedCipherSuites();
        }

        @Override
        public String[] getEnabledCipherSuites() {
            return d.getEnabledCipherSuites();
        }

        @Override
        public void setEnabledCipherSuites(String[] suites) {
            d.setEnabledCipherSuites(suites);
        }

        @Override
        public String[] getSupportedProtocols() {
            return d.getSupportedProtocols();
        }

        @Override
        public String[] getEnabledProtocols() {
            return d.getEnabledProtocols();
        }

        @Override
        public void setEnabledProtocols(String[] protocols) {
            d.setEnabledProtocols(protocols);
        }

        @Override
        public SSLSession getSession() {
            return d.getSession();
        }

        @Override
        public SSLSession getHandshakeSession() {
            return d.getHandshakeSession();
        }

        @Override
        public void beginHandshake() throws SSLException {
            d.beginHandshake();
        }

        @Override
        public SSLEngineResult.HandshakeStatus getHandshakeStatus() {
            return d.getHandshakeStatus();
        }

        @Override
        public void setUseClientMode(boolean mode) {
            d.setUseClientMode(mode);
        }

        @Override
        public boolean getUseClientMode() {
            return d.getUseClientMode();
        }

        @Override
        public void setNeedClientAuth(boolean need) {
            d.setNeedClientAuth(need);
        }

        @Override
        public boolean getNeedClientAuth() {
            return d.getNeedClientAuth();
        }

        @Override
        public void setWantClientAuth(boolean want) {
            d.setWantClientAuth(want);
        }

        @Override
        public boolean getWantClientAuth() {
            return d.getWantClientAuth();
        }

        @Override
        public void setEnableSessionCreation(boolean flag) {
            d.setEnableSessionCreation(flag);
        }

        @Override
        public boolean getEnableSessionCreation() {
            return d.getEnableSessionCreation();
        }

        @Override
        public SSLParameters getSSLParameters() {
            return d.getSSLParameters();
        }

        @Override
        public void setSSLParameters(SSLParameters params) {
            d.setSSLParameters(params);
        }

        @Override
        public String getApplicationProtocol() {
            return d.getApplicationProtocol();
        }

        @Override
        public String getHandshakeApplicationProtocol() {
            return d.getHandshakeApplicationProtocol();
        }

        @Override
        public void setHandshakeApplicationProtocolSelector(BiFunction<SSLEngine, List<String>, String> selector) {
            d.setHandshakeApplicationProtocolSelector(selector);
        }

        @Override
        public BiFunction<SSLEngine, List<String>, String> getHandshakeApplicationProtocolSelector() {
            return d.getHandshakeApplicationProtocolSelector();
        }
    }
}
