package io.github.wstoolkit.groovy.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wstoolkit.api.CallContext;
import io.github.wstoolkit.api.ConfigException;
import io.github.wstoolkit.api.json.Json;
import io.github.wstoolkit.api.spi.TransformCompiler;
import io.github.wstoolkit.api.transform.ResponseTransform;
import io.github.wstoolkit.api.transform.StreamDecision;
import io.github.wstoolkit.api.transform.StreamEvent;
import io.github.wstoolkit.api.transform.StreamResponse;
import io.github.wstoolkit.api.transform.StreamStep;
import io.github.wstoolkit.api.transform.StreamTransform;
import io.github.wstoolkit.api.transform.TransformSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GroovyTransformCompilerTest {

    private final GroovyTransformCompiler compiler = new GroovyTransformCompiler();

    private static TransformSource src(String text) {
        return TransformSource.inline("providers[0].config.transformResponse", text);
    }

    private static StreamEvent text(String s) {
        return StreamEvent.text(s, 0, Duration.ZERO);
    }

    private Object respond(String transform, Object data) throws Exception {
        return compiler.responseTransform(src(transform)).apply(data, CallContext.EMPTY);
    }

    @Test
    void isFoundThroughTheServiceLoader() {
        // the module declares the service; the api's ServiceLoader lookup (Transforms) is not exported to us
        var provides = getClass().getModule().getDescriptor().provides().stream()
                .filter(p -> p.service().equals(TransformCompiler.class.getName()))
                .flatMap(p -> p.providers().stream())
                .toList();
        assertEquals(List.of(GroovyTransformCompiler.class.getName()), provides);
        assertEquals("groovy", compiler.language());
    }

    @Test
    void expressionsSeeDataAsPlainValues() throws Exception {
        Object data = Json.parse("{\"choices\":[{\"message\":{\"content\":\"This is the response.\"}}],\"output\":7}");
        assertEquals("This is the response.", respond("data.choices[0].message.content", data));
        assertEquals(7, respond("data.output", data));
    }

    @Test
    void aBodyWithReturnRunsAsAFunctionBody() throws Exception {
        assertEquals("HELLO", respond("def s = data.toUpperCase()\nreturn s", "hello"));
    }

    @Test
    void groovyMapsComeBackAsPlainMapsWithStrings() throws Exception {
        Object r = respond("{ data -> [output: \"parsed-${data}\", n: [1, 2]] }", "test");
        assertEquals(Map.of("output", "parsed-test", "n", List.of(1, 2)), r);
        assertInstanceOf(String.class, ((Map<?, ?>) r).get("output"));
    }

    /** T1/T2 in Groovy: a function value and a string parser give the same result. */
    @Test
    void javascriptArrowJavaLambdaAndFunctionFormsAreFunctions() throws Exception {
        assertEquals(Map.of("output", "parsed-test"), respond("(data) => [output: 'parsed-' + data]", "test"));
        assertEquals(Map.of("output", "parsed-test"), respond("(data) -> [output: 'parsed-' + data]", "test"));
        assertEquals(Map.of("output", "parsed-test"), respond("data -> [output: 'parsed-' + data]", "test"));
        assertEquals(
                Map.of("output", "parsed-test"),
                respond("function (data) { return [output: 'parsed-' + data] }", "test"));
        Object viaContext = compiler.responseTransform(src("(data, context) -> context.vars.x"))
                .apply("d", CallContext.ofVars(Map.of("x", "from-vars")));
        assertEquals("from-vars", viaContext);
    }

    @Test
    void streamResponseSeesTheEventRecordAndGroovyJson() throws Exception {
        StreamResponse fn = compiler.streamResponse(
                TransformSource.inline(
                        "streamResponse",
                        """
                (accumulator, event, context) -> {
                  def msg = new JsonSlurper().parseText(event.data)
                  def same = JSON.parse(event.data)
                  assert msg == same && event.type == 'message'
                  if (msg.type == 'message') { return [[output: msg.message], true] }
                  return [accumulator, false]
                }
                """));
        StreamStep more = fn.apply(Map.of("error", "unknown error occurred"), text("{\"type\":\"delta\"}"), null);
        assertFalse(more.complete());
        assertEquals(Map.of("error", "unknown error occurred"), more.accumulator());
        StreamStep done = fn.apply(more.accumulator(), text("{\"type\":\"message\",\"message\":\"hi\"}"), null);
        assertTrue(done.complete());
        assertEquals(Map.of("output", "hi"), done.accumulator());
    }

    @Test
    void streamResponseExpressionFormBindsAccumulatorDataAndAliases() throws Exception {
        StreamResponse fn = compiler.streamResponse(TransformSource.inline(
                "streamResponse", "[[output: (acc?.output ?: '') + data.data], data.data == 'world' ? 'DONE' : '']"));
        StreamStep s1 = fn.apply(Map.of(), text("hello "), CallContext.EMPTY);
        assertFalse(s1.complete());
        StreamStep s2 = fn.apply(s1.accumulator(), text("world"), CallContext.EMPTY);
        assertTrue(s2.complete());
        assertEquals(Map.of("output", "hello world"), s2.accumulator());
    }

    /** A closure written without the parentheses the function forms need still gets the call's arguments. */
    @Test
    void anExpressionThatYieldsAClosureIsCalledWithTheArguments() throws Exception {
        StreamResponse fn = compiler.streamResponse(
                TransformSource.inline("streamResponse", "def f = { a, e, c -> [[output: e.data], true] }\nf"));
        StreamStep s = fn.apply("acc", text("frame"), CallContext.EMPTY);
        assertEquals(Map.of("output", "frame"), s.accumulator());
        assertTrue(s.complete());
    }

    @Test
    void streamResponseThatReturnsAMapIsNotIterable() {
        StreamResponse fn = compiler.streamResponse(TransformSource.inline("streamResponse", "[invalid: 'format']"));
        Exception e = assertThrows(Exception.class, () -> fn.apply(null, text("chunk"), null));
        assertTrue(e.getMessage().contains("not iterable"), e.getMessage());
    }

    /** S5 in Groovy: what the transform throws comes out with its own message (the provider adds the prefixes). */
    @Test
    void exceptionsAndErrorsThrownByTransformsKeepTheirMessage() {
        StreamResponse fn = compiler.streamResponse(TransformSource.inline(
                "streamResponse", "(acc, data, ctx) => { throw new Error(\"String transform failed\") }"));
        Exception e = assertThrows(Exception.class, () -> fn.apply(null, text("chunk"), null));
        assertEquals("String transform failed", e.getMessage());
        StreamResponse fn2 = compiler.streamResponse(TransformSource.inline(
                "streamResponse", "{ a, d, c -> throw new IllegalStateException('Stream processing failed') }"));
        Exception e2 = assertThrows(Exception.class, () -> fn2.apply(null, text("chunk"), null));
        assertEquals("Stream processing failed", e2.getMessage());
    }

    @Test
    void binaryEventsCarryBytes() throws Exception {
        StreamResponse fn = compiler.streamResponse(TransformSource.inline(
                "streamResponse",
                "[[output: new String(event.data, 'UTF-8'), binary: event.data instanceof byte[]], true]"));
        StreamStep s =
                fn.apply(null, StreamEvent.binary("abc".getBytes(StandardCharsets.UTF_8), 0, Duration.ZERO), null);
        assertEquals(Map.of("output", "abc", "binary", true), s.accumulator());
    }

    /** promptfoo's streaming example's transformStream, written in Groovy: chunks joined when a done frame arrives. */
    @Test
    void transformStreamSeed000Example() throws Exception {
        StreamTransform fn = compiler.streamTransform(
                TransformSource.inline(
                        "transformStream",
                        """
                (context) -> {
                  def message = context.message
                  def messages = context.messages
                  if (message.type == 'done') {
                    def chunks = messages.findAll { it.type == 'chunk' && it.delta }.collect { it.delta }
                    return [done: true, output: chunks.join('')]
                  }
                  if (message.type == 'error') {
                    return [done: true, error: message.error]
                  }
                  return [:]
                }
                """));
        List<Object> messages = new ArrayList<>();
        for (String f : List.of(
                "{\"type\":\"chunk\",\"delta\":\"Hello, \"}", "{\"type\":\"chunk\",\"delta\":\"how are you?\"}")) {
            messages.add(Json.parse(f));
            assertEquals(StreamDecision.MORE, fn.apply(messages.getLast(), List.copyOf(messages), CallContext.EMPTY));
        }
        messages.add(Map.of("type", "done"));
        StreamDecision d = fn.apply(messages.getLast(), List.copyOf(messages), CallContext.EMPTY);
        assertEquals(StreamDecision.output("Hello, how are you?"), d);
        StreamDecision err = fn.apply(Map.of("type", "error", "error", "boom"), List.of(), CallContext.EMPTY);
        assertEquals(StreamDecision.error("boom"), err);
        StreamTransform expr = compiler.streamTransform(
                TransformSource.inline("transformStream", "context.message.done ? [done: true, output: 'x'] : [:]"));
        assertEquals(StreamDecision.output("x"), expr.apply(Map.of("done", true), List.of(), CallContext.EMPTY));
    }

    @Test
    void fileReferencesResolveAgainstTheBaseDir(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("stream-transforms"));
        Files.writeString(
                dir.resolve("stream-transforms/handlers.groovy"),
                """
                upper = { data -> data.toUpperCase() }
                def twice(data) { data + data }
                """);
        Files.writeString(dir.resolve("last.groovy"), "def prefix = 'p-'\nreturn { data -> prefix + data }\n");
        assertEquals(
                "ABC",
                fromFile(dir, "file://stream-transforms/handlers.groovy:upper").apply("abc", CallContext.EMPTY));
        assertEquals(
                "abcabc",
                fromFile(dir, "file://stream-transforms/handlers.groovy:twice").apply("abc", CallContext.EMPTY));
        assertEquals("p-abc", fromFile(dir, "file://last.groovy").apply("abc", CallContext.EMPTY));
        ConfigException missingName = assertThrows(
                ConfigException.class, () -> fromFile(dir, "file://stream-transforms/handlers.groovy:nope"));
        assertTrue(missingName.getMessage().contains("must define a closure variable or a method named nope"));
        ConfigException missingFile = assertThrows(ConfigException.class, () -> fromFile(dir, "file://absent.groovy"));
        assertTrue(missingFile.getMessage().contains("File does not exist"), missingFile.getMessage());
    }

    private ResponseTransform fromFile(Path dir, String ref) {
        return compiler.responseTransform(new TransformSource("transformResponse", ref, dir, Optional.empty(), 0));
    }

    @Test
    void compileErrorsNameTheOptionTheFileAndTheLine(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("promptfooconfig.yaml");
        ConfigException e = assertThrows(
                ConfigException.class,
                () -> compiler.streamResponse(new TransformSource(
                        "providers[0].config.streamResponse", "def x = 1\nx +* 2", dir, Optional.of(config), 12)));
        assertEquals(Optional.of(config), e.file());
        assertEquals(13, e.line().orElseThrow());
        assertEquals(Optional.of("providers[0].config.streamResponse"), e.key());
        assertTrue(e.getMessage().startsWith(config + ":13:"), e.getMessage());
        assertTrue(e.getMessage().contains("does not compile"), e.getMessage());

        Files.writeString(dir.resolve("bad.groovy"), "\n\nreturn { a -> a +* }\n");
        ConfigException f = assertThrows(ConfigException.class, () -> fromFile(dir, "file://bad.groovy"));
        assertEquals(Optional.of(dir.resolve("bad.groovy")), f.file());
        assertEquals(3, f.line().orElseThrow());

        ConfigException inline = assertThrows(ConfigException.class, () -> respond("invalid syntax here !!!", "x"));
        assertTrue(
                inline.getMessage().startsWith("providers[0].config.transformResponse: does not compile"),
                inline.getMessage());
    }

    @Test
    void compileErrorsNameTheColumnInTheTextAsWritten(@TempDir Path dir) {
        Path config = dir.resolve("promptfooconfig.yaml");
        ConfigException second = assertThrows(
                ConfigException.class,
                () -> compiler.streamResponse(
                        new TransformSource("streamResponse", "def x = 1\nx +* 2", dir, Optional.of(config), 12)));
        assertEquals("13:3", second.line().orElseThrow() + ":" + second.column().orElseThrow());
        // a JavaScript arrow is rewritten to a closure behind a prefix; the column is still the one in the text
        ConfigException arrow = assertThrows(
                ConfigException.class,
                () -> compiler.streamResponse(new TransformSource(
                        "streamResponse", "(acc, event, ctx) => acc +* 1", dir, Optional.of(config), 3)));
        assertEquals("3:26", arrow.line().orElseThrow() + ":" + arrow.column().orElseThrow());
        assertFalse(arrow.problem().contains("\n"), arrow.problem());
        ConfigException noFile = assertThrows(
                ConfigException.class,
                () -> compiler.streamResponse(TransformSource.inline("streamResponse", "def x = 1\nx +* 2")));
        assertTrue(noFile.getMessage().startsWith("streamResponse: does not compile: "), noFile.getMessage());
        assertTrue(noFile.getMessage().endsWith(" (line 2, column 3 of the value)"), noFile.getMessage());
        assertEquals(java.util.OptionalInt.empty(), noFile.line());
        ConfigException unknownLine = assertThrows(
                ConfigException.class,
                () -> compiler.streamResponse(
                        new TransformSource("streamResponse", "x +* 2", dir, Optional.of(config), 0)));
        assertEquals(java.util.OptionalInt.empty(), unknownLine.line());
        assertEquals(Optional.of(config), unknownLine.file());
        // an unknown line of the value in the config stays unknown, whatever line of the value failed
        ConfigException unknownLater = assertThrows(
                ConfigException.class,
                () -> compiler.streamResponse(
                        new TransformSource("streamResponse", "def x = 1\nx +* 2", dir, Optional.of(config), 0)));
        assertEquals(java.util.OptionalInt.empty(), unknownLater.line());
        // the problem is the compiler's own first line, not its "startup failed:" banner
        assertEquals("does not compile: Unexpected input: '+'", unknownLater.problem());
    }

    @Test
    void identicalSourcesCompileOnce() throws Exception {
        int before = compiler.compiledClassCount();
        for (int i = 0; i < 5; i++) {
            compiler.responseTransform(src("data.size() + 1"));
        }
        assertEquals(before + 1, compiler.compiledClassCount());
    }

    @Test
    void scriptAndClosureFormsAreSafeToCallFromManyThreads() throws Exception {
        ResponseTransform script = compiler.responseTransform(src("data * 2"));
        ResponseTransform closure = compiler.responseTransform(src("{ d -> d * 3 }"));
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                int n = i;
                results.add(pool.submit(() -> script.apply(n, CallContext.EMPTY).equals(n * 2)
                        && closure.apply(n, CallContext.EMPTY).equals(n * 3)));
            }
            for (Future<Boolean> f : results) {
                assertTrue(f.get());
            }
        }
    }

    @Test
    void assertionsHandlersFiltersAndPromptFunctions() throws Exception {
        var assertion =
                compiler.assertion(TransformSource.inline("assert[0].value", "output.contains(context.vars.word)"));
        assertEquals(true, assertion.evaluate("a sunny day", Map.of("vars", Map.of("word", "sunny"))));
        var assertion2 = compiler.assertion(TransformSource.inline(
                "assert[0].value", "{ out -> [pass: out.size() > 3, score: 0.5, reason: 'len'] }"));
        assertEquals(
                Map.of("pass", true, "score", new java.math.BigDecimal("0.5"), "reason", "len"),
                assertion2.evaluate("long", Map.of()));

        var handler = compiler.functionCallHandler(TransformSource.inline(
                "functionCallHandler", "(name, args) -> [location: JSON.parse(args).location, condition: 'sunny']"));
        assertEquals(
                "{\"location\":\"SF\",\"condition\":\"sunny\"}",
                handler.handle("get_weather", "{\"location\":\"SF\"}"));

        var filter = compiler.templateFilter(
                TransformSource.inline("nunjucksFilters.slugify", "{ v -> v.toLowerCase().replaceAll(/\\s+/, '-') }"));
        assertEquals("conversation-a", filter.apply("Conversation A", List.of()));
        var withArgs = compiler.templateFilter(TransformSource.inline("nunjucksFilters.pad", "(v, n) -> v.padLeft(n)"));
        assertEquals("  x", withArgs.apply("x", List.of(3)));

        var prompt = compiler.promptFunction(
                TransformSource.inline("prompts[0]", "{ ctx -> [[role: 'user', content: \"Hi ${ctx.vars.name}\"]] }"));
        assertEquals(
                List.of(Map.of("role", "user", "content", "Hi Ann")),
                prompt.render(Map.of("name", "Ann"), Map.of("id", "p")));
        var prompt2 = compiler.promptFunction(
                TransformSource.inline("prompts[0]", "\"Hello ${vars.name} from ${provider.id}\""));
        assertEquals("Hello Ann from p", prompt2.render(Map.of("name", "Ann"), Map.of("id", "p")));
        assertNull(compiler.responseTransform(src("null")).apply("x", CallContext.EMPTY));
    }
}
