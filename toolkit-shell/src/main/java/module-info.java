/**
 * The {@code wst} command and its sub-commands ({@code render}, {@code mock}, {@code eval}, ...), built with picocli.
 *
 * <ul>
 *   <li>{@code io.github.wstoolkit.shell}: {@link io.github.wstoolkit.shell.Wst}, the tool as a function of its
 *       arguments, streams and environment, returning an exit code (so it runs in a test with no terminal);
 *   <li>{@code io.github.wstoolkit.shell.internal}: the picocli command classes (not exported).
 * </ul>
 *
 * <p>This module is a leaf: nothing requires it. The runtime image is linked from it.
 */
module io.github.wstoolkit.shell {
    requires io.github.wstoolkit.api;
    // `wst eval` runs the eval engine; providers and the transform compiler are found by ServiceLoader
    requires io.github.wstoolkit.eval;
    // `wst run` runs Groovy scripts, `wst convert` writes YAML configs as Groovy (`wst eval` reads .groovy
    // configs through the eval's ConfigFormat service, which this module provides)
    requires io.github.wstoolkit.dsl;
    // `wst mock` runs the mock server; `wst eval` starts it in-process for configs that say `mockServer: true`
    requires io.github.wstoolkit.mockserver;
    // `wst eval` turns the embedded server's INFO logs down (java.util.logging is what Grizzly and Tyrus log to)
    requires java.logging;
    requires info.picocli;
    requires org.jline.terminal;
    requires org.jline.reader;
    // --vars files and configs in YAML
    requires org.snakeyaml.engine;

    exports io.github.wstoolkit.shell;

    // picocli reads the command classes' annotations and sets their fields reflectively.
    opens io.github.wstoolkit.shell.internal to
            info.picocli;
}
