/**
 * The {@code wst} command and its sub-commands ({@code render}, {@code mock}, {@code eval}, ...), built with picocli.
 *
 * <ul>
 *   <li>{@code io.github.wstoolkit.shell}: {@link io.github.wstoolkit.shell.Wst}, the tool as a function of its
 *       arguments, streams and environment, returning an exit code (so it runs in a test with no terminal);
 *   <li>{@code io.github.wstoolkit.shell.internal}: the picocli command classes (not exported);
 *   <li>{@code io.github.wstoolkit.shell.internal.console}: {@code wst shell}'s engine, with no terminal in it, and
 *       its scripted face; {@code io.github.wstoolkit.shell.internal.jline}: its JLine face (not exported).
 * </ul>
 *
 * <p>This module is a leaf: nothing requires it. The runtime image is linked from it.
 */
module io.github.wstoolkit.shell {
    requires io.github.wstoolkit.api;
    // `wst eval` runs the eval engine; providers and the transform compiler are found by ServiceLoader
    requires io.github.wstoolkit.eval;
    // `wst eval` records runs in the results store; `wst list/show/delete/import/view` read it
    requires io.github.wstoolkit.history;
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
    // JLine's JNI terminal provider, found by JLine at run time; required so that it is linked into the image
    requires org.jline.terminal.jni;
    // JLine catches Ctrl-C (SIGINT) through sun.misc.Signal, which it looks up reflectively: without this module in
    // the boot layer a Ctrl-C during a /call would end the JVM instead of cancelling the call
    requires jdk.unsupported;
    // `wst shell`: the console's connection (WsConnection) and its ad-hoc provider for /call
    requires io.github.wstoolkit.ws;
    // `wst shell`: `=` lines run in toolkit-groovy's GroovyConsole (the shell never touches Groovy's own types)
    requires io.github.wstoolkit.groovy;
    // --vars files and configs in YAML
    requires org.snakeyaml.engine;
    // Wst.main gives the process an empty JNDI context (NoNaming): Tyrus looks one up at every connection
    requires java.naming;

    exports io.github.wstoolkit.shell;

    provides javax.naming.spi.InitialContextFactory with
            io.github.wstoolkit.shell.internal.NoNaming;

    // picocli reads the command classes' annotations and sets their fields reflectively.
    opens io.github.wstoolkit.shell.internal to
            info.picocli;
    // `= ws.send(...)` at the shell's prompt: Groovy calls ConsoleSocket reflectively
    opens io.github.wstoolkit.shell.internal.console to
            org.apache.groovy;
}
