package io.github.wstoolkit.shell.internal;

import java.io.PrintStream;
import java.lang.reflect.Method;

/**
 * Colours for the terminal: on when the stream is the process's own and a terminal, off with {@code NO_COLOR} (any
 * value, see no-color.org) or when the output goes to a file or a pipe; {@code FORCE_COLOR} (not {@code 0}) turns them
 * on anyway. Output without a terminal is byte-for-byte the plain text, so scripts and tests can read it.
 */
record Ansi(boolean on) {

    static final Ansi OFF = new Ansi(false);

    /** Colours for what goes to this stream. */
    static Ansi forStream(PrintStream stream, Io io) {
        String no = io.env().get("NO_COLOR");
        if (no != null && !no.isEmpty()) {
            return OFF;
        }
        String force = io.env().get("FORCE_COLOR");
        if (force != null && !force.isEmpty() && !force.equals("0") && !force.equalsIgnoreCase("false")) {
            return new Ansi(true);
        }
        boolean own = stream == System.out || stream == System.err;
        return new Ansi(own && isTerminal() && !"dumb".equals(io.env().get("TERM")));
    }

    /**
     * True when the JVM's console is an interactive terminal. Java 22 and later have {@code Console.isTerminal()}
     * (and may give a console for redirected streams); Java 21 gives a console only for a terminal.
     */
    static boolean isTerminal() {
        java.io.Console c = System.console();
        if (c == null) {
            return false;
        }
        try {
            Method m = java.io.Console.class.getMethod("isTerminal");
            return (Boolean) m.invoke(c);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    String green(String s) {
        return wrap("32", s);
    }

    String red(String s) {
        return wrap("31", s);
    }

    String yellow(String s) {
        return wrap("33", s);
    }

    String bold(String s) {
        return wrap("1", s);
    }

    String dim(String s) {
        return wrap("2", s);
    }

    private String wrap(String code, String s) {
        return on && !s.isEmpty() ? "\033[" + code + "m" + s + "\033[0m" : s;
    }
}
