package io.github.wstoolkit.mockserver.internal;

import io.github.wstoolkit.mockserver.MockHandler;
import io.github.wstoolkit.mockserver.Scenario;

/** A WebSocket endpoint: its path, its handler and the scenario its connections start from. */
public record Route(String path, MockHandler handler, Scenario scenario) {

    long defaultGapMillis() {
        return handler instanceof BuiltIn b ? b.defaultGapMillis() : 0;
    }
}
