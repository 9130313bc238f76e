package io.github.wstoolkit.groovy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import groovy.lang.Binding;
import groovy.lang.Closure;
import groovy.lang.GroovyShell;
import io.github.wstoolkit.api.CallContext;
import io.github.wstoolkit.api.transform.StreamDecision;
import io.github.wstoolkit.api.transform.StreamEvent;
import io.github.wstoolkit.api.transform.StreamStep;
import io.github.wstoolkit.api.transform.TransformSource;
import io.github.wstoolkit.groovy.internal.GroovyTransformCompiler;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Closures a script passes behave as the same closures written as config text. */
class GroovyFunctionsTest {

    private static Closure<?> closure(String code) {
        Binding b = new Binding();
        b.setVariable("JSON", GroovyJson.INSTANCE);
        return (Closure<?>) new GroovyShell(b).evaluate("return " + code);
    }

    @Test
    void aStreamResponseClosureGivesTheSameStepsAsTheSameTextCompiled() throws Exception {
        String code =
                "{ acc, event, ctx -> def m = JSON.parse(event.data); m.type == 'message' ? [[output: \"${m.message}\"], true] : [acc, false] }";
        var fromClosure = GroovyFunctions.streamResponse(closure(code), "the source");
        var fromText = new GroovyTransformCompiler().streamResponse(TransformSource.inline("streamResponse", code));
        for (String frame : List.of("{\"type\":\"delta\"}", "{\"type\":\"message\",\"message\":\"hi\"}")) {
            StreamEvent e = StreamEvent.text(frame, 0, Duration.ZERO);
            StreamStep a = fromClosure.apply(Map.of(), e, CallContext.EMPTY);
            StreamStep b = fromText.apply(Map.of(), e, CallContext.EMPTY);
            assertEquals(b, a);
        }
        StreamStep done = fromClosure.apply(
                Map.of(), StreamEvent.text("{\"type\":\"message\",\"message\":\"hi\"}", 0, Duration.ZERO), null);
        assertEquals(Map.of("output", "hi"), done.accumulator(), "a GString in the result is a plain String");
        assertInstanceOf(String.class, ((Map<?, ?>) done.accumulator()).get("output"));
        assertEquals("the source", fromClosure.toString());
    }

    @Test
    void aClosureWithTooManyParametersIsRefusedUpFront() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> GroovyFunctions.assertion(closure("{ output, context, extra -> true }"), "x"));
        assertEquals(
                "an assertion is called with (output, context), but this closure declares 3 parameters",
                e.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> GroovyFunctions.streamResponse(closure("{ a, b, c, d -> [a, true] }"), "x"));
    }

    @Test
    void valuesAreDescribedForErrorMessages() {
        assertEquals("null", GroovyValues.describe(null));
        assertEquals("a map", GroovyValues.describe(Map.of()));
        assertEquals("a string", GroovyValues.describe(new StringBuilder("s")));
        assertEquals("a number", GroovyValues.describe(new BigDecimal("1.5")));
        assertEquals("a boolean", GroovyValues.describe(false));
        assertEquals("a closure", GroovyValues.describe(closure("{ -> 1 }")));
        assertEquals("a Duration", GroovyValues.describe(Duration.ZERO));
    }

    @Test
    void everyKindRefusesOneParameterTooManyAndTakesItsFullSignature() {
        record Kind(String name, int max, java.util.function.Function<Closure<?>, Object> make) {}
        List<Kind> kinds = List.of(
                new Kind(
                        "transformResponse is called with (data, context)",
                        2,
                        c -> GroovyFunctions.responseTransform(c, "x")),
                new Kind(
                        "streamResponse is called with (accumulator, event, context)",
                        3,
                        c -> GroovyFunctions.streamResponse(c, "x")),
                new Kind(
                        "transformStream is called with (context) or (message, messages, context)",
                        3,
                        c -> GroovyFunctions.streamTransform(c, "x")),
                new Kind(
                        "a prompt function is called with (vars, provider) or (context)",
                        2,
                        c -> GroovyFunctions.promptFunction(c, "x")),
                new Kind(
                        "functionCallHandler is called with (name, arguments)",
                        2,
                        c -> GroovyFunctions.functionCallHandler(c, "x")),
                new Kind("an assertion is called with (output, context)", 2, c -> GroovyFunctions.assertion(c, "x")));
        for (Kind k : kinds) {
            String params = String.join(
                    ", ",
                    java.util.stream.IntStream.rangeClosed(0, k.max())
                            .mapToObj(i -> "p" + i)
                            .toList());
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class, () -> k.make().apply(closure("{ " + params + " -> null }")));
            assertEquals(k.name() + ", but this closure declares " + (k.max() + 1) + " parameters", e.getMessage());
            String full = params.substring(0, params.lastIndexOf(','));
            assertEquals(
                    "x", k.make().apply(closure("{ " + full + " -> null }")).toString(), k.name());
        }
    }

    @Test
    void aThreeParameterTransformStreamGetsMessageMessagesAndContext() throws Exception {
        var transform = GroovyFunctions.streamTransform(
                closure("{ m, ms, ctx -> m == 'x' ? [done: true, output: ms.size() + ':' + ctx.vars.k] : [:] }"), "x");
        assertEquals(
                StreamDecision.output("2:v"),
                transform.apply("x", List.of("a", "x"), CallContext.ofVars(Map.of("k", "v"))));
        assertEquals(StreamDecision.MORE, transform.apply("a", List.of("a"), CallContext.EMPTY));
    }

    @Test
    void fewerParametersGetTheFirstArguments() throws Exception {
        var one = GroovyFunctions.assertion(closure("{ output -> output.size() > 2 }"), "x");
        assertEquals(true, one.evaluate("abc", Map.of()));
        var it = GroovyFunctions.assertion(closure("{ it.startsWith('a') }"), "x");
        assertEquals(true, it.evaluate("abc", Map.of()));
        var prompt = GroovyFunctions.promptFunction(closure("{ ctx -> ctx.vars.q + ' for ' + ctx.provider.id }"), "x");
        assertEquals("hi for p", prompt.render(Map.of("q", "hi"), Map.of("id", "p")));
        var transform = GroovyFunctions.streamTransform(
                closure("{ c -> c.message == 'x' ? [done: true, output: c.messages.size()] : [:] }"), "x");
        assertEquals(StreamDecision.output(2), transform.apply("x", List.of("a", "x"), CallContext.EMPTY));
        assertFalse(transform.apply("a", List.of("a"), CallContext.EMPTY).done());
        var vars = GroovyFunctions.streamTransform(closure("{ c -> [done: true, output: c.vars] }"), "x");
        assertEquals(
                StreamDecision.output(Map.of("k", "v")),
                vars.apply("x", List.of("x"), CallContext.ofVars(Map.of("k", "v"))));
        assertEquals(StreamDecision.output(Map.of()), vars.apply("x", List.of("x"), null));
    }

    @Test
    void anExceptionInTheClosureComesOutAsItself() {
        var fn = GroovyFunctions.functionCallHandler(
                closure("{ name, args -> throw new IllegalStateException('no ' + name) }"), "x");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> fn.handle("weather", "{}"));
        assertEquals("no weather", e.getMessage());
        var handler =
                GroovyFunctions.functionCallHandler(closure("{ name, args -> [city: JSON.parse(args).city] }"), "x");
        assertDoesNotThrowAndEquals("{\"city\":\"Paris\"}", () -> handler.handle("w", "{\"city\":\"Paris\"}"));
        var filter = GroovyFunctions.templateFilter(closure("{ v, n -> v * n }"), "x");
        assertDoesNotThrowAndEquals("abab", () -> filter.apply("ab", List.of(2)));
    }

    @Test
    void configValuesReadNumbersAsYamlDoes() {
        Object v = GroovyValues.configValue(Map.of("t", new BigDecimal("0.7"), "l", List.of(new BigDecimal("1.5"), 2)));
        assertEquals(Map.of("t", 0.7, "l", List.of(1.5, 2)), v);
        assertTrue(GroovyValues.plain(new BigDecimal("0.7")) instanceof BigDecimal, "transform results keep theirs");
    }

    private interface Call {
        Object get() throws Exception;
    }

    private static void assertDoesNotThrowAndEquals(Object expected, Call call) {
        try {
            assertEquals(expected, call.get());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
