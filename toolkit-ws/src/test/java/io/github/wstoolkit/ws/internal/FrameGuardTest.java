package io.github.wstoolkit.ws.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.glassfish.tyrus.spi.CompletionHandler;
import org.glassfish.tyrus.spi.Writer;
import org.junit.jupiter.api.Test;

/**
 * {@link FrameGuard} follows frame boundaries in a byte stream however the transport cuts it into reads: accepted
 * frames pass unchanged, an oversized one is refused at its header. (The real-socket cases are in WsConnectionTest.)
 */
class FrameGuardTest {

    private static final class Sink extends Writer {
        final ByteArrayOutputStream passed = new ByteArrayOutputStream();
        final CountDownLatch closed = new CountDownLatch(1);

        @Override
        public void write(ByteBuffer buffer, CompletionHandler<ByteBuffer> completionHandler) {
            throw new AssertionError("the guard never writes itself");
        }

        @Override
        public void close() {
            closed.countDown();
        }
    }

    private static byte[] frame(int b0, int length) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(b0);
        if (length < 126) {
            b.write(length);
        } else if (length < 65536) {
            b.write(126);
            b.write(length >> 8);
            b.write(length & 0xFF);
        } else {
            b.write(127);
            for (int i = 7; i >= 0; i--) {
                b.write((int) (((long) length >> (8 * i)) & 0xFF));
            }
        }
        byte[] payload = new byte[length];
        Arrays.fill(payload, (byte) ('a' + length % 26));
        b.writeBytes(payload);
        return b.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            b.writeBytes(p);
        }
        return b.toByteArray();
    }

    /** Feeds {@code stream} to a guard in reads cut at {@code cuts}; returns what reached Tyrus. */
    private static Sink feed(FrameGuard[] guard, ConnectionProbe probe, byte[] stream, int... cuts) {
        Sink sink = new Sink();
        guard[0] = new FrameGuard(data -> sink.passed.writeBytes(toArray(data)), sink, probe, Duration.ZERO);
        int from = 0;
        for (int cut : cuts) {
            guard[0].handle(ByteBuffer.wrap(stream, from, cut - from).slice());
            from = cut;
        }
        guard[0].handle(ByteBuffer.wrap(stream, from, stream.length - from).slice());
        return sink;
    }

    private static byte[] toArray(ByteBuffer b) {
        byte[] a = new byte[b.remaining()];
        b.duplicate().get(a);
        return a;
    }

    @Test
    void acceptedFramesPassUnchangedWhereverTheReadsAreCut() {
        byte[] stream = concat(
                frame(0x81, 5), // text, 7-bit length
                frame(0x82, 300), // binary, 16-bit length
                frame(0x89, 4), // ping
                frame(0x01, 40_000), // a fragmented text message: first fragment
                frame(0x80, 30_000), // its last fragment: 70,000 bytes in all
                frame(0x82, 70_000)); // binary, 64-bit length
        Random random = new Random(1);
        for (int round = 0; round < 300; round++) {
            int a = round < 40 ? round : random.nextInt(stream.length);
            int b = Math.min(stream.length, a + 1 + random.nextInt(20));
            int[] cuts = a < b ? new int[] {a, b} : new int[] {a};
            FrameGuard[] g = new FrameGuard[1];
            ConnectionProbe probe = new ConnectionProbe(70_000);
            Sink sink = feed(g, probe, stream, cuts);
            assertArrayEquals(stream, sink.passed.toByteArray(), "cut at " + Arrays.toString(cuts));
            assertEquals(Optional.empty(), probe.tooBig());
            assertEquals(1, sink.closed.getCount(), "not closed");
        }
    }

    @Test
    void anOversizedFrameIsRefusedAtItsHeaderEvenWhenTheHeaderIsSplit() throws InterruptedException {
        byte[] before = frame(0x81, 10);
        byte[] big = frame(0x82, 200_000);
        byte[] stream = concat(before, big, frame(0x81, 3));
        for (int cut = before.length; cut <= before.length + 10; cut++) {
            FrameGuard[] g = new FrameGuard[1];
            ConnectionProbe probe = new ConnectionProbe(100_000);
            Sink sink = feed(g, probe, stream, cut, cut + 1000);
            assertEquals(Optional.of(200_000L), probe.tooBig());
            assertTrue(sink.closed.await(10, TimeUnit.SECONDS), "the transport is closed after the close frame");
            byte[] passed = sink.passed.toByteArray();
            byte[] reason = FrameGuard.REASON.getBytes(StandardCharsets.UTF_8);
            byte[] close = concat(new byte[] {(byte) 0x88, (byte) (2 + reason.length), 0x03, (byte) 0xF1}, reason);
            assertArrayEquals(concat(before, close), passed, "cut at " + cut);
        }
    }

    @Test
    void fragmentsAddUpAndControlFramesDoNotCount() throws InterruptedException {
        byte[] stream = concat(frame(0x01, 60_000), frame(0x89, 100), frame(0x00, 30_000), frame(0x80, 20_000));
        FrameGuard[] g = new FrameGuard[1];
        ConnectionProbe probe = new ConnectionProbe(100_000);
        Sink sink = feed(g, probe, stream);
        assertEquals(Optional.of(110_000L), probe.tooBig());
        assertTrue(sink.closed.await(10, TimeUnit.SECONDS));
    }

    /** A frame with the mask bit: its header is 4 bytes longer (a masking key), and the guard must skip those too. */
    private static byte[] masked(int b0, int length) {
        byte[] plain = frame(b0, length);
        int header = length < 126 ? 2 : length < 65536 ? 4 : 10;
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(plain, 0, header);
        b.writeBytes(new byte[] {(byte) 0x82, 0x7F, 0x7F, 0x7F}); // read as a header: a huge binary frame
        b.write(plain, header, plain.length - header);
        byte[] out = b.toByteArray();
        out[1] |= (byte) 0x80;
        return out;
    }

    @Test
    void maskedFramesAreFollowedToo() {
        byte[] stream = concat(masked(0x81, 4), masked(0x82, 300), frame(0x81, 2));
        for (int cut = 1; cut < 12; cut++) {
            FrameGuard[] g = new FrameGuard[1];
            ConnectionProbe probe = new ConnectionProbe(1_000);
            Sink sink = feed(g, probe, stream, cut);
            assertArrayEquals(stream, sink.passed.toByteArray(), "cut at " + cut);
            assertEquals(Optional.empty(), probe.tooBig());
        }
    }

    @Test
    void theLimitItselfIsAcceptedAndOneByteMoreRefused() {
        FrameGuard[] g = new FrameGuard[1];
        ConnectionProbe atLimit = new ConnectionProbe(300);
        byte[] exact = concat(frame(0x82, 300), frame(0x01, 200), frame(0x80, 100));
        assertArrayEquals(exact, feed(g, atLimit, exact).passed.toByteArray());
        assertEquals(Optional.empty(), atLimit.tooBig());
        ConnectionProbe over = new ConnectionProbe(300);
        feed(g, over, concat(frame(0x01, 200), frame(0x80, 101)));
        assertEquals(Optional.of(301L), over.tooBig());
    }

    @Test
    void aLengthWithItsTopBitSetIsTooBig() {
        byte[] header = {(byte) 0x82, 127, (byte) 0x80, 0, 0, 0, 0, 0, 0, 1};
        FrameGuard[] g = new FrameGuard[1];
        ConnectionProbe probe = new ConnectionProbe(1_000);
        Sink sink = feed(g, probe, concat(frame(0x81, 1), header));
        assertEquals(Optional.of(Long.MAX_VALUE), probe.tooBig());
        assertArrayEquals(frame(0x81, 1), java.util.Arrays.copyOf(sink.passed.toByteArray(), frame(0x81, 1).length));
    }
}
