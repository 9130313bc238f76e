package io.github.wstoolkit.mockserver.junit;

import io.github.wstoolkit.mockserver.MockServer;
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
                ScenarioFile.load(c.scenarioFile(), context.getRequiredTestClass())
                        .applyTo(b);
            }
            b.root(c.root());
            if (!c.scenario().isEmpty()) {
                b.scenario(Scenario.parse(c.scenario()));
            }
            b.subprotocols(c.subprotocols());
        });
        context.getStore(NAMESPACE).put(KEY, b.start());
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
