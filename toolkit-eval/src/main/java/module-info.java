/**
 * The evaluation engine: promptfoo-style configs of prompts × providers × tests, run concurrently on virtual
 * threads, checked by assertions and written as reports.
 *
 * <ul>
 *   <li>{@code io.github.wstoolkit.eval}: the config model ({@link io.github.wstoolkit.eval.EvalConfig} and its
 *       records), {@link io.github.wstoolkit.eval.ConfigLoader}, the engine {@link io.github.wstoolkit.eval.Eval}
 *       and its results;
 *   <li>{@code io.github.wstoolkit.eval.report}: JSON, JSONL, CSV, YAML, XML, JUnit XML and HTML reports;
 *   <li>{@code io.github.wstoolkit.eval.spi}: {@link io.github.wstoolkit.eval.spi.ConfigFormat}, the service that
 *       reads a kind of config file (YAML here; Groovy scripts in {@code toolkit-dsl});
 *   <li>{@code io.github.wstoolkit.eval.internal}: YAML reading, assertions, JSON Schema (not exported).
 * </ul>
 *
 * <p>Providers are found through {@link io.github.wstoolkit.api.ProviderRegistry} (ServiceLoader); transforms written
 * as text through {@link io.github.wstoolkit.api.spi.TransformCompiler}; config files through
 * {@link io.github.wstoolkit.eval.spi.ConfigFormat}.
 *
 * @uses io.github.wstoolkit.eval.spi.ConfigFormat
 * @provides io.github.wstoolkit.eval.spi.ConfigFormat for YAML and JSON ({@code .yaml}, {@code .yml}, {@code .json})
 */
module io.github.wstoolkit.eval {
    requires transitive io.github.wstoolkit.api;
    requires org.snakeyaml.engine;

    exports io.github.wstoolkit.eval;
    exports io.github.wstoolkit.eval.report;
    exports io.github.wstoolkit.eval.spi;

    // the eval resolves provider ids and compiles text transforms through the api's services
    uses io.github.wstoolkit.api.spi.ProviderFactory;
    uses io.github.wstoolkit.api.spi.TransformCompiler;
    // config files by extension; YAML is ours, Groovy scripts come from toolkit-dsl
    uses io.github.wstoolkit.eval.spi.ConfigFormat;

    provides io.github.wstoolkit.eval.spi.ConfigFormat with
            io.github.wstoolkit.eval.internal.YamlConfigFormat;
    // promptfoo's `echo` provider: the prompt back as the output, no network
    provides io.github.wstoolkit.api.spi.ProviderFactory with
            io.github.wstoolkit.eval.internal.EchoProviderFactory;
}
