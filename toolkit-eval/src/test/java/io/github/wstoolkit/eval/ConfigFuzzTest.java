package io.github.wstoolkit.eval;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wstoolkit.api.ConfigException;
import io.github.wstoolkit.eval.fuzz.Fuzzer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fuzzes the YAML config loader: any text gives a config or a {@link ConfigException} that says where (a line, or the
 * key); nothing else escapes, nothing hangs. Seeds: the committed corpus ({@code fuzz/config/}: the examples'
 * configs and one that uses every section, anchors and merge keys).
 */
class ConfigFuzzTest {

    static final List<String> DICTIONARY = List.of(
            "description: ",
            "prompts:",
            "providers:",
            "targets:",
            "tests:",
            "defaultTest:",
            "env:",
            "vars:",
            "evaluateOptions:",
            "outputPath: ",
            "nunjucksFilters:",
            "metadata:",
            "mockServer: ",
            "scenarios:",
            "\n  - ",
            "\n    ",
            "\n      ",
            "- ",
            "id: ",
            "label: ",
            "config:",
            "raw: ",
            "assert:",
            "type: ",
            "value: ",
            "threshold: ",
            "weight: ",
            "metric: ",
            "options:",
            "transform: ",
            "storeOutputAs: ",
            "provider: ",
            "conversationId: ",
            "file://",
            "file://missing.yaml",
            "file://*.csv",
            "test:echo",
            "ws://h/p",
            "equals",
            "not-contains",
            "contains-any",
            "icontains-all",
            "regex",
            "is-json",
            "contains-json",
            "javascript",
            "llm-rubric",
            "latency",
            "frames",
            "ttft",
            "assert-set",
            "select-best",
            "levenshtein",
            "{{",
            "}}",
            "{{ env.X }}",
            "| dump",
            "&a ",
            "*a",
            "<<: *a",
            "!!str ",
            "!!int ",
            "!!float ",
            "!!binary ",
            "!!set ",
            "!!omap ",
            "? ",
            "[",
            "]",
            "{",
            "}",
            ": ",
            ", ",
            "'",
            "\"",
            "|\n",
            ">-\n",
            "~",
            "null",
            "true",
            ".inf",
            "-.nan",
            "0x_1F",
            "0o17",
            "1_000",
            "+12",
            "1e3",
            "---\n",
            "...\n",
            "# c\n",
            "%YAML 1.2\n",
            "%TAG ! tag:x,2000:\n",
            "\t");

    @TempDir
    Path dir;

    @Test
    void anyConfigTextLoadsOrFailsWithALocation() {
        Fuzzer.Report report = Fuzzer.of("config", List.of(), DICTIONARY, 3000, 4000)
                .run(yaml -> {
                    EvalConfig config;
                    try {
                        config = ConfigLoader.parse(yaml, dir);
                    } catch (ConfigException e) {
                        assertTrue(
                                e.line().isPresent() || e.key().isPresent(), () -> "no line or key: " + e.getMessage());
                        assertFalse(e.problem().isBlank(), "a problem");
                        return false;
                    }
                    assertNotNull(config.providers());
                    assertFalse(config.providers().isEmpty(), "a config has a provider");
                    assertNotNull(config.toString());
                    return true;
                });
        assertTrue(report.accepted() > 0, () -> "nothing loaded: " + report);
    }
}
