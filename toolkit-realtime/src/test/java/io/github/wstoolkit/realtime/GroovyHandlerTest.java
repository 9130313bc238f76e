package io.github.wstoolkit.realtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wstoolkit.api.CallContext;
import io.github.wstoolkit.api.ProviderRegistry;
import io.github.wstoolkit.api.ProviderResponse;
import io.github.wstoolkit.api.ProviderSpec;
import io.github.wstoolkit.api.spi.TransformCompiler;
import io.github.wstoolkit.api.template.TemplateFilter;
import io.github.wstoolkit.api.transform.AssertionFunction;
import io.github.wstoolkit.api.transform.FunctionCallHandler;
import io.github.wstoolkit.api.transform.PromptFunction;
import io.github.wstoolkit.api.transform.ResponseTransform;
import io.github.wstoolkit.api.transform.StreamResponse;
import io.github.wstoolkit.api.transform.StreamTransform;
import io.github.wstoolkit.api.transform.TransformSource;
import io.github.wstoolkit.mockserver.MockServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code functionCallHandler} given as Groovy text, the way a YAML config gives it, compiled by toolkit-groovy. */
class GroovyHandlerTest {

    @TempDir
    Path dir;

    private static final Map<String, Object> WEATHER_TOOL = Map.of(
            "type",
            "function",
            "function",
            Map.of(
                    "name",
                    "get_weather",
                    "parameters",
                    Map.of(
                            "type", "object",
                            "properties", Map.of("location", Map.of("type", "string")),
                            "required", List.of("location"))));

    private ProviderResponse callWith(MockServer server, Object handler) throws Exception {
        return callWith(ProviderRegistry.load(), server, handler);
    }

    private ProviderResponse callWith(ProviderRegistry registry, MockServer server, Object handler) throws Exception {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("apiBaseUrl", "{{ env.WST_MOCK_URL }}/v1");
        config.put("apiKey", "test-key");
        config.put("modalities", List.of("text"));
        config.put("websocketTimeout", 10000);
        config.put("tools", List.of(WEATHER_TOOL));
        config.put("functionCallHandler", handler);
        ProviderSpec spec = new ProviderSpec(
                "openai:realtime:gpt-realtime-1.5",
                Optional.empty(),
                config,
                dir,
                Map.of("WST_MOCK_URL", "ws://127.0.0.1:" + server.port()));
        try (var provider = registry.create(spec)) {
            return provider.call("What's the weather like in San Francisco?", CallContext.EMPTY);
        }
    }

    @Test
    void inlineClosureReturningAMapIsSentAsJson() throws Exception {
        try (MockServer server = MockServer.builder().port(0).start()) {
            ProviderResponse r = callWith(
                    server,
                    """
                    { name, args ->
                      def a = JSON.parse(args)
                      [location: a.location, temperature: '72 F', condition: 'sunny']
                    }""");
            assertTrue(r.outputText().startsWith("The weather in San Francisco is 72 F and sunny."), r.outputText());
            assertEquals(
                    List.of("{\"location\":\"San Francisco\",\"temperature\":\"72 F\",\"condition\":\"sunny\"}"),
                    r.metadata().get("functionCallResults"));
        }
    }

    @Test
    void fileReferenceNamesAMethodOfAScript() throws Exception {
        Files.writeString(
                dir.resolve("handler.groovy"),
                """
                String getWeather(String name, String args) {
                    JSON.stringify([location: JSON.parse(args).location, temperature: '18 C', condition: 'cloudy'])
                }
                """);
        try (MockServer server = MockServer.builder().port(0).start()) {
            ProviderResponse r = callWith(server, "file://handler.groovy:getWeather");
            assertTrue(r.outputText().contains("18 C and cloudy"), r.outputText());
        }
    }

    @Test
    void throwingGroovyHandlerSendsTheRedactedOutput() throws Exception {
        try (MockServer server = MockServer.builder().port(0).start()) {
            ProviderResponse r = callWith(server, "{ name, args -> throw new IllegalStateException('backend down') }");
            assertTrue(r.error().isEmpty(), r.error().orElse(""));
            assertEquals(
                    List.of("{\"error\":\"Tool execution failed\"}"),
                    r.metadata().get("functionCallResults"));
        }
    }

    /** Compiles every handler text to one that answers with the text itself; records the options it compiled. */
    static final class EchoCompiler implements TransformCompiler {
        final List<String> compiled = new CopyOnWriteArrayList<>();

        @Override
        public String language() {
            return "echo";
        }

        @Override
        public FunctionCallHandler functionCallHandler(TransformSource source) {
            compiled.add(source.option() + "=" + source.text());
            return (name, args) -> "{\"" + name + "\":\"" + source.text() + "\"}";
        }

        @Override
        public ResponseTransform responseTransform(TransformSource source) {
            throw new UnsupportedOperationException();
        }

        @Override
        public StreamResponse streamResponse(TransformSource source) {
            throw new UnsupportedOperationException();
        }

        @Override
        public StreamTransform streamTransform(TransformSource source) {
            throw new UnsupportedOperationException();
        }

        @Override
        public PromptFunction promptFunction(TransformSource source) {
            throw new UnsupportedOperationException();
        }

        @Override
        public AssertionFunction assertion(TransformSource source) {
            throw new UnsupportedOperationException();
        }

        @Override
        public TemplateFilter templateFilter(TransformSource source) {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void aCompilerGivenToTheRegistryCompilesTheHandlerInsteadOfTheOneOnTheModulePath() throws Exception {
        EchoCompiler echo = new EchoCompiler();
        try (MockServer server = MockServer.builder().port(0).start()) {
            // not Groovy: toolkit-groovy (on this module path) would refuse it
            ProviderResponse r =
                    callWith(ProviderRegistry.load().withTransformCompiler(echo), server, "weather is fine");
            assertEquals(List.of("functionCallHandler=weather is fine"), echo.compiled);
            assertEquals(
                    List.of("{\"get_weather\":\"weather is fine\"}"),
                    r.metadata().get("functionCallResults"));
        }
    }

    @Test
    void theBuildersCompilerCompilesAHandlerGivenAsAnOption() {
        EchoCompiler echo = new EchoCompiler();
        OpenAiRealtimeProvider.builder()
                .apiKey("test-key")
                .option("functionCallHandler", "file://nowhere.groovy:handle")
                .transformCompiler(echo)
                .build()
                .close();
        assertEquals(List.of("functionCallHandler=file://nowhere.groovy:handle"), echo.compiled);
    }
}
