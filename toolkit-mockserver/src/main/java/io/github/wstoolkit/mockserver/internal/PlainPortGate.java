package io.github.wstoolkit.mockserver.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.EmptyCompletionHandler;
import org.glassfish.grizzly.Grizzly;
import org.glassfish.grizzly.WriteResult;
import org.glassfish.grizzly.attributes.Attribute;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainBuilder;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.filterchain.TransportFilter;
import org.glassfish.grizzly.http.server.AddOn;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.memory.Buffers;

/**
 * Answers a TLS client hello on the mock's plain port the way web servers do (nginx, Node's http): with a plain
 * {@code 400 Bad Request} and a close. Grizzly's HTTP parser would wait for a request line that never comes, so a
 * client pointed at {@code wss://} here would hang until its timeout instead of learning, at once, that the port does
 * not speak TLS.
 */
final class PlainPortGate extends BaseFilter {

    /** The first byte of a TLS record that carries a handshake message (RFC 8446 5.1, ContentType handshake). */
    private static final byte TLS_HANDSHAKE = 0x16;

    private static final Attribute<Boolean> CHECKED =
            Grizzly.DEFAULT_ATTRIBUTE_BUILDER.createAttribute(PlainPortGate.class.getName() + ".checked");

    private static final byte[] ANSWER = answer();

    private static byte[] answer() {
        String body = "This port of the wst mock server speaks plain HTTP and ws://, not TLS: use ws:// or http://.\n";
        return ("HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: "
                        + body.getBytes(StandardCharsets.UTF_8).length + "\r\nConnection: close\r\n\r\n" + body)
                .getBytes(StandardCharsets.UTF_8);
    }

    /** Installs the gate right after the transport, before the HTTP codec. */
    static AddOn addOn() {
        return new AddOn() {
            @Override
            public void setup(NetworkListener networkListener, FilterChainBuilder builder) {
                int idx = builder.indexOfType(TransportFilter.class);
                builder.add(idx + 1, new PlainPortGate());
            }
        };
    }

    @Override
    public NextAction handleRead(FilterChainContext ctx) throws IOException {
        Connection<?> connection = ctx.getConnection();
        if (CHECKED.isSet(connection) || !(ctx.getMessage() instanceof Buffer in) || !in.hasRemaining()) {
            return ctx.getInvokeAction();
        }
        CHECKED.set(connection, Boolean.TRUE);
        if (in.get(in.position()) != TLS_HANDSHAKE) {
            return ctx.getInvokeAction();
        }
        // Grizzly's FilterChainContext.write takes a raw CompletionHandler<WriteResult>.
        @SuppressWarnings("rawtypes")
        EmptyCompletionHandler<WriteResult> closeAfterWrite = new EmptyCompletionHandler<>() {
            @Override
            public void completed(WriteResult result) {
                connection.closeSilently();
            }

            @Override
            public void failed(Throwable throwable) {
                connection.closeSilently();
            }
        };
        ctx.write(Buffers.wrap(ctx.getMemoryManager(), ANSWER), closeAfterWrite);
        return ctx.getStopAction();
    }
}
