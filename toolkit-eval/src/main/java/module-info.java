/**
 * The evaluation engine.
 */
module io.github.wstoolkit.eval {
    requires transitive io.github.wstoolkit.api;
    requires org.snakeyaml.engine;
}
