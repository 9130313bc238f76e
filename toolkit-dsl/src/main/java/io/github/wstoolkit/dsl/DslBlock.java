package io.github.wstoolkit.dsl;

import groovy.lang.Closure;
import groovy.lang.GroovyObjectSupport;
import groovy.lang.MissingMethodException;
import io.github.wstoolkit.groovy.GroovyJson;
import io.github.wstoolkit.groovy.GroovyValues;
import java.io.File;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What every DSL block has in common. A block's closure is run with the block as its delegate and
 * {@code DELEGATE_ONLY}: a method the block does not have is an error naming the block, the script line and the
 * methods it has (never a silent call to an outer block), except methods the script itself declares (helpers),
 * which a block may call. Properties the block does not have are the script's ({@code env}, {@code JSON}, binding
 * variables). A block is closed when its closure returns; using it afterwards (from a function called at run time)
 * is an error.
 */
public abstract class DslBlock extends GroovyObjectSupport {

    private final Context context;
    private boolean closed;

    DslBlock(Context context) {
        this.context = context;
    }

    final Context context() {
        return context;
    }

    /** The block's name in messages ({@code expect { }}). */
    abstract String blockName();

    /** Runs the block's closure with this block as the delegate, and closes the block. */
    final void runClosure(Closure<?> block) {
        Closure<?> code = block.rehydrate(this, block.getOwner(), block.getThisObject());
        code.setResolveStrategy(Closure.DELEGATE_ONLY);
        try {
            if (code.getMaximumNumberOfParameters() == 0) {
                code.call();
            } else {
                code.call(this);
            }
        } finally {
            closed = true;
        }
    }

    /** Closes the block: DSL methods on it fail from now on. */
    final void close() {
        closed = true;
    }

    /** Fails when the block's closure has returned. */
    final void open() {
        if (closed) {
            throw context.error(blockName() + " is finished: DSL methods belong in the block, not in code that runs"
                    + " later (a transform or an assertion)");
        }
    }

    /** The suite this block belongs to. */
    abstract Suite suite();

    /** A file next to the script ({@code file('cases.csv')}); wherever YAML takes {@code file://…}, this works. */
    public File file(String path) {
        return context.file(path);
    }

    /** {@code JSON.parse(text)} and {@code JSON.stringify(value)}, as in transforms. */
    public GroovyJson getJSON() {
        return GroovyJson.INSTANCE;
    }

    /** The environment as the suite sees it (see {@link Suite#getEnv()}). */
    public Map<String, String> getEnv() {
        return suite().envView();
    }

    /** A method neither the block nor the script has. */
    public Object methodMissing(String name, Object args) {
        Object[] a = args instanceof Object[] arr ? arr : new Object[] {args};
        if (context.isScriptMethod(name)) {
            return context.script().invokeMethod(name, a);
        }
        throw context.error(noSuchMethod(name, a));
    }

    /** A property the block does not have: the script's. */
    public Object propertyMissing(String name) {
        return context.script().getProperty(name);
    }

    /** Setting a property the block does not have: the script's (a binding variable). */
    public void propertyMissing(String name, Object value) {
        context.script().setProperty(name, value);
    }

    final String noSuchMethod(String name, Object[] args) {
        List<String> signatures = signatures(getClass(), name);
        if (!signatures.isEmpty()) {
            return name + " in " + blockName() + " does not take (" + types(args) + "); it takes "
                    + String.join(", or ", signatures);
        }
        Set<String> known = methodNames(getClass());
        return "unknown method '" + name + "' in " + blockName()
                + io.github.wstoolkit.api.Suggestions.didYouMean(name, known) + "; " + blockName() + " has: "
                + String.join(", ", known);
    }

    /** The argument types of a call, without the values (they may be secrets). */
    static String types(Object[] args) {
        List<String> out = new ArrayList<>();
        for (Object a : args) {
            out.add(
                    a == null
                            ? "null"
                            : a instanceof Closure<?>
                                    ? "a closure"
                                    : a.getClass().getSimpleName());
        }
        return String.join(", ", out);
    }

    /** The DSL methods a block class has, by name. */
    static Set<String> methodNames(Class<?> cls) {
        Set<String> names = new TreeSet<>();
        for (Method m : dslMethods(cls)) {
            names.add(m.getName());
        }
        return names;
    }

    static List<Method> dslMethods(Class<?> cls) {
        List<Method> out = new ArrayList<>();
        for (Method m : cls.getMethods()) {
            Class<?> d = m.getDeclaringClass();
            if (Modifier.isStatic(m.getModifiers())
                    || m.isSynthetic()
                    || d == Object.class
                    || d == GroovyObjectSupport.class
                    || d == DslBlock.class
                    || d.getName().startsWith("groovy.")
                    || m.getName().startsWith("get")
                    || m.getName().startsWith("set")
                    || m.getName().endsWith("Missing")) {
                continue;
            }
            out.add(m);
        }
        return out;
    }

    private static List<String> signatures(Class<?> cls, String name) {
        return dslMethods(cls).stream()
                .filter(m -> m.getName().equals(name))
                .map(m -> name + "("
                        + java.util.Arrays.stream(m.getParameterTypes())
                                .map(DslBlock::typeName)
                                .collect(Collectors.joining(", "))
                        + ")")
                .sorted()
                .distinct()
                .toList();
    }

    private static String typeName(Class<?> c) {
        if (c == Map.class) {
            return "name: value, …";
        }
        if (c == Object[].class) {
            return "value, …";
        }
        return c.getSimpleName();
    }

    // ---- values --------------------------------------------------------------------------------------------------

    /**
     * A value as a config holds it: plain (GStrings as Strings, decimals as Doubles), files as {@code file://}
     * references; a closure where no code is expected is an error.
     */
    final Object value(Object v, String what) {
        if (v instanceof Closure<?>) {
            throw context.error(what + " does not take code (a closure)");
        }
        if (v instanceof File f) {
            return context.fileRef(f);
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new java.util.LinkedHashMap<>();
            m.forEach((k, x) -> out.put(String.valueOf(k), value(x, what + "." + k)));
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (Object x : l) {
                out.add(value(x, what));
            }
            return out;
        }
        if (v instanceof Object[] arr) {
            return value(java.util.Arrays.asList(arr), what);
        }
        return GroovyValues.configValue(v);
    }

    /** Named options checked against what is allowed here. */
    final Map<String, Object> options(Map<String, ?> options, Set<String> allowed, String what) {
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, ?> e : options.entrySet()) {
            String k = String.valueOf(e.getKey());
            if (!allowed.contains(k)) {
                throw context.error("unknown option '" + k + "' of " + what
                        + io.github.wstoolkit.api.Suggestions.didYouMean(k, allowed) + "; it takes "
                        + String.join(", ", new TreeSet<>(allowed)));
            }
            out.put(k, e.getValue());
        }
        return out;
    }

    /** Throws Groovy's own exception for a missing method (used where a block has no fallback). */
    static MissingMethodException missing(String name, Class<?> cls, Object[] args) {
        return new MissingMethodException(name, cls, args);
    }
}
