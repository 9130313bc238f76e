package io.github.wstoolkit.mockserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The builder's default port is the documented {@link MockServer#DEFAULT_PORT}: 0, a free port. */
class MockServerDefaultPortTest {

    @Test
    void theBuilderBindsAFreePortByDefault() {
        assertEquals(0, MockServer.DEFAULT_PORT);
        try (MockServer a = MockServer.builder().start();
                MockServer b = MockServer.builder().start()) {
            assertTrue(a.port() > 0, "a real port was chosen");
            assertTrue(a.port() != b.port(), "two servers on default settings do not collide");
        }
    }
}
