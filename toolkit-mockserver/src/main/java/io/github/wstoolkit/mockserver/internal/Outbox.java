package io.github.wstoolkit.mockserver.internal;

import java.util.ArrayDeque;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One connection's outgoing steps, run strictly in order. A step with no delay runs at once on the calling thread
 * when nothing is pending; a delayed step is scheduled on the shared scheduler, so no server thread ever waits.
 * {@link #halt()} drops everything pending and refuses new steps (a stall, a close).
 */
final class Outbox {

    private record Step(long delayMillis, Runnable action) {}

    // Steps added while a step of this outbox runs on this thread: they go first, in order, after it.
    private static final ThreadLocal<NestedSteps> NESTED = new ThreadLocal<>();

    private record NestedSteps(Outbox owner, java.util.List<Step> steps) {}

    private final ScheduledExecutorService scheduler;
    private final ArrayDeque<Step> steps = new ArrayDeque<>();
    private boolean busy;
    private boolean halted;

    Outbox(ScheduledExecutorService scheduler) {
        this.scheduler = scheduler;
    }

    void add(long delayMillis, Runnable action) {
        NestedSteps nested = NESTED.get();
        if (nested != null && nested.owner() == this) {
            nested.steps().add(new Step(delayMillis, action));
            return;
        }
        synchronized (this) {
            if (halted) {
                return;
            }
            steps.add(new Step(delayMillis, action));
            if (busy) {
                return;
            }
            busy = true;
        }
        drain();
    }

    /** Drops pending steps and every later one. */
    synchronized void halt() {
        halted = true;
        steps.clear();
    }

    synchronized boolean halted() {
        return halted;
    }

    private void drain() {
        while (true) {
            Step step;
            synchronized (this) {
                step = steps.poll();
                if (step == null || halted) {
                    busy = false;
                    return;
                }
            }
            if (step.delayMillis() > 0) {
                Step delayed = step;
                try {
                    scheduler.schedule(
                            () -> {
                                runStep(delayed);
                                drain();
                            },
                            delayed.delayMillis(),
                            TimeUnit.MILLISECONDS);
                } catch (RejectedExecutionException stopping) {
                    halt();
                    synchronized (this) {
                        busy = false;
                    }
                }
                return;
            }
            runStep(step);
        }
    }

    private void runStep(Step step) {
        synchronized (this) {
            if (halted) {
                return;
            }
        }
        NestedSteps previous = NESTED.get();
        NestedSteps nested = new NestedSteps(this, new java.util.ArrayList<>());
        NESTED.set(nested);
        try {
            step.action().run();
        } finally {
            NESTED.set(previous);
        }
        if (!nested.steps().isEmpty()) {
            synchronized (this) {
                if (!halted) {
                    for (int i = nested.steps().size() - 1; i >= 0; i--) {
                        steps.addFirst(nested.steps().get(i));
                    }
                }
            }
        }
    }
}
