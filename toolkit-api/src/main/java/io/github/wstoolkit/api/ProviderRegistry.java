package io.github.wstoolkit.api;

import io.github.wstoolkit.api.spi.ProviderFactory;
import io.github.wstoolkit.api.spi.TransformCompiler;
import io.github.wstoolkit.api.template.TemplateEngine;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Resolves a provider id to a {@link Provider} through the {@link ProviderFactory} services on the module path
 * ({@code toolkit-ws} for {@code ws://}, {@code toolkit-realtime} for {@code openai:realtime:}, ...).
 */
public final class ProviderRegistry {

    private final List<ProviderFactory> factories;
    private final Optional<TransformCompiler> compiler;

    private ProviderRegistry(List<ProviderFactory> factories, Optional<TransformCompiler> compiler) {
        this.factories = List.copyOf(factories);
        this.compiler = compiler;
    }

    /** A registry of every {@link ProviderFactory} that {@link ServiceLoader} finds. */
    public static ProviderRegistry load() {
        return new ProviderRegistry(
                ServiceLoader.load(ProviderFactory.class).stream()
                        .map(ServiceLoader.Provider::get)
                        .toList(),
                Optional.empty());
    }

    /** A registry of exactly these factories (a Java user's own providers, tests). */
    public static ProviderRegistry of(List<ProviderFactory> factories) {
        return new ProviderRegistry(factories, Optional.empty());
    }

    /**
     * This registry with text transforms in provider configs compiled by {@code compiler} rather than the
     * {@link TransformCompiler} on the module path (see {@link ProviderFactory#create(ProviderSpec, TransformCompiler)}).
     */
    public ProviderRegistry withTransformCompiler(TransformCompiler compiler) {
        return new ProviderRegistry(factories, Optional.of(compiler));
    }

    /** The spec with its id and config env-rendered (see {@link #create}). */
    static ProviderSpec withEnvRendered(ProviderSpec spec) {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.putAll(spec.env());
        // one-off engine without a cache: a config is rendered once, when its provider is built
        TemplateEngine engine = TemplateEngine.builder().env(env).cacheSize(0).build();
        @SuppressWarnings("unchecked") // renderEnvOnlyIn keeps a map a map
        Map<String, Object> config = (Map<String, Object>) engine.renderEnvOnlyIn(spec.config());
        return new ProviderSpec(
                engine.renderEnvOnly(spec.id().strip()), spec.label(), config, spec.baseDir(), spec.env());
    }

    public List<ProviderFactory> factories() {
        return factories;
    }

    /** The first factory that accepts this id (its env templates already rendered), if any. */
    public Optional<ProviderFactory> factoryFor(String id) {
        return factories.stream().filter(f -> f.supports(id)).findFirst();
    }

    /** True when some factory accepts this id. */
    public boolean supports(String id) {
        return factories.stream().anyMatch(f -> f.supports(id));
    }

    /**
     * Creates the provider for a spec with the first factory that accepts its id. First, as promptfoo's loader does,
     * the {@code {{ env.X }}} templates in the id and in every string of the config are rendered with the process
     * environment overlaid by {@link ProviderSpec#env()}; every other template is left for the provider to render
     * per call. So {@code id: '{{ env.MOCK_URL }}/ws'} resolves to the {@code ws://} provider.
     *
     * @throws ConfigException when no factory accepts the id, or the factory refuses the config
     */
    public Provider create(ProviderSpec spec) {
        ProviderSpec rendered = withEnvRendered(spec);
        for (ProviderFactory factory : factories) {
            if (factory.supports(rendered.id())) {
                return compiler.isPresent() ? factory.create(rendered, compiler.get()) : factory.create(rendered);
            }
        }
        throw new ConfigException("Could not identify provider: " + Redaction.redactUrl(spec.id()) + ". Known kinds: "
                + String.join(
                        ", ", factories.stream().map(ProviderFactory::describe).toList()));
    }
}
