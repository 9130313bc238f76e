package io.github.wstoolkit.mockserver.internal;

import io.github.wstoolkit.api.json.Json;
import io.github.wstoolkit.mockserver.MockConnection;
import io.github.wstoolkit.mockserver.MockHandler;
import java.util.LinkedHashMap;
import java.util.Map;

/** A built-in endpoint: a {@link MockHandler} that works on the server's own {@link Conn}. */
public abstract class BuiltIn implements MockHandler {

    @Override
    public final void onOpen(MockConnection connection) throws Exception {
        open((Conn) connection);
    }

    @Override
    public final void onMessage(MockConnection connection, String text) throws Exception {
        text((Conn) connection, text);
    }

    @Override
    public void onBinary(MockConnection connection, byte[] data) throws Exception {
        binary((Conn) connection, data);
    }

    protected void open(Conn c) throws Exception {}

    protected abstract void text(Conn c, String text) throws Exception;

    /** Binary frames: decoded as UTF-8 text, as Node's {@code ws} hands them to {@code JSON.parse}. */
    protected void binary(Conn c, byte[] data) throws Exception {
        text(c, new String(data, java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Gap between answer frames when the scenario names none. */
    protected long defaultGapMillis() {
        return 0;
    }

    /** A JSON object from alternating keys and values, keys in order. */
    protected static String json(Object... keyValues) {
        return Json.stringify(map(keyValues));
    }

    protected static Map<String, Object> map(Object... keyValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return m;
    }
}
