package io.github.wstoolkit.mockserver.junit;

import io.github.wstoolkit.mockserver.MockServer;
import io.github.wstoolkit.mockserver.RootBehaviour;
import io.github.wstoolkit.mockserver.Scenario;
import io.github.wstoolkit.mockserver.ScenarioFile;
import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The JUnit 5 extension behind {@link WithMockServer}; also usable as {@code @ExtendWith(MockServerExtension.class)}
 * (then with the defaults). One server per test class, started before all its tests and closed after them.
 */
public final class MockServerExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(MockServerExtension.class);
    private static final String KEY = "server";

    /** Instantiated by JUnit. */
    public MockServerExtension() {}

    @Override
    public void beforeAll(ExtensionContext context) {
        Optional<WithMockServer> config = find(context.getRequiredTestClass());
        MockServer.Builder b = MockServer.builder();
        config.ifPresent(c -> {
            if (!c.scenarioFile().isEmpty()) {
                scenarioFile(c.scenarioFile(), context.getRequiredTestClass()).applyTo(b);
            }
            if (!c.root().isEmpty()) {
                b.root(RootBehaviour.parse(c.root()));
            }
            if (!c.scenario().isEmpty()) {
                b.scenario(Scenario.parse(c.scenario()));
            }
            b.subprotocols(c.subprotocols());
        });
        context.getStore(NAMESPACE).put(KEY, b.start());
    }

    /**
     * A file (relative to the working directory), else a class-path resource next to the test class (or absolute
     * with a leading {@code /}). A test class in a named module must open its package for the resource to be
     * found.
     */
    private static ScenarioFile scenarioFile(String location, Class<?> testClass) {
        java.nio.file.Path p = java.nio.file.Path.of(location);
        if (java.nio.file.Files.isRegularFile(p)) {
            return ScenarioFile.load(p);
        }
        try (java.io.InputStream in = testClass.getResourceAsStream(location)) {
            if (in == null) {
                throw new io.github.wstoolkit.api.ConfigException(
                        "scenario file not found (neither a file nor a class-path resource next to "
                                + testClass.getName() + ")",
                        null,
                        p,
                        0,
                        0,
                        null);
            }
            return ScenarioFile.parse(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8), p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    // on the class, its superclasses (@Inherited) or an enclosing class (for @Nested tests)
    private static Optional<WithMockServer> find(Class<?> testClass) {
        for (Class<?> c = testClass; c != null; c = c.getEnclosingClass()) {
            WithMockServer a = c.getAnnotation(WithMockServer.class);
            if (a != null) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        MockServer server = context.getStore(NAMESPACE).remove(KEY, MockServer.class);
        if (server != null) {
            server.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        return type == MockServer.class || type == URI.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        MockServer server = extensionContext.getStore(NAMESPACE).get(KEY, MockServer.class);
        if (server == null) {
            throw new ParameterResolutionException(
                    "no mock server is running: MockServerExtension starts one per test class (beforeAll)");
        }
        if (parameterContext.getParameter().getType() == MockServer.class) {
            return server;
        }
        return parameterContext
                .findAnnotation(MockEndpoint.class)
                .map(e -> server.wsUri(e.value()))
                .orElse(server.uri());
    }
}
