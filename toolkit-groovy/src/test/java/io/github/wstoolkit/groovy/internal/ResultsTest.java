package io.github.wstoolkit.groovy.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wstoolkit.api.transform.StreamStep;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** promptfoo's {@code [accumulator, complete]} pair read from whatever a Groovy transform returns. */
class ResultsTest {

    @Test
    void aPairFromAListAnArrayOrAnyIterable() {
        assertEquals(new StreamStep("a", true), Results.toStep(List.of("a", true)));
        assertEquals(new StreamStep("a", true), Results.toStep(new Object[] {"a", true}));
        assertEquals(new StreamStep("a", true), Results.toStep(new LinkedHashSet<>(List.of("a", true))));
        assertEquals(new StreamStep("a", false), Results.toStep(List.of("a", 0)));
    }

    @Test
    void aMissingCompleteIsFalseAndAMissingAccumulatorNull() {
        assertEquals(new StreamStep("a", false), Results.toStep(List.of("a")));
        assertEquals(new StreamStep(null, false), Results.toStep(List.of()));
    }

    @Test
    void aMapOrAScalarIsNotAPair() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Results.toStep(Map.of("a", 1)));
        assertTrue(e.getMessage().endsWith("which is not iterable; return [accumulator, complete]"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> Results.toStep("done"));
    }

    private static groovy.lang.Closure<?> closure(String text) {
        return (groovy.lang.Closure<?>) new groovy.lang.GroovyShell().evaluate("return " + text);
    }

    @Test
    void aCompiledClosureWithUntypedParametersIsCalledDirectly() throws Exception {
        groovy.lang.Closure<?> c = closure("{ acc, event, ctx -> [acc + event, ctx.size() > 0] }");
        Results.Direct direct = Results.direct(c.getClass());
        assertTrue(direct != null && direct.arity() == 3, "no direct call for " + c.getClass());
        assertEquals(List.of(3, true), Results.call(c, 1, 2, Map.of("a", 1)));
        // fewer parameters than arguments: the first ones, as promptfoo's JavaScript would see them
        assertEquals(5, Results.call(closure("{ a -> a * 5 }"), 1, "ignored"));
        assertEquals("x", Results.call(closure("{ it }"), "x"));
    }

    @Test
    void typedParametersAndRuntimeClosuresGoThroughGroovysDispatch() throws Exception {
        groovy.lang.Closure<?> typed = closure("{ String s, int n -> s * n }");
        assertEquals(null, Results.direct(typed.getClass()));
        // Groovy coerces a GString to the String parameter
        assertEquals("abab", Results.call(typed, closure("{ -> \"${'a'}b\" }").call(), 2));
        groovy.lang.Closure<?> curried = closure("{ a, b -> a - b }").curry(10);
        assertEquals(null, Results.direct(curried.getClass()));
        assertEquals(7, Results.call(curried, 3));
        assertEquals(
                null, Results.direct(closure("{ Object... xs -> xs.length }").getClass()));
    }

    @Test
    void whatTheClosureThrowsComesOutAsItselfOnEitherPath() {
        IllegalArgumentException direct = assertThrows(
                IllegalArgumentException.class,
                () -> Results.call(closure("{ a -> throw new IllegalArgumentException('bad ' + a) }"), 1));
        assertEquals("bad 1", direct.getMessage());
        IllegalArgumentException typed = assertThrows(
                IllegalArgumentException.class,
                () -> Results.call(closure("{ Integer a -> throw new IllegalArgumentException('bad ' + a) }"), 1));
        assertEquals("bad 1", typed.getMessage());
        // a checked exception Groovy throws without declaring it
        assertThrows(java.io.IOException.class, () -> Results.call(closure("{ a -> throw new IOException('io') }"), 1));
        // java.lang.Error (not a VM error) is carried as an exception with its message
        Exception err =
                assertThrows(Exception.class, () -> Results.call(closure("{ a -> throw new Error('boom') }"), 1));
        assertEquals("boom", err.getMessage());
        assertTrue(err instanceof Results.TransformError, err.getClass().getName());
    }
}
