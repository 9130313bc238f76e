package io.github.wstoolkit.shell.internal;

import io.github.wstoolkit.api.ConfigException;
import io.github.wstoolkit.eval.MockServerSpec;
import io.github.wstoolkit.mockserver.MockServer;
import io.github.wstoolkit.mockserver.ScenarioFile;
import java.nio.file.Path;

/**
 * The mock server started in-process for a run when a config says {@code mockServer: true} (or
 * {@code {port, scenario}}). Its address reaches the config as {@code env.WST_MOCK_URL}, for example
 * {@code id: '{{ env.WST_MOCK_URL }}/ws-stream'}.
 */
final class EmbeddedMock implements AutoCloseable {

    /** The environment variable that carries the mock's address ({@code ws://127.0.0.1:PORT}). */
    static final String ENV = "WST_MOCK_URL";

    /** The variable that carries {@code HOST:PORT} alone, for ids such as {@code websocket://{{ env.WST_MOCK_HOST }}}. */
    static final String HOST_ENV = "WST_MOCK_HOST";

    private final MockServer server;

    private EmbeddedMock(MockServer server) {
        this.server = server;
    }

    static EmbeddedMock start(MockServerSpec spec) {
        MockServer.Builder b = MockServer.builder().port(spec.port());
        if (spec.scenario().isPresent()) {
            String s = spec.scenario().get();
            Path file = Path.of(s.startsWith("file://") ? s.substring("file://".length()) : s);
            try {
                b = ScenarioFile.load(file).applyTo(b);
            } catch (ConfigException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new ConfigException("mockServer.scenario: cannot use " + file + ": " + e.getMessage(), e);
            }
        }
        try {
            return new EmbeddedMock(b.start());
        } catch (RuntimeException e) {
            throw new ConfigException("mockServer: the mock server did not start: " + e.getMessage(), e);
        }
    }

    /** {@code ws://HOST:PORT}, no trailing slash. */
    String url() {
        return "ws://" + server.host() + ":" + server.port();
    }

    /** {@code HOST:PORT}. */
    String hostAndPort() {
        return server.host() + ":" + server.port();
    }

    @Override
    public void close() {
        server.close();
    }
}
