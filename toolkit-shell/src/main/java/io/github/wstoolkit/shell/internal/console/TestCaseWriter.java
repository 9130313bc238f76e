package io.github.wstoolkit.shell.internal.console;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * {@code /save}: appends a promptfoo test case to a YAML file holding a list of tests (what a config's
 * {@code tests: file://FILE} reads), creating the file when missing. Appending text keeps the user's comments and
 * formatting; a file that is not a list (a whole config) is refused rather than rewritten.
 */
final class TestCaseWriter {

    /** Outputs longer than this, or with several lines, get a {@code contains} on their first line. */
    static final int EQUALS_LIMIT = 200;

    /** The longest {@code contains} value taken from a long output. */
    static final int CONTAINS_LIMIT = 80;

    /** Which assertion to write. */
    enum Check {
        AUTO,
        EQUALS,
        CONTAINS
    }

    private TestCaseWriter() {}

    /** The test case as plain values: {@code description}, {@code vars}, {@code assert}. */
    static Map<String, Object> testCase(String description, Map<String, Object> vars, String output, Check check) {
        Check c = check;
        if (c == Check.AUTO) {
            c = output.length() <= EQUALS_LIMIT && !output.contains("\n") ? Check.EQUALS : Check.CONTAINS;
        }
        Map<String, Object> assertion = new LinkedHashMap<>();
        assertion.put("type", c == Check.EQUALS ? "equals" : "contains");
        assertion.put("value", c == Check.EQUALS ? output : snippet(output));
        Map<String, Object> tc = new LinkedHashMap<>();
        tc.put("description", description);
        tc.put("vars", new LinkedHashMap<>(vars));
        tc.put("assert", List.of(assertion));
        return tc;
    }

    /** The first non-blank line of the output, cut at a word boundary to at most {@link #CONTAINS_LIMIT} characters. */
    static String snippet(String output) {
        String line = output.strip()
                .lines()
                .filter(l -> !l.isBlank())
                .findFirst()
                .orElse("")
                .strip();
        if (line.length() <= CONTAINS_LIMIT) {
            return line;
        }
        int cut = line.lastIndexOf(' ', CONTAINS_LIMIT);
        return (cut > CONTAINS_LIMIT / 2 ? line.substring(0, cut) : line.substring(0, CONTAINS_LIMIT)).strip();
    }

    /**
     * Appends the case to the file.
     *
     * @throws IllegalArgumentException when the file exists and is not a YAML list of tests
     * @throws IOException when it cannot be read or written
     */
    static void append(Path file, Map<String, Object> testCase) throws IOException {
        String existing = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : null;
        if (existing != null && !existing.isBlank()) {
            Object doc;
            try {
                doc = new Load(LoadSettings.builder().build()).loadFromString(existing);
            } catch (YamlEngineException e) {
                throw new IllegalArgumentException(
                        file.getFileName() + " is not valid YAML (" + firstLine(e.getMessage()) + "); not changed", e);
            }
            if (doc != null && !(doc instanceof List<?>)) {
                throw new IllegalArgumentException(file.getFileName()
                        + " is not a list of tests (a whole config?); save to a tests file and use it with"
                        + " tests: file://" + file.getFileName());
            }
        }
        DumpSettings settings = DumpSettings.builder()
                .setDefaultFlowStyle(FlowStyle.BLOCK)
                .setIndent(2)
                .setIndicatorIndent(2)
                .setIndentWithIndicator(true)
                .setWidth(120)
                .build();
        // the case as a mapping, then made a list item by hand: "- " on its first line, two spaces on the others, so
        // it lines up with items written by people (at column 0) whatever the dumper does with nested lists
        String mapping = new Dump(settings).dumpToString(testCase);
        StringBuilder item = new StringBuilder();
        boolean first = true;
        String body = mapping.endsWith("\n") ? mapping.substring(0, mapping.length() - 1) : mapping;
        for (String l : body.split("\n", -1)) {
            item.append(first ? "- " : l.isEmpty() ? "" : "  ").append(l).append('\n');
            first = false;
        }
        StringBuilder text = new StringBuilder();
        if (existing == null || existing.isBlank()) {
            text.append("# promptfoo test cases recorded by `wst shell` (/save); use them with tests: file://")
                    .append(file.getFileName())
                    .append('\n');
        } else if (!existing.endsWith("\n")) {
            text.append('\n');
        }
        text.append(item);
        if (file.toAbsolutePath().getParent() != null) {
            Files.createDirectories(file.toAbsolutePath().getParent());
        }
        Files.writeString(
                file,
                text,
                StandardCharsets.UTF_8,
                existing == null || existing.isBlank()
                        ? new StandardOpenOption[] {
                            StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE
                        }
                        : new StandardOpenOption[] {StandardOpenOption.APPEND, StandardOpenOption.WRITE});
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
