package io.github.wstoolkit.eval.spi;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A config as plain values, the shape promptfoo's YAML has ({@code {description, prompts, providers, tests, ...}}),
 * with the line each key path was written on, for messages. Where YAML holds code as text (a transform, a
 * {@code groovy} assertion, a prompt function, a template filter), a document may hold the compiled function
 * instead: an {@link io.github.wstoolkit.api.transform.AssertionFunction}, a
 * {@link io.github.wstoolkit.api.transform.PromptFunction}, a {@link io.github.wstoolkit.api.template.TemplateFilter}
 * or, in a provider's {@code config}, whatever that provider accepts (a
 * {@link io.github.wstoolkit.api.transform.StreamResponse}, ...). A function's {@code toString()} is its source, or
 * where it was written, for reports.
 *
 * @param value the config: a {@code Map<String, Object>} of plain values (and functions, as above)
 * @param file the file it was read from, if any (for messages)
 * @param baseDir the folder {@code file://} references are resolved against
 * @param lines the 1-based line of each key path ({@code providers[0].config.timeoutMs}); a path missing here takes
 *     its closest ancestor's line
 * @param strict true when unknown keys are errors rather than warnings (a script's typo is a mistake; a promptfoo
 *     YAML key wst does not know is not)
 */
public record ConfigDocument(
        Object value, Optional<Path> file, Path baseDir, Map<String, Integer> lines, boolean strict) {

    public ConfigDocument {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(baseDir, "baseDir");
        lines = Map.copyOf(lines);
    }

    /** The line of this path, or of its closest ancestor that has one; 0 when unknown. */
    public int line(String path) {
        String p = path;
        while (true) {
            Integer l = lines.get(p);
            if (l != null) {
                return l;
            }
            if (p.isEmpty()) {
                return 0;
            }
            int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
            p = cut < 0 ? "" : p.substring(0, cut);
        }
    }
}
