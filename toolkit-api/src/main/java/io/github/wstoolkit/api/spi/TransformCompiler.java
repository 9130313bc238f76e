package io.github.wstoolkit.api.spi;

import io.github.wstoolkit.api.ConfigException;
import io.github.wstoolkit.api.template.TemplateFilter;
import io.github.wstoolkit.api.transform.AssertionFunction;
import io.github.wstoolkit.api.transform.FunctionCallHandler;
import io.github.wstoolkit.api.transform.PromptFunction;
import io.github.wstoolkit.api.transform.ResponseTransform;
import io.github.wstoolkit.api.transform.StreamResponse;
import io.github.wstoolkit.api.transform.StreamTransform;
import io.github.wstoolkit.api.transform.TransformSource;

/**
 * Turns transforms written as config text (an expression, a closure, a body with {@code return}, or a
 * {@code file://path:name} reference) into the functional interfaces of {@code io.github.wstoolkit.api.transform}.
 *
 * <p>Each method compiles once; the result is called per call or per frame and is safe to call from many threads.
 * A source that does not compile fails with a {@link ConfigException} naming the option
 * ({@link TransformSource#option()}), the file and the line.
 */
public interface TransformCompiler {

    /** The language's name, for messages ("groovy"). */
    String language();

    ResponseTransform responseTransform(TransformSource source);

    StreamResponse streamResponse(TransformSource source);

    StreamTransform streamTransform(TransformSource source);

    PromptFunction promptFunction(TransformSource source);

    FunctionCallHandler functionCallHandler(TransformSource source);

    AssertionFunction assertion(TransformSource source);

    /** A template filter (a config's {@code nunjucksFilters}). */
    TemplateFilter templateFilter(TransformSource source);
}
