package io.github.wstoolkit.eval.report;

import io.github.wstoolkit.api.ConfigException;
import java.nio.file.Path;
import java.util.Locale;

/** The report formats, chosen by a file name's extension. */
public enum ReportFormat {
    JSON,
    JSONL,
    CSV,
    YAML,
    XML,
    JUNIT,
    HTML;

    /** The extensions promptfoo's message lists, plus {@code junit.xml}. */
    public static final String EXTENSIONS = "csv, html, json, jsonl, junit.xml, txt, xml, yaml, yml";

    /**
     * The format of a file by its extension: {@code .junit.xml} is JUnit, {@code .txt} is YAML as in promptfoo.
     *
     * @throws ConfigException for any other extension, with promptfoo's message
     */
    public static ReportFormat of(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".junit.xml")) {
            return JUNIT;
        }
        int dot = name.lastIndexOf('.');
        String ext = dot < 0 ? "" : name.substring(dot + 1);
        return switch (ext) {
            case "json" -> JSON;
            case "jsonl" -> JSONL;
            case "csv" -> CSV;
            case "yaml", "yml", "txt" -> YAML;
            case "xml" -> XML;
            case "html", "htm" -> HTML;
            default ->
                throw new ConfigException(
                        "Unsupported output file format " + ext + ". Please use one of: " + EXTENSIONS + ".");
        };
    }
}
