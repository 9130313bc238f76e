package io.github.wstoolkit.dsl.internal;

import io.github.wstoolkit.dsl.EvalScripts;
import io.github.wstoolkit.eval.spi.ConfigDocument;
import io.github.wstoolkit.eval.spi.ConfigFormat;
import java.nio.file.Path;
import java.util.Set;

/** {@code .groovy} eval configs: the script runs and builds the suite (see {@link EvalScripts}). */
public final class GroovyConfigFormat implements ConfigFormat {

    /** Cheap: nothing is compiled until {@link #read}. */
    public GroovyConfigFormat() {}

    @Override
    public Set<String> extensions() {
        return Set.of("groovy");
    }

    @Override
    public String name() {
        return "Groovy";
    }

    @Override
    public ConfigDocument read(Path file, Context context) {
        return EvalScripts.read(file, context.env());
    }
}
