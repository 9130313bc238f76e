package io.github.wstoolkit.mockserver.internal;

import io.github.wstoolkit.mockserver.MockHandler;
import io.github.wstoolkit.mockserver.RootBehaviour;
import java.util.LinkedHashMap;
import java.util.Map;

/** The built-in WebSocket endpoints by path. */
public final class BuiltIns {

    private BuiltIns() {}

    /** {@code /}, {@code /seed}, {@code /ws}, {@code /ws-stream}, {@code /legacy-realtime}. */
    public static Map<String, MockHandler> handlers(RootBehaviour root) {
        Map<String, MockHandler> m = new LinkedHashMap<>();
        SeedHandler seed = new SeedHandler();
        LegacyRealtimeHandler legacy = new LegacyRealtimeHandler();
        m.put("/", root == RootBehaviour.LEGACY_REALTIME ? legacy : seed);
        m.put("/seed", seed);
        m.put("/ws", new WsHandler());
        m.put("/ws-stream", new WsStreamHandler());
        m.put("/legacy-realtime", legacy);
        return m;
    }
}
