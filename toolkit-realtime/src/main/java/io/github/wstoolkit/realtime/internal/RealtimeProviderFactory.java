package io.github.wstoolkit.realtime.internal;

import io.github.wstoolkit.api.Provider;
import io.github.wstoolkit.api.ProviderSpec;
import io.github.wstoolkit.api.spi.ProviderFactory;
import io.github.wstoolkit.realtime.OpenAiRealtimeProvider;

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

    @Override
    public Provider create(ProviderSpec spec) {
        return OpenAiRealtimeProvider.fromSpec(spec);
    }
}
