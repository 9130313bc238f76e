package io.github.wstoolkit.ws.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wstoolkit.api.ConfigException;
import io.github.wstoolkit.api.ProviderSpec;
import io.github.wstoolkit.ws.WebSocketProvider;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What the WebSocket provider factory accepts from a config, and how it words what it refuses. */
class WebSocketProviderFactoryTest {

    private final WebSocketProviderFactory factory = new WebSocketProviderFactory();

    private static Map<String, Object> config(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("messageTemplate", "{{ prompt }}");
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private ConfigException refused(Object... kv) {
        return assertThrows(ConfigException.class, () -> factory.create(ProviderSpec.of("ws://h/x", config(kv))));
    }

    @Test
    void theIdFormsItTakes() {
        for (String id :
                List.of("ws://h", " WS://h/x ", "wss://h", "WSS:h", "websocket://h:1", "websocket", "ws", "WSS")) {
            assertTrue(factory.supports(id), id);
        }
        for (String id : List.of("http://h", "websockets", "websocket:h", "wsx://h", "openai:realtime", "w")) {
            assertFalse(factory.supports(id), id);
        }
        assertEquals("ws://, wss://, websocket:// (WebSocket)", factory.describe());
    }

    @Test
    void theKeysItReadsIncludeTheEnginesRetryOptions() {
        assertEquals(
                Set.of(
                        "url",
                        "messageTemplate",
                        "headers",
                        "protocols",
                        "timeoutMs",
                        "idleTimeoutMs",
                        "connectTimeoutMs",
                        "transformResponse",
                        "responseParser",
                        "streamResponse",
                        "transformStream",
                        "stream",
                        "streamChunkType",
                        "streamDoneType",
                        "streamDeltaField",
                        "connection",
                        "waitOnServerClose",
                        "maxMessageSize",
                        "maxRetries",
                        "retry"),
                factory.configKeys());
    }

    @Test
    void headersMustBeAMapOfTexts() {
        ConfigException notMap = refused("headers", List.of("Authorization: x"));
        assertEquals("config.headers: must be a map of header names to values", notMap.getMessage());
        ConfigException nested = refused("headers", Map.of("X-Json", Map.of("a", 1)));
        assertEquals(Optional.of("config.headers.X-Json"), nested.key());
        assertEquals("config.headers.X-Json: must be text", nested.getMessage());
        ConfigException list = refused("headers", Map.of("X-List", List.of("a")));
        assertEquals(Optional.of("config.headers.X-List"), list.key());
    }

    @Test
    void aTransformOfAnUnsupportedTypeIsRefusedNamingItsKey() {
        ConfigException tr = refused("transformResponse", 42);
        assertEquals(Optional.of("config.transformResponse"), tr.key());
        assertEquals(
                "config.transformResponse: Unsupported response transform type: number. Expected a function, a string"
                        + " starting with 'file://', or a string containing an expression.",
                tr.getMessage());
        // responseParser is read when transformResponse is falsy, and named in its errors
        ConfigException rp = refused("transformResponse", "", "responseParser", List.of());
        assertEquals(Optional.of("config.responseParser"), rp.key());
        assertTrue(rp.getMessage().contains("Unsupported response transform type: array"), rp.getMessage());
        ConfigException ts = refused("transformStream", 7);
        assertEquals(Optional.of("config.transformStream"), ts.key());
        assertEquals(
                "config.transformStream: Unsupported stream transform type: number. Expected a function, a string"
                        + " starting with 'file://', or a string containing an expression.",
                ts.getMessage());
        ConfigException sr = refused("streamResponse", true);
        assertEquals(Optional.of("config.streamResponse"), sr.key());
        assertTrue(sr.getMessage().contains("Unsupported request transform type: boolean"), sr.getMessage());
    }

    @Test
    void falsyTransformsAndTheirOldNamesAreNoTransform() {
        for (Object falsy : java.util.Arrays.asList(null, "", false, 0)) {
            Map<String, Object> c = new HashMap<>(config());
            c.put("transformResponse", falsy);
            c.put("responseParser", falsy);
            c.put("streamResponse", falsy);
            c.put("transformStream", falsy);
            assertTrue(factory.create(ProviderSpec.of("ws://h/x", c)) instanceof WebSocketProvider);
        }
    }

    @Test
    void theTimeoutIsTimeoutMsThenRequestTimeoutMsThenFiveMinutes() {
        assertEquals(Duration.ofMillis(5), WebSocketProviderFactory.timeout(5, Map.of("REQUEST_TIMEOUT_MS", "9")));
        assertEquals(Duration.ofMillis(9), WebSocketProviderFactory.timeout(0, Map.of("REQUEST_TIMEOUT_MS", " 9 ")));
        assertEquals(Duration.ofMillis(2), WebSocketProviderFactory.timeout(2.9, Map.of()));
        for (String env : List.of("soon", "-5", "0", "")) {
            assertEquals(
                    WebSocketProvider.DEFAULT_TIMEOUT,
                    WebSocketProviderFactory.timeout(null, Map.of("REQUEST_TIMEOUT_MS", env)),
                    env);
        }
        assertEquals(Duration.ofMinutes(5), WebSocketProviderFactory.timeout(null, Map.of()));
        assertEquals(
                "config.timeoutMs: must be a number of milliseconds, got '30s'",
                assertThrows(ConfigException.class, () -> WebSocketProviderFactory.timeout("30s", Map.of()))
                        .getMessage());
    }

    @Test
    void protocolsAreSplitTrimmedAndEmptiesDropped() {
        assertEquals(List.of(), WebSocketProviderFactory.protocols(null));
        assertEquals(List.of("a", "b"), WebSocketProviderFactory.protocols(" a ,b,, "));
        assertEquals(List.of("a", "b", "c", "1"), WebSocketProviderFactory.protocols(List.of("a", " b,c ", 1)));
        assertEquals(List.of(), WebSocketProviderFactory.protocols(" , "));
    }
}
