package io.github.wstoolkit.dsl;

import groovy.lang.Binding;
import groovy.lang.Closure;
import groovy.lang.DelegatesTo;
import groovy.lang.Script;
import io.github.wstoolkit.api.ConfigException;
import io.github.wstoolkit.api.Provider;
import io.github.wstoolkit.api.ProviderException;
import io.github.wstoolkit.api.ProviderRegistry;
import io.github.wstoolkit.api.ProviderSpec;
import io.github.wstoolkit.eval.ConfigLoader;
import io.github.wstoolkit.eval.Eval;
import io.github.wstoolkit.eval.EvalConfig;
import io.github.wstoolkit.eval.EvalRun;
import io.github.wstoolkit.eval.ProviderEntry;
import io.github.wstoolkit.eval.RunOptions;
import io.github.wstoolkit.eval.report.ReportFormat;
import io.github.wstoolkit.eval.report.Reports;
import io.github.wstoolkit.groovy.GroovyJson;
import io.github.wstoolkit.mockserver.MockServer;
import io.github.wstoolkit.mockserver.ScenarioFile;
import io.github.wstoolkit.realtime.RealtimeOptions;
import io.github.wstoolkit.realtime.RealtimeSession;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The base class of a {@code wst run} script: a Groovy script with the toolkit in scope, for the jobs a config
 * cannot express. It can start the mock server ({@link #mock()}), build providers and call them
 * ({@link #websocket(Object, Closure)}, {@link #realtime(String, Closure)}), open a Realtime session, build suites
 * with the same DSL as config scripts and run them ({@link #evaluate(Closure)}, {@link #evaluate(File)}), and then do
 * anything with the results. {@code args} holds the extra command-line arguments; {@code println} writes to the
 * command's output. The script's exit code is 0, 1 when it throws (a failed {@code assert} included), or what
 * {@link #exit(int)} says. What the script opened (mock servers, providers, sessions) is closed when it ends.
 *
 * <pre>{@code
 * def a = evaluate(file('suite-a.yaml'))
 * def b = evaluate(file('suite-b.groovy'))
 * println "a: ${a.stats().passRate()}%, b: ${b.stats().passRate()}%"
 * assert b.stats().passRate() >= a.stats().passRate()
 * }</pre>
 */
public abstract class RunScript extends Script {

    /** {@code evaluate(…)}'s named options. */
    static final Set<String> EVALUATE_OPTIONS = Set.of(
            "maxConcurrency",
            "repeat",
            "delay",
            "timeoutMs",
            "filterPattern",
            "filterProviders",
            "filterFirstN",
            "vars",
            "grader",
            "output");

    private Host host;
    private Context context;

    protected RunScript() {}

    protected RunScript(Binding binding) {
        super(binding);
    }

    final void attach(Host h, Context c) {
        this.host = h;
        this.context = c;
    }

    private Host host() {
        if (host == null) {
            throw new IllegalStateException("a RunScript runs through wst run or ScriptRunner");
        }
        return host;
    }

    // ---- what a script sees --------------------------------------------------------------------------------------

    /** The environment {@code wst run} was started with. */
    public Map<String, String> getEnv() {
        return host().env;
    }

    /** {@code JSON.parse(text)} and {@code JSON.stringify(value)}. */
    public GroovyJson getJSON() {
        return GroovyJson.INSTANCE;
    }

    /** A file next to the script: {@code file('suite.yaml')}. */
    public File file(String path) {
        return context.file(path);
    }

    /** Ends the script now with this exit code. */
    public void exit(int code) {
        throw new ScriptRunner.Exit(code);
    }

    // ---- the mock server -----------------------------------------------------------------------------------------

    /** Starts the mock server on a free loopback port; {@code mock().wsUri('/ws-stream')} is its streaming chatbot. */
    public MockServer mock() {
        return mock(Map.of());
    }

    /** The mock server with options: {@code port} (0: any free one), {@code scenario} (a scenario file). */
    public MockServer mock(Map<String, ?> options) {
        for (String k : Suite.stringKeys(options).keySet()) {
            if (!Set.of("port", "scenario").contains(k)) {
                throw context.error("unknown option '" + k + "' of mock(); it takes port, scenario");
            }
        }
        MockServer.Builder b = MockServer.builder();
        if (options.get("port") instanceof Number n) {
            b.port(n.intValue());
        }
        Object scenario = options.get("scenario");
        if (scenario != null) {
            Path p = scenario instanceof File f
                    ? f.toPath()
                    : context.file(String.valueOf(scenario)).toPath();
            b = ScenarioFile.load(p).applyTo(b);
        }
        return host().track(b.start());
    }

    // ---- providers -----------------------------------------------------------------------------------------------

    /** A WebSocket provider: {@code websocket("${m.wsUri('/ws')}") { messageTemplate '…' }}. */
    public ScriptProvider websocket(Object url) {
        return build(String.valueOf(url), null);
    }

    /** A WebSocket provider and its options, as in a config script's {@code provider { }} block. */
    public ScriptProvider websocket(
            Object url, @DelegatesTo(value = ProviderBlock.class, strategy = Closure.DELEGATE_ONLY) Closure<?> block) {
        return build(String.valueOf(url), block);
    }

    /** The OpenAI Realtime provider for a model: {@code realtime('gpt-realtime') { apiKey …; functionCallHandler { … } }}. */
    public ScriptProvider realtime(String model) {
        return build("openai:realtime:" + model, null);
    }

    public ScriptProvider realtime(
            String model,
            @DelegatesTo(value = ProviderBlock.class, strategy = Closure.DELEGATE_ONLY) Closure<?> block) {
        return build("openai:realtime:" + model, block);
    }

    /** Any provider by id. */
    public ScriptProvider provider(Object id) {
        return build(String.valueOf(id), null);
    }

    public ScriptProvider provider(
            Object id, @DelegatesTo(value = ProviderBlock.class, strategy = Closure.DELEGATE_ONLY) Closure<?> block) {
        return build(String.valueOf(id), block);
    }

    private ScriptProvider build(String id, Closure<?> block) {
        Suite s = new Suite(context);
        if (block == null) {
            s.provider(id);
        } else {
            s.provider(id, block);
        }
        s.close();
        EvalConfig c = ConfigLoader.read(s.document(), host().env);
        ProviderEntry e = c.providers().getFirst();
        Provider p;
        try {
            p = ProviderRegistry.load()
                    .create(new ProviderSpec(e.id(), e.label(), e.config(), e.baseDir(), host().env));
        } catch (ConfigException ex) {
            throw context.error(ex.getMessage(), ex);
        }
        return host().track(new ScriptProvider(p));
    }

    /**
     * Opens an OpenAI Realtime session ({@link RealtimeSession}): {@code model}, {@code apiKey}, {@code apiBaseUrl}
     * ({@code "http://127.0.0.1:${m.port()}/v1"} for the mock), {@code organization}, {@code connectTimeoutMs}.
     */
    public RealtimeSession realtimeSession(Map<String, ?> options) throws ProviderException, InterruptedException {
        RealtimeOptions.Builder b = RealtimeOptions.builder().env(host().env);
        for (Map.Entry<String, Object> e : Suite.stringKeys(options).entrySet()) {
            String v = String.valueOf(e.getValue());
            switch (e.getKey()) {
                case "model" -> b.model(v);
                case "apiKey" -> b.apiKey(v);
                case "apiBaseUrl" -> b.apiBaseUrl(v);
                case "organization" -> b.organization(v);
                case "connectTimeoutMs" -> b.connectTimeout(Duration.ofMillis(((Number) e.getValue()).longValue()));
                default ->
                    throw context.error("unknown option '" + e.getKey() + "' of realtimeSession(); it takes model,"
                            + " apiKey, apiBaseUrl, organization, connectTimeoutMs");
            }
        }
        return host().track(RealtimeSession.open(b.build()));
    }

    // ---- suites --------------------------------------------------------------------------------------------------

    /** A suite built with the config DSL, not run: {@code def s = suite { prompt '…'; provider(…) { … } }}. */
    public EvalConfig suite(@DelegatesTo(value = Suite.class, strategy = Closure.DELEGATE_ONLY) Closure<?> block) {
        Suite s = new Suite(context);
        s.runClosure(block);
        return ConfigLoader.read(s.document(), host().env);
    }

    /** A config file (YAML or Groovy), not run. */
    public EvalConfig load(Object file) {
        File f = file instanceof File x ? x : context.file(String.valueOf(file));
        return ConfigLoader.load(f.toPath(), host().env);
    }

    /** Builds a suite with the config DSL and runs it; returns the run ({@code results()}, {@code stats()}). */
    public EvalRun evaluate(@DelegatesTo(value = Suite.class, strategy = Closure.DELEGATE_ONLY) Closure<?> block) {
        return evaluate(Map.of(), suite(block));
    }

    /**
     * Runs a suite with options: {@code maxConcurrency}, {@code repeat}, {@code delay}, {@code timeoutMs},
     * {@code filterPattern}, {@code filterProviders}, {@code filterFirstN}, {@code vars}, {@code grader},
     * {@code output} (report files, by extension).
     */
    public EvalRun evaluate(
            Map<String, ?> options,
            @DelegatesTo(value = Suite.class, strategy = Closure.DELEGATE_ONLY) Closure<?> block) {
        return evaluate(options, suite(block));
    }

    /** Runs a config file (YAML or Groovy): {@code evaluate(file('suite.yaml'))}. */
    @Override
    public EvalRun evaluate(File config) {
        return evaluate(Map.of(), load(config));
    }

    public EvalRun evaluate(Map<String, ?> options, File config) {
        return evaluate(options, load(config));
    }

    /** Runs a config ({@link #suite}, {@link #load}). */
    public EvalRun evaluate(EvalConfig config) {
        return evaluate(Map.of(), config);
    }

    /** Runs a config with options (see {@link #evaluate(Map, Closure)}); the mock server starts if it asks. */
    public EvalRun evaluate(Map<String, ?> options, EvalConfig config) {
        Map<String, Object> o = Suite.stringKeys(options);
        for (String k : o.keySet()) {
            if (!EVALUATE_OPTIONS.contains(k)) {
                throw context.error("unknown option '" + k + "' of evaluate()"
                        + io.github.wstoolkit.api.Suggestions.didYouMean(k, EVALUATE_OPTIONS) + "; it takes "
                        + String.join(", ", new java.util.TreeSet<>(EVALUATE_OPTIONS)));
            }
        }
        RunOptions runOptions = runOptions(o);
        EvalConfig c = config;
        if (o.get("grader") != null) {
            Map<String, Object> opts = new LinkedHashMap<>(c.defaultTest().options());
            opts.put("provider", String.valueOf(o.get("grader")));
            c = c.withDefaultTest(c.defaultTest().withOptions(opts));
        }
        List<Path> outputs = new ArrayList<>();
        Object out = o.get("output");
        for (Object f : out == null ? List.of() : out instanceof List<?> l ? l : List.of(out)) {
            outputs.add(
                    f instanceof File file
                            ? file.toPath()
                            : context.file(String.valueOf(f)).toPath());
        }
        for (String f : c.outputPaths()) {
            outputs.add(context.file(f).toPath());
        }
        try {
            outputs.forEach(ReportFormat::of);
        } catch (ConfigException e) {
            throw context.error(e.getMessage(), e);
        }
        Map<String, String> env = new LinkedHashMap<>(host().env);
        MockServer mock = null;
        if (c.mockServer().isPresent()) {
            mock = Host.startMock(c.mockServer().get());
            env.put("WST_MOCK_URL", "ws://" + mock.host() + ":" + mock.port());
            env.put("WST_MOCK_HOST", mock.host() + ":" + mock.port());
        }
        try (Eval eval = Eval.builder().config(c).options(runOptions).env(env).build()) {
            EvalRun run = eval.run();
            for (Path p : outputs) {
                Reports.write(run, p);
            }
            return run;
        } catch (IOException e) {
            throw context.error("cannot write a report: " + e.getMessage(), e);
        } finally {
            if (mock != null) {
                mock.close();
            }
        }
    }

    private RunOptions runOptions(Map<String, Object> o) {
        RunOptions.Builder b = RunOptions.builder();
        try {
            if (o.get("maxConcurrency") != null) {
                b.maxConcurrency(number(o, "maxConcurrency").intValue());
            }
            if (o.get("repeat") != null) {
                b.repeat(number(o, "repeat").intValue());
            }
            if (o.get("delay") != null) {
                b.delay(number(o, "delay").longValue());
            }
            if (o.get("timeoutMs") != null) {
                b.timeoutMs(number(o, "timeoutMs").longValue());
            }
            if (o.get("filterFirstN") != null) {
                b.filterFirstN(number(o, "filterFirstN").intValue());
            }
            if (o.get("filterPattern") != null) {
                b.filterPattern(Pattern.compile(String.valueOf(o.get("filterPattern"))));
            }
            if (o.get("filterProviders") != null) {
                b.filterProviders(Pattern.compile(String.valueOf(o.get("filterProviders"))));
            }
        } catch (PatternSyntaxException e) {
            throw context.error("invalid regular expression: " + e.getDescription() + " in " + e.getPattern(), e);
        } catch (IllegalArgumentException e) {
            throw context.error(e.getMessage(), e);
        }
        if (o.get("vars") instanceof Map<?, ?> vars) {
            vars.forEach((k, v) -> b.var(String.valueOf(k), io.github.wstoolkit.groovy.GroovyValues.configValue(v)));
        } else if (o.get("vars") != null) {
            throw context.error("evaluate(vars: …) takes a map of variables");
        }
        return b.build();
    }

    private Number number(Map<String, Object> o, String key) {
        if (!(o.get(key) instanceof Number n)) {
            throw context.error("evaluate(" + key + ": …) takes a number");
        }
        return n;
    }

    /** Writes a run's reports, by extension ({@code .json}, {@code .html}, {@code .junit.xml}, …), next to the script. */
    public void report(EvalRun run, String... files) {
        for (String f : files) {
            Path p = context.file(f).toPath();
            try {
                ReportFormat.of(p);
                Reports.write(run, p);
            } catch (ConfigException | IOException e) {
                throw context.error(e.getMessage(), e);
            }
        }
    }
}
