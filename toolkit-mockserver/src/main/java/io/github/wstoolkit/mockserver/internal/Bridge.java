package io.github.wstoolkit.mockserver.internal;

import io.github.wstoolkit.mockserver.Handshake;
import io.github.wstoolkit.mockserver.Scenario;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The Tyrus endpoint of one connection: turns Tyrus callbacks into {@link io.github.wstoolkit.mockserver.MockHandler} calls. */
public final class Bridge extends Endpoint {

    static final String HANDSHAKE = "wst.mock.handshake";
    static final String SCENARIO = "wst.mock.scenario";
    static final String RECORDER = "wst.mock.recorder";

    private static final System.Logger LOG = System.getLogger(Bridge.class.getName());

    /** Largest message a client may send, in bytes. */
    static final int MAX_MESSAGE = 16 * 1024 * 1024;

    private final ServerCore core;
    private final Route route;
    private volatile Conn conn;

    Bridge(ServerCore core, Route route) {
        this.core = core;
        this.route = route;
    }

    @FunctionalInterface
    private interface Call {
        void run() throws Exception;
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        Map<String, Object> props = config.getUserProperties();
        Handshake hs = (Handshake) props.get(HANDSHAKE);
        Scenario scenario = (Scenario) props.get(SCENARIO);
        Recorder recorder = (Recorder) props.get(RECORDER);
        Conn c = new Conn(
                session,
                hs,
                scenario,
                recorder,
                core.journal(),
                new Outbox(core.scheduler()),
                route.defaultGapMillis());
        conn = c;
        recorder.subprotocol(session.getNegotiatedSubprotocol());
        session.setMaxTextMessageBufferSize(MAX_MESSAGE);
        session.setMaxBinaryMessageBufferSize(MAX_MESSAGE);
        core.opened(c);
        session.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> {
            c.received(false, text.getBytes(StandardCharsets.UTF_8));
            call(c, () -> route.handler().onMessage(c, text));
        });
        session.addMessageHandler(ByteBuffer.class, (MessageHandler.Whole<ByteBuffer>) buf -> {
            byte[] data = new byte[buf.remaining()];
            buf.get(data);
            c.received(true, data);
            call(c, () -> route.handler().onBinary(c, data));
        });
        call(c, () -> route.handler().onOpen(c));
    }

    private void call(Conn c, Call action) {
        synchronized (c) {
            try {
                action.run();
            } catch (Exception | LinkageError e) {
                LOG.log(Level.WARNING, "connection #" + c.id() + " " + c.path() + ": handler failed: " + e, e);
                c.closeNow(1011, "Handler error");
            }
        }
    }

    @Override
    public void onClose(Session session, CloseReason reason) {
        Conn c = conn;
        if (c == null) {
            return;
        }
        c.closedByPeer(reason.getCloseCode().getCode(), reason.getReasonPhrase());
        core.closed(c, () -> {
            synchronized (c) {
                route.handler().onClose(c, reason.getCloseCode().getCode(), reason.getReasonPhrase());
            }
        });
    }

    @Override
    public void onError(Session session, Throwable thr) {
        Conn c = conn;
        LOG.log(Level.DEBUG, "connection #" + (c == null ? "?" : c.id()) + ": " + thr);
    }
}
