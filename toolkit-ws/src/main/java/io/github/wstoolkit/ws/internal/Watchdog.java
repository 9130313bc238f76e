package io.github.wstoolkit.ws.internal;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Deadlines that hold whatever the guarded code does: one platform daemon thread that runs timed actions (interrupting
 * a call at its deadline, failing a TLS handshake that got no answer).
 *
 * <p>A platform thread, not a virtual one: a transform that loops pins the carrier thread of its virtual thread, and a
 * few such loops pin them all, so a virtual watchdog would never run. Groovy transforms are compiled to check for
 * interruption in their loops, so an interrupt from here ends them.
 */
public final class Watchdog {

    private static final ScheduledThreadPoolExecutor TIMER = timer();

    private Watchdog() {}

    private static ScheduledThreadPoolExecutor timer() {
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
            Thread th = new Thread(r, "wst-ws-watchdog");
            th.setDaemon(true);
            return th;
        });
        // a call usually ends long before its deadline: drop its cancelled task at once, not when it would have run
        t.setRemoveOnCancelPolicy(true);
        return t;
    }

    /** Runs {@code action} after {@code delayNanos}, on the watchdog thread; cancel the returned future to skip it. */
    public static ScheduledFuture<?> schedule(Runnable action, long delayNanos) {
        return TIMER.schedule(action, Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
    }

    /**
     * Interrupts the calling thread when {@code deadlineNanos} ({@link System#nanoTime()} based) passes, until the
     * returned guard is closed. Closing the guard consumes the interrupt it caused, so no stray interrupt outlives the
     * guarded code.
     */
    public static Guard interruptAt(long deadlineNanos) {
        Guard g = new Guard(Thread.currentThread());
        g.task = schedule(g::fire, deadlineNanos - System.nanoTime());
        return g;
    }

    /** The deadline of one guarded section of code. */
    public static final class Guard implements AutoCloseable {
        private final Thread thread;
        private final ReentrantLock lock = new ReentrantLock();
        private volatile ScheduledFuture<?> task;
        private boolean closed; // guarded by lock
        private volatile boolean fired;

        private Guard(Thread thread) {
            this.thread = thread;
        }

        private void fire() {
            lock.lock();
            try {
                if (!closed) {
                    fired = true;
                    thread.interrupt();
                }
            } finally {
                lock.unlock();
            }
        }

        /** True once the deadline passed while the guarded code ran (and the thread was interrupted for it). */
        public boolean fired() {
            return fired;
        }

        /** Ends the guard; when it fired, clears the interrupt it caused. Call on the guarded thread. */
        @Override
        public void close() {
            ScheduledFuture<?> t = task;
            if (t != null) {
                t.cancel(false);
            }
            lock.lock();
            try {
                closed = true;
                if (fired) {
                    // fire() interrupted under the lock, so the interrupt has landed by now: consume it
                    Thread.interrupted();
                }
            } finally {
                lock.unlock();
            }
        }
    }
}
