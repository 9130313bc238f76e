package io.github.wstoolkit.ws;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;

/**
 * A TLS server on loopback with a self-signed certificate made for the test by the JDK's {@code keytool} (a real
 * process, a real key): a client that trusts the JVM's default trust store must refuse it.
 */
final class TlsServer implements AutoCloseable {

    private final SSLServerSocket server;
    private final Path dir;
    private final KeyStore keys;
    private final RawServer.Handler handler;

    private TlsServer(SSLServerSocket server, Path dir, KeyStore keys, RawServer.Handler handler) {
        this.server = server;
        this.dir = dir;
        this.keys = keys;
        this.handler = handler;
    }

    /** A server whose handshake a client that trusts the JVM's default trust store refuses. */
    static TlsServer selfSigned() throws Exception {
        return selfSigned(null);
    }

    /**
     * A server that, once TLS is up, reads the HTTP request and hands the connection to {@code handler} (as
     * {@link RawServer} does); a client must trust {@link #trustingContext()} to get there.
     */
    static TlsServer selfSigned(RawServer.Handler handler) throws Exception {
        Path dir = Files.createTempDirectory("wst-tls");
        Path store = dir.resolve("server.p12");
        char[] password = "changeit".toCharArray();
        Process keytool = new ProcessBuilder(List.of(
                        Path.of(System.getProperty("java.home"), "bin", "keytool")
                                .toString(),
                        "-genkeypair",
                        "-alias",
                        "server",
                        "-keyalg",
                        "EC",
                        "-dname",
                        "CN=localhost",
                        "-ext",
                        "SAN=dns:localhost,ip:127.0.0.1",
                        "-validity",
                        "2",
                        "-storetype",
                        "PKCS12",
                        "-keystore",
                        store.toString(),
                        "-storepass",
                        new String(password)))
                .redirectErrorStream(true)
                .start();
        String out = new String(keytool.getInputStream().readAllBytes());
        if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
            throw new IOException("keytool failed: " + out);
        }
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, password);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, password);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        SSLServerSocket server = (SSLServerSocket)
                context.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        TlsServer s = new TlsServer(server, dir, ks, handler);
        Thread.ofVirtual().start(s::acceptLoop);
        return s;
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                Thread.ofVirtual().start(() -> {
                    try (s) {
                        if (handler == null) {
                            s.getInputStream().read(); // runs the handshake, which the client aborts
                            return;
                        }
                        RawServer.Request r = RawServer.readRequest(s.getInputStream());
                        if (r != null) {
                            handler.handle(s, r);
                        }
                    } catch (Exception e) {
                        // the client refused our certificate, or went away
                    }
                });
            } catch (IOException e) {
                return;
            }
        }
    }

    /** A client context that trusts this server's certificate (and nothing else). */
    javax.net.ssl.SSLContext trustingContext() throws Exception {
        javax.net.ssl.TrustManagerFactory tmf =
                javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(keys);
        SSLContext c = SSLContext.getInstance("TLS");
        c.init(null, tmf.getTrustManagers(), null);
        return c;
    }

    int port() {
        return server.getLocalPort();
    }

    @Override
    public void close() throws IOException {
        server.close();
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
        }
        Files.deleteIfExists(dir);
    }
}
