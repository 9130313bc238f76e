package io.github.wstoolkit.groovy;

import io.github.wstoolkit.api.CallContext;
import io.github.wstoolkit.api.transform.StreamEvent;
import io.github.wstoolkit.api.transform.StreamResponse;
import io.github.wstoolkit.api.transform.TransformSource;
import io.github.wstoolkit.groovy.internal.GroovyTransformCompiler;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Groovy's compiler made ready ahead of its first use, on a thread of its own.
 *
 * <p>The first Groovy text a JVM compiles pays for Groovy itself: its compiler's classes, the parser's tables, the
 * scan of the default imports and the first call sites linked, about half a second of CPU on a small machine, while
 * every later text compiles in milliseconds. {@link #start()} does that work on a daemon thread, by compiling and
 * calling a small stream transform, so that it overlaps whatever its caller does meanwhile (the {@code wst} command
 * reads its arguments and its config). Every entry to Groovy's compiler in wstoolkit (the transform compiler, the
 * shell's Groovy console, the eval-script front end) first calls {@link #await()}: Groovy's classes are then never
 * initialised by two threads at once. Without {@code start()} nothing changes: {@code await()} returns at once.
 */
public final class GroovyWarmUp {

    private static final AtomicReference<Thread> THREAD = new AtomicReference<>();
    private static final CompletableFuture<Void> DONE = new CompletableFuture<>();

    private GroovyWarmUp() {}

    /** Starts the warm-up, once per JVM; later calls do nothing. */
    public static void start() {
        Thread t = Thread.ofPlatform().daemon().name("wst-groovy-warm-up").unstarted(() -> {
            try {
                run();
            } catch (Exception | LinkageError e) {
                // the warm-up only saves time: whatever failed here fails again, with its message, where the
                // compiler is used for real
            } finally {
                DONE.complete(null);
            }
        });
        if (THREAD.compareAndSet(null, t)) {
            t.start();
        }
    }

    /**
     * Waits for a warm-up {@link #start() started} in this JVM to finish; returns at once when none was started, and
     * on the warm-up's own thread.
     */
    public static void await() {
        Thread t = THREAD.get();
        if (t != null && t != Thread.currentThread()) {
            DONE.join();
        }
    }

    /** {@return whether a warm-up was started and has finished} */
    public static boolean isDone() {
        return DONE.isDone();
    }

    // what a config's transforms do: a closure that parses a frame's JSON and returns a list of a map and a boolean
    private static void run() throws Exception {
        StreamResponse s = new GroovyTransformCompiler()
                .streamResponse(TransformSource.inline(
                        "streamResponse",
                        "{ acc, event, ctx -> def m = JSON.parse(event.data);"
                                + " m.type == 'message' ? [[output: m.message], true] : [acc, false] }"));
        s.apply(
                null,
                StreamEvent.text("{\"type\":\"message\",\"message\":\"warm\"}", 0, Duration.ZERO),
                CallContext.EMPTY);
    }
}
