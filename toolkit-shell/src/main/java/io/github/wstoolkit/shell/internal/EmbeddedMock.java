package io.github.wstoolkit.shell.internal;

import io.github.wstoolkit.api.ConfigException;
import io.github.wstoolkit.eval.MockServerSpec;

/**
 * The mock server started in-process for a run when a config says {@code mockServer: true}. Its address reaches the
 * config as {@code env.WST_MOCK_URL}.
 */
final class EmbeddedMock implements AutoCloseable {

    /** The environment variable that carries the mock's address ({@code ws://127.0.0.1:PORT}). */
    static final String ENV = "WST_MOCK_URL";

    private final String url;

    private EmbeddedMock(String url) {
        this.url = url;
    }

    static EmbeddedMock start(MockServerSpec spec) {
        throw new ConfigException("mockServer: this build has no mock server (toolkit-mockserver) on the module path");
    }

    String url() {
        return url;
    }

    @Override
    public void close() {}
}
