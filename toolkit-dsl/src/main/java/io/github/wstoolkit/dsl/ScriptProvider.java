package io.github.wstoolkit.dsl;

import io.github.wstoolkit.api.CallContext;
import io.github.wstoolkit.api.Provider;
import io.github.wstoolkit.api.ProviderException;
import io.github.wstoolkit.api.ProviderResponse;
import java.util.Map;

/**
 * A provider a {@code wst run} script built ({@code def bot = websocket(url) { … }}), with the calls a script wants:
 * {@code bot.call('hi').output}, {@code bot.call('Hello {{ name }}', [name: 'Ada'])}, {@code .timings}. It is closed
 * when the script ends.
 */
public final class ScriptProvider implements Provider {

    private final Provider provider;

    ScriptProvider(Provider provider) {
        this.provider = provider;
    }

    @Override
    public String id() {
        return provider.id();
    }

    @Override
    public String label() {
        return provider.label();
    }

    /** Sends one prompt with no vars and waits for the response. */
    public ProviderResponse call(String prompt) throws ProviderException, InterruptedException {
        return provider.call(prompt, CallContext.EMPTY);
    }

    /** Sends one prompt; the vars fill the provider's templates ({@code messageTemplate}, headers, url). */
    public ProviderResponse call(String prompt, Map<String, ?> vars) throws ProviderException, InterruptedException {
        return provider.call(prompt, CallContext.ofVars(Suite.stringKeys(vars)));
    }

    @Override
    public ProviderResponse call(String prompt, CallContext context) throws ProviderException, InterruptedException {
        return provider.call(prompt, context);
    }

    @Override
    public boolean supportsConcurrentConversations() {
        return provider.supportsConcurrentConversations();
    }

    @Override
    public void close() {
        provider.close();
    }

    @Override
    public String toString() {
        return "provider " + provider.label();
    }
}
