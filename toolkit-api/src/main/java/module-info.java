/**
 * The vocabulary every wstoolkit module speaks.
 *
 * <ul>
 *   <li>{@code io.github.wstoolkit.api}: {@link io.github.wstoolkit.api.Provider}, its
 *       {@link io.github.wstoolkit.api.ProviderResponse}, the {@link io.github.wstoolkit.api.CallContext}
 *       of a call, and the {@link io.github.wstoolkit.api.ProviderRegistry} that resolves a provider id;
 *   <li>{@code io.github.wstoolkit.api.spi}: the service interfaces other modules implement
 *       ({@link io.github.wstoolkit.api.spi.ProviderFactory}, {@link io.github.wstoolkit.api.spi.TransformCompiler});
 *   <li>{@code io.github.wstoolkit.api.transform}: the transform functional interfaces a Java user passes as lambdas
 *       and a transform compiler produces from config text;
 *   <li>{@code io.github.wstoolkit.api.json}: JSON text to and from plain Java values;
 *   <li>{@code io.github.wstoolkit.api.template}: the Nunjucks-compatible template engine (its implementation is
 *       in the unexported {@code io.github.wstoolkit.api.internal.template}).
 * </ul>
 *
 * @uses io.github.wstoolkit.api.spi.ProviderFactory
 * @uses io.github.wstoolkit.api.spi.TransformCompiler
 */
// "module": the targets of the qualified export are built after this one
@SuppressWarnings("module")
module io.github.wstoolkit.api {
    // JSON values appear in our signatures only as plain Java values, but the jakarta.json
    // types are handed to readers and writers by the helpers, so users get the module too.
    requires transitive jakarta.json;
    // Parsson implements jakarta.json; jakarta.json finds it through ServiceLoader.
    requires org.eclipse.parsson;

    exports io.github.wstoolkit.api;
    exports io.github.wstoolkit.api.spi;
    exports io.github.wstoolkit.api.transform;
    exports io.github.wstoolkit.api.json;
    exports io.github.wstoolkit.api.template;
    // Transforms: the compiler found on the module path, for the modules that compile config text when none was
    // injected; not part of the API a Java user sees
    exports io.github.wstoolkit.api.internal.transform to
            io.github.wstoolkit.ws,
            io.github.wstoolkit.realtime,
            io.github.wstoolkit.eval,
            io.github.wstoolkit.shell;

    // ProviderRegistry resolves provider ids through these factories.
    uses io.github.wstoolkit.api.spi.ProviderFactory;
    // Transforms given as config text are compiled by the first compiler found (toolkit-groovy).
    uses io.github.wstoolkit.api.spi.TransformCompiler;
}
