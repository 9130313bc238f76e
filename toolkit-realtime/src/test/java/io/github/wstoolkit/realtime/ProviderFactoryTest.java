package io.github.wstoolkit.realtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wstoolkit.api.CallContext;
import io.github.wstoolkit.api.ConfigException;
import io.github.wstoolkit.api.Provider;
import io.github.wstoolkit.api.ProviderRegistry;
import io.github.wstoolkit.api.ProviderResponse;
import io.github.wstoolkit.api.ProviderSpec;
import io.github.wstoolkit.mockserver.MockServer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The provider found through ServiceLoader from a config's {@code {id, label, config}}: ids, model names and options. */
class ProviderFactoryTest {

    private static ProviderSpec spec(String id, Map<String, Object> config, Map<String, String> env) {
        return new ProviderSpec(id, Optional.empty(), config, Path.of("").toAbsolutePath(), env);
    }

    @Test
    void registryCreatesTheRealtimeProviderForItsIds() {
        ProviderRegistry registry = ProviderRegistry.load();
        assertTrue(registry.supports("openai:realtime:gpt-realtime"));
        assertTrue(registry.supports("openai:gpt-realtime-mini"));
        Provider p = registry.create(spec("openai:realtime:gpt-realtime", Map.of("voice", "cedar"), Map.of()));
        OpenAiRealtimeProvider rt = assertInstanceOf(OpenAiRealtimeProvider.class, p);
        assertEquals("openai:realtime:gpt-realtime", rt.id());
        assertEquals("gpt-realtime", rt.model());
        assertEquals("cedar", rt.config().get("voice"));
    }

    @Test
    void modelDefaultsToConfigThenGptRealtime15() {
        assertEquals(
                "gpt-realtime-1.5",
                io.github.wstoolkit.realtime.internal.RealtimeProviderFactory.fromSpec(
                                spec("openai:realtime", Map.of(), Map.of()))
                        .model());
        assertEquals(
                "gpt-realtime-2",
                io.github.wstoolkit.realtime.internal.RealtimeProviderFactory.fromSpec(
                                spec("openai:realtime:", Map.of("model", "gpt-realtime-2"), Map.of()))
                        .model());
    }

    @Test
    void labelIsKept() {
        ProviderSpec s = new ProviderSpec(
                "openai:realtime:gpt-realtime",
                Optional.of("voice bot"),
                Map.of(),
                Path.of("").toAbsolutePath(),
                Map.of());
        assertEquals(
                "voice bot",
                io.github.wstoolkit.realtime.internal.RealtimeProviderFactory.fromSpec(s)
                        .label());
    }

    @Test
    void nonConversationalModelIsRefusedAtCreation() {
        ConfigException e = assertThrows(ConfigException.class, () -> ProviderRegistry.load()
                .create(spec("openai:realtime:gpt-realtime-whisper", Map.of(), Map.of())));
        assertTrue(e.getMessage().contains("input_audio_transcription.model"), e.getMessage());
        // the same name is fine behind a gateway
        io.github.wstoolkit.realtime.internal.RealtimeProviderFactory.fromSpec(
                spec("openai:realtime:gpt-transcribe", Map.of("apiBaseUrl", "https://gateway.example/v1"), Map.of()));
    }

    @Test
    void badOptionsNameTheirKey() {
        assertEquals(
                "websocketTimeout: must be a positive number of milliseconds, got soon",
                assertThrows(
                                ConfigException.class,
                                () -> io.github.wstoolkit.realtime.internal.RealtimeProviderFactory.fromSpec(spec(
                                        "openai:realtime:gpt-realtime", Map.of("websocketTimeout", "soon"), Map.of())))
                        .getMessage());
        assertEquals(
                "unknown audio format \"wav\"; use one of [pcm16, g711_ulaw, g711_alaw]",
                assertThrows(
                                ConfigException.class,
                                () -> io.github.wstoolkit.realtime.internal.RealtimeProviderFactory.fromSpec(spec(
                                        "openai:realtime:gpt-realtime",
                                        Map.of("output_audio_format", "wav"),
                                        Map.of())))
                        .getMessage());
        assertThrows(
                ConfigException.class,
                () -> io.github.wstoolkit.realtime.internal.RealtimeProviderFactory.fromSpec(
                        spec("openai:realtime:gpt-realtime", Map.of("maintainContext", "yes"), Map.of())));
    }

    @Test
    void functionCallHandlerThatDoesNotCompileIsAConfigErrorNamingTheOption() {
        ConfigException e = assertThrows(
                ConfigException.class,
                () -> io.github.wstoolkit.realtime.internal.RealtimeProviderFactory.fromSpec(spec(
                        "openai:realtime:gpt-realtime",
                        Map.of("functionCallHandler", "{ name, args -> [ }"),
                        Map.of())));
        assertEquals("functionCallHandler", e.key().orElseThrow(), e.getMessage());
    }

    @Test
    void functionCallHandlerOfTheWrongTypeIsAConfigError() {
        ConfigException e = assertThrows(
                ConfigException.class,
                () -> io.github.wstoolkit.realtime.internal.RealtimeProviderFactory.fromSpec(
                        spec("openai:realtime:gpt-realtime", Map.of("functionCallHandler", 42), Map.of())));
        assertEquals(
                "functionCallHandler: must be a Groovy closure or a file://handler.groovy:name reference",
                e.getMessage());
    }

    @Test
    void keyAndBaseUrlComeFromTheSpecsEnvironment() throws Exception {
        try (MockServer server = ScriptedRealtime.serve((c, e) -> c.text("env ok", null))) {
            Map<String, Object> config = new LinkedHashMap<>();
            config.put("apiBaseUrl", "{{ env.WST_MOCK_URL }}/scripted/v1");
            config.put("modalities", java.util.List.of("text"));
            Provider p = ProviderRegistry.load()
                    .create(spec(
                            "openai:realtime:gpt-realtime",
                            config,
                            Map.of(
                                    "WST_MOCK_URL",
                                    "http://127.0.0.1:" + server.port(),
                                    "OPENAI_API_KEY",
                                    "sk-from-spec-env")));
            ProviderResponse r = p.call("hi", CallContext.EMPTY);
            assertEquals("env ok", r.output(), r.error().orElse(""));
            assertEquals(
                    "Bearer sk-from-spec-env",
                    server.journal().get(0).header("Authorization").orElseThrow());
            assertFalse(r.timings().frames().isEmpty());
        }
    }
}
