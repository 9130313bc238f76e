/**
 * Groovy as the transform language: implements the api's
 * {@link io.github.wstoolkit.api.spi.TransformCompiler} (expressions, closures, lambdas, {@code return} bodies and
 * {@code file://path.groovy:name} references), in the unexported package {@code io.github.wstoolkit.groovy.internal}.
 *
 * @provides io.github.wstoolkit.api.spi.TransformCompiler
 */
module io.github.wstoolkit.groovy {
    requires transitive io.github.wstoolkit.api;
    requires io.github.wstoolkit.eval;
    // Groovy ships as an automatic module; the runtime image gives it a descriptor (see toolkit-shell).
    requires org.apache.groovy;
    // JsonSlurper / JsonOutput, imported into every transform
    requires org.apache.groovy.json;

    // GroovyJson: the JSON object every transform sees; Groovy calls it reflectively
    exports io.github.wstoolkit.groovy;

    provides io.github.wstoolkit.api.spi.TransformCompiler with
            io.github.wstoolkit.groovy.internal.GroovyTransformCompiler;
}
