package io.github.wstoolkit.api.template;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wstoolkit.api.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The differential check: 1000 templates generated at random from grammar fragments by
 * {@code tools/nunjucks-fixtures/random.js} and rendered by nunjucks 3.2.4; each must render to the same text here,
 * or be rejected here too.
 */
class RandomTemplatesTest {

    static final Path FIXTURES = Path.of("src/test/resources/template/nunjucks-random-fixtures.json");

    @Test
    @SuppressWarnings("unchecked")
    void randomTemplatesRenderAsNunjucks() throws IOException {
        Map<String, Object> data = (Map<String, Object>) Json.parse(Files.readString(FIXTURES));
        Map<String, Object> vars = (Map<String, Object>) data.get("vars");
        List<Map<String, Object>> cases = (List<Map<String, Object>>) data.get("cases");
        TemplateEngine engine = TemplateEngine.builder().env(Map.of()).build();
        List<String> mismatches = new ArrayList<>();
        for (Map<String, Object> c : cases) {
            String template = (String) c.get("template");
            boolean nunjucksRejects = Boolean.TRUE.equals(c.get("error"));
            String ours;
            boolean weReject = false;
            try {
                ours = engine.render(template, vars);
            } catch (TemplateException e) {
                ours = "rejected: " + e.getMessage();
                weReject = true;
            }
            if (nunjucksRejects != weReject || (!nunjucksRejects && !ours.equals(c.get("expected")))) {
                mismatches.add(template + "\n  nunjucks: " + (nunjucksRejects ? "rejected" : c.get("expected"))
                        + "\n  ours:     " + ours);
            }
        }
        assertTrue(cases.size() >= 1000, "case count " + cases.size());
        assertTrue(
                mismatches.isEmpty(),
                () -> mismatches.size() + " of " + cases.size() + " differ:\n"
                        + String.join("\n", mismatches.subList(0, Math.min(10, mismatches.size()))));
    }
}
