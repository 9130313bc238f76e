package io.github.wstoolkit.dsl;

import groovy.lang.Binding;
import groovy.lang.MissingMethodException;
import io.github.wstoolkit.api.ConfigException;
import io.github.wstoolkit.dsl.internal.ScriptCompiler;
import io.github.wstoolkit.dsl.internal.ScriptErrors;
import java.io.PrintStream;
import java.io.Serial;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Runs a {@code wst run} script ({@link RunScript}) and returns its exit code: 0 when it ends, the code it gives
 * {@link RunScript#exit(int)}, or 1 when it does not compile or throws (a failed {@code assert} included), after
 * printing {@code wst: FILE:LINE: what went wrong} on the error stream. What the script opened is closed.
 *
 * <pre>{@code
 * int code = ScriptRunner.builder().args(List.of("fast")).build().run(Path.of("compare.groovy"));
 * }</pre>
 *
 * <p>Scripts are trusted code: they run with the user's rights, as a Gradle build does.
 */
public final class ScriptRunner {

    /** Packages a {@code wst run} script imports with {@code *}. */
    static final List<String> STAR_IMPORTS = List.of(
            "io.github.wstoolkit.api",
            "io.github.wstoolkit.eval",
            "io.github.wstoolkit.eval.report",
            "io.github.wstoolkit.realtime",
            "io.github.wstoolkit.mockserver",
            "java.time");

    private final List<String> args;
    private final Map<String, String> env;
    private final PrintStream out;
    private final PrintStream err;

    private ScriptRunner(Builder b) {
        this.args = b.args;
        this.env = b.env;
        this.out = b.out;
        this.err = b.err;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Compiles and runs the script; returns its exit code. */
    public int run(Path script) {
        Path file = script.toAbsolutePath().normalize();
        Host host = new Host(args, env, out, err);
        try {
            ScriptCompiler.Compiled compiled = ScriptCompiler.compile(file, RunScript.class, STAR_IMPORTS);
            Binding binding = new Binding();
            binding.setVariable("args", args);
            binding.setVariable("out", out);
            RunScript s;
            try {
                s = (RunScript) compiled.type().getConstructor(Binding.class).newInstance(binding);
            } catch (InvocationTargetException e) {
                throw ScriptErrors.locate(e.getCause(), file);
            } catch (ReflectiveOperationException e) {
                throw ConfigException.at(file, 0, null, "cannot start the script: " + e, e);
            }
            s.attach(host, new Context(s, file, env, compiled.sources()));
            try {
                s.run();
            } catch (Exit e) {
                return e.code;
            } catch (MissingMethodException e) {
                if (e.getType() != null
                        && e.getType().isInstance(s)
                        && DslBlock.methodNames(Suite.class).contains(e.getMethod())) {
                    throw ConfigException.at(
                            file,
                            ScriptErrors.line(e, file),
                            null,
                            e.getMethod() + " is a suite method: a config script runs with wst eval -c; a wst run"
                                    + " script builds a suite inside evaluate { } or suite { }",
                            e);
                }
                throw ScriptErrors.locate(e, file);
            }
            return 0;
        } catch (ConfigException e) {
            err.println("wst: " + e.getMessage());
            return 1;
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable t) {
            ConfigException located = ScriptErrors.locate(t, file);
            err.println("wst: " + located.getMessage());
            if ("1".equals(env.get("WST_DEBUG"))) {
                t.printStackTrace(err);
            }
            return 1;
        } finally {
            host.closeAll();
        }
    }

    /** {@link RunScript#exit(int)}: unwinds the script. */
    static final class Exit extends RuntimeException {
        @Serial
        private static final long serialVersionUID = 1L;

        final int code;

        Exit(int code) {
            super("exit " + code, null, false, false);
            this.code = code;
        }
    }

    /** Builds a {@link ScriptRunner}: no args, the process's environment and streams by default. */
    public static final class Builder {
        private List<String> args = List.of();
        private Map<String, String> env = System.getenv();
        private PrintStream out = System.out;
        private PrintStream err = System.err;

        private Builder() {}

        /**
         * What the script sees as {@code args}.
         *
         * @return this builder
         */
        public Builder args(List<String> a) {
            this.args = List.copyOf(a);
            return this;
        }

        /**
         * What the script sees as {@code env}, and what providers and suites read.
         *
         * @return this builder
         */
        public Builder env(Map<String, String> e) {
            this.env = Map.copyOf(e);
            return this;
        }

        /**
         * Where {@code println} writes.
         *
         * @return this builder
         */
        public Builder out(PrintStream o) {
            this.out = Objects.requireNonNull(o);
            return this;
        }

        /**
         * Where errors are printed.
         *
         * @return this builder
         */
        public Builder err(PrintStream e) {
            this.err = Objects.requireNonNull(e);
            return this;
        }

        public ScriptRunner build() {
            return new ScriptRunner(this);
        }
    }
}
