package io.github.wstoolkit.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wstoolkit.api.CallContext;
import io.github.wstoolkit.api.Provider;
import io.github.wstoolkit.api.ProviderRegistry;
import io.github.wstoolkit.api.ProviderSpec;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code wss://} to a server whose certificate the JVM trusts: the TLS handshake completes (through the probe that
 * follows it) and frames go both ways. The
 * JVM's default {@link SSLContext} is what the client trusts, so each test trusts its server's certificate there and
 * puts the previous default back.
 */
class WssTest {

    private SSLContext previous;

    @BeforeEach
    void keepTheDefault() throws Exception {
        previous = SSLContext.getDefault();
    }

    @AfterEach
    void restoreTheDefault() {
        SSLContext.setDefault(previous);
    }

    /** Answers each text frame with {@code tls:<text>} and each ping with a pong, until the client closes. */
    private static TlsServer echo() throws Exception {
        return TlsServer.selfSigned((s, r) -> {
            RawServer.accept(s, r, null);
            while (true) {
                var f = RawServer.readFrame(s.getInputStream());
                if (f.getKey() == 8) {
                    RawServer.frame(s, 8, f.getValue());
                    return;
                }
                if (f.getKey() == 9) {
                    RawServer.frame(s, 10, f.getValue());
                    continue;
                }
                RawServer.text(s, "tls:" + new String(f.getValue(), StandardCharsets.UTF_8));
            }
        });
    }

    @Test
    void aConnectionToATrustedServerExchangesFrames() throws Exception {
        try (TlsServer server = echo()) {
            SSLContext.setDefault(server.trustingContext());
            BlockingQueue<String> events = new LinkedBlockingQueue<>();
            WsConnection c = WsConnection.open(
                    WsConnectOptions.builder(URI.create("wss://localhost:" + server.port() + "/secure"))
                            .connectTimeout(Duration.ofSeconds(20))
                            .build(),
                    new WsListener() {
                        @Override
                        public void onText(String text) {
                            events.add(text);
                        }

                        @Override
                        public void onPong(byte[] data) {
                            events.add("pong " + data.length);
                        }

                        @Override
                        public void onClose(int code, String reason) {
                            events.add("close " + code);
                        }

                        @Override
                        public void onError(Throwable error) {
                            events.add("error " + error.getMessage());
                        }
                    });
            c.sendText("one");
            assertEquals("tls:one", events.poll(20, TimeUnit.SECONDS));
            c.sendPing(new byte[] {1});
            assertEquals("pong 1", events.poll(20, TimeUnit.SECONDS));
            c.sendText("two");
            assertEquals("tls:two", events.poll(20, TimeUnit.SECONDS));
            assertTrue(c.isOpen());
            c.close();
            assertEquals("close 1000", events.poll(20, TimeUnit.SECONDS));
        }
    }

    @Test
    void theProviderCallsAWssEndpoint() throws Exception {
        try (TlsServer server = echo()) {
            SSLContext.setDefault(server.trustingContext());
            Provider p = ProviderRegistry.load()
                    .create(ProviderSpec.of(
                            "wss://localhost:" + server.port() + "/secure",
                            Map.of("messageTemplate", "{{ prompt }}", "timeoutMs", 20_000)));
            assertEquals("tls:hello", p.call("hello", CallContext.EMPTY).output());
        }
    }
}
