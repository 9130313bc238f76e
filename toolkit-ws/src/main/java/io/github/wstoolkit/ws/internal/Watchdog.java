package io.github.wstoolkit.ws.internal;

import java.util.Iterator;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Deadlines that hold whatever the guarded code does: one platform daemon thread that runs timed actions (interrupting
 * a call at its deadline, ending a connect at its timeout, failing a TLS handshake that got no answer).
 *
 * <p>A platform thread, not a virtual one: a transform that loops pins the carrier thread of its virtual thread, and a
 * few such loops pin them all, so a virtual watchdog would never run. Groovy transforms are compiled to check for
 * interruption in their loops, so an interrupt from here ends them.
 *
 * <p>A coarse timer: the thread looks at its tasks every {@link #TICK_MILLIS} ms while it has any (and sleeps when it
 * has none), so an action runs up to a tick after its time. Every call schedules two deadlines (its own and its
 * connect's) and almost always ends long before them. Scheduling here is an append to a lock-free queue and
 * cancelling is a flag, where a {@code ScheduledThreadPoolExecutor} took a lock, kept a heap in order and woke its
 * thread for every deadline earlier than the ones it had, and a timed wait on a virtual thread (the connect's, before)
 * went through the virtual threads' own timer thread the same way (docs/performance.md, the fifth session).
 */
public final class Watchdog {

    /** How often the thread looks at its tasks while it has any; an action runs up to this late. */
    public static final long TICK_MILLIS = 10;

    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(TICK_MILLIS);

    private static final ConcurrentLinkedQueue<Task> TASKS = new ConcurrentLinkedQueue<>();

    /** True while the thread sleeps with no task: the next {@link #schedule} wakes it. */
    private static volatile boolean idle;

    private static final Thread THREAD =
            Thread.ofPlatform().daemon().name("wst-ws-watchdog").unstarted(Watchdog::loop);

    static {
        THREAD.start();
    }

    private Watchdog() {}

    /** A scheduled action; {@link #cancel()} it when its time no longer matters. */
    public static final class Task {
        private final long due;
        private final Runnable action;
        private volatile boolean cancelled;

        private Task(long due, Runnable action) {
            this.due = due;
            this.action = action;
        }

        /** The action will not run (unless it is running already). */
        public void cancel() {
            cancelled = true;
        }
    }

    /** Runs {@code action} after {@code delayNanos} (up to a tick later), on the watchdog thread. */
    public static Task schedule(Runnable action, long delayNanos) {
        Task t = new Task(System.nanoTime() + Math.max(0, delayNanos), action);
        TASKS.add(t);
        if (idle) {
            LockSupport.unpark(THREAD);
        }
        return t;
    }

    private static void loop() {
        while (true) {
            long now = System.nanoTime();
            boolean waiting = false;
            for (Iterator<Task> it = TASKS.iterator(); it.hasNext(); ) {
                Task t = it.next();
                if (t.cancelled) {
                    it.remove();
                } else if (now - t.due >= 0) {
                    it.remove();
                    try {
                        t.action.run();
                    } catch (RuntimeException | Error e) {
                        // an action's own failure; the others still run
                        System.getLogger(Watchdog.class.getName())
                                .log(System.Logger.Level.WARNING, "a watchdog action failed: {0}", e.toString());
                    }
                } else {
                    waiting = true;
                }
            }
            if (waiting) {
                LockSupport.parkNanos(Watchdog.class, TICK_NANOS);
            } else {
                // schedule() appends, then reads idle; this writes idle, then looks at the queue: one of the two
                // sees the other, so a task added meanwhile is never left asleep
                idle = true;
                if (TASKS.isEmpty()) {
                    LockSupport.park(Watchdog.class);
                }
                idle = false;
            }
        }
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
        private volatile Task task;
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
            Task t = task;
            if (t != null) {
                t.cancel();
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
