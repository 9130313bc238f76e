/**
 * Groovy eval scripts: a typed DSL that builds the same config records YAML does, and the host of {@code wst run}
 * scripts.
 *
 * <ul>
 *   <li>{@code io.github.wstoolkit.dsl}: the DSL a script sees ({@link io.github.wstoolkit.dsl.EvalScript}, the base
 *       class of config scripts; {@link io.github.wstoolkit.dsl.Suite} and the blocks it delegates to;
 *       {@link io.github.wstoolkit.dsl.RunScript}, the base class of {@code wst run} scripts), and the entry points
 *       for Java ({@link io.github.wstoolkit.dsl.EvalScripts}, {@link io.github.wstoolkit.dsl.ScriptRunner});
 *   <li>{@code io.github.wstoolkit.dsl.internal}: compiling scripts, locating their lines, the YAML-to-Groovy
 *       converter and the config-format service (not exported).
 * </ul>
 *
 * <p>Scripts are trusted code: they run with the user's rights, as a Gradle build does. {@code @Grab} is disabled
 * (no dependency is fetched at run time).
 *
 * @provides io.github.wstoolkit.eval.spi.ConfigFormat for {@code .groovy} configs
 */
module io.github.wstoolkit.dsl {
    // the config records and ConfigLoader, in the DSL's signatures
    requires transitive io.github.wstoolkit.eval;
    // GroovyFunctions and GroovyValues; Closure and Script (org.apache.groovy) come with it
    requires transitive io.github.wstoolkit.groovy;
    // Groovy ships as an automatic module; the runtime image gives it a descriptor (see toolkit-shell)
    requires transitive org.apache.groovy;
    // `wst run`: RealtimeSession and MockServer appear in RunScript's signatures
    requires transitive io.github.wstoolkit.realtime;
    requires transitive io.github.wstoolkit.mockserver;

    // scripts call the DSL reflectively (Groovy's meta-classes): only this package, whose classes are public
    exports io.github.wstoolkit.dsl;

    provides io.github.wstoolkit.eval.spi.ConfigFormat with
            io.github.wstoolkit.dsl.internal.GroovyConfigFormat;
}
