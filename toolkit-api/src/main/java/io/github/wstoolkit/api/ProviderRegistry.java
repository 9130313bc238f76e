package io.github.wstoolkit.api;

import io.github.wstoolkit.api.spi.ProviderFactory;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Resolves a provider id to a {@link Provider} through the {@link ProviderFactory} services on the module path
 * ({@code toolkit-ws} for {@code ws://}, {@code toolkit-realtime} for {@code openai:realtime:}, ...).
 */
public final class ProviderRegistry {

    private final List<ProviderFactory> factories;

    private ProviderRegistry(List<ProviderFactory> factories) {
        this.factories = List.copyOf(factories);
    }

    /** A registry of every {@link ProviderFactory} that {@link ServiceLoader} finds. */
    public static ProviderRegistry load() {
        return new ProviderRegistry(ServiceLoader.load(ProviderFactory.class).stream()
                .map(ServiceLoader.Provider::get)
                .toList());
    }

    /** A registry of exactly these factories (a Java user's own providers, tests). */
    public static ProviderRegistry of(List<ProviderFactory> factories) {
        return new ProviderRegistry(factories);
    }

    public List<ProviderFactory> factories() {
        return factories;
    }

    /** True when some factory accepts this id. */
    public boolean supports(String id) {
        return factories.stream().anyMatch(f -> f.supports(id));
    }

    /**
     * Creates the provider for a spec with the first factory that accepts its id.
     *
     * @throws ConfigException when no factory accepts the id, or the factory refuses the config
     */
    public Provider create(ProviderSpec spec) {
        for (ProviderFactory factory : factories) {
            if (factory.supports(spec.id())) {
                return factory.create(spec);
            }
        }
        throw new ConfigException("Could not identify provider: " + Redaction.redactUrl(spec.id()) + ". Known kinds: "
                + String.join(
                        ", ", factories.stream().map(ProviderFactory::describe).toList()));
    }
}
