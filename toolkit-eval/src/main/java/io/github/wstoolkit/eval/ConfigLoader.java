package io.github.wstoolkit.eval;

import io.github.wstoolkit.api.ConfigException;
import io.github.wstoolkit.api.json.Json;
import io.github.wstoolkit.api.template.TemplateFilter;
import io.github.wstoolkit.api.transform.AssertionFunction;
import io.github.wstoolkit.api.transform.PromptFunction;
import io.github.wstoolkit.api.transform.TransformSource;
import io.github.wstoolkit.api.transform.Transforms;
import io.github.wstoolkit.eval.internal.Csv;
import io.github.wstoolkit.eval.internal.Yaml;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reads promptfoo-style eval configs (YAML or JSON) into {@link EvalConfig}. Every problem is found before anything
 * runs and reported as a {@link ConfigException} naming the file, the line and the key; a key promptfoo does not
 * know is a warning (in {@link EvalConfig#warnings()}) naming the file and the line.
 *
 * <p>Transforms, prompt functions, {@code groovy}/{@code javascript} assertions and {@code nunjucksFilters} are
 * compiled here by the {@link io.github.wstoolkit.api.spi.TransformCompiler} on the module path.
 */
public final class ConfigLoader {

    static final Set<String> TOP_LEVEL = Set.of(
            "description",
            "prompts",
            "providers",
            "targets",
            "tests",
            "defaultTest",
            "env",
            "evaluateOptions",
            "outputPath",
            "nunjucksFilters",
            "metadata",
            "mockServer",
            "vars",
            "sharing",
            "tags",
            "writeLatestResults",
            "commandLineOptions");
    /** Keys promptfoo has that wst does not run: a warning says they are ignored. */
    static final Set<String> IGNORED = Set.of("scenarios", "redteam", "extensions", "derivedMetrics", "tracing");

    static final Set<String> TEST_KEYS =
            Set.of("description", "vars", "assert", "options", "metadata", "threshold", "provider", "providerOutput");
    static final Set<String> ASSERT_KEYS = Set.of(
            "type",
            "value",
            "threshold",
            "weight",
            "metric",
            "provider",
            "rubricPrompt",
            "transform",
            "assert",
            "config",
            "contextTransform");
    static final Set<String> PROVIDER_KEYS = Set.of("id", "label", "config", "delay", "transform", "env");
    static final Set<String> EVAL_OPTION_KEYS = Set.of(
            "maxConcurrency",
            "repeat",
            "delay",
            "timeoutMs",
            "maxEvalTimeMs",
            "showProgressBar",
            "cache",
            "generateSuggestions");

    /** The assertion types wst evaluates (each also with {@code not-}, except the set). */
    public static final Set<String> ASSERTION_TYPES = Set.of(
            "equals",
            "contains",
            "icontains",
            "contains-any",
            "contains-all",
            "icontains-any",
            "icontains-all",
            "starts-with",
            "regex",
            "is-json",
            "contains-json",
            "levenshtein",
            "latency",
            "groovy",
            "javascript",
            "llm-rubric",
            "ttft",
            "frames",
            "max-frame-gap",
            "assert-set");

    private final Path file;
    private final Path baseDir;
    private final Yaml.Document doc;
    private final List<String> warnings = new ArrayList<>();

    private ConfigLoader(Path file, Path baseDir, Yaml.Document doc) {
        this.file = file;
        this.baseDir = baseDir;
        this.doc = doc;
    }

    /** Reads and merges several config files, as {@code wst eval -c a.yaml -c b.yaml} does. */
    public static EvalConfig load(List<Path> files) {
        if (files.isEmpty()) {
            throw new ConfigException("no config file given");
        }
        List<EvalConfig> configs = new ArrayList<>();
        for (Path f : files) {
            configs.add(load(f));
        }
        return EvalConfig.merge(configs);
    }

    /** Reads one config file. */
    public static EvalConfig load(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        String text;
        try {
            text = Files.readString(abs, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException("cannot read the config file: " + e, e, abs, 0, 0, null);
        }
        return new ConfigLoader(abs, abs.getParent(), Yaml.parse(text, abs)).read();
    }

    /** Reads config text whose {@code file://} references are resolved against {@code baseDir}. */
    public static EvalConfig parse(String yaml, Path baseDir) {
        return new ConfigLoader(null, baseDir.toAbsolutePath().normalize(), Yaml.parse(yaml, null)).read();
    }

    // ---------------------------------------------------------------------------------------------------------------

    private ConfigException error(String path, String problem) {
        return new ConfigException(problem, null, file, doc.line(path), 0, path);
    }

    private ConfigException error(String path, String problem, Throwable cause) {
        return new ConfigException(problem, cause, file, doc.line(path), 0, path);
    }

    private String where(String path) {
        int line = doc.line(path);
        return (file == null ? "config" : file.toString()) + (line > 0 ? ":" + line : "");
    }

    private void warn(String path, String message) {
        warnings.add(where(path) + ": " + path + ": " + message);
    }

    private void checkKeys(Map<String, Object> map, String path, Set<String> known) {
        for (String k : map.keySet()) {
            if (!known.contains(k)) {
                String p = path.isEmpty() ? k : path + "." + k;
                warn(p, "unknown key, ignored");
            }
        }
    }

    private EvalConfig read() {
        Object root = doc.value();
        if (root == null) {
            throw error("", "the config is empty");
        }
        if (!(root instanceof Map<?, ?>)) {
            throw error("", "the config must be a mapping of keys (description, prompts, providers, tests, ...)");
        }
        Map<String, Object> m = asMap(root, "");
        for (String k : m.keySet()) {
            if (IGNORED.contains(k)) {
                warn(k, "promptfoo's '" + k + "' is not supported by wst, ignored");
            } else if (!TOP_LEVEL.contains(k)) {
                warn(k, "unknown key, ignored");
            }
        }
        if (m.containsKey("providers") && m.containsKey("targets")) {
            throw error("targets", "use either 'providers' or its alias 'targets', not both");
        }
        Optional<String> description = optString(m, "description", "description");
        Map<String, TemplateFilter> filters = nunjucksFilters(m.get("nunjucksFilters"));
        List<PromptSpec> prompts = prompts(m.get("prompts"));
        String providersKey = m.containsKey("targets") ? "targets" : "providers";
        List<ProviderEntry> providers = providers(m.get(providersKey), providersKey);
        TestCase defaultTest = m.containsKey("defaultTest") ? defaultTest(m.get("defaultTest")) : TestCase.EMPTY;
        if (m.get("vars") != null) {
            // promptfoo has no top-level vars; accept them as defaultTest vars, the way a reader would expect
            defaultTest = defaultTest.withVars(merge(asMap(m.get("vars"), "vars"), defaultTest.vars()));
        }
        List<TestCase> tests = tests(m.get("tests"), "tests");
        Map<String, String> env = env(m.get("env"));
        EvaluateOptions options = evaluateOptions(m.get("evaluateOptions"));
        List<String> outputs = new ArrayList<>();
        Object out = m.get("outputPath");
        if (out instanceof String s) {
            outputs.add(s);
        } else if (out instanceof List<?> l) {
            for (int i = 0; i < l.size(); i++) {
                if (!(l.get(i) instanceof String s)) {
                    throw error("outputPath[" + i + "]", "must be a file name");
                }
                outputs.add(s);
            }
        } else if (out != null) {
            throw error("outputPath", "must be a file name or a list of file names");
        }
        Optional<MockServerSpec> mock = mockServer(m.get("mockServer"));
        Map<String, Object> metadata = m.get("metadata") == null ? Map.of() : asMap(m.get("metadata"), "metadata");
        if (prompts.isEmpty()) {
            // promptfoo: a config without prompts sends the test's `prompt` var... keep it simple and explicit
            prompts = List.of(PromptSpec.of("{{prompt}}"));
        }
        if (providers.isEmpty()) {
            throw error(providersKey, "at least one provider is required (providers: [ws://host/path])");
        }
        return new EvalConfig(
                description,
                prompts,
                providers,
                tests,
                defaultTest,
                env,
                options,
                outputs,
                filters,
                mock,
                metadata,
                m,
                warnings,
                file == null ? List.of() : List.of(file));
    }

    private static Map<String, Object> merge(Map<String, Object> a, Map<String, Object> b) {
        Map<String, Object> out = new LinkedHashMap<>(a);
        out.putAll(b);
        return out;
    }

    // ---- prompts --------------------------------------------------------------------------------------------------

    private List<PromptSpec> prompts(Object value) {
        List<PromptSpec> out = new ArrayList<>();
        if (value == null) {
            return out;
        }
        if (value instanceof String s) {
            out.addAll(prompt(s, Optional.empty(), "prompts"));
        } else if (value instanceof List<?> l) {
            for (int i = 0; i < l.size(); i++) {
                String p = "prompts[" + i + "]";
                Object item = l.get(i);
                if (item instanceof String s) {
                    out.addAll(prompt(s, Optional.empty(), p));
                } else if (item instanceof Map<?, ?>) {
                    Map<String, Object> pm = asMap(item, p);
                    checkKeys(pm, p, Set.of("id", "raw", "label", "config"));
                    Optional<String> label = optString(pm, "label", p + ".label");
                    if (pm.get("raw") instanceof String raw) {
                        out.add(new PromptSpec(raw, label.orElse(raw), Optional.empty()));
                    } else if (pm.get("id") instanceof String id) {
                        out.addAll(prompt(id, label, p + ".id"));
                    } else {
                        throw error(p, "a prompt object needs 'raw' (the text) or 'id' (a file:// reference)");
                    }
                } else {
                    throw error(p, "a prompt must be text, file://path or {raw, label}");
                }
            }
        } else if (value instanceof Map<?, ?>) {
            // promptfoo's map form: {file://path: label}
            asMap(value, "prompts").forEach((k, v) -> out.addAll(prompt(k, Optional.of(String.valueOf(v)), "prompts")));
        } else {
            throw error("prompts", "must be a list of prompts");
        }
        return out;
    }

    private List<PromptSpec> prompt(String text, Optional<String> label, String path) {
        if (!text.startsWith("file://")) {
            return List.of(new PromptSpec(text, label.orElse(text), Optional.empty()));
        }
        String ref = text.substring("file://".length());
        List<Path> files = resolveGlob(ref, path);
        List<PromptSpec> out = new ArrayList<>();
        for (Path f : files) {
            String name = f.getFileName().toString().toLowerCase(Locale.ROOT);
            String rel = "file://" + baseDir.relativize(f);
            String content = readFile(f, path);
            if (name.endsWith(".groovy")) {
                TransformSource src =
                        new TransformSource(path, "file://" + f, baseDir, Optional.ofNullable(file), doc.line(path));
                PromptFunction fn = Transforms.requireCompiler(src).promptFunction(src);
                out.add(new PromptSpec(content, label.orElse(rel), Optional.of(fn)));
            } else if (name.endsWith(".json")) {
                out.add(new PromptSpec(content, label.orElse(rel), Optional.empty()));
            } else if (name.endsWith(".yaml") || name.endsWith(".yml")) {
                Object parsed = Yaml.parse(content, f).value();
                out.add(new PromptSpec(Json.stringify(parsed), label.orElse(rel), Optional.empty()));
            } else if (name.endsWith(".js") || name.endsWith(".ts") || name.endsWith(".py")) {
                throw error(path, "prompt functions are written in Groovy here (file://x.groovy), not " + name);
            } else {
                String[] parts = content.split("\n-{3,}\n");
                for (int i = 0; i < parts.length; i++) {
                    String part = parts[i].strip();
                    if (!part.isEmpty()) {
                        String l = label.orElse(parts.length > 1 ? rel + ":" + (i + 1) : rel);
                        out.add(new PromptSpec(part, l, Optional.empty()));
                    }
                }
            }
        }
        return out;
    }

    private List<Path> resolveGlob(String ref, String path) {
        if (!(ref.contains("*") || ref.contains("?") || ref.contains("{"))) {
            Path f = baseDir.resolve(ref).normalize();
            if (!Files.isRegularFile(f)) {
                throw error(path, "file not found: " + f);
            }
            return List.of(f);
        }
        // walk from the part of the pattern without wildcards
        String[] segments = ref.split("/");
        Path root = baseDir;
        int i = 0;
        while (i < segments.length - 1 && !segments[i].matches(".*[*?{\\[].*")) {
            root = root.resolve(segments[i]);
            i++;
        }
        PathMatcher matcher = FileSystems.getDefault()
                .getPathMatcher("glob:" + baseDir.resolve(ref).normalize());
        List<Path> found;
        try (Stream<Path> s = Files.walk(root)) {
            found = s.filter(Files::isRegularFile)
                    .filter(matcher::matches)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw error(path, "cannot list files for " + ref + ": " + e, e);
        }
        if (found.isEmpty()) {
            throw error(path, "no file matches " + ref);
        }
        return found;
    }

    private String readFile(Path f, String path) {
        try {
            return Files.readString(f, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw error(path, "cannot read " + f + ": " + e, e);
        }
    }

    // ---- providers ------------------------------------------------------------------------------------------------

    private List<ProviderEntry> providers(Object value, String key) {
        List<ProviderEntry> out = new ArrayList<>();
        if (value == null) {
            return out;
        }
        List<?> list = value instanceof List<?> l ? l : List.of(value);
        for (int i = 0; i < list.size(); i++) {
            String p = value instanceof List<?> ? key + "[" + i + "]" : key;
            Object item = list.get(i);
            String origin = where(p);
            if (item instanceof String id) {
                out.add(new ProviderEntry(id, Optional.empty(), Map.of(), baseDir, Optional.of(origin)));
            } else if (item instanceof Map<?, ?>) {
                Map<String, Object> pm = asMap(item, p);
                if (!pm.containsKey("id")
                        && pm.size() == 1
                        && pm.keySet().iterator().next().contains(":")) {
                    // promptfoo's {ws://host: {config...}} form
                    String id = pm.keySet().iterator().next();
                    Map<String, Object> inner = pm.get(id) == null ? Map.of() : asMap(pm.get(id), p + "." + id);
                    pm = new LinkedHashMap<>(inner);
                    pm.put("id", id);
                }
                checkKeys(pm, p, PROVIDER_KEYS);
                Object id = pm.get("id");
                if (!(id instanceof String sid) || sid.isBlank()) {
                    throw error(p + ".id", "a provider needs an 'id' (ws://host/path, openai:realtime:MODEL, ...)");
                }
                Optional<String> label = optString(pm, "label", p + ".label");
                Map<String, Object> config =
                        pm.get("config") == null ? Map.of() : asMap(pm.get("config"), p + ".config");
                out.add(new ProviderEntry(sid, label, config, baseDir, Optional.of(origin)));
            } else {
                throw error(p, "a provider must be an id or {id, label, config}");
            }
        }
        return out;
    }

    // ---- tests ----------------------------------------------------------------------------------------------------

    private TestCase defaultTest(Object value) {
        if (value instanceof String s && s.startsWith("file://")) {
            Path f = resolveGlob(s.substring(7), "defaultTest").getFirst();
            Yaml.Document d = Yaml.parse(readFile(f, "defaultTest"), f);
            return new ConfigLoader(f, f.getParent(), d).test(d.value(), "", true);
        }
        return test(value, "defaultTest", true);
    }

    private List<TestCase> tests(Object value, String path) {
        List<TestCase> out = new ArrayList<>();
        if (value == null) {
            return out;
        }
        List<?> list = value instanceof List<?> l ? l : List.of(value);
        for (int i = 0; i < list.size(); i++) {
            String p = value instanceof List<?> ? path + "[" + i + "]" : path;
            Object item = list.get(i);
            if (item instanceof String s) {
                String ref = s.startsWith("file://") ? s.substring(7) : s;
                for (Path f : resolveGlob(ref, p)) {
                    out.addAll(testsFromFile(f, p));
                }
            } else {
                out.add(test(item, p, false));
            }
        }
        return out;
    }

    private List<TestCase> testsFromFile(Path f, String path) {
        String name = f.getFileName().toString().toLowerCase(Locale.ROOT);
        String content = readFile(f, path);
        if (name.endsWith(".csv") || name.endsWith(".tsv")) {
            List<List<String>> rows;
            try {
                rows = Csv.parse(content, name.endsWith(".tsv") ? '\t' : ',');
            } catch (IllegalArgumentException e) {
                throw error(path, f + ": " + e.getMessage(), e);
            }
            return csvTests(rows, f);
        }
        if (name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".json")) {
            Yaml.Document d = Yaml.parse(content, f);
            ConfigLoader sub = new ConfigLoader(f, f.getParent(), d);
            List<TestCase> tests = sub.tests(d.value(), "");
            warnings.addAll(sub.warnings);
            return tests;
        }
        throw error(path, "tests can be read from .yaml, .yml, .json or .csv files, not " + f.getFileName());
    }

    private List<TestCase> csvTests(List<List<String>> rows, Path f) {
        if (rows.isEmpty()) {
            return List.of();
        }
        List<String> header = rows.getFirst();
        List<TestCase> out = new ArrayList<>();
        for (int r = 1; r < rows.size(); r++) {
            List<String> row = rows.get(r);
            if (row.size() == 1 && row.getFirst().isEmpty()) {
                continue;
            }
            Map<String, Object> vars = new LinkedHashMap<>();
            List<AssertionSpec> asserts = new ArrayList<>();
            Map<String, Object> metadata = new LinkedHashMap<>();
            String description = null;
            OptionalDouble threshold = OptionalDouble.empty();
            String metric = null;
            String location = f + ":" + (r + 1);
            for (int c = 0; c < header.size(); c++) {
                String col = header.get(c).strip();
                String cell = c < row.size() ? row.get(c) : "";
                if (col.startsWith("__expected")) {
                    if (!cell.isBlank()) {
                        asserts.add(assertionFromString(cell, location));
                    }
                } else if (col.equals("__description")) {
                    description = cell;
                } else if (col.equals("__metric")) {
                    metric = cell;
                } else if (col.equals("__threshold")) {
                    try {
                        threshold = OptionalDouble.of(Double.parseDouble(cell));
                    } catch (NumberFormatException e) {
                        throw new ConfigException("__threshold is not a number: " + cell, e, f, r + 1, c + 1, col);
                    }
                } else if (col.startsWith("__metadata:")) {
                    metadata.put(col.substring("__metadata:".length()), cell);
                } else if (col.startsWith("__")) {
                    warnings.add(location + ": column " + col + " is not supported, ignored");
                } else {
                    vars.put(col, cell);
                }
            }
            if (metric != null) {
                String mm = metric;
                asserts = asserts.stream()
                        .map(a -> new AssertionSpec(
                                a.type(),
                                a.value(),
                                a.threshold(),
                                a.weight(),
                                Optional.of(mm),
                                a.provider(),
                                a.rubricPrompt(),
                                a.transform(),
                                a.function(),
                                a.children(),
                                a.location()))
                        .toList();
            }
            out.add(new TestCase(
                    Optional.ofNullable(description), vars, asserts, Map.of(), metadata, threshold, location));
        }
        return out;
    }

    /** promptfoo's {@code __expected} cell syntax: {@code type:value}, {@code grade:}, {@code fn:}, else equals. */
    private AssertionSpec assertionFromString(String cell, String location) {
        String s = cell.strip();
        String lower = s.toLowerCase(Locale.ROOT);
        if (lower.startsWith("grade:") || lower.startsWith("llm-rubric:")) {
            return spec("llm-rubric", s.substring(s.indexOf(':') + 1).strip(), location);
        }
        if (lower.startsWith("fn:")
                || lower.startsWith("eval:")
                || lower.startsWith("groovy:")
                || lower.startsWith("javascript:")) {
            String type = lower.startsWith("javascript:") ? "javascript" : "groovy";
            String code = s.substring(s.indexOf(':') + 1).strip();
            return compileCode(spec(type, code, location), location, 0);
        }
        int colon = s.indexOf(':');
        if (colon > 0) {
            String type = lower.substring(0, colon);
            String base = type.startsWith("not-") ? type.substring(4) : type;
            // a threshold may follow the type: similar(0.8):..., levenshtein(3):...
            OptionalDouble threshold = OptionalDouble.empty();
            int paren = base.indexOf('(');
            if (paren > 0 && base.endsWith(")")) {
                try {
                    threshold = OptionalDouble.of(Double.parseDouble(base.substring(paren + 1, base.length() - 1)));
                    type = type.substring(0, type.indexOf('('));
                    base = base.substring(0, paren);
                } catch (NumberFormatException ignored) {
                    // not a threshold: fall through to equals
                }
            }
            if (ASSERTION_TYPES.contains(base) && !base.equals("assert-set")) {
                String v = s.substring(colon + 1);
                Object value = v;
                if (base.endsWith("-any") || base.endsWith("-all")) {
                    value = List.of(v.split(",")).stream().map(String::strip).toList();
                } else if (base.equals("latency") || base.equals("ttft") || base.equals("max-frame-gap")) {
                    try {
                        threshold = OptionalDouble.of(Double.parseDouble(v.strip()));
                    } catch (NumberFormatException e) {
                        throw new ConfigException(
                                base + " needs a number of milliseconds, got: " + v, e, null, 0, 0, location);
                    }
                    value = null;
                }
                AssertionSpec a = spec(type, value, location);
                if (threshold.isPresent()) {
                    a = a.withThreshold(threshold.getAsDouble());
                }
                return a;
            }
        }
        return spec("equals", s, location);
    }

    private static AssertionSpec spec(String type, Object value, String location) {
        return new AssertionSpec(
                type,
                value,
                OptionalDouble.empty(),
                1,
                Optional.empty(),
                null,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                List.of(),
                location);
    }

    private TestCase test(Object value, String p, boolean isDefault) {
        if (value == null) {
            return TestCase.EMPTY;
        }
        if (!(value instanceof Map<?, ?>)) {
            throw error(p, "a test must be a mapping (vars, assert, ...) or a file:// reference");
        }
        Map<String, Object> tm = asMap(value, p);
        checkKeys(tm, p, TEST_KEYS);
        Optional<String> description = optString(tm, "description", key(p, "description"));
        Map<String, Object> vars = new LinkedHashMap<>();
        if (tm.get("vars") instanceof String s && s.startsWith("file://")) {
            Path f = resolveGlob(s.substring(7), key(p, "vars")).getFirst();
            Object parsed = Yaml.parse(readFile(f, key(p, "vars")), f).value();
            if (!(parsed instanceof Map<?, ?>)) {
                throw error(key(p, "vars"), f + " must hold a mapping of variables");
            }
            vars.putAll(asMap(parsed, key(p, "vars")));
        } else if (tm.get("vars") != null) {
            vars.putAll(asMap(tm.get("vars"), key(p, "vars")));
        }
        for (Map.Entry<String, Object> e : vars.entrySet()) {
            e.setValue(loadVarFile(e.getValue(), key(p, "vars." + e.getKey())));
        }
        List<AssertionSpec> asserts = new ArrayList<>();
        Object a = tm.get("assert");
        if (a != null) {
            if (!(a instanceof List<?> list)) {
                throw error(key(p, "assert"), "must be a list of assertions");
            }
            for (int i = 0; i < list.size(); i++) {
                asserts.add(assertion(list.get(i), key(p, "assert") + "[" + i + "]"));
            }
        }
        Map<String, Object> options = tm.get("options") == null
                ? new LinkedHashMap<>()
                : new LinkedHashMap<>(asMap(tm.get("options"), key(p, "options")));
        if (tm.get("provider") != null) {
            options.putIfAbsent("provider", tm.get("provider"));
        }
        Map<String, Object> metadata =
                tm.get("metadata") == null ? Map.of() : asMap(tm.get("metadata"), key(p, "metadata"));
        OptionalDouble threshold = optDouble(tm, "threshold", key(p, "threshold"));
        return new TestCase(description, vars, asserts, options, metadata, threshold, where(p));
    }

    private static String key(String parent, String child) {
        return parent.isEmpty() ? child : parent + "." + child;
    }

    /** promptfoo loads {@code file://} var values: text for most files, parsed for .json and .yaml. */
    private Object loadVarFile(Object v, String path) {
        if (v instanceof String s && s.startsWith("file://") && !s.contains("*")) {
            Path f = baseDir.resolve(s.substring(7)).normalize();
            if (!Files.isRegularFile(f)) {
                throw error(path, "file not found: " + f);
            }
            String content = readFile(f, path);
            String name = f.getFileName().toString().toLowerCase(Locale.ROOT);
            if (name.endsWith(".json") || name.endsWith(".yaml") || name.endsWith(".yml")) {
                return Yaml.parse(content, f).value();
            }
            return content;
        }
        return v;
    }

    private AssertionSpec assertion(Object value, String p) {
        if (!(value instanceof Map<?, ?>)) {
            throw error(p, "an assertion must be a mapping with a 'type'");
        }
        Map<String, Object> am = asMap(value, p);
        checkKeys(am, p, ASSERT_KEYS);
        Object t = am.get("type");
        if (!(t instanceof String type) || type.isBlank()) {
            throw error(key(p, "type"), "an assertion needs a 'type' (equals, contains, regex, groovy, ...)");
        }
        String base = type.startsWith("not-") ? type.substring(4) : type;
        if (!ASSERTION_TYPES.contains(base) || type.equals("not-assert-set")) {
            throw error(
                    key(p, "type"),
                    "unknown assertion type '" + type + "'; wst supports "
                            + String.join(
                                    ", ", ASSERTION_TYPES.stream().sorted().toList()) + " and their not- forms");
        }
        Object v = am.get("value");
        OptionalDouble threshold = optDouble(am, "threshold", key(p, "threshold"));
        double weight = optDouble(am, "weight", key(p, "weight")).orElse(1);
        if (weight < 0) {
            throw error(key(p, "weight"), "must not be negative");
        }
        Optional<String> metric = optString(am, "metric", key(p, "metric"));
        Optional<String> rubric = optString(am, "rubricPrompt", key(p, "rubricPrompt"));
        Optional<AssertionFunction> transform = Optional.empty();
        if (am.get("transform") != null) {
            if (!(am.get("transform") instanceof String ts)) {
                throw error(key(p, "transform"), "must be Groovy code or file://path");
            }
            TransformSource src = new TransformSource(
                    key(p, "transform"), ts, baseDir, Optional.ofNullable(file), doc.line(key(p, "transform")));
            transform = Optional.of(Transforms.requireCompiler(src).assertion(src));
        }
        List<AssertionSpec> children = new ArrayList<>();
        if (base.equals("assert-set")) {
            if (!(am.get("assert") instanceof List<?> list) || list.isEmpty()) {
                throw error(key(p, "assert"), "an assert-set needs a non-empty 'assert' list");
            }
            for (int i = 0; i < list.size(); i++) {
                children.add(assertion(list.get(i), key(p, "assert") + "[" + i + "]"));
            }
        }
        String location = where(p);
        if (v instanceof String s && s.startsWith("file://") && !base.equals("groovy") && !base.equals("javascript")) {
            v = loadVarFile(s, key(p, "value"));
        }
        switch (base) {
            case "latency", "ttft", "max-frame-gap" -> {
                if (threshold.isEmpty() && v instanceof Number n) {
                    threshold = OptionalDouble.of(n.doubleValue());
                }
                if (threshold.isEmpty()) {
                    throw error(p, "a " + base + " assertion needs a threshold in milliseconds (threshold: 500)");
                }
            }
            case "frames" -> {
                if (!(v instanceof Map<?, ?> || v instanceof Number)) {
                    throw error(key(p, "value"), "a frames assertion needs {min: N, max: N} or a number (exact count)");
                }
            }
            case "regex" -> {
                if (!(v instanceof String s)) {
                    throw error(key(p, "value"), "a regex assertion needs a pattern");
                }
                try {
                    java.util.regex.Pattern.compile(s);
                } catch (java.util.regex.PatternSyntaxException e) {
                    throw error(key(p, "value"), "invalid regular expression: " + e.getDescription(), e);
                }
            }
            case "contains-any", "contains-all", "icontains-any", "icontains-all" -> {
                if (v instanceof String s) {
                    v = List.of(s.split(",")).stream().map(String::strip).toList();
                } else if (!(v instanceof List<?>)) {
                    throw error(key(p, "value"), "a " + base + " assertion needs a list of strings");
                }
            }
            case "equals", "contains", "icontains", "starts-with", "levenshtein", "llm-rubric" -> {
                if (v == null) {
                    throw error(key(p, "value"), "a " + base + " assertion needs a value");
                }
            }
            default -> {
                // no checks
            }
        }
        AssertionSpec spec = new AssertionSpec(
                type,
                v,
                threshold,
                weight,
                metric,
                am.get("provider"),
                rubric,
                transform,
                Optional.empty(),
                children,
                location);
        if (base.equals("groovy") || base.equals("javascript")) {
            if (!(v instanceof String)) {
                throw error(
                        key(p, "value"), "a " + base + " assertion needs code (an expression, a closure or file://)");
            }
            spec = compileCode(spec, key(p, "value"), doc.line(key(p, "value")));
        }
        return spec;
    }

    private AssertionSpec compileCode(AssertionSpec spec, String option, int line) {
        TransformSource src =
                new TransformSource(option, (String) spec.value(), baseDir, Optional.ofNullable(file), line);
        try {
            return spec.withFunction(Transforms.requireCompiler(src).assertion(src));
        } catch (ConfigException e) {
            if (spec.baseType().equals("javascript")) {
                throw new ConfigException(
                        "javascript assertions are evaluated as Groovy here, and this one does not compile as Groovy"
                                + " (rewrite it in Groovy, or use type: groovy): " + e.problem(),
                        e,
                        file,
                        line,
                        0,
                        option);
            }
            throw e;
        }
    }

    // ---- the rest -------------------------------------------------------------------------------------------------

    private Map<String, TemplateFilter> nunjucksFilters(Object value) {
        Map<String, TemplateFilter> out = new LinkedHashMap<>();
        if (value == null) {
            return out;
        }
        for (Map.Entry<String, Object> e : asMap(value, "nunjucksFilters").entrySet()) {
            String p = "nunjucksFilters." + e.getKey();
            if (!(e.getValue() instanceof String code)) {
                throw error(p, "a filter must be Groovy code or file://path");
            }
            TransformSource src = new TransformSource(p, code, baseDir, Optional.ofNullable(file), doc.line(p));
            out.put(e.getKey(), Transforms.requireCompiler(src).templateFilter(src));
        }
        return out;
    }

    private Map<String, String> env(Object value) {
        Map<String, String> out = new LinkedHashMap<>();
        if (value == null) {
            return out;
        }
        asMap(value, "env").forEach((k, v) -> {
            if (v instanceof Map<?, ?> || v instanceof List<?>) {
                throw error("env." + k, "an env value must be text, a number or a boolean");
            }
            out.put(k, v == null ? "" : v instanceof Number n ? Json.formatNumber(n) : String.valueOf(v));
        });
        return out;
    }

    private EvaluateOptions evaluateOptions(Object value) {
        if (value == null) {
            return EvaluateOptions.NONE;
        }
        Map<String, Object> m = asMap(value, "evaluateOptions");
        checkKeys(m, "evaluateOptions", EVAL_OPTION_KEYS);
        OptionalInt maxConcurrency = optPositiveInt(m, "maxConcurrency");
        OptionalInt repeat = optPositiveInt(m, "repeat");
        OptionalLong delay = optLong(m, "delay");
        OptionalLong timeout = optLong(m, "timeoutMs");
        OptionalLong maxTime = optLong(m, "maxEvalTimeMs");
        return new EvaluateOptions(maxConcurrency, repeat, delay, timeout, maxTime);
    }

    private Optional<MockServerSpec> mockServer(Object value) {
        if (value == null || Boolean.FALSE.equals(value)) {
            return Optional.empty();
        }
        if (Boolean.TRUE.equals(value)) {
            return Optional.of(new MockServerSpec(0, Optional.empty()));
        }
        if (!(value instanceof Map<?, ?>)) {
            throw error("mockServer", "must be true, false or {port: N, scenario: FILE}");
        }
        Map<String, Object> m = asMap(value, "mockServer");
        checkKeys(m, "mockServer", Set.of("port", "scenario"));
        int port = 0;
        if (m.get("port") != null) {
            if (!(m.get("port") instanceof Integer i) || i < 0 || i > 65535) {
                throw error("mockServer.port", "must be a port number from 0 (any free port) to 65535");
            }
            port = i;
        }
        Optional<String> scenario = optString(m, "scenario", "mockServer.scenario");
        return Optional.of(new MockServerSpec(
                port,
                scenario.map(s -> s.startsWith("file://")
                        ? "file://" + baseDir.resolve(s.substring(7)).normalize()
                        : s)));
    }

    private OptionalInt optPositiveInt(Map<String, Object> m, String k) {
        Object v = m.get(k);
        if (v == null) {
            return OptionalInt.empty();
        }
        if (!(v instanceof Integer i) || i < 1) {
            throw error("evaluateOptions." + k, "must be a whole number of at least 1, got " + v);
        }
        return OptionalInt.of(i);
    }

    private OptionalLong optLong(Map<String, Object> m, String k) {
        Object v = m.get(k);
        if (v == null) {
            return OptionalLong.empty();
        }
        if (!(v instanceof Integer || v instanceof Long) || ((Number) v).longValue() < 0) {
            throw error("evaluateOptions." + k, "must be a whole number of milliseconds (0 or more), got " + v);
        }
        return OptionalLong.of(((Number) v).longValue());
    }

    private OptionalDouble optDouble(Map<String, Object> m, String k, String path) {
        Object v = m.get(k);
        if (v == null) {
            return OptionalDouble.empty();
        }
        if (v instanceof Number n) {
            return OptionalDouble.of(n.doubleValue());
        }
        if (v instanceof String s) {
            try {
                return OptionalDouble.of(Double.parseDouble(s));
            } catch (NumberFormatException e) {
                throw error(path, "must be a number, got '" + s + "'", e);
            }
        }
        throw error(path, "must be a number");
    }

    private Optional<String> optString(Map<String, Object> m, String k, String path) {
        Object v = m.get(k);
        if (v == null) {
            return Optional.empty();
        }
        if (v instanceof Map<?, ?> || v instanceof List<?>) {
            throw error(path, "must be text");
        }
        return Optional.of(v instanceof Number n ? Json.formatNumber(n) : String.valueOf(v));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> asMap(Object v, String path) {
        if (!(v instanceof Map<?, ?>)) {
            throw error(path, "must be a mapping (key: value), got " + describe(v));
        }
        return (Map<String, Object>) v;
    }

    private static String describe(Object v) {
        if (v == null) {
            return "nothing";
        }
        if (v instanceof List<?>) {
            return "a list";
        }
        if (v instanceof String) {
            return "text";
        }
        return v instanceof Number ? "a number" : v.getClass().getSimpleName();
    }
}
