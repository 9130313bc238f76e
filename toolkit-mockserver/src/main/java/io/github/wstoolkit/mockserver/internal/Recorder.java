package io.github.wstoolkit.mockserver.internal;

import io.github.wstoolkit.mockserver.Fault;
import io.github.wstoolkit.mockserver.Handshake;
import io.github.wstoolkit.mockserver.JournalEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** The journal's live record of one connection; {@link #snapshot()} freezes it into a {@link JournalEntry}. */
final class Recorder {

    /** Frames kept per connection; later ones are counted in {@link #dropped} only. */
    static final int MAX_FRAMES = 10_000;

    private final long id;
    private final Instant opened;
    private final long openedNanos = System.nanoTime();
    private final Handshake handshake;
    private final List<JournalEntry.Message> received = new ArrayList<>();
    private String subprotocol;
    private int sent;
    private JournalEntry.Close close;
    private int refused;
    private Fault fault;

    Recorder(long id, Handshake handshake) {
        this.id = id;
        this.opened = Instant.now();
        this.handshake = handshake;
    }

    long id() {
        return id;
    }

    synchronized void subprotocol(String p) {
        subprotocol = p == null || p.isEmpty() ? null : p;
    }

    synchronized void received(boolean binary, byte[] data) {
        if (received.size() < MAX_FRAMES) {
            received.add(new JournalEntry.Message(Duration.ofNanos(System.nanoTime() - openedNanos), binary, data));
        }
    }

    synchronized void sent() {
        sent++;
    }

    /** Records the first close only. */
    synchronized boolean closed(int code, String reason, boolean byServer) {
        if (close != null) {
            return false;
        }
        close = new JournalEntry.Close(code, reason == null ? "" : reason, byServer);
        return true;
    }

    synchronized boolean isClosed() {
        return close != null;
    }

    synchronized void fault(Fault f) {
        fault = f;
    }

    synchronized void refused(int status) {
        refused = status;
    }

    synchronized JournalEntry snapshot() {
        return new JournalEntry(
                id,
                opened,
                handshake.path(),
                handshake.query(),
                handshake.headers(),
                Optional.ofNullable(subprotocol),
                received,
                sent,
                Optional.ofNullable(close),
                refused == 0 ? OptionalInt.empty() : OptionalInt.of(refused),
                Optional.ofNullable(fault));
    }
}
