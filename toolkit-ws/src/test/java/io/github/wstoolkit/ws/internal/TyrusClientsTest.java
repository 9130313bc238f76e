package io.github.wstoolkit.ws.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.glassfish.tyrus.client.ClientProperties;
import org.junit.jupiter.api.Test;

/** The Tyrus client settings, in the types Tyrus actually reads (it ignores a property of any other type). */
class TyrusClientsTest {

    @Test
    void handshakeLimitIsAnIntegerSoTyrusHonoursItInsteadOfItsThirtySecondDefault() {
        Map<String, Object> p = TyrusClients.forMaxMessageSize(1024).getProperties();
        // Tyrus 2.2.2 ClientManager reads HANDSHAKE_TIMEOUT only when it is an Integer
        Integer handshake = assertInstanceOf(Integer.class, p.get(ClientProperties.HANDSHAKE_TIMEOUT));
        assertEquals(600_000, handshake);
    }

    @Test
    void sharedTransportIsNotStoppedAfterThirtyIdleSeconds() {
        Map<String, Object> p = TyrusClients.forMaxMessageSize(1024).getProperties();
        assertEquals(Boolean.TRUE, p.get(ClientProperties.SHARED_CONTAINER));
        // the idle stop races connects that already hold the transport; seconds, multiplied by 1000 as an int
        Integer idle = assertInstanceOf(Integer.class, p.get(ClientProperties.SHARED_CONTAINER_IDLE_TIMEOUT));
        assertTrue(idle >= 3600, "idle timeout " + idle + " s");
        assertTrue((long) idle * 1000 <= Integer.MAX_VALUE, "idle timeout overflows Tyrus' int milliseconds");
    }

    /**
     * Tyrus' read buffer holds an accepted frame of the limit plus a read beyond it (the FrameGuard refuses bigger
     * messages before Tyrus buffers them; with exactly limit + header, a read landing on an incomplete frame near
     * the limit overflowed it).
     */
    @Test
    void readBufferHoldsAFrameOfTheLimitAndAReadBeyondIt() {
        Map<String, Object> p = TyrusClients.forMaxMessageSize(1024).getProperties();
        assertEquals(2 * 1024 + 16 * 1024 * 1024, p.get(ClientProperties.INCOMING_BUFFER_SIZE));
    }
}
