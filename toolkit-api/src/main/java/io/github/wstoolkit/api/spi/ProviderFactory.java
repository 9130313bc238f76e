package io.github.wstoolkit.api.spi;

import io.github.wstoolkit.api.ConfigException;
import io.github.wstoolkit.api.Provider;
import io.github.wstoolkit.api.ProviderSpec;
import java.util.Set;

/**
 * Creates providers of one kind. Registered with {@code provides io.github.wstoolkit.api.spi.ProviderFactory with
 * ...} and found by {@link io.github.wstoolkit.api.ProviderRegistry}.
 */
public interface ProviderFactory {

    /** True when this factory makes providers for this id; cheap, no I/O. */
    boolean supports(String id);

    /** A short description of the ids this factory accepts, for error messages ("ws://, wss://, websocket"). */
    String describe();

    /**
     * The config keys this factory's providers read, so that a loader can point out a misspelled one; empty when the
     * factory does not say (then any key is accepted silently). Cheap, no I/O.
     */
    default Set<String> configKeys() {
        return Set.of();
    }

    /**
     * Creates a provider. Validates the config now, so a bad config fails before any call.
     *
     * @throws ConfigException when the config cannot be used; the message names the key
     */
    Provider create(ProviderSpec spec);

    /**
     * Creates a provider whose transforms given as text are compiled by {@code compiler}, not by the
     * {@link TransformCompiler} on the module path. The default ignores the compiler: a factory whose configs hold no
     * text transforms need not override it.
     *
     * @throws ConfigException when the config cannot be used; the message names the key
     */
    default Provider create(ProviderSpec spec, TransformCompiler compiler) {
        return create(spec);
    }
}
