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

    @Test
    void readBufferHoldsAWholeFrameOfTheLimit() {
        Map<String, Object> p = TyrusClients.forMaxMessageSize(1024).getProperties();
        assertEquals(1024 + 14, p.get(ClientProperties.INCOMING_BUFFER_SIZE));
    }
}
