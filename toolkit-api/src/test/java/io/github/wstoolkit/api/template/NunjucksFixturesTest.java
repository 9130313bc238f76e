package io.github.wstoolkit.api.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wstoolkit.api.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Renders every case of {@code nunjucks-fixtures.json} (produced by nunjucks 3.2.4 itself, see
 * {@code tools/nunjucks-fixtures/generate.js}) and requires the exact same output, or a {@link TemplateException}
 * where nunjucks throws.
 */
class NunjucksFixturesTest {

    static final Path FIXTURES = Path.of("src/test/resources/template/nunjucks-fixtures.json");

    /** The `env` global of cases that bring none; the same map as DEFAULT_ENV in generate.js. */
    static final Map<String, String> DEFAULT_ENV =
            Map.of("HOME_DIR", "/home/test", "API_HOST", "api.example.com", "EMPTY", "", "MY-VAR", "dashed");

    /** The user filters of generate.js, written in Java. */
    static final Map<String, TemplateFilter> USER_FILTERS = Map.of(
            "slugify",
            (value, args) -> String.valueOf(value)
                    .toLowerCase(Locale.ROOT)
                    .strip()
                    .replaceAll("[^a-z0-9]+", "-")
                    .replaceAll("^-|-$", ""),
            "upper",
            (value, args) -> "<" + String.valueOf(value).toUpperCase(Locale.ROOT) + ">",
            "wrap",
            (value, args) -> (args.isEmpty() ? "[" : args.get(0))
                    + String.valueOf(value)
                    + (args.size() < 2 ? "]" : args.get(1)),
            "count",
            (value, args) -> value == null ? 0 : String.valueOf(value).length());

    static List<Map<String, Object>> fixtures() throws IOException {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> cases = (List<Map<String, Object>>) Json.parse(Files.readString(FIXTURES));
        return cases;
    }

    static Stream<Arguments> cases() throws IOException {
        return fixtures().stream().map(c -> Arguments.of(c.get("name"), c));
    }

    @SuppressWarnings("unchecked")
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rendersAsNunjucks(String name, Map<String, Object> fixture) {
        TemplateEngine.Builder builder = TemplateEngine.builder();
        Map<String, String> env = (Map<String, String>) fixture.getOrDefault("env", DEFAULT_ENV);
        builder.env(env);
        for (Object filter : (List<Object>) fixture.getOrDefault("filters", List.of())) {
            builder.filter((String) filter, USER_FILTERS.get(filter));
        }
        TemplateEngine engine = builder.build();
        String template = (String) fixture.get("template");
        Map<String, Object> vars = (Map<String, Object>) fixture.get("vars");
        if (Boolean.TRUE.equals(fixture.get("error"))) {
            TemplateException e = assertThrows(
                    TemplateException.class, () -> engine.render(template, vars), "nunjucks rejects " + template);
            assertTrue(e.line().isPresent(), () -> "the error names a line: " + e.getMessage());
        } else {
            assertEquals(fixture.get("expected"), engine.render(template, vars), template);
        }
    }

    @Test
    void fixturesCoverAtLeastTwoHundredCases() throws IOException {
        List<Map<String, Object>> all = fixtures();
        assertTrue(all.size() >= 200, "fixture count " + all.size());
        assertTrue(all.stream().anyMatch(c -> Boolean.TRUE.equals(c.get("error"))), "some cases are errors");
    }
}
