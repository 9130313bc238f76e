package io.github.wstoolkit.groovy;

import io.github.wstoolkit.groovy.internal.ClassCache;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A folder where the Groovy transform compiler (and the DSL's script compiler, for eval scripts and {@code wst run}
 * scripts) keeps the classes it compiled, so that the next process given the same text loads its classes instead of
 * compiling them again.
 *
 * <p>The first transform a JVM compiles costs a fifth of a second of CPU and more: Groovy's parser, the scan of its
 * default imports, the compiler's classes made ready by the JIT. Loading the compiled classes costs a millisecond. The
 * {@code wst} command turns the cache on in {@code $WST_HOME/cache/groovy}; a Java program that uses wstoolkit's
 * modules has none unless it calls {@link #enable(Path)}.
 *
 * <p>An entry is found by a SHA-256 of the text (and its file's path, for {@code file://} transforms and scripts; for
 * a script also its base class and imports), Groovy's version, the Java feature version and the bytes of the
 * compiler's own classes, so an entry made by another build of wstoolkit or of Groovy is never used. Only text that
 * compiled is kept: a compile error is reported from a real compile, every time. An entry that cannot be read or
 * loaded is deleted and the text compiled again; a folder that cannot be written only means no cache. The folder keeps
 * the most recently used entries, 400 at most. The compiled classes hold the text's string constants, so the folder
 * and its files are made readable by their owner only, where the file system has POSIX permissions.
 */
public final class GroovyCompileCache {

    private GroovyCompileCache() {}

    /** Keeps compiled Groovy in {@code dir} (created when first written) for every compiler of this JVM. */
    public static void enable(Path dir) {
        ClassCache.enable(dir);
    }

    /** Stops using a folder: later compiles compile. */
    public static void disable() {
        ClassCache.disable();
    }

    /** {@return the folder in use, if any} */
    public static Optional<Path> directory() {
        return ClassCache.directory();
    }
}
