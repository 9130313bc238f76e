package io.github.wstoolkit.api.transform;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * A transform as a config gives it, with what a compiler needs to resolve it and to name it in errors.
 *
 * @param option the config key it came from, for messages ({@code providers[0].config.streamResponse})
 * @param text the value: inline source, {@code file://path} or {@code file://path:name}
 * @param baseDir the folder {@code file://} paths are resolved against (the config file's folder)
 * @param configFile the config file the value came from, if any
 * @param line the 1-based line of the value in that file, or 0 when unknown
 */
public record TransformSource(String option, String text, Path baseDir, Optional<Path> configFile, int line) {

    private static final String FILE_PREFIX = "file://";

    /** Checks that no component is null ({@code configFile} is empty, not null, for text given in Java). */
    public TransformSource {
        Objects.requireNonNull(option, "option");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(baseDir, "baseDir");
        Objects.requireNonNull(configFile, "configFile");
    }

    /**
     * Text given in Java (a test, a shell command), not read from a config file: {@code file://} references are
     * resolved against the working directory and errors name no file.
     *
     * @param option the option's name, for error messages ({@code streamResponse})
     * @param text the transform's text
     * @return the source
     */
    public static TransformSource inline(String option, String text) {
        return new TransformSource(option, text, Path.of("").toAbsolutePath(), Optional.empty(), 0);
    }

    /** {@return true when the text is a {@code file://path} or {@code file://path:name} reference, not code} */
    public boolean isFileReference() {
        return text.strip().startsWith(FILE_PREFIX);
    }

    /**
     * {@return the referenced file, resolved against {@link #baseDir()}; empty for code} For {@code file://path:name} the part before the
     * last {@code :} is the file when that part has a file extension (so Windows drive letters and plain paths with
     * colons survive).
     */
    public Optional<Path> file() {
        if (!isFileReference()) {
            return Optional.empty();
        }
        return Optional.of(baseDir.resolve(splitReference()[0]).normalize());
    }

    /**
     * {@return the function name after the last {@code :} of a {@code file://path:name} reference} Empty for code
     * and for a reference to a whole file.
     */
    public Optional<String> functionName() {
        if (!isFileReference()) {
            return Optional.empty();
        }
        return Optional.ofNullable(splitReference()[1]);
    }

    private String[] splitReference() {
        String ref = text.strip().substring(FILE_PREFIX.length());
        int colon = ref.lastIndexOf(':');
        if (colon > 0) {
            String left = ref.substring(0, colon);
            String right = ref.substring(colon + 1);
            String leftName = Path.of(left).getFileName() == null
                    ? left
                    : Path.of(left).getFileName().toString();
            if (leftName.lastIndexOf('.') > 0 && !right.isEmpty() && !right.contains("/") && !right.contains("\\")) {
                return new String[] {left, right};
            }
        }
        return new String[] {ref, null};
    }
}
