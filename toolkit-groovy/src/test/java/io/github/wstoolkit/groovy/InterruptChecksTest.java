package io.github.wstoolkit.groovy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import groovy.lang.GroovyShell;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.codehaus.groovy.control.CompilerConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Groovy code compiled with {@link InterruptChecks} stops when its thread is interrupted: loops, closures, methods. */
class InterruptChecksTest {

    private static GroovyShell shell(boolean checks) {
        CompilerConfiguration config = new CompilerConfiguration();
        if (checks) {
            config.addCompilationCustomizers(new InterruptChecks());
        }
        return new GroovyShell(config);
    }

    @AfterEach
    void clearInterrupt() {
        Thread.interrupted();
    }

    // each text interrupts its own thread, then enters the construct: its check must throw before it runs
    @ParameterizedTest
    @ValueSource(
            strings = {
                "Thread.currentThread().interrupt(); int n = 0; while (n < 3) { n++ }; n",
                "Thread.currentThread().interrupt(); int n = 0; for (i in 0..<3) { n++ }; n",
                "def c = { -> 3 }; Thread.currentThread().interrupt(); c()",
                "int m() { 3 }; Thread.currentThread().interrupt(); m()"
            })
    void aLoopAClosureOrAMethodEnteredOnAnInterruptedThreadThrows(String text) {
        InterruptedException e =
                assertThrows(InterruptedException.class, () -> shell(true).evaluate(text));
        assertEquals(
                "interrupted: the thread running this Groovy code was interrupted (a deadline, or Ctrl-C)",
                e.getMessage());
        Thread.interrupted();
        // without the customizer the same code runs to its end: the checks are what stop it
        assertEquals(3, shell(false).evaluate(text));
    }

    @Test
    void aRunawayLoopEndsWhenAnotherThreadInterruptsIt() throws Exception {
        GroovyShell groovy = shell(true);
        CountDownLatch started = new CountDownLatch(1);
        groovy.setVariable("started", started);
        CompletableFuture<Object> result = new CompletableFuture<>();
        Thread t = Thread.ofPlatform().daemon().start(() -> {
            try {
                result.complete(groovy.evaluate("started.countDown(); long i = 0; while (true) { i++ }"));
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        assertTrue(started.await(30, TimeUnit.SECONDS));
        t.interrupt();
        ExecutionException e = assertThrows(ExecutionException.class, () -> result.get(30, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof InterruptedException, () -> String.valueOf(e.getCause()));
        assertTrue(t.join(java.time.Duration.ofSeconds(30)));
        assertFalse(t.isAlive());
    }
}
