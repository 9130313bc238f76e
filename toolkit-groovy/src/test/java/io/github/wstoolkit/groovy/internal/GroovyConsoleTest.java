package io.github.wstoolkit.groovy.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wstoolkit.groovy.GroovyConsole;
import io.github.wstoolkit.groovy.GroovyConsoleException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class GroovyConsoleTest {

    private final GroovyConsole groovy = GroovyConsole.create();

    @Test
    void variablesPersistAcrossSnippetsIncludingALeadingDef() throws Exception {
        assertEquals(41, groovy.evaluate("x = 41"));
        assertEquals(42, groovy.evaluate("x + 1"));
        groovy.evaluate("def greeting = 'hi'");
        assertEquals("hi there", groovy.evaluate("\"$greeting there\""));
        groovy.evaluate("var n = [1, 2, 3]");
        assertEquals(6, groovy.evaluate("n.sum()"));
        assertTrue(groovy.variableNames().containsAll(List.of("x", "greeting", "n", "JSON")));
        assertFalse(groovy.variableNames().contains("out"));
        // a def inside a later statement stays local, as in any Groovy script
        groovy.evaluate("1; def local = 5");
        assertFalse(groovy.variableNames().contains("local"));
    }

    @Test
    void hostVariablesAreSeenAsPlainValues() throws Exception {
        Map<String, Object> last = Map.of("choices", List.of(Map.of("message", Map.of("content", "Hello"))));
        groovy.setVariable("last", last);
        groovy.setVariable("frames", List.of(Map.of("type", "delta"), Map.of("type", "done")));
        Map<String, Object> vars = new LinkedHashMap<>();
        groovy.setVariable("vars", vars);
        assertEquals("Hello", groovy.evaluate("last.choices[0].message.content"));
        assertEquals(2, groovy.evaluate("frames.size()"));
        assertEquals(List.of("delta", "done"), groovy.evaluate("frames*.type"));
        groovy.evaluate("vars.lang = 'fr'");
        assertEquals("fr", vars.get("lang"), "the host's map is the one the snippet writes");
        assertEquals(Map.of("a", 1), groovy.evaluate("JSON.parse('{\"a\":1}')"));
        assertEquals("{\"a\":\"b1\"}", groovy.evaluate("def v = 1; JSON.stringify([a: \"b$v\"])"));
        assertEquals(List.of(1, 2), groovy.evaluate("[1, 2] as int[]"), "arrays come back as lists");
    }

    @Test
    void compileErrorsNameLineAndColumn() {
        GroovyConsoleException e =
                assertThrows(GroovyConsoleException.class, () -> groovy.evaluate("a = 1\nb = 2\nc = )"));
        assertEquals(GroovyConsoleException.Kind.COMPILE, e.kind());
        assertEquals(OptionalInt.of(3), e.line());
        assertTrue(e.column().isPresent());
        assertTrue(e.getMessage().startsWith("line 3, column "), e.getMessage());
        assertFalse(e.getMessage().contains("startup failed"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void runtimeErrorsNameTheLineAndReadWithoutGeneratedClassNames() {
        GroovyConsoleException e =
                assertThrows(GroovyConsoleException.class, () -> groovy.evaluate("x = 1\nnoSuchThing.size()"));
        assertEquals(GroovyConsoleException.Kind.RUNTIME, e.kind());
        assertEquals("line 2: No such property: noSuchThing", e.getMessage());
        assertInstanceOf(groovy.lang.MissingPropertyException.class, e.getCause());

        GroovyConsoleException div = assertThrows(GroovyConsoleException.class, () -> groovy.evaluate("1 / 0"));
        assertEquals("line 1: ArithmeticException: Division by zero", div.getMessage());

        GroovyConsoleException thrown = assertThrows(
                GroovyConsoleException.class, () -> groovy.evaluate("throw new IllegalStateException('boom')"));
        assertEquals("line 1: IllegalStateException: boom", thrown.getMessage());
    }

    @Test
    void printlnGoesToTheHostsWriter() throws Exception {
        StringWriter out = new StringWriter();
        groovy.setOutput(out);
        groovy.evaluate("[1, 2].each { println it }");
        assertEquals("1" + System.lineSeparator() + "2" + System.lineSeparator(), out.toString());
        groovy.evaluate("x = 1");
        groovy.setVariable("host", "h");
        assertTrue(groovy.variableNames().containsAll(List.of("x", "host")));
        groovy.reset();
        groovy.evaluate("println 'still here'");
        assertTrue(out.toString().endsWith("still here" + System.lineSeparator()), "reset keeps the output");
        assertEquals(List.of("JSON"), List.copyOf(groovy.variableNames()), "reset forgets all but JSON");
        assertEquals(Map.of("a", 1), groovy.evaluate("JSON.parse('{\"a\": 1}')"));
    }

    @Test
    void compileErrorsKeepOnlyTheUsefulLineOfTheCompilersMessage() {
        GroovyConsoleException e = assertThrows(GroovyConsoleException.class, () -> groovy.evaluate("def x = [1,"));
        assertEquals(GroovyConsoleException.Kind.COMPILE, e.kind());
        assertFalse(e.problem().isBlank());
        assertFalse(e.problem().contains("\n") || e.problem().startsWith("startup failed"), e.problem());
        assertEquals(
                "line " + e.line().orElseThrow() + ", column " + e.column().orElseThrow() + ": " + e.problem(),
                e.getMessage());
    }

    @Test
    void errorsWithoutALocationAreTheProblemAlone() {
        GroovyConsoleException none =
                new GroovyConsoleException(GroovyConsoleException.Kind.RUNTIME, "boom", 0, 0, null);
        assertEquals("boom", none.getMessage());
        assertEquals(OptionalInt.empty(), none.line());
        assertEquals(OptionalInt.empty(), none.column());
        GroovyConsoleException lineOnly =
                new GroovyConsoleException(GroovyConsoleException.Kind.RUNTIME, "boom", 1, 0, null);
        assertEquals("line 1: boom", lineOnly.getMessage());
        assertEquals(OptionalInt.of(1), lineOnly.line());
        GroovyConsoleException both =
                new GroovyConsoleException(GroovyConsoleException.Kind.COMPILE, "bad", 1, 1, null);
        assertEquals("line 1, column 1: bad", both.getMessage());
        assertEquals(OptionalInt.of(1), both.column());
        assertEquals("bad", both.problem());
    }

    @Test
    void runtimeErrorsWithoutAMessageNameTheException() {
        GroovyConsoleException e =
                assertThrows(GroovyConsoleException.class, () -> groovy.evaluate("throw new RuntimeException()"));
        assertEquals("line 1: RuntimeException", e.getMessage());
        GroovyConsoleException blank = assertThrows(
                GroovyConsoleException.class, () -> groovy.evaluate("x = 1\nthrow new IllegalStateException(' ')"));
        assertEquals("line 2: IllegalStateException", blank.getMessage());
        GroovyConsoleException multi = assertThrows(
                GroovyConsoleException.class, () -> groovy.evaluate("throw new IllegalStateException('a\\nb')"));
        assertEquals("line 1: IllegalStateException: a", multi.getMessage());
    }

    @Test
    void aRunawayLoopStopsWhenItsThreadIsInterrupted() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        groovy.setVariable("started", started);
        List<Thread> thread = new ArrayList<>();
        CompletableFuture<Object> result = new CompletableFuture<>();
        Thread t = Thread.ofVirtual().start(() -> {
            try {
                result.complete(groovy.evaluate("i = 0; started.countDown(); while (true) { i++ }"));
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        thread.add(t);
        assertTrue(started.await(30, TimeUnit.SECONDS));
        t.interrupt();
        ExecutionException e = assertThrows(ExecutionException.class, () -> result.get(30, TimeUnit.SECONDS));
        assertInstanceOf(InterruptedException.class, e.getCause());
        // the console is usable afterwards, and keeps what the interrupted snippet assigned
        assertEquals(2, groovy.evaluate("1 + 1"));
        assertInstanceOf(Integer.class, groovy.evaluate("i"), "i = 0 ran before the loop, whenever the interrupt came");
    }

    @Test
    void variablesAreReadByNameAndAsASnapshot() throws Exception {
        groovy.evaluate("x = 5; y = null");
        assertEquals(java.util.Optional.of(5), groovy.variable("x"));
        assertEquals(java.util.Optional.empty(), groovy.variable("y"));
        assertEquals(java.util.Optional.empty(), groovy.variable("nope"));
        Map<String, Object> snapshot = groovy.variables();
        assertEquals(5, snapshot.get("x"));
        assertTrue(snapshot.containsKey("y"));
        assertFalse(snapshot.containsKey("out"));
        groovy.evaluate("x = 6");
        assertEquals(5, snapshot.get("x"));
    }
}
