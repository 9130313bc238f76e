package io.github.wstoolkit.shell;

import io.github.wstoolkit.groovy.GroovyCompileCache;
import io.github.wstoolkit.groovy.GroovyWarmUp;
import io.github.wstoolkit.shell.internal.GroovyHint;
import io.github.wstoolkit.shell.internal.Io;
import io.github.wstoolkit.shell.internal.MainCommand;
import io.github.wstoolkit.shell.internal.NoNaming;
import io.github.wstoolkit.shell.internal.WstHome;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * The {@code wst} tool as a function: arguments, streams and environment in, exit code out. {@code main} runs it on
 * the process's own streams; tests and embedders call {@link #run(String[], InputStream, PrintStream, PrintStream,
 * Map, Path)} with their own.
 *
 * <p>Exit codes: 0 success, 1 usage or config error, 2 for a failure while running, 100 when an eval has failures.
 */
public final class Wst {

    private Wst() {}

    public static void main(String[] args) {
        Path workingDir = Path.of("").toAbsolutePath();
        // Only the process's own main changes the JVM-wide settings below: a program that calls run() decides for its
        // own JVM. An empty JNDI context: Tyrus looks one up for every connection and, without one, throws and
        // catches two exceptions each time.
        NoNaming.install();
        // compiled Groovy (transforms, eval and run scripts) is kept for the next run: loading it costs a millisecond,
        // compiling the first text in a JVM a fifth of a second of CPU and more (docs/performance.md)
        GroovyCompileCache.enable(WstHome.of(System.getenv()).resolve("cache").resolve("groovy"));
        // Groovy's compiler warms up on a thread of its own while the command reads its arguments and config, when it
        // will be used (GroovyHint guesses; only the process's own main does this). Not for `wst shell`: there the
        // warm-up took CPU from drawing the first prompt (bench/shell-startup.sh: 1.43 s against 1.11 s, loaded),
        // which every start shows, while only a session's first = line would gain.
        if (GroovyHint.likely(args, workingDir)) {
            GroovyWarmUp.start();
        }
        int code = run(args, System.in, System.out, System.err, System.getenv(), workingDir);
        System.out.flush();
        System.err.flush();
        System.exit(code);
    }

    /**
     * Runs {@code wst} with these arguments.
     *
     * @param env the environment templates see as {@code env} and providers read keys from
     * @param workingDir the folder relative paths are resolved against
     * @return the exit code
     */
    public static int run(
            String[] args, InputStream in, PrintStream out, PrintStream err, Map<String, String> env, Path workingDir) {
        return MainCommand.execute(args, new Io(in, out, err, env, workingDir));
    }
}
