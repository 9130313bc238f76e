package io.github.wstoolkit.groovy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The warm-up: nothing until started, one thread however often it is started, and Groovy used from another thread
 * meanwhile waits for it and then works. (Whether it saves time is measured by the benchmarks, docs/performance.md.)
 * One test method: the warm-up is once per JVM.
 */
class GroovyWarmUpTest {

    @Test
    void startsOnceAndGroovyUsedMeanwhileWaitsForItThenWorks() throws Exception {
        // no other test of this module starts it: awaiting returns at once
        assertFalse(GroovyWarmUp.isDone());
        CompletableFuture.runAsync(GroovyWarmUp::await).get(10, TimeUnit.SECONDS);
        assertFalse(GroovyWarmUp.isDone());

        GroovyWarmUp.start();
        GroovyWarmUp.start();
        // the shell's Groovy console, created while the warm-up may still run (its constructor awaits it)
        CompletableFuture<Object> evaluated = CompletableFuture.supplyAsync(() -> {
            try {
                return GroovyConsole.create().evaluate("JSON.parse('{\"a\":[1,2]}').a.sum()");
            } catch (GroovyConsoleException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertEquals(3, evaluated.get(60, TimeUnit.SECONDS));
        assertTrue(GroovyWarmUp.isDone(), "the console waited for the warm-up");

        List<Thread> warmUps = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("wst-groovy-warm-up"))
                .toList();
        assertTrue(warmUps.size() <= 1, "one warm-up thread at most, still finishing: " + warmUps);
        CompletableFuture.runAsync(GroovyWarmUp::await).get(10, TimeUnit.SECONDS);
    }
}
