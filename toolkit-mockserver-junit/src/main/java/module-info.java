/**
 * A JUnit 5 extension for the mock server: {@code @WithMockServer} on a test class starts a
 * {@link io.github.wstoolkit.mockserver.MockServer} before its tests and closes it after, and injects it (or its
 * URIs) into test parameters.
 *
 * <ul>
 *   <li>{@code io.github.wstoolkit.mockserver.junit}: {@link io.github.wstoolkit.mockserver.junit.WithMockServer},
 *       {@link io.github.wstoolkit.mockserver.junit.MockEndpoint} and
 *       {@link io.github.wstoolkit.mockserver.junit.MockServerExtension}.
 * </ul>
 */
module io.github.wstoolkit.mockserver.junit {
    // MockServer and JUnit's extension types appear in our signatures.
    requires transitive io.github.wstoolkit.mockserver;
    requires transitive org.junit.jupiter.api;

    exports io.github.wstoolkit.mockserver.junit;
}
