package io.github.wstoolkit.eval.internal;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Deadlines the engine enforces whatever the code under them does: the code runs on a thread of its own, and the
 * caller stops waiting at the deadline, interrupts it and goes on, whether or not it ever returns.
 *
 * <p>Not an executor closed with try-with-resources: {@code close()} waits for the task, so a task that ignores the
 * interrupt (a loop) would hold the caller forever. The interrupt comes from a platform thread: a few transforms that
 * loop on virtual threads pin every carrier thread, and then no virtual thread, the waiting caller included, runs
 * again until they stop; Groovy code is compiled to stop on the interrupt, which frees the carriers.
 */
public final class Deadlines {

    private static final ScheduledThreadPoolExecutor WATCHDOG = watchdog();

    private Deadlines() {}

    private static ScheduledThreadPoolExecutor watchdog() {
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
            Thread th = new Thread(r, "wst-eval-watchdog");
            th.setDaemon(true);
            return th;
        });
        t.setRemoveOnCancelPolicy(true);
        return t;
    }

    /**
     * Runs {@code body} on a new virtual thread named {@code name} and returns its value, or throws
     * {@link TimeoutException} when {@code deadlineNanos} ({@link System#nanoTime()} based) passes first; the thread
     * is then interrupted and abandoned.
     *
     * @throws ExecutionException when the body threw (its cause)
     * @throws InterruptedException when the caller is interrupted while waiting (the body is interrupted too)
     */
    public static <T> T callBefore(long deadlineNanos, String name, Callable<T> body)
            throws TimeoutException, ExecutionException, InterruptedException {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread worker = Thread.ofVirtual().name(name).unstarted(() -> {
            try {
                result.complete(body.call());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        long left = deadlineNanos - System.nanoTime();
        ScheduledFuture<?> alarm = WATCHDOG.schedule(
                () -> {
                    if (!result.isDone()) {
                        worker.interrupt();
                    }
                },
                Math.max(0, left),
                TimeUnit.NANOSECONDS);
        worker.start();
        try {
            return result.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            worker.interrupt();
            throw e;
        } catch (InterruptedException e) {
            worker.interrupt();
            throw e;
        } finally {
            alarm.cancel(false);
        }
    }
}
