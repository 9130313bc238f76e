package io.github.wstoolkit.api.internal.template;

/** JavaScript's {@code undefined}: what a missing variable or member evaluates to ({@code null} is JS null). */
enum Undefined {
    UNDEFINED;

    @Override
    public String toString() {
        return "undefined";
    }
}
