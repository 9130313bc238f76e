package io.github.wstoolkit.api.internal.transform;

import io.github.wstoolkit.api.ConfigException;
import io.github.wstoolkit.api.spi.TransformCompiler;
import io.github.wstoolkit.api.transform.TransformSource;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Finds the {@link TransformCompiler} on the module path, for the factories and loaders that compile config text
 * when no compiler was injected. Exported only to those modules: a Java user injects a compiler
 * ({@code ProviderRegistry.withTransformCompiler}, {@code ConfigLoader}, {@code Eval}) or passes lambdas.
 */
public final class Transforms {

    private static volatile Optional<TransformCompiler> compiler;

    private Transforms() {}

    /** {@return the first compiler on the module path (toolkit-groovy's), if any} It is looked up once. */
    public static Optional<TransformCompiler> compiler() {
        Optional<TransformCompiler> c = compiler;
        if (c == null) {
            synchronized (Transforms.class) {
                c = compiler;
                if (c == null) {
                    c = ServiceLoader.load(TransformCompiler.class).findFirst();
                    compiler = c;
                }
            }
        }
        return c;
    }

    /**
     * The compiler, or a {@link ConfigException} naming the option when there is none: a Java user who passes
     * lambdas needs no compiler, but text transforms do.
     *
     * @param source the text to compile, for the error's file, line and option
     * @return the compiler on the module path
     */
    public static TransformCompiler requireCompiler(TransformSource source) {
        return compiler()
                .orElseThrow(() -> ConfigException.at(
                        source.configFile().orElse(null),
                        source.line(),
                        source.option(),
                        "is given as text, which needs a transform compiler (toolkit-groovy) on the module path;"
                                + " add it, or pass a Java lambda instead"));
    }
}
