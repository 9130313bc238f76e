package io.github.wstoolkit.ws.internal;

import io.github.wstoolkit.api.transform.StreamResponse;
import io.github.wstoolkit.ws.WebSocketProvider;
import java.util.Map;
import java.util.Objects;

/**
 * The two settings of a {@link WebSocketProvider.Builder} that only the config factory sets, reached without making
 * them public API: {@link WebSocketProvider} installs an {@link Access} when its class initialises (the JDK's
 * {@code SharedSecrets} pattern), and this package is not exported.
 */
public final class BuilderAccess {

    /** What the factory sets beyond the builder's public methods. */
    public interface Access {
        /** The config whose keys (not values) a missing-option error lists. */
        void configForErrors(WebSocketProvider.Builder builder, Map<String, Object> config);

        /**
         * A {@code streamResponse} compiled from config text: its errors say "from {@code file}" when it named a file
         * (file non-null), otherwise that it was an inline expression.
         */
        void compiledStreamResponse(WebSocketProvider.Builder builder, StreamResponse streamResponse, String file);
    }

    private static volatile Access access;

    private BuilderAccess() {}

    /** Called once, by {@link WebSocketProvider}'s static initialiser. */
    public static void install(Access a) {
        access = Objects.requireNonNull(a, "access");
    }

    static Access get() {
        Access a = access;
        if (a == null) {
            WebSocketProvider.builder(); // initialises WebSocketProvider, which installs the access
            a = Objects.requireNonNull(access, "WebSocketProvider did not install its builder access");
        }
        return a;
    }
}
