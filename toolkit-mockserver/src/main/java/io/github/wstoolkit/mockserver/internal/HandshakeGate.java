package io.github.wstoolkit.mockserver.internal;

import io.github.wstoolkit.mockserver.Refusal;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.EmptyCompletionHandler;
import org.glassfish.grizzly.Grizzly;
import org.glassfish.grizzly.WriteResult;
import org.glassfish.grizzly.attributes.Attribute;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainBuilder;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.HttpContent;
import org.glassfish.grizzly.http.HttpHeader;
import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.http.HttpResponsePacket;
import org.glassfish.grizzly.http.Protocol;
import org.glassfish.grizzly.http.server.AddOn;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.memory.Buffers;
import org.glassfish.tyrus.container.grizzly.server.GrizzlyServerFilter;

/**
 * Sits before Tyrus' filter and decides on each WebSocket handshake first: a scenario or handler refusal, or a bad
 * scenario parameter, is answered with an HTTP error response and the connection closed; everything else goes on to
 * Tyrus. (Tyrus itself cannot refuse with 401 or 503: it treats those statuses as an upgrade.)
 */
final class HandshakeGate extends BaseFilter {

    private static final Attribute<Boolean> DECIDED =
            Grizzly.DEFAULT_ATTRIBUTE_BUILDER.createAttribute(HandshakeGate.class.getName() + ".decided");

    private final ServerCore core;

    HandshakeGate(ServerCore core) {
        this.core = core;
    }

    /** Installs the gate right before Tyrus' filter (register it after Tyrus' add-on). */
    static AddOn addOn(ServerCore core) {
        return new AddOn() {
            @Override
            public void setup(NetworkListener networkListener, FilterChainBuilder builder) {
                int idx = builder.indexOfType(GrizzlyServerFilter.class);
                if (idx < 0) {
                    throw new IllegalStateException("Tyrus' WebSocket filter is not installed");
                }
                builder.add(idx, new HandshakeGate(core));
            }
        };
    }

    @Override
    public NextAction handleRead(FilterChainContext ctx) throws IOException {
        if (!(ctx.getMessage() instanceof HttpContent content)) {
            return ctx.getInvokeAction();
        }
        Connection<?> connection = ctx.getConnection();
        if (DECIDED.isSet(connection)) {
            return ctx.getInvokeAction();
        }
        HttpHeader header = content.getHttpHeader();
        if (!header.isRequest() || !"websocket".equalsIgnoreCase(header.getUpgrade())) {
            return ctx.getInvokeAction();
        }
        HttpRequestPacket request = (HttpRequestPacket) header;
        if (!core.hasRoute(request.getRequestURI())) {
            // Tyrus passes it on to the HTTP routes (404); the connection may carry another handshake later
            return ctx.getInvokeAction();
        }
        DECIDED.set(connection, Boolean.TRUE);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String name : request.getHeaders().names()) {
            List<String> values = new ArrayList<>();
            request.getHeaders().values(name).forEach(values::add);
            headers.put(name, values);
        }
        Optional<Refusal> refusal = core.gate(request.getRequestURI(), request.getQueryString(), headers);
        if (refusal.isEmpty()) {
            return ctx.getInvokeAction();
        }
        Refusal r = refusal.get();
        HttpResponsePacket response = request.getResponse();
        response.setProtocol(Protocol.HTTP_1_1);
        response.setStatus(r.status());
        byte[] body = r.body().getBytes(StandardCharsets.UTF_8);
        response.setContentType(r.contentType());
        response.setContentLength(body.length);
        r.headers().forEach(response::setHeader);
        response.setHeader("Connection", "close");
        HttpContent out = HttpContent.builder(response)
                .content(Buffers.wrap(ctx.getMemoryManager(), body))
                .last(true)
                .build();
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
        ctx.write(out, closeAfterWrite);
        return ctx.getStopAction();
    }
}
