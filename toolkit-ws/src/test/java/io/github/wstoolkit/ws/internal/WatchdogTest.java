package io.github.wstoolkit.ws.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class WatchdogTest {

    private static long ms(long millis) {
        return Duration.ofMillis(millis).toNanos();
    }

    @Test
    void anActionRunsAfterItsDelayOnTheWatchdogThread() throws Exception {
        long scheduled = System.nanoTime();
        CompletableFuture<Long> ran = new CompletableFuture<>();
        CompletableFuture<String> thread = new CompletableFuture<>();
        Watchdog.schedule(
                () -> {
                    ran.complete(System.nanoTime());
                    thread.complete(Thread.currentThread().getName());
                },
                ms(30));
        long at = ran.get(10, TimeUnit.SECONDS);
        assertTrue(at - scheduled >= ms(30), "not before its time");
        assertEquals("wst-ws-watchdog", thread.get());
    }

    @Test
    void aCancelledActionNeverRunsAndTheOthersDo() throws Exception {
        AtomicBoolean cancelledRan = new AtomicBoolean();
        List<String> order = new CopyOnWriteArrayList<>();
        CountDownLatch both = new CountDownLatch(2);
        Watchdog.Task cancelled = Watchdog.schedule(() -> cancelledRan.set(true), ms(5));
        Watchdog.schedule(
                () -> {
                    order.add("early");
                    both.countDown();
                },
                ms(1));
        // an action that fails does not stop the ones after it
        Watchdog.schedule(
                () -> {
                    throw new IllegalStateException("an action's own failure");
                },
                ms(2));
        Watchdog.schedule(
                () -> {
                    order.add("late");
                    both.countDown();
                },
                ms(60));
        cancelled.cancel();
        assertTrue(both.await(10, TimeUnit.SECONDS));
        assertEquals(List.of("early", "late"), order);
        assertFalse(cancelledRan.get(), "the late action ran after the cancelled one's time, and it did not run");
    }

    @Test
    void aTaskScheduledAfterTheWatchdogFellAsleepWakesIt() throws Exception {
        // nothing pending: the thread sleeps until a task comes (many times over, to meet the race between the two)
        for (int i = 0; i < 50; i++) {
            CompletableFuture<Void> ran = new CompletableFuture<>();
            Watchdog.schedule(() -> ran.complete(null), 0);
            ran.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aGuardInterruptsItsThreadAtTheDeadlineAndClosingItConsumesTheInterrupt() throws Exception {
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Object> outcome = pool.submit(() -> {
                Watchdog.Guard g = Watchdog.interruptAt(System.nanoTime() + ms(20));
                try {
                    new CountDownLatch(1).await(30, TimeUnit.SECONDS); // only the guard ends this
                    return "not interrupted";
                } catch (InterruptedException e) {
                    boolean fired = g.fired();
                    Thread.currentThread().interrupt(); // as if the interrupt were still pending at close
                    g.close();
                    return List.of(fired, Thread.currentThread().isInterrupted());
                }
            });
            assertEquals(List.of(true, false), outcome.get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void aGuardClosedBeforeItsDeadlineNeverInterrupts() throws Exception {
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Object> outcome = pool.submit(() -> {
                Watchdog.Guard g = Watchdog.interruptAt(System.nanoTime() + ms(20));
                g.close();
                // well past the deadline, on the watchdog's own clock: a task scheduled later has run
                CompletableFuture<Void> after = new CompletableFuture<>();
                Watchdog.schedule(() -> after.complete(null), ms(60));
                after.get(10, TimeUnit.SECONDS);
                return List.of(g.fired(), Thread.currentThread().isInterrupted());
            });
            Object r = outcome.get(10, TimeUnit.SECONDS);
            assertInstanceOf(List.class, r);
            assertEquals(List.of(false, false), r);
        }
    }
}
