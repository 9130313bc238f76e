package io.github.wstoolkit.dsl.internal;

import java.util.Map;

/** YAML configs as Groovy scripts. */
public final class GroovyWriter {
    private GroovyWriter() {}

    public static String write(Map<String, Object> yaml) {
        throw new UnsupportedOperationException("not yet");
    }
}
