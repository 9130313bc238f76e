package io.github.wstoolkit.mockserver.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Starts a {@link io.github.wstoolkit.mockserver.MockServer} on loopback (ephemeral port) before the test class and
 * closes it after; test methods, constructors and lifecycle methods get it injected as a {@code MockServer}
 * parameter, as a {@code URI} parameter (the server's {@code http://} base), or as a {@code URI} parameter annotated
 * with {@link MockEndpoint} (that endpoint's {@code ws://} URI).
 *
 * <pre>{@code
 * @WithMockServer(scenario = "gap=0")
 * class MyClientTest {
 *     @Test
 *     void streams(@MockEndpoint("/ws-stream") URI ws, MockServer server) { ... }
 * }
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(MockServerExtension.class)
public @interface WithMockServer {

    /** {@return the scenario of every endpoint, in query form ({@code "gap=0&chunk=2"}); none by default} */
    String scenario() default "";

    /**
     * {@return a YAML scenario file (path relative to the working directory, or a class-path resource)} None by
     * default.
     */
    String scenarioFile() default "";

    /**
     * {@return what WebSocket connections to {@code /} get: {@code "seed"} or {@code "legacy-realtime"}} By default
     * what the scenario file says, else {@code seed}.
     */
    String root() default "";

    /** {@return the subprotocols the server accepts, in preference order; none by default} */
    String[] subprotocols() default {};
}
