package io.github.wstoolkit.mockserver;

import java.util.Locale;

/** What WebSocket connections to {@code /} get. */
public enum RootBehaviour {
    /** The chunk/done test server: {@code connected}, then {@code chunk}… {@code done} per prompt (the default). */
    SEED,
    /** The legacy Realtime configuration played offline: the same as {@code /legacy-realtime}. */
    LEGACY_REALTIME;

    /** Parses {@code seed} or {@code legacy-realtime}. */
    public static RootBehaviour parse(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "seed", "chunk", "default" -> SEED;
            case "legacy-realtime", "legacy_realtime", "realtime-beta" -> LEGACY_REALTIME;
            default ->
                throw new IllegalArgumentException(
                        "unknown root behaviour '" + text + "': expected seed or legacy-realtime");
        };
    }

    /** The text form ({@code seed}, {@code legacy-realtime}). */
    public String text() {
        return this == SEED ? "seed" : "legacy-realtime";
    }
}
