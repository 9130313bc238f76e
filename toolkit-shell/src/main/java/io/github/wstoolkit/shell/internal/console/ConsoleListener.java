package io.github.wstoolkit.shell.internal.console;

/**
 * Receives the engine's events. Calls never overlap (the engine serialises them), but they come from several
 * threads: the thread running a command, and the connection's frame thread, so frames can arrive while the user
 * types. A listener must not call back into the engine's commands.
 */
@FunctionalInterface
public interface ConsoleListener {

    void event(ConsoleEvent event);
}
