package io.github.wstoolkit.ws.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wstoolkit.api.ProviderException;
import jakarta.websocket.DeploymentException;
import java.io.IOException;
import java.nio.channels.ClosedSelectorException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Classification of the exception chains Tyrus 2.2.2 / Grizzly 4.0.2 produce when the client transport is stopped
 * while a connect is under way (recorded by stopping the shared transport during 2,000 provider calls).
 */
class ConnectErrorsTest {

    private static void assertAborted(Throwable chain) {
        ProviderException e = ConnectErrors.classify(chain, List.of());
        assertEquals("WebSocket connection failed (ECONNABORTED)", e.getMessage());
        assertEquals(ProviderException.Kind.CONNECTION, e.kind());
        assertTrue(e.isTransient());
    }

    @Test
    void connectOnAStoppedSelectorIsTransient() {
        assertAborted(new DeploymentException("Connection failed.", new IOException("Selector is closed")));
        assertAborted(new DeploymentException("Connection failed.", new ClosedSelectorException()));
    }

    @Test
    void connectOnATransportThatIsNoLongerRunningIsTransient() {
        assertAborted(new DeploymentException(
                "Connection failed.",
                new IllegalStateException("NIOChannelDistributor is null. Is Transport running?")));
    }

    @Test
    void anUnknownFailureStaysTheNonTransientCatchAll() {
        ProviderException e = ConnectErrors.classify(
                new DeploymentException("Connection failed.", new IllegalArgumentException("odd")), List.of());
        assertEquals("WebSocket connection failed", e.getMessage());
        assertFalse(e.isTransient());
    }
}
