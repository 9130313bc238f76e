package io.github.wstoolkit.mockserver.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** On a {@code URI} parameter: inject the {@code ws://} URI of this endpoint path (which may carry a query). */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface MockEndpoint {

    /** {@return the endpoint's path, for example {@code /ws-stream} or {@code /ws-stream?gap=5}} */
    String value();
}
