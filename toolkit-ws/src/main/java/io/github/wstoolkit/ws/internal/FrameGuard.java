package io.github.wstoolkit.ws.internal;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.glassfish.tyrus.spi.ReadHandler;
import org.glassfish.tyrus.spi.Writer;

/**
 * Sits between the transport and Tyrus' frame parser and refuses a message over the size limit as RFC 6455 says: by
 * closing with {@code 1009} (message too big), as soon as its frame header announces the size, without buffering it.
 *
 * <p>Why: Tyrus buffers a whole frame before it looks at it, and a frame bigger than its read buffer ends the
 * connection with {@code 1011 "Buffer overflow."}, which reads as a server error (and is retried as one). Here the
 * stream is followed frame by frame (headers parsed, payloads skipped); the bytes of complete, accepted frames go on
 * to Tyrus unchanged. On an oversized data frame (or a fragmented message whose fragments add up to more than the
 * limit) the frames before it are delivered, the size is recorded in the {@link ConnectionProbe}, and Tyrus is handed
 * a close frame {@code 1009} in the server's place: Tyrus then closes the session with that code (the listener sees
 * {@code onClose(1009, …)}) and sends the server the same close frame. Whatever arrives after is read and dropped
 * (reading on, rather than closing the socket at once, lets the close frame reach the server: a socket closed with
 * unread data is reset, and a reset can destroy the close frame on its way); the connection is closed when the
 * server closes it, or after {@code closeGrace}.
 */
final class FrameGuard implements ReadHandler {

    private static final System.Logger LOG = System.getLogger(FrameGuard.class.getName());

    /** The reason phrase of our close frame (what the server sees). */
    static final String REASON = "Message too big";

    private final ReadHandler delegate;
    private final Writer writer;
    private final ConnectionProbe probe;
    private final long max;
    private final Duration closeGrace;

    private ByteBuffer carry; // the start of a frame header split across reads
    private long payloadLeft; // payload bytes of the current (accepted) frame still to come
    private long messageSoFar; // bytes of the data message being received (fragments added up)
    private boolean tripped;

    FrameGuard(ReadHandler delegate, Writer writer, ConnectionProbe probe, Duration closeGrace) {
        this.delegate = delegate;
        this.writer = writer;
        this.probe = probe;
        this.max = probe.maxMessageSize();
        this.closeGrace = closeGrace;
    }

    @Override
    public void handle(ByteBuffer data) {
        if (tripped || data == null) {
            return;
        }
        ByteBuffer in = data;
        if (carry != null) {
            in = ByteBuffer.allocate(carry.remaining() + data.remaining());
            in.put(carry).put(data).flip();
            carry = null;
        }
        int passFrom = in.position();
        int passTo = in.limit();
        while (in.hasRemaining()) {
            if (payloadLeft > 0) {
                int skip = (int) Math.min(payloadLeft, in.remaining());
                in.position(in.position() + skip);
                payloadLeft -= skip;
                continue;
            }
            int start = in.position();
            int available = in.remaining();
            if (available < 2) {
                carry = copyOf(in, start);
                passTo = start;
                break;
            }
            int b0 = in.get(start) & 0xFF;
            int b1 = in.get(start + 1) & 0xFF;
            int lengthCode = b1 & 0x7F;
            int headerSize = 2 + (lengthCode == 126 ? 2 : lengthCode == 127 ? 8 : 0) + ((b1 & 0x80) != 0 ? 4 : 0);
            if (available < headerSize) {
                carry = copyOf(in, start);
                passTo = start;
                break;
            }
            long length = lengthCode;
            if (lengthCode == 126) {
                length = ((in.get(start + 2) & 0xFF) << 8) | (in.get(start + 3) & 0xFF);
            } else if (lengthCode == 127) {
                length = 0;
                for (int i = 0; i < 8; i++) {
                    length = (length << 8) | (in.get(start + 2 + i) & 0xFF);
                }
                if (length < 0) {
                    length = Long.MAX_VALUE; // the top bit must be 0 (RFC 6455 5.2): too big anyway
                }
            }
            int opcode = b0 & 0x0F;
            boolean fin = (b0 & 0x80) != 0;
            if (opcode < 8) { // data frames: text, binary, continuation (control frames carry at most 125 bytes)
                long size = opcode == 0 ? saturatedAdd(messageSoFar, length) : length;
                if (size > max) {
                    deliver(in, passFrom, start);
                    trip(size);
                    return;
                }
                messageSoFar = fin ? 0 : size;
            }
            in.position(start + headerSize);
            payloadLeft = length;
        }
        deliver(in, passFrom, passTo);
    }

    private static long saturatedAdd(long a, long b) {
        long r = a + b;
        return r < 0 ? Long.MAX_VALUE : r;
    }

    private static ByteBuffer copyOf(ByteBuffer in, int from) {
        ByteBuffer c = ByteBuffer.allocate(in.limit() - from);
        c.put(in.duplicate().position(from)).flip();
        return c;
    }

    private void deliver(ByteBuffer in, int from, int to) {
        if (to > from) {
            delegate.handle(in.duplicate().position(from).limit(to).slice());
        }
    }

    private void trip(long size) {
        tripped = true;
        probe.tooBig(size);
        LOG.log(
                Level.DEBUG,
                "closing with 1009: an inbound message of {0} bytes is over maxMessageSize {1}",
                size,
                max);
        // a server close frame 1009 for Tyrus: it closes the session with that code and answers the server with it
        byte[] reason = REASON.getBytes(StandardCharsets.UTF_8);
        ByteBuffer close = ByteBuffer.allocate(4 + reason.length);
        close.put((byte) 0x88).put((byte) (2 + reason.length)).put((byte) 0x03).put((byte) 0xF1);
        close.put(reason).flip();
        delegate.handle(close);
        // the server answers our close with its own and closes; if it does not, the transport is closed after the grace
        Watchdog.schedule(
                () -> {
                    try {
                        writer.close();
                    } catch (IOException e) {
                        LOG.log(Level.DEBUG, "closing the transport after a 1009 failed: {0}", e.toString());
                    }
                },
                closeGrace.toNanos());
    }
}
