package io.github.wstoolkit.mockserver.internal;

import io.github.wstoolkit.mockserver.MockHandler;
import io.github.wstoolkit.mockserver.RootBehaviour;
import java.util.LinkedHashMap;
import java.util.Map;

/** The built-in WebSocket endpoints by path. */
public final class BuiltIns {

    private BuiltIns() {}

    /**
     * {@code /}, {@code /seed}, {@code /ws}, {@code /ws-stream}, {@code /legacy-realtime}, {@code /v1/realtime}.
     *
     * @param realtimeApiKey the bearer token {@code /v1/realtime} requires, or empty to accept any
     */
    public static Map<String, MockHandler> handlers(RootBehaviour root, java.util.Optional<String> realtimeApiKey) {
        Map<String, MockHandler> m = new LinkedHashMap<>();
        SeedHandler seed = new SeedHandler();
        LegacyRealtimeHandler legacy = new LegacyRealtimeHandler();
        m.put("/", root == RootBehaviour.LEGACY_REALTIME ? legacy : seed);
        m.put("/seed", seed);
        m.put("/ws", new WsHandler());
        m.put("/ws-stream", new WsStreamHandler());
        m.put("/legacy-realtime", legacy);
        m.put("/v1/realtime", new io.github.wstoolkit.mockserver.internal.realtime.RealtimeHandler(realtimeApiKey));
        return m;
    }
}
