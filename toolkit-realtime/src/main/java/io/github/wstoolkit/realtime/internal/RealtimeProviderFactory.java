package io.github.wstoolkit.realtime.internal;

import io.github.wstoolkit.api.Provider;
import io.github.wstoolkit.api.ProviderSpec;
import io.github.wstoolkit.api.spi.ProviderFactory;
import io.github.wstoolkit.api.spi.TransformCompiler;
import io.github.wstoolkit.realtime.OpenAiRealtimeProvider;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** Makes {@link OpenAiRealtimeProvider}s for {@code openai:realtime:<model>} (and {@code openai:<realtime model>}). */
public final class RealtimeProviderFactory implements ProviderFactory {

    @Override
    public boolean supports(String id) {
        if (id.startsWith(OpenAiRealtimeProvider.ID_PREFIX) || id.equals("openai:realtime")) {
            return true;
        }
        return id.startsWith("openai:") && Models.KNOWN.contains(id.substring("openai:".length()));
    }

    @Override
    public String describe() {
        return "openai:realtime:<model>";
    }

    /**
     * The options docs/openai-realtime.md lists, {@code model}, and {@code maxRetries} and {@code retry} (read by the
     * eval engine).
     */
    private static final Set<String> KEYS = Set.of(
            "model",
            "apiKey",
            "apiKeyEnvar",
            "apiBaseUrl",
            "apiHost",
            "headers",
            "organization",
            "safety_identifier",
            "azureApiKeyAuth",
            "modalities",
            "instructions",
            "voice",
            "input_audio_format",
            "output_audio_format",
            "input_audio_transcription",
            "turn_detection",
            "max_response_output_tokens",
            "parallel_tool_calls",
            "reasoning",
            "tools",
            "tool_choice",
            "functionCallHandler",
            "toolCallTimeout",
            "maxToolIterations",
            "websocketTimeout",
            "maintainContext",
            "maxPersistentSockets",
            "audioOutputDir",
            "inputAudioVar",
            "temperature",
            "maxRetries",
            "retry");

    @Override
    public Set<String> configKeys() {
        return KEYS;
    }

    @Override
    public Provider create(ProviderSpec spec) {
        return fromSpec(spec);
    }

    @Override
    public Provider create(ProviderSpec spec, TransformCompiler compiler) {
        return fromSpec(spec, compiler);
    }

    /**
     * A provider for a config's {@code {id, label, config}}: the model comes from the id
     * ({@code openai:realtime:<model>}), else {@code config.model}, else {@code gpt-realtime-1.5}.
     *
     * @throws io.github.wstoolkit.api.ConfigException when an option cannot be used or the model cannot hold a
     *     conversation
     */
    public static OpenAiRealtimeProvider fromSpec(ProviderSpec spec) {
        return builderFor(spec).build();
    }

    /**
     * As {@link #fromSpec(ProviderSpec)}, with a {@code functionCallHandler} given as text compiled by
     * {@code compiler} rather than the one on the module path.
     *
     * @throws io.github.wstoolkit.api.ConfigException when an option cannot be used or the model cannot hold a
     *     conversation
     */
    public static OpenAiRealtimeProvider fromSpec(ProviderSpec spec, TransformCompiler compiler) {
        return builderFor(spec).transformCompiler(compiler).build();
    }

    private static OpenAiRealtimeProvider.Builder builderFor(ProviderSpec spec) {
        String modelName = OpenAiRealtimeProvider.modelOf(spec.id());
        OpenAiRealtimeProvider.Builder b = OpenAiRealtimeProvider.builder()
                .id(spec.id())
                .config(spec.config())
                .baseDir(spec.baseDir());
        if (modelName.isEmpty()) {
            Object m = spec.config().get("model");
            modelName = m == null ? Models.DEFAULT_MODEL : String.valueOf(m);
        }
        b.model(modelName);
        spec.label().ifPresent(b::label);
        Map<String, String> merged = new HashMap<>(System.getenv());
        merged.putAll(spec.env());
        b.env(merged);
        return b;
    }
}
