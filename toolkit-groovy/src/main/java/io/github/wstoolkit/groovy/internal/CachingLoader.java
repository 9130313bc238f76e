package io.github.wstoolkit.groovy.internal;

import groovy.lang.GroovyClassLoader;
import groovy.lang.GroovyCodeSource;
import java.net.MalformedURLException;
import java.net.URI;
import java.security.CodeSource;
import java.security.cert.Certificate;
import java.util.LinkedHashMap;
import java.util.Map;
import org.codehaus.groovy.ast.ClassNode;
import org.codehaus.groovy.control.CompilationFailedException;
import org.codehaus.groovy.control.CompilationUnit;
import org.codehaus.groovy.control.CompilerConfiguration;
import org.codehaus.groovy.control.SourceUnit;

/**
 * Groovy's class loader for compiles whose classes go to the {@link ClassCache}: {@link #compile} also returns the
 * bytes of every class the compile defined, and {@link #loadCached} defines the classes of a cached compile as a
 * compile would have (in a loader of their own below this one). Used by the transform compiler and by the DSL's
 * script compiler.
 */
public final class CachingLoader extends GroovyClassLoader {

    /** The bytes of the classes a compile on this thread defines; unset outside {@link #compile}. */
    private static final ThreadLocal<Map<String, byte[]>> RECORDING = new ThreadLocal<>();

    public CachingLoader(ClassLoader parent, CompilerConfiguration config) {
        super(parent, config);
    }

    /** A compiled source: its main (script) class, and every class's bytes by name. */
    public record Compiled(Class<?> type, Map<String, byte[]> classes) {}

    /** Compiles {@code text} as {@code name}, from the code base {@code codeBase} (as {@link GroovyCodeSource}). */
    public Compiled compile(String text, String name, String codeBase) throws CompilationFailedException {
        Map<String, byte[]> bytes = new LinkedHashMap<>();
        RECORDING.set(bytes);
        try {
            return new Compiled(parseClass(new GroovyCodeSource(text, name, codeBase), false), bytes);
        } finally {
            RECORDING.remove();
        }
    }

    @Override
    protected ClassCollector createCollector(CompilationUnit unit, SourceUnit su) {
        Map<String, byte[]> record = RECORDING.get();
        return new ClassCollector(new InnerLoader(this), unit, su) {
            @Override
            @SuppressWarnings("rawtypes") // Groovy's signature
            protected Class createClass(byte[] code, ClassNode classNode) {
                if (record != null) {
                    record.put(classNode.getName(), code);
                }
                return super.createClass(code, classNode);
            }
        };
    }

    /** A cached compile, defined: its main class, and the notes kept with it. */
    public record Loaded(Class<?> type, Map<String, String> notes) {}

    /**
     * The compile {@code cache} keeps under {@code key}, its classes defined as a compile defines them; null when it
     * keeps none, or when they do not load (a damaged entry, which is then dropped: the caller compiles and writes it
     * again).
     */
    public Loaded loadCached(ClassCache cache, String key, String codeBase) {
        ClassCache.Entry entry = cache.get(key);
        if (entry == null) {
            return null;
        }
        try {
            return new Loaded(define(entry, codeBase), entry.notes());
        } catch (ClassNotFoundException | LinkageError | SecurityException e) {
            cache.remove(key);
            return null;
        }
    }

    /**
     * Defines the classes of a cached compile, all of them at once (a class that does not load fails here, not in
     * the middle of a run), and returns the main one.
     */
    private Class<?> define(ClassCache.Entry entry, String codeBase) throws ClassNotFoundException {
        Defined l = new Defined(this, entry.classes(), codeSource(codeBase));
        Class<?> main = l.loadClass(entry.mainClass());
        for (String name : entry.classes().keySet()) {
            l.loadClass(name);
        }
        return main;
    }

    /** What {@link GroovyCodeSource} makes of a code base. */
    private static CodeSource codeSource(String codeBase) {
        try {
            return new CodeSource(URI.create("file:" + codeBase).toURL(), (Certificate[]) null);
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new IllegalStateException("not a code base: " + codeBase, e);
        }
    }

    /**
     * The loader of one cached compile, as Groovy makes one per compile: each class is defined when it is first asked
     * for, so a class is never defined before the classes it extends.
     */
    private static final class Defined extends GroovyClassLoader.InnerLoader {
        private final Map<String, byte[]> bytes;
        private final CodeSource codeSource;

        Defined(GroovyClassLoader delegate, Map<String, byte[]> bytes, CodeSource codeSource) {
            super(delegate);
            this.bytes = bytes;
            this.codeSource = codeSource;
        }

        @Override
        public Class<?> loadClass(String name) throws ClassNotFoundException {
            byte[] b = bytes.get(name);
            if (b == null) {
                return super.loadClass(name);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                return c != null ? c : defineClass(name, b, 0, b.length, codeSource);
            }
        }
    }
}
