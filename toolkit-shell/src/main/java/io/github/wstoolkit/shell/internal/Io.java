package io.github.wstoolkit.shell.internal;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/** The streams, environment and working folder a command runs with. */
public record Io(InputStream in, PrintStream out, PrintStream err, Map<String, String> env, Path workingDir) {

    public Io {
        env = Map.copyOf(env);
    }

    /** The same streams and folder with another environment. */
    public Io withEnv(Map<String, String> newEnv) {
        return new Io(in, out, err, newEnv, workingDir);
    }

    /** A path given on the command line, resolved against the working folder. */
    public Path resolve(String path) {
        return workingDir.resolve(path).normalize();
    }
}
