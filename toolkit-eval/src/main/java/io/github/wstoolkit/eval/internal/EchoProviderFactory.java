package io.github.wstoolkit.eval.internal;

import io.github.wstoolkit.api.CallContext;
import io.github.wstoolkit.api.Provider;
import io.github.wstoolkit.api.ProviderResponse;
import io.github.wstoolkit.api.ProviderSpec;
import io.github.wstoolkit.api.TokenUsage;
import io.github.wstoolkit.api.spi.ProviderFactory;
import java.util.Set;

/**
 * promptfoo's {@code echo} provider: the output is the rendered prompt itself, with no network. It tries assertions,
 * templates and transforms without a server ({@code providers: [echo]}).
 */
public final class EchoProviderFactory implements ProviderFactory {

    /** The only id this factory reads. */
    public static final String ID = "echo";

    @Override
    public boolean supports(String id) {
        return ID.equals(id);
    }

    @Override
    public String describe() {
        return "echo";
    }

    /** promptfoo's echo reads no option; {@code maxRetries} is the engine's. */
    @Override
    public Set<String> configKeys() {
        return Set.of("maxRetries");
    }

    @Override
    public Provider create(ProviderSpec spec) {
        String label = spec.label().orElse(ID);
        return new Provider() {
            @Override
            public String id() {
                return ID;
            }

            @Override
            public String label() {
                return label;
            }

            @Override
            public ProviderResponse call(String prompt, CallContext context) {
                return ProviderResponse.of(prompt).withTokenUsage(new TokenUsage(0, 0, 0, 0, 1));
            }

            @Override
            public boolean supportsConcurrentConversations() {
                return true;
            }
        };
    }
}
