package io.github.wstoolkit.groovy.internal;

import groovy.lang.Binding;
import groovy.lang.Closure;
import groovy.lang.Script;
import io.github.wstoolkit.groovy.GroovyJson;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.util.HashMap;
import java.util.Map;
import org.codehaus.groovy.runtime.InvokerInvocationException;

/**
 * One compiled transform: either a closure (the function forms, and {@code file://} references), called with
 * positional arguments, or a script class (the expression and {@code return}-body forms), instantiated per call with
 * the arguments bound by name. Both are safe to call from many threads at once: a closure is never re-targeted, and
 * each script call gets its own instance and binding.
 */
final class CompiledGroovy {

    private final Closure<?> closure;
    private final Constructor<? extends Script> script;

    private CompiledGroovy(Closure<?> closure, Constructor<? extends Script> script) {
        this.closure = closure;
        this.script = script;
    }

    static CompiledGroovy ofClosure(Closure<?> closure) {
        return new CompiledGroovy(closure, null);
    }

    static CompiledGroovy ofScript(Constructor<? extends Script> script) {
        return new CompiledGroovy(null, script);
    }

    boolean isClosure() {
        return closure != null;
    }

    /** The closure, for the function forms. */
    Closure<?> closure() {
        return closure;
    }

    /**
     * Runs the script with these variables bound (plus {@code JSON}); its last expression is the result. When that
     * result is itself a closure (a function written without the parentheses the function forms need, such as
     * {@code acc -> ...} inside a larger expression), it is called with {@code positional}.
     */
    Object run(Map<String, Object> variables, Object... positional) throws Exception {
        Map<String, Object> vars = new HashMap<>(variables.size() + 2);
        vars.put("JSON", GroovyJson.INSTANCE);
        vars.putAll(variables);
        Script s;
        try {
            s = script.newInstance(new Binding(vars));
        } catch (InvocationTargetException e) {
            throw Results.unwrap(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot instantiate a compiled Groovy script", e);
        }
        try {
            Object result = s.run();
            if (result instanceof Closure<?> c) {
                // the text was a closure after all (e.g. `acc -> ...` without parentheses): call it
                return Results.call(c, positional);
            }
            return result;
        } catch (InvokerInvocationException e) {
            throw Results.unwrap(e.getCause());
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Error e) {
            throw Results.unwrap(e);
        }
    }
}
