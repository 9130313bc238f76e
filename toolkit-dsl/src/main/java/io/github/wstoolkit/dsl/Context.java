package io.github.wstoolkit.dsl;

import groovy.lang.Closure;
import groovy.lang.Script;
import io.github.wstoolkit.api.ConfigException;
import io.github.wstoolkit.dsl.internal.ClosureSources;
import java.io.File;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What the DSL's blocks share while one script runs: the script (for its helper methods and properties), its file
 * (for messages and {@code file()}), the environment, and where each closure of the script was written.
 */
final class Context {

    private final Script script;
    private final Path file;
    private final Path baseDir;
    private final Map<String, String> env;
    private final ClosureSources sources;
    private final Set<String> scriptMethods;

    Context(Script script, Path file, Map<String, String> env, ClosureSources sources) {
        this.script = script;
        this.file = file.toAbsolutePath().normalize();
        this.baseDir = this.file.getParent();
        this.env = Map.copyOf(env);
        this.sources = sources;
        this.scriptMethods = declaredMethods(script.getClass());
    }

    /** The methods the script itself declares ({@code def helper(x) { ... }}), which DSL blocks may call. */
    private static Set<String> declaredMethods(Class<?> cls) {
        Set<String> names = new HashSet<>();
        for (Method m : cls.getDeclaredMethods()) {
            if (!m.isSynthetic()
                    && !Modifier.isStatic(m.getModifiers())
                    && !m.getName().equals("run")
                    && !m.getName().contains("$")) {
                names.add(m.getName());
            }
        }
        return names;
    }

    Script script() {
        return script;
    }

    Path file() {
        return file;
    }

    Path baseDir() {
        return baseDir;
    }

    Map<String, String> env() {
        return env;
    }

    boolean isScriptMethod(String name) {
        return scriptMethods.contains(name);
    }

    /** The line of the script being run now (the innermost frame of the script's file), 0 when none. */
    int line() {
        String name = file.getFileName().toString();
        return StackWalker.getInstance().walk(s -> s.filter(f -> name.equals(f.getFileName()))
                .findFirst()
                .map(StackWalker.StackFrame::getLineNumber)
                .orElse(0));
    }

    /** A config error at the script's current line. */
    ConfigException error(String problem) {
        return ConfigException.at(file, line(), null, problem);
    }

    ConfigException error(String problem, Throwable cause) {
        return ConfigException.at(file, line(), null, problem, cause);
    }

    /** A path the script gives, resolved against the script's folder. */
    File file(String path) {
        return baseDir.resolve(path).normalize().toFile();
    }

    /**
     * A file as configs reference it: {@code file://} and the path relative to the script's folder (absolute when
     * outside it), as YAML would write it.
     */
    String fileRef(File f) {
        Path p = f.toPath().toAbsolutePath().normalize();
        String ref = p.startsWith(baseDir) ? baseDir.relativize(p).toString() : p.toString();
        return "file://" + ref.replace(File.separatorChar, '/');
    }

    /**
     * The text of the closure passed to {@code method} at the current line, when the script has exactly one there;
     * otherwise where it was written. It is what a compiled function's {@code toString()} returns (reports show it,
     * and a prompt function's text decides whether it sees {@code _conversation}).
     */
    String describe(String method) {
        int line = line();
        return sources.find(method, line).orElse("{ closure at " + file.getFileName() + ":" + line + " }");
    }

    /**
     * A closure of the script as a function called at run time: re-targeted at the script, so that a name in it
     * means what it means at the script's top level (its helper methods, {@code JSON}, {@code env}), never a DSL
     * block that has finished.
     */
    Closure<?> detach(Closure<?> c) {
        return c.rehydrate(script, script, script);
    }
}
