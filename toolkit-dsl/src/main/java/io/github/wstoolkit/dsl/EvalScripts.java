package io.github.wstoolkit.dsl;

import groovy.lang.Binding;
import groovy.lang.MissingMethodException;
import groovy.lang.Script;
import io.github.wstoolkit.api.ConfigException;
import io.github.wstoolkit.api.Suggestions;
import io.github.wstoolkit.dsl.internal.GroovyWriter;
import io.github.wstoolkit.dsl.internal.ScriptCompiler;
import io.github.wstoolkit.dsl.internal.ScriptErrors;
import io.github.wstoolkit.eval.ConfigLoader;
import io.github.wstoolkit.eval.EvalConfig;
import io.github.wstoolkit.eval.spi.ConfigDocument;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Groovy eval configs from Java: {@link #load} is what {@code wst eval -c suite.groovy} does (through the config
 * loader's {@code ConfigFormat} service), {@link #toGroovy} what {@code wst convert} does.
 *
 * <p>A script is compiled, then run once: it builds the suite, which the config loader reads into the same records a
 * YAML file gives. Any problem, at compile time or while the script runs (a misspelled method, a closure with too
 * many parameters, an exception, a provider option the provider does not read) is a {@link ConfigException} naming
 * the script, the line (and the column, for compile errors). Scripts are trusted code: they run with the user's
 * rights.
 */
public final class EvalScripts {

    private EvalScripts() {}

    /**
     * Runs a config script and returns the config it builds.
     *
     * @param env the environment the run will have (the script's {@code env})
     * @throws ConfigException for any problem, naming the script and the line
     */
    public static EvalConfig load(Path file, Map<String, String> env) {
        return ConfigLoader.read(read(file, env), env);
    }

    /** Runs a config script and returns what it builds, as a config document (plain values and functions). */
    public static ConfigDocument read(Path file, Map<String, String> env) {
        Path abs = file.toAbsolutePath().normalize();
        ScriptCompiler.Compiled compiled = ScriptCompiler.compile(abs, EvalScript.class, List.of());
        EvalScript script = (EvalScript) instantiate(compiled.type(), abs);
        Context context = new Context(script, abs, env, compiled.sources());
        Suite suite = new Suite(context);
        script.attach(suite);
        try {
            script.run();
        } catch (VirtualMachineError e) {
            throw e;
        } catch (MissingMethodException e) {
            throw unknownTopLevelMethod(e, script, abs);
        } catch (Throwable t) {
            throw ScriptErrors.locate(t, abs);
        } finally {
            suite.close();
        }
        return suite.document();
    }

    /**
     * The Groovy form of a YAML config ({@code EvalConfig.raw()} or a parsed file): a script that loads into the same
     * records. Code given as a closure literal becomes code; other code stays text, as the DSL accepts it.
     */
    public static String toGroovy(Map<String, Object> yaml) {
        return GroovyWriter.write(yaml);
    }

    static Script instantiate(Class<? extends Script> type, Path file) {
        try {
            return type.getConstructor(Binding.class).newInstance(new Binding());
        } catch (InvocationTargetException e) {
            throw ScriptErrors.locate(e.getCause(), file);
        } catch (ReflectiveOperationException e) {
            throw ConfigException.at(file, 0, null, "cannot start the script: " + e, e);
        }
    }

    /** A top-level call the suite does not have: say what it has, and the closest name. */
    static ConfigException unknownTopLevelMethod(MissingMethodException e, Script script, Path file) {
        if (e.getType() == null || !e.getType().isInstance(script) || e.isStatic()) {
            return ScriptErrors.locate(e, file);
        }
        Set<String> known = new TreeSet<>(DslBlock.methodNames(Suite.class));
        if (known.contains(e.getMethod())) {
            return ConfigException.at(
                    file,
                    ScriptErrors.line(e, file),
                    null,
                    ScriptErrors.describe(e) + "; see the suite's methods in docs/groovy.md",
                    e);
        }
        return ConfigException.at(
                file,
                ScriptErrors.line(e, file),
                null,
                "unknown method '" + e.getMethod() + "'" + Suggestions.didYouMean(e.getMethod(), known)
                        + "; a suite has: " + String.join(", ", known),
                e);
    }
}
