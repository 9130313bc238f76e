package io.github.wstoolkit.mockserver.internal;

import io.github.wstoolkit.mockserver.JournalEntry;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/** Every connection's {@link Recorder}, newest last, bounded (the oldest are dropped). */
final class Journal {

    private final int limit;
    private final ArrayDeque<Recorder> recorders = new ArrayDeque<>();

    Journal(int limit) {
        this.limit = limit;
    }

    synchronized void add(Recorder r) {
        recorders.add(r);
        while (recorders.size() > limit) {
            recorders.poll();
        }
        notifyAll();
    }

    /** Wakes {@link #await} callers: a recorder changed. */
    synchronized void changed() {
        notifyAll();
    }

    synchronized List<JournalEntry> snapshot() {
        List<JournalEntry> out = new ArrayList<>(recorders.size());
        for (Recorder r : recorders) {
            out.add(r.snapshot());
        }
        return out;
    }

    synchronized void clear() {
        recorders.clear();
        notifyAll();
    }

    synchronized List<JournalEntry> await(Predicate<List<JournalEntry>> condition, Duration timeout)
            throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<JournalEntry> s = snapshot();
            if (condition.test(s)) {
                return s;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new TimeoutException("journal condition not met within " + timeout.toMillis() + " ms; journal: "
                        + s.stream().map(JournalEntry::summary).toList());
            }
            long ms = Math.max(1, left / 1_000_000);
            wait(ms);
        }
    }
}
