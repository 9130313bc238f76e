package io.github.wstoolkit.eval;

import io.github.wstoolkit.api.CallContext;
import io.github.wstoolkit.api.Provider;
import io.github.wstoolkit.api.ProviderException;
import io.github.wstoolkit.api.ProviderRegistry;
import io.github.wstoolkit.api.ProviderResponse;
import io.github.wstoolkit.api.ProviderSpec;
import io.github.wstoolkit.api.spi.ProviderFactory;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/** In-test providers: {@code test:NAME} ids resolve to behaviours registered by the test. */
final class TestProviders implements ProviderFactory {

    /** What a provider does with a call. */
    @FunctionalInterface
    interface Behaviour {
        ProviderResponse call(String prompt, CallContext context) throws ProviderException, InterruptedException;
    }

    record Call(String provider, String prompt, CallContext context) {}

    final Map<String, Behaviour> behaviours = new ConcurrentHashMap<>();
    final List<Call> calls = new CopyOnWriteArrayList<>();
    final List<ProviderSpec> created = new CopyOnWriteArrayList<>();
    final Map<String, AtomicBoolean> closed = new ConcurrentHashMap<>();

    TestProviders with(String name, Behaviour b) {
        behaviours.put(name, b);
        return this;
    }

    ProviderRegistry registry() {
        return ProviderRegistry.of(List.of(this));
    }

    @Override
    public boolean supports(String id) {
        return id.startsWith("test:");
    }

    @Override
    public String describe() {
        return "test:NAME";
    }

    @Override
    public Provider create(ProviderSpec spec) {
        String name = spec.id().substring("test:".length());
        Behaviour b = behaviours.get(name);
        if (b == null) {
            throw new io.github.wstoolkit.api.ConfigException("no test behaviour " + name);
        }
        created.add(spec);
        AtomicBoolean isClosed = closed.computeIfAbsent(spec.id() + spec.label().orElse(""), k -> new AtomicBoolean());
        return new Provider() {
            @Override
            public String id() {
                return spec.id();
            }

            @Override
            public String label() {
                return spec.label().orElse(spec.id());
            }

            @Override
            public ProviderResponse call(String prompt, CallContext context)
                    throws ProviderException, InterruptedException {
                calls.add(new Call(spec.id(), prompt, context));
                return b.call(prompt, context);
            }

            @Override
            public boolean supportsConcurrentConversations() {
                return !Boolean.TRUE.equals(spec.config().get("oneSession"));
            }

            @Override
            public void close() {
                isClosed.set(true);
            }
        };
    }

    /** Echoes the prompt as the output. */
    static Behaviour echo() {
        return (prompt, ctx) -> ProviderResponse.of(prompt);
    }
}
