package io.github.wstoolkit.shell.internal.console;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Turns the INFO lines of an in-process mock server (Grizzly, Tyrus, the mock's connection reports) down to
 * warnings, so they do not land in the middle of the console.
 */
public final class ServerLogs {

    /** Kept strongly: java.util.logging forgets the level of a logger nobody references. */
    private static final List<Logger> QUIETED = new ArrayList<>();

    private ServerLogs() {}

    public static void quiet() {
        synchronized (QUIETED) {
            if (!QUIETED.isEmpty()) {
                return;
            }
            for (String name : List.of("org.glassfish", "io.github.wstoolkit.mockserver")) {
                Logger l = Logger.getLogger(name);
                l.setLevel(Level.WARNING);
                QUIETED.add(l);
            }
        }
    }
}
