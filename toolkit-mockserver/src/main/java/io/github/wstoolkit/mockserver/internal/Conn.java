package io.github.wstoolkit.mockserver.internal;

import io.github.wstoolkit.mockserver.Chunking;
import io.github.wstoolkit.mockserver.Fault;
import io.github.wstoolkit.mockserver.Handshake;
import io.github.wstoolkit.mockserver.MockConnection;
import io.github.wstoolkit.mockserver.Scenario;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/** A {@link MockConnection} over a Tyrus session; paces answers by the connection's scenario. */
public final class Conn implements MockConnection {

    private static final System.Logger LOG = System.getLogger(Conn.class.getName());
    private static final byte[] BINARY_FAULT = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};

    private final Session session;
    private final Handshake handshake;
    private final Scenario scenario;
    private final Recorder recorder;
    private final Journal journal;
    private final Outbox outbox;
    private final Pacer pacer;
    private final Map<String, Object> attributes = new ConcurrentHashMap<>();
    private boolean faultUsed;
    private final AtomicBoolean ended = new AtomicBoolean();

    Conn(
            Session session,
            Handshake handshake,
            Scenario scenario,
            Recorder recorder,
            Journal journal,
            Outbox outbox,
            long defaultGapMillis) {
        this.session = session;
        this.handshake = handshake;
        this.scenario = scenario;
        this.recorder = recorder;
        this.journal = journal;
        this.outbox = outbox;
        this.pacer = new Pacer(scenario, Duration.ofMillis(defaultGapMillis));
    }

    @Override
    public long id() {
        return recorder.id();
    }

    @Override
    public String path() {
        return handshake.path();
    }

    @Override
    public Map<String, List<String>> query() {
        return handshake.query();
    }

    @Override
    public Map<String, List<String>> requestHeaders() {
        return handshake.headers();
    }

    @Override
    public Optional<String> subprotocol() {
        String p = session.getNegotiatedSubprotocol();
        return p == null || p.isEmpty() ? Optional.empty() : Optional.of(p);
    }

    @Override
    public Scenario scenario() {
        return scenario;
    }

    @Override
    public Map<String, Object> attributes() {
        return attributes;
    }

    @Override
    public void sendText(String text) {
        outbox.add(0, () -> sendNow(text));
    }

    @Override
    public void sendBinary(byte[] data) {
        byte[] copy = data.clone();
        outbox.add(0, () -> sendNow(copy));
    }

    @Override
    public void close(int code, String reason) {
        outbox.add(0, () -> closeNow(code, reason));
    }

    @Override
    public void schedule(Duration delay, Runnable action) {
        outbox.add(Math.max(0, delay.toMillis()), action);
    }

    @Override
    public boolean isOpen() {
        return session.isOpen() && !recorder.isClosed();
    }

    /** How this connection cuts answer text into deltas. */
    public List<String> chunks(String text) {
        return scenario.chunking().orElse(Chunking.ONE_WORD).split(text);
    }

    /**
     * Queues an answer: the first frame after {@code ttfb}, the others {@code gap} apart (each moved by the seeded
     * jitter); the connection's fault, once, after {@code after} frames and before the last one.
     */
    public void answer(Answer answer) {
        List<String> frames = answer.frames();
        Fault fault = null;
        int faultAt = -1;
        synchronized (this) {
            if (!faultUsed && scenario.fault().isPresent() && !(scenario.fault().get() instanceof Fault.Refuse)) {
                faultUsed = true;
                fault = scenario.fault().get();
                faultAt = Math.max(0, Math.min(scenario.faultAfter().orElse(1), frames.size() - 1));
            }
        }
        int sentSoFar = 0;
        for (int i = 0; i <= frames.size(); i++) {
            if (i == faultAt) {
                long delay = delay(sentSoFar++);
                Fault fired = fault;
                outbox.add(delay, () -> {
                    recorder.fault(fired);
                    journal.changed();
                });
                delay = 0;
                switch (fault) {
                    case Fault.Close c -> {
                        outbox.add(delay, () -> closeNow(c.code(), c.reason()));
                        return;
                    }
                    case Fault.Stall s -> {
                        outbox.add(delay, outbox::halt);
                        return;
                    }
                    case Fault.ErrorFrame e -> {
                        String frame = answer.errorFrame().apply(e.message());
                        outbox.add(delay, () -> sendNow(frame));
                        return;
                    }
                    case Fault.Malformed m -> outbox.add(delay, () -> sendNow(Fault.Malformed.FRAME));
                    case Fault.Binary b -> outbox.add(delay, () -> sendNow(BINARY_FAULT));
                    case Fault.Oversized o -> outbox.add(delay, () -> sendNow(oversized(o.bytes())));
                    case Fault.Refuse r -> throw new IllegalStateException("refusals happen at the handshake");
                }
            }
            if (i == frames.size()) {
                break;
            }
            String frame = frames.get(i);
            outbox.add(delay(sentSoFar++), () -> sendNow(frame));
        }
    }

    private long delay(int index) {
        return pacer.next(index == 0).toMillis();
    }

    static String oversized(int bytes) {
        String head = "{\"type\":\"padding\",\"data\":\"";
        String tail = "\"}";
        return head + "x".repeat(Math.max(0, bytes - head.length() - tail.length())) + tail;
    }

    /**
     * Sends at once, ahead of queued frames (an error about a request that cannot wait for the current answer to
     * finish, as a real server would interleave it).
     */
    public void sendUrgent(String text) {
        sendNow(text);
    }

    void sendNow(String text) {
        if (!session.isOpen()) {
            outbox.halt();
            return;
        }
        try {
            synchronized (session) {
                session.getBasicRemote().sendText(text);
            }
            recorder.sent();
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.DEBUG, "connection #" + id() + ": send failed: " + e);
            outbox.halt();
        }
    }

    void sendNow(byte[] data) {
        if (!session.isOpen()) {
            outbox.halt();
            return;
        }
        try {
            synchronized (session) {
                session.getBasicRemote().sendBinary(ByteBuffer.wrap(data));
            }
            recorder.sent();
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.DEBUG, "connection #" + id() + ": send failed: " + e);
            outbox.halt();
        }
    }

    /** Closes at once (not queued): faults, handler errors and server shutdown. */
    public void closeNow(int code, String reason) {
        outbox.halt();
        if (recorder.closed(code, reason, true)) {
            journal.changed();
        }
        try {
            if (session.isOpen()) {
                session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason));
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.DEBUG, "connection #" + id() + ": close failed: " + e);
        }
    }

    void received(boolean binary, byte[] data) {
        recorder.received(binary, data);
        journal.changed();
    }

    /** The peer closed or the transport ended; true when this is the first close recorded. */
    boolean closedByPeer(int code, String reason) {
        outbox.halt();
        boolean first = recorder.closed(code, reason, false);
        journal.changed();
        return first;
    }

    Recorder recorder() {
        return recorder;
    }

    /** True the first time only: the connection's end is handled (its close callback run, its entry reported) once. */
    boolean end() {
        return ended.compareAndSet(false, true);
    }

    Handshake handshake() {
        return handshake;
    }
}
