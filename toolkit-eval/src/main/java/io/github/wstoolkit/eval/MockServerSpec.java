package io.github.wstoolkit.eval;

import java.util.Objects;
import java.util.Optional;

/**
 * The {@code mockServer} key (wstoolkit's, not promptfoo's): asks the front end ({@code wst eval}) to start the
 * project's mock server in-process for the run and to pass its address to the config as {@code env.WST_MOCK_URL}
 * ({@code ws://127.0.0.1:PORT}). The eval engine itself never starts it.
 *
 * @param port the port, 0 for an ephemeral one
 * @param scenario a scenario file or name for the mock, if given
 */
public record MockServerSpec(int port, Optional<String> scenario) {
    public MockServerSpec {
        Objects.requireNonNull(scenario, "scenario");
    }
}
