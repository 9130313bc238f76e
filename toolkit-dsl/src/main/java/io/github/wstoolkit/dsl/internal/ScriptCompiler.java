package io.github.wstoolkit.dsl.internal;

import groovy.lang.Script;
import io.github.wstoolkit.api.ConfigException;
import io.github.wstoolkit.groovy.GroovyWarmUp;
import io.github.wstoolkit.groovy.InterruptChecks;
import io.github.wstoolkit.groovy.internal.CachingLoader;
import io.github.wstoolkit.groovy.internal.ClassCache;
import io.github.wstoolkit.groovy.internal.LazyImports;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.codehaus.groovy.control.CompilationFailedException;
import org.codehaus.groovy.control.CompilerConfiguration;
import org.codehaus.groovy.control.MultipleCompilationErrorsException;
import org.codehaus.groovy.control.customizers.CompilationCustomizer;
import org.codehaus.groovy.control.messages.ExceptionMessage;
import org.codehaus.groovy.control.messages.Message;
import org.codehaus.groovy.control.messages.SimpleMessage;
import org.codehaus.groovy.control.messages.SyntaxErrorMessage;
import org.codehaus.groovy.syntax.SyntaxException;

/**
 * Compiles a script file with a DSL base class: the imports every script has, {@code @Grab} disabled, {@code equals}
 * sent to DSL blocks, and the text of its closures recorded. A compile error is a {@link ConfigException} naming the
 * file, line and column.
 */
public final class ScriptCompiler {

    /** Imported into every script, as into every transform. */
    private static final List<String> IMPORTS = List.of("groovy.json.JsonSlurper", "groovy.json.JsonOutput");

    /** A compiled script and the text of its closures. */
    public record Compiled(Class<? extends Script> type, ClosureSources sources) {}

    /** Compiles run in this JVM (a script the cache had is not compiled), for tests. */
    private static final AtomicInteger COMPILES = new AtomicInteger();

    private ScriptCompiler() {}

    static int compiles() {
        return COMPILES.get();
    }

    /**
     * Compiles a script file.
     *
     * @param starImports packages imported with {@code *} (a {@code wst run} script gets the toolkit's)
     */
    public static Compiled compile(Path file, Class<? extends Script> base, List<String> starImports) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw ConfigException.at(file, 0, null, "cannot read the script: there is no such file", e);
        } catch (IOException e) {
            throw ConfigException.at(file, 0, null, "cannot read the script: " + ConfigException.describe(e), e);
        }
        return compile(text, file, base, starImports);
    }

    /**
     * Compiles script text that was read from {@code file}.
     *
     * @param extra more customizers (a test's type checking)
     */
    public static Compiled compile(
            String text,
            Path file,
            Class<? extends Script> base,
            List<String> starImports,
            CompilationCustomizer... extra) {
        GroovyWarmUp.await();
        ClosureSources sources = new ClosureSources(text);
        CompilerConfiguration config = new CompilerConfiguration();
        config.setSourceEncoding(StandardCharsets.UTF_8.name());
        config.setScriptBaseClass(base.getName());
        config.setDisabledGlobalASTTransformations(Set.of(DslTransforms.GRAB_TRANSFORM));
        LazyImports imports = new LazyImports(IMPORTS, starImports);
        config.addCompilationCustomizers(
                imports, DslTransforms.noGrab(), DslTransforms.equalsGoesToTheDelegate(), sources.collector());
        // loops, closures and methods check for interruption (Groovy's @ThreadInterrupt): a closure of the script
        // used as a transform or prompt function ends at its case's deadline, and Ctrl-C stops a looping script
        config.addCompilationCustomizers(new InterruptChecks());
        config.addCompilationCustomizers(extra);
        String name = file.getFileName().toString();
        // a script compiled by an earlier run of the same text (GroovyCompileCache; not with a test's customizers)
        ClassCache on = extra.length == 0 ? ClassCache.current() : null;
        ClassCache disk = on != null && Fingerprint.VALUE != null ? on : null;
        String diskKey = disk == null
                ? null
                : disk.key(Fingerprint.VALUE, file, base.getName() + "\n" + starImports + "\n" + text);
        try (CachingLoader loader = new CachingLoader(base.getClassLoader(), config)) {
            // (the key holds the base class: a cached script is always one of base's)
            CachingLoader.Loaded loaded = diskKey == null ? null : loader.loadCached(disk, diskKey, CODE_BASE);
            if (loaded != null) {
                return new Compiled(loaded.type().asSubclass(Script.class), new ClosureSources(text, loaded.notes()));
            }
            COMPILES.incrementAndGet();
            CachingLoader.Compiled compiled = loader.compile(text, name, CODE_BASE);
            Class<?> cls = compiled.type();
            if (!base.isAssignableFrom(cls)) {
                String other =
                        cls.getSuperclass() == null ? "" : cls.getSuperclass().getSimpleName();
                throw ConfigException.at(
                        file,
                        0,
                        null,
                        other.equals("RunScript")
                                ? "is a wst run script (its base class is RunScript); run it with wst run"
                                : other.equals("EvalScript")
                                        ? "is an eval config (its base class is EvalScript); run it with wst eval -c"
                                        : "must be a script whose base class is " + base.getSimpleName() + ", not "
                                                + (other.isEmpty() ? "a class declaration" : other));
            }
            if (diskKey != null && compiled.classes().containsKey(cls.getName())) {
                disk.put(diskKey, new ClassCache.Entry(cls.getName(), compiled.classes(), sources.found()));
            }
            return new Compiled(cls.asSubclass(Script.class), sources);
        } catch (CompilationFailedException e) {
            throw compileError(e, file);
        } catch (IOException e) {
            throw new IllegalStateException("closing a Groovy class loader failed", e);
        }
    }

    /** Where compiled scripts say they come from (their code source). */
    private static final String CODE_BASE = "/groovy/script";

    /**
     * What a compiled script depends on besides its text, its base class and its imports (which are in its key):
     * Groovy, Java, and this compiler's classes ({@link ClassCache#fingerprint}); made at the first compile.
     */
    private static final class Fingerprint {
        static final byte[] VALUE = ClassCache.fingerprint(
                "scripts",
                List.of(
                        ScriptCompiler.class,
                        DslTransforms.class,
                        ClosureSources.class,
                        InterruptChecks.class,
                        CachingLoader.class,
                        ClassCache.class));
    }

    private static ConfigException compileError(CompilationFailedException e, Path file) {
        int line = 0;
        int column = 0;
        String problem = e.getMessage();
        int count = 1;
        if (e instanceof MultipleCompilationErrorsException m
                && m.getErrorCollector().getErrorCount() > 0) {
            count = m.getErrorCollector().getErrorCount();
            Message first = m.getErrorCollector().getError(0);
            if (first instanceof SyntaxErrorMessage sem) {
                SyntaxException se = sem.getCause();
                line = se.getLine();
                column = se.getStartColumn();
                problem = se.getOriginalMessage();
            } else if (first instanceof ExceptionMessage em && em.getCause() != null) {
                problem = em.getCause().getMessage();
            } else if (first instanceof SimpleMessage sm) {
                problem = sm.getMessage();
            }
        }
        String text = "does not compile: " + firstLine(problem) + (count > 1 ? " (and " + (count - 1) + " more)" : "");
        return new ConfigException(text, e, file, line, column, null);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).strip();
    }
}
