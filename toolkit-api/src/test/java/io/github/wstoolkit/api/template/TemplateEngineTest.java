package io.github.wstoolkit.api.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TemplateEngineTest {

    private final TemplateEngine engine = TemplateEngine.builder()
            .env(Map.of("API_KEY", "k-123", "EMPTY", ""))
            .build();

    @Test
    void compileCachesByText() {
        Template a = engine.compile("Hello {{ name }}");
        Template b = engine.compile(new String("Hello {{ name }}"));
        assertSame(a, b);
        assertNotSame(a, engine.compile("Hello {{ name }}!"));
        assertEquals("Hello {{ name }}", a.source());
        assertEquals("Hello Ada", a.render(Map.of("name", "Ada")));
    }

    @Test
    void cacheIsBoundedAndStillRenders() {
        TemplateEngine small =
                TemplateEngine.builder().env(Map.of()).cacheSize(4).build();
        for (int i = 0; i < 50; i++) {
            assertEquals(
                    "n" + i,
                    small.render("n{{ i }}" + " ".repeat(i % 7) + "{# " + i + " #}", Map.of("i", i))
                            .strip());
        }
        Template t = small.compile("{{ x }}");
        assertSame(t, small.compile("{{ x }}"));
        TemplateEngine none =
                TemplateEngine.builder().env(Map.of()).cacheSize(0).build();
        assertNotSame(none.compile("{{ x }}"), none.compile("{{ x }}"));
        assertThrows(
                IllegalArgumentException.class, () -> TemplateEngine.builder().cacheSize(-1));
    }

    @Test
    void userFiltersOverrideBuiltIns() {
        TemplateEngine custom = TemplateEngine.builder()
                .env(Map.of())
                .filter("upper", (value, args) -> "custom:" + value)
                .filters(Map.of("shout", (value, args) -> value + "!".repeat(((Number) args.get(0)).intValue())))
                .build();
        assertEquals("custom:abc", custom.render("{{ 'abc' | upper }}", Map.of()));
        assertEquals("hey!!!", custom.render("{{ 'hey' | shout(3) }}", Map.of()));
        assertEquals("ABC", engine.render("{{ 'abc' | upper }}", Map.of()), "other engines keep the built-in");
    }

    @Test
    void userFiltersSeePlainJavaValues() {
        List<Object> seen = new ArrayList<>();
        TemplateEngine spy = TemplateEngine.builder()
                .env(Map.of())
                .filter("spy", (value, args) -> {
                    seen.add(value);
                    seen.add(args);
                    return null;
                })
                .build();
        assertEquals("[]", spy.render("[{{ missing | spy(1, 'two', none, [missing], {k: missing}) }}]", Map.of()));
        assertNull(seen.get(0), "undefined arrives as null");
        List<?> args = (List<?>) seen.get(1);
        assertEquals(1, args.get(0));
        assertEquals("two", args.get(1));
        assertNull(args.get(2));
        assertEquals(Arrays.asList((Object) null), args.get(3));
        Map<String, Object> expected = new HashMap<>();
        expected.put("k", null);
        assertEquals(expected, args.get(4));
        spy.render("{{ 'x' | safe | spy }}", Map.of());
        assertEquals("x", seen.get(2), "a safe string arrives as a String");
    }

    @Test
    void globalsAreVisibleAndVarsHideThem() {
        TemplateEngine g = TemplateEngine.builder()
                .env(Map.of())
                .global("company", "ACME")
                .global("limits", Map.of("max", 3))
                .build();
        assertEquals("ACME 3", g.render("{{ company }} {{ limits.max }}", Map.of()));
        assertEquals("Other", g.render("{{ company }}", Map.of("company", "Other")));
    }

    @Test
    void envGlobalDefaultsToTheProcessEnvironment() {
        TemplateEngine defaults = TemplateEngine.create();
        assertEquals(System.getenv(), defaults.env());
        String path = System.getenv("PATH");
        if (path != null) {
            assertEquals(path, defaults.render("{{ env.PATH }}", Map.of()));
        }
        assertEquals("k-123", engine.render("{{ env.API_KEY }}", Map.of()));
    }

    @Test
    void plainJavaValuesRenderAsJavaScriptWould() {
        Map<String, Object> vars = new LinkedHashMap<>();
        vars.put("i", 3);
        vars.put("l", 12345678901L);
        vars.put("d", 2.50);
        vars.put("bd", new BigDecimal("1.50"));
        vars.put("f", 0.1f);
        vars.put("set", new LinkedHashSet<>(List.of("a", "b")));
        vars.put("bytes", "hi".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        vars.put("nil", null);
        assertEquals(
                "3 12345678901 2.5 1.5 a,b 2 hi [] b",
                engine.render(
                        "{{ i }} {{ l }} {{ d }} {{ bd }} {{ set }} {{ set | length }} {{ bytes }} [{{ nil }}] {{ set[1] }}",
                        vars));
        assertEquals("{\"type\":\"Buffer\",\"data\":[104,105]}", engine.render("{{ bytes | dump }}", vars));
        assertEquals("", engine.render("", null), "null vars are no vars");
    }

    @Test
    void mapsWithNonStringKeysAreIndexedAsJavaScriptObjects() {
        Map<Object, Object> yaml = new LinkedHashMap<>();
        yaml.put(2, "two");
        yaml.put(1, "one");
        yaml.put(true, "yes");
        Map<String, Object> vars = Map.of("o", yaml);
        assertEquals("one two yes", engine.render("{{ o[1] }} {{ o['2'] }} {{ o['true'] }}", vars));
        assertEquals("true false", engine.render("{{ 1 in o }} {{ 3 in o }}", vars));
        assertEquals("1=one;2=two;true=yes;", engine.render("{% for k, v in o %}{{ k }}={{ v }};{% endfor %}", vars));
        assertEquals("{\"1\":\"one\",\"2\":\"two\",\"true\":\"yes\"}", engine.render("{{ o | dump }}", vars));
    }

    @Test
    void renderEnvOnlyRendersOnlyEnvTemplates() {
        assertEquals("Bearer k-123", engine.renderEnvOnly("Bearer {{ env.API_KEY }}"));
        assertEquals("k-123", engine.renderEnvOnly("{{ env['API_KEY'] }}"));
        assertEquals("k-123", engine.renderEnvOnly("{{ env[\"API_KEY\"] }}"));
        assertEquals("K-123", engine.renderEnvOnly("{{ env.API_KEY | upper }}"));
        assertEquals("[]", engine.renderEnvOnly("[{{ env.EMPTY }}]"), "an empty variable is still set");
    }

    @Test
    void renderEnvOnlyLeavesOtherTemplatesIntact() {
        String text =
                "ws://host/{{ sessionId }}?q={{ prompt | dump }}&k={{ env.API_KEY }} {% if x %}{{ vars.x }}{% endif %}";
        assertEquals(
                "ws://host/{{ sessionId }}?q={{ prompt | dump }}&k=k-123 {% if x %}{{ vars.x }}{% endif %}",
                engine.renderEnvOnly(text));
    }

    @Test
    void renderEnvOnlyKeepsUnsetVariablesWithoutFilterAsText() {
        assertEquals("{{ env.NOT_SET }}", engine.renderEnvOnly("{{ env.NOT_SET }}"));
        assertEquals("{{ env['NOT-SET'] }}", engine.renderEnvOnly("{{ env['NOT-SET'] }}"));
        assertEquals("fallback", engine.renderEnvOnly("{{ env.NOT_SET | default('fallback') }}"));
        assertEquals("", engine.renderEnvOnly("{{ env.NOT_SET | upper }}"), "with a filter nunjucks decides");
    }

    @Test
    void renderEnvOnlyKeepsTemplatesThatFailToRender() {
        assertEquals("{{ env.API_KEY | nosuchfilter }}", engine.renderEnvOnly("{{ env.API_KEY | nosuchfilter }}"));
        assertEquals("{{ env.API_KEY | load }}", engine.renderEnvOnly("{{ env.API_KEY | load }}"));
        assertEquals("no templates", engine.renderEnvOnly("no templates"));
        assertEquals("{{ env.API_KEY", engine.renderEnvOnly("{{ env.API_KEY"));
    }

    @Test
    void manyVirtualThreadsRenderOneTemplate() throws Exception {
        Template t = engine.compile(
                "{\"prompt\": {{ prompt | dump }}, \"n\": {{ n }}, \"items\": [{% for x in items %}{{ x }}{% if not loop.last %},{% endif %}{% endfor %}]}");
        int threads = 500;
        CountDownLatch start = new CountDownLatch(1);
        ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                int n = i;
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int k = 0; k < 50; k++) {
                        String out = t.render(Map.of("prompt", "p\"" + n, "n", n, "items", List.of(n, k)));
                        String expected =
                                "{\"prompt\": \"p\\\"" + n + "\", \"n\": " + n + ", \"items\": [" + n + "," + k + "]}";
                        if (!out.equals(expected)) {
                            wrong.add(out);
                        }
                        assertSame(t, engine.compile(t.source()));
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
        }
        assertTrue(wrong.isEmpty(), () -> "wrong renders: " + wrong.size() + ", e.g. " + wrong.peek());
    }

    @Test
    void builderRejectsBadNames() {
        assertThrows(
                IllegalArgumentException.class, () -> TemplateEngine.builder().filter("", (v, a) -> v));
        assertThrows(NullPointerException.class, () -> TemplateEngine.builder().global(null, 1));
        assertThrows(NullPointerException.class, () -> engine.render(null, Map.of()));
    }
}
