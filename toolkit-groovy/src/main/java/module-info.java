/**
 * Groovy transforms and the eval DSL.
 */
module io.github.wstoolkit.groovy {
    requires transitive io.github.wstoolkit.api;
    requires io.github.wstoolkit.eval;
    // Groovy ships as an automatic module; the runtime image gives it a descriptor (see toolkit-shell).
    requires org.apache.groovy;
    requires org.apache.groovy.json;
}
