package io.github.wstoolkit.dsl.internal;

import groovy.lang.MissingMethodException;
import groovy.lang.MissingPropertyException;
import io.github.wstoolkit.api.ConfigException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.codehaus.groovy.runtime.InvokerInvocationException;

/**
 * An exception that escaped a running script, as a {@link ConfigException} at the script's line: the innermost frame
 * of the script's file. Groovy's missing-method and missing-property messages are rewritten without the argument
 * values (they may be secrets).
 */
public final class ScriptErrors {

    private ScriptErrors() {}

    /** The exception located in the script; a {@link ConfigException} that already names a file is kept. */
    public static ConfigException locate(Throwable thrown, Path file) {
        Throwable t = thrown;
        while (t instanceof InvokerInvocationException && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof ConfigException ce && ce.file().isPresent()) {
            return ce;
        }
        int line = line(t, file);
        if (t instanceof ConfigException ce) {
            return ce.at(file, line, 0, null);
        }
        return ConfigException.at(file, line, null, describe(t), t);
    }

    /** The script's line in the exception's stack (the innermost frame of the script's file), 0 when none. */
    public static int line(Throwable t, Path file) {
        String name = file.getFileName().toString();
        for (Throwable c = t; c != null; c = c.getCause()) {
            for (StackTraceElement e : c.getStackTrace()) {
                if (name.equals(e.getFileName()) && e.getLineNumber() > 0) {
                    return e.getLineNumber();
                }
            }
        }
        return 0;
    }

    /** What went wrong, in a sentence without argument values. */
    public static String describe(Throwable t) {
        if (t instanceof MissingMethodException m) {
            List<String> types = new ArrayList<>();
            for (Object a : m.getArguments()) {
                types.add(a == null ? "null" : a.getClass().getSimpleName());
            }
            String where = m.getType() == null ? "" : " of " + simpleName(m.getType());
            return "no method " + m.getMethod() + "(" + String.join(", ", types) + ")" + where;
        }
        if (t instanceof MissingPropertyException p) {
            String where = p.getType() == null ? "" : " of " + simpleName(p.getType());
            return "no variable or property '" + p.getProperty() + "'" + where;
        }
        String message = t.getMessage();
        if (t instanceof AssertionError) {
            // Groovy's power assert: the expression and its values, on the lines below
            return "assertion failed" + (message == null ? "" : ":\n" + message);
        }
        return t.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    private static String simpleName(Class<?> c) {
        String n = c.getSimpleName();
        return n.isEmpty() ? c.getName() : n;
    }
}
