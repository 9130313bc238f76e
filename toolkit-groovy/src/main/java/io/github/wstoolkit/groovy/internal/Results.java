package io.github.wstoolkit.groovy.internal;

import groovy.lang.Closure;
import io.github.wstoolkit.api.CallContext;
import io.github.wstoolkit.api.json.Json;
import io.github.wstoolkit.api.transform.StreamDecision;
import io.github.wstoolkit.api.transform.StreamStep;
import io.github.wstoolkit.groovy.GroovyValues;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.codehaus.groovy.runtime.GeneratedClosure;
import org.codehaus.groovy.runtime.InvokerInvocationException;

/**
 * Calling Groovy closures and reading what transforms return; shared by the compiled text transforms and the
 * closures a script passes ({@link io.github.wstoolkit.groovy.GroovyFunctions}), so both behave the same.
 */
public final class Results {

    private Results() {}

    /**
     * Calls the closure with as many of {@code args} as it declares parameters; an exception it throws comes out as
     * itself (not wrapped), a {@link java.lang.Error} other than a VM error as an exception with its message.
     */
    public static Object call(Closure<?> closure, Object... args) throws Exception {
        int n = Math.min(closure.getMaximumNumberOfParameters(), args.length);
        Object[] a = n == args.length ? args : Arrays.copyOf(args, n);
        Direct direct = DIRECT.get(closure.getClass());
        try {
            if (direct != null && direct.arity() == a.length) {
                return (Object) direct.doCall().invokeExact((Object) closure, a);
            }
            return closure.call(a);
        } catch (InvokerInvocationException e) {
            throw unwrap(e.getCause());
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Error e) {
            throw unwrap(e);
        } catch (Exception e) {
            throw e;
        } catch (Throwable t) {
            throw unwrap(t);
        }
    }

    /**
     * The {@code doCall} of a closure Groovy compiled, when it takes only untyped parameters: called through a method
     * handle instead of {@link Closure#call}, which asks the closure's meta-class to pick the method and then invokes
     * it by reflection, for every frame of every call (about a third of what a small stream transform cost beyond the
     * same logic written in Java). Typed parameters (which Groovy coerces) and closures made by Groovy's runtime
     * (curried, composed, method closures) go through {@link Closure#call} as before.
     */
    record Direct(int arity, MethodHandle doCall) {}

    private static final ClassValue<Direct> DIRECT = new ClassValue<>() {
        @Override
        protected Direct computeValue(Class<?> type) {
            return direct(type);
        }
    };

    /** The direct call of this closure class, or null (see {@link Direct}). */
    static Direct direct(Class<?> type) {
        if (!Closure.class.isAssignableFrom(type) || !GeneratedClosure.class.isAssignableFrom(type)) {
            return null;
        }
        Method widest = null;
        for (Method m : type.getDeclaredMethods()) {
            if (m.getName().equals("doCall")
                    && (widest == null || m.getParameterCount() > widest.getParameterCount())) {
                widest = m;
            }
        }
        if (widest == null || !Modifier.isPublic(widest.getModifiers()) || widest.isVarArgs()) {
            return null;
        }
        for (Class<?> p : widest.getParameterTypes()) {
            if (p != Object.class) {
                return null;
            }
        }
        int arity = widest.getParameterCount();
        try {
            // the public lookup: the class lives in the unnamed module of Groovy's class loader, which this module
            // does not read; a class Groovy did not make public stays on the meta-class path
            MethodHandle h = MethodHandles.publicLookup().unreflect(widest);
            return new Direct(
                    arity, h.asType(MethodType.genericMethodType(arity + 1)).asSpreader(Object[].class, arity));
        } catch (IllegalAccessException e) {
            return null;
        }
    }

    static Exception unwrap(Throwable t) {
        if (t instanceof Exception e) {
            return e;
        }
        if (t instanceof Error err) {
            // a transform that throws `new Error("...")` (java.lang.Error in Groovy) is reported like any exception
            return new TransformError(err);
        }
        return new IllegalStateException(t);
    }

    /** A {@link java.lang.Error} thrown by a transform, carried as an exception with the same message. */
    static final class TransformError extends Exception {
        @java.io.Serial
        private static final long serialVersionUID = 1L;

        TransformError(Error cause) {
            super(cause.getMessage() == null ? cause.toString() : cause.getMessage(), cause);
        }
    }

    /** A call's context as the map transforms see ({@code vars}, {@code prompt}, ...). */
    public static Map<String, Object> contextMap(CallContext context) {
        if (context == null) {
            return Map.of();
        }
        // a stream transform gets the same context for every frame of a call, on the call's thread: made once
        Object[] last = LAST_CONTEXT.get();
        if (last[0] != context) {
            last[1] = context.toMap();
            last[0] = context;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) last[1];
        return map;
    }

    /** The last context this thread turned into a map, and the map (an unmodifiable one: safe to hand out again). */
    private static final ThreadLocal<Object[]> LAST_CONTEXT = ThreadLocal.withInitial(() -> new Object[2]);

    /** promptfoo's {@code [accumulator, complete]} pair. */
    public static StreamStep toStep(Object result) {
        List<?> list;
        if (result instanceof List<?> l) {
            list = l;
        } else if (result instanceof Object[] a) {
            list = Arrays.asList(a);
        } else if (result instanceof Iterable<?> it && !(result instanceof Map<?, ?>)) {
            List<Object> l = new ArrayList<>();
            it.forEach(l::add);
            list = l;
        } else {
            throw new IllegalStateException("the result is " + GroovyValues.describe(result)
                    + ", which is not iterable;" + " return [accumulator, complete]");
        }
        Object acc = list.isEmpty() ? null : GroovyValues.plain(list.get(0));
        boolean complete = list.size() > 1 && GroovyValues.truthy(list.get(1));
        return new StreamStep(acc, complete);
    }

    /** promptfoo's unmerged streaming branch's {@code {}}, {@code {done: true, output}} or {@code {done: true, error}}. */
    public static StreamDecision toDecision(Object result) {
        if (!(result instanceof Map<?, ?> m)) {
            throw new IllegalStateException("the result is " + GroovyValues.describe(result)
                    + "; return [done: true, output: ...], [done: true, error: ...] or [:]");
        }
        Object error = m.get("error");
        if (GroovyValues.truthy(error)) {
            return StreamDecision.error(String.valueOf(GroovyValues.plain(error)));
        }
        if (GroovyValues.truthy(m.get("done"))) {
            return StreamDecision.output(GroovyValues.plain(m.get("output")));
        }
        return StreamDecision.MORE;
    }

    /** A function-call handler's result as the text sent back to the model (a structure as JSON). */
    public static String handlerOutput(Object result) {
        Object plain = GroovyValues.plain(result);
        return plain instanceof String s ? s : Json.stringify(plain);
    }
}
