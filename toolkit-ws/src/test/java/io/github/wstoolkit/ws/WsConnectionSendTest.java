package io.github.wstoolkit.ws;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.wstoolkit.api.ProviderException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What a {@link WsConnection} sends, which subprotocol names it takes, and a listener that throws. */
class WsConnectionSendTest {

    private static WsConnectOptions.Builder options(String url) {
        return WsConnectOptions.builder(URI.create(url)).connectTimeout(Duration.ofSeconds(10));
    }

    @Test
    void binaryFramesAndPingsUpTo125BytesReachTheServer() throws Exception {
        BlockingQueue<Map.Entry<Integer, byte[]>> frames = new LinkedBlockingQueue<>();
        try (RawServer server = new RawServer((s, r) -> {
            RawServer.accept(s, r, null);
            while (true) {
                var f = RawServer.readFrame(s.getInputStream());
                frames.add(f);
                if (f.getKey() == 8) {
                    RawServer.frame(s, 8, f.getValue());
                    return;
                }
            }
        })) {
            try (WsConnection c = WsConnection.open(options(server.url("/")).build(), new WsListener() {})) {
                c.sendBinary(new byte[] {0, 1, (byte) 0xFF});
                var bin = frames.poll(10, TimeUnit.SECONDS);
                assertEquals(2, bin.getKey());
                assertArrayEquals(new byte[] {0, 1, (byte) 0xFF}, bin.getValue());
                byte[] largest = new byte[125];
                largest[124] = 7;
                c.sendPing(largest);
                var ping = frames.poll(10, TimeUnit.SECONDS);
                assertEquals(9, ping.getKey());
                assertArrayEquals(largest, ping.getValue());
                IllegalArgumentException tooLong =
                        assertThrows(IllegalArgumentException.class, () -> c.sendPing(new byte[126]));
                assertEquals("a ping carries at most 125 bytes, got 126", tooLong.getMessage());
            }
            assertEquals(8, frames.poll(10, TimeUnit.SECONDS).getKey());
        }
    }

    @Test
    void subprotocolsMustBeHttpTokens() throws Exception {
        for (String bad : List.of("a b", "tab\there", "del\u007f", "é", "a/b", "a,b", "a=b", "{x}", "a\"b", "\u001f")) {
            ProviderException e = assertThrows(
                    ProviderException.class,
                    () -> WsConnection.open(
                            options("ws://127.0.0.1:1/")
                                    .subprotocols(List.of(bad))
                                    .build(),
                            new WsListener() {}),
                    bad);
            assertEquals("An invalid or duplicated subprotocol was specified", e.getMessage(), bad);
        }
        // every other visible ASCII character is a token character
        String token = "!#$%&'*+-.^_`|~09AZaz";
        try (RawServer server = new RawServer((s, r) -> {
            RawServer.accept(s, r, r.header("Sec-WebSocket-Protocol"));
            var f = RawServer.readFrame(s.getInputStream());
            RawServer.frame(s, 8, f.getValue());
        })) {
            try (WsConnection c = WsConnection.open(
                    options(server.url("/")).subprotocols(List.of(token)).build(), new WsListener() {})) {
                assertEquals(Optional.of(token), c.subprotocol());
            }
        }
    }

    @Test
    void aListenerThatThrowsStillGetsTheFramesAfterAndTheClose() throws Exception {
        try (RawServer server = new RawServer((s, r) -> {
            RawServer.accept(s, r, null);
            RawServer.text(s, "boom");
            RawServer.text(s, "after");
            RawServer.frame(s, 8, new byte[] {0x03, (byte) 0xE8});
            RawServer.readFrame(s.getInputStream());
        })) {
            BlockingQueue<String> events = new LinkedBlockingQueue<>();
            WsConnection c = WsConnection.open(options(server.url("/")).build(), new WsListener() {
                @Override
                public void onText(String text) {
                    events.add(text);
                    if (text.equals("boom")) {
                        throw new IllegalStateException("listener bug");
                    }
                }

                @Override
                public void onClose(int code, String reason) {
                    events.add("close " + code);
                }
            });
            assertEquals("boom", events.poll(10, TimeUnit.SECONDS));
            assertEquals("after", events.poll(10, TimeUnit.SECONDS));
            assertEquals("close 1000", events.poll(10, TimeUnit.SECONDS));
            c.close();
        }
    }

    @Test
    void textFramesKeepTheirUtf8() throws Exception {
        BlockingQueue<String> got = new LinkedBlockingQueue<>();
        try (RawServer server = new RawServer((s, r) -> {
            RawServer.accept(s, r, null);
            var f = RawServer.readFrame(s.getInputStream());
            got.add(new String(f.getValue(), StandardCharsets.UTF_8));
            RawServer.text(s, "é😀");
            var close = RawServer.readFrame(s.getInputStream());
            RawServer.frame(s, 8, close.getValue());
        })) {
            BlockingQueue<String> texts = new LinkedBlockingQueue<>();
            try (WsConnection c = WsConnection.open(options(server.url("/")).build(), new WsListener() {
                @Override
                public void onText(String text) {
                    texts.add(text);
                }
            })) {
                c.sendText("€uro");
                assertEquals("€uro", got.poll(10, TimeUnit.SECONDS));
                assertEquals("é😀", texts.poll(10, TimeUnit.SECONDS));
            }
        }
    }
}
