/**
 * Groovy as the transform language: implements the api's
 * {@link io.github.wstoolkit.api.spi.TransformCompiler} (expressions, closures, lambdas, {@code return} bodies and
 * {@code file://path.groovy:name} references), in the unexported package {@code io.github.wstoolkit.groovy.internal}.
 *
 * <p>{@code io.github.wstoolkit.groovy} is what Groovy code and Groovy front ends share:
 * {@link io.github.wstoolkit.groovy.GroovyJson} (bound as {@code JSON}), {@link io.github.wstoolkit.groovy.GroovyValues}
 * (Groovy values to plain Java values) and {@link io.github.wstoolkit.groovy.GroovyFunctions} (closures as the api's
 * functional interfaces, called as compiled transforms are). It needs nothing of the eval engine, so a Java user of
 * {@code toolkit-ws} can have Groovy transforms without it.
 *
 * @provides io.github.wstoolkit.api.spi.TransformCompiler
 */
// "module": the qualified export below names toolkit-dsl, which is built after this module
@SuppressWarnings("module")
module io.github.wstoolkit.groovy {
    requires transitive io.github.wstoolkit.api;
    // Groovy ships as an automatic module; the runtime image gives it a descriptor (see toolkit-shell).
    // Transitive: GroovyFunctions takes groovy.lang.Closure.
    requires transitive org.apache.groovy;
    // JsonSlurper / JsonOutput, imported into every transform
    requires org.apache.groovy.json;

    // GroovyJson, GroovyValues, GroovyFunctions; Groovy calls GroovyJson reflectively
    exports io.github.wstoolkit.groovy;
    // the DSL's script compiler keeps its classes in the same cache (ClassCache, CachingLoader)
    exports io.github.wstoolkit.groovy.internal to
            io.github.wstoolkit.dsl;

    provides io.github.wstoolkit.api.spi.TransformCompiler with
            io.github.wstoolkit.groovy.internal.GroovyTransformCompiler;
}
