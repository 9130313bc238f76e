package io.github.wstoolkit.dsl;

import io.github.wstoolkit.api.ConfigException;
import io.github.wstoolkit.eval.MockServerSpec;
import io.github.wstoolkit.mockserver.MockServer;
import io.github.wstoolkit.mockserver.ScenarioFile;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/** What a {@code wst run} script runs with: its arguments, environment, output, and what it opened. */
final class Host {

    final List<String> args;
    final Map<String, String> env;
    final PrintStream out;
    final PrintStream err;
    private final Deque<AutoCloseable> opened = new ArrayDeque<>();

    Host(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
        this.args = List.copyOf(args);
        this.env = Map.copyOf(env);
        this.out = out;
        this.err = err;
    }

    <T extends AutoCloseable> T track(T c) {
        synchronized (opened) {
            opened.push(c);
        }
        return c;
    }

    void forget(AutoCloseable c) {
        synchronized (opened) {
            opened.remove(c);
        }
    }

    /** Closes what the script opened and did not close, newest first. */
    void closeAll() {
        while (true) {
            AutoCloseable c;
            synchronized (opened) {
                c = opened.poll();
            }
            if (c == null) {
                return;
            }
            try {
                c.close();
            } catch (Exception e) {
                err.println("wst: closing " + c + " failed: " + e.getMessage());
            }
        }
    }

    /** Starts the mock server a suite asks for ({@code mockServer()}), as {@code wst eval} does. */
    static MockServer startMock(MockServerSpec spec) {
        MockServer.Builder b = MockServer.builder().port(spec.port());
        if (spec.scenario().isPresent()) {
            String s = spec.scenario().get();
            Path file = Path.of(s.startsWith("file://") ? s.substring("file://".length()) : s);
            try {
                b = ScenarioFile.load(file).applyTo(b);
            } catch (ConfigException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new ConfigException("mockServer.scenario: cannot use " + file + ": " + e.getMessage(), e);
            }
        }
        try {
            return b.start();
        } catch (RuntimeException e) {
            throw new ConfigException("mockServer: the mock server did not start: " + e.getMessage(), e);
        }
    }
}
