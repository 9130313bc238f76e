package io.github.wstoolkit.eval;

import io.github.wstoolkit.api.ConfigException;
import io.github.wstoolkit.api.ProviderRegistry;
import io.github.wstoolkit.api.Suggestions;
import io.github.wstoolkit.api.internal.transform.Transforms;
import io.github.wstoolkit.api.json.Json;
import io.github.wstoolkit.api.spi.ProviderFactory;
import io.github.wstoolkit.api.spi.TransformCompiler;
import io.github.wstoolkit.api.template.TemplateEngine;
import io.github.wstoolkit.api.template.TemplateFilter;
import io.github.wstoolkit.api.transform.AssertionFunction;
import io.github.wstoolkit.api.transform.PromptFunction;
import io.github.wstoolkit.api.transform.TransformSource;
import io.github.wstoolkit.eval.internal.CompactList;
import io.github.wstoolkit.eval.internal.ConfigFormats;
import io.github.wstoolkit.eval.internal.CsvTests;
import io.github.wstoolkit.eval.internal.Yaml;
import io.github.wstoolkit.eval.internal.YamlConfigFormat;
import io.github.wstoolkit.eval.spi.ConfigDocument;
import io.github.wstoolkit.eval.spi.ConfigFormat;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
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
import java.util.regex.PatternSyntaxException;
import java.util.stream.Stream;

/**
 * Reads eval configs into {@link EvalConfig}: promptfoo-style YAML or JSON, and every other format a
 * {@link ConfigFormat} service reads (Groovy scripts, with {@code toolkit-dsl} on the module path), picked by the
 * file's extension. Every problem is found before anything runs and reported as a {@link ConfigException} naming the
 * file, the line and the key; a key wst does not know is a warning (in {@link EvalConfig#warnings()}) naming the
 * file and the line, or an error for a strict document (a script).
 *
 * <p>Transforms, prompt functions, {@code groovy}/{@code javascript} assertions and {@code nunjucksFilters} given as
 * text are compiled here by the {@link io.github.wstoolkit.api.spi.TransformCompiler} on the module path, or by one the
 * caller passes ({@link #read(ConfigDocument, Map, TransformCompiler)}); a document may also hold them compiled already
 * (see {@link ConfigDocument}).
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
            "commandLineOptions",
            "scenarios");
    /** Keys promptfoo has that wst does not run: a warning says they are ignored. */
    static final Set<String> IGNORED = Set.of("redteam", "extensions", "derivedMetrics", "tracing");

    static final Set<String> TEST_KEYS =
            Set.of("description", "vars", "assert", "options", "metadata", "threshold", "provider", "providerOutput");
    /** The keys of a test's {@code options} that wst reads. */
    static final Set<String> TEST_OPTION_KEYS =
            Set.of("provider", "rubricPrompt", "storeOutputAs", "disableConversationVar");
    /** promptfoo's other test options: a warning says they are ignored. */
    static final Set<String> TEST_OPTIONS_IGNORED = Set.of(
            "prefix",
            "suffix",
            "transform",
            "transformVars",
            "postprocess",
            "disableVarExpansion",
            "disableDefaultAsserts",
            "runSerially",
            "repeat",
            "factuality",
            "assertScoringFunction");

    static final Set<String> SCENARIO_KEYS = Set.of("description", "config", "tests");
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
    static final Set<String> PROMPT_KEYS = Set.of("id", "raw", "label", "config");
    static final Set<String> EVAL_OPTION_KEYS = Set.of(
            "maxConcurrency",
            "repeat",
            "delay",
            "timeoutMs",
            "maxEvalTimeMs",
            "showProgressBar",
            "cache",
            "generateSuggestions");
    static final Set<String> MOCK_SERVER_KEYS = Set.of("port", "scenario");

    /**
     * What the front end sets when it starts the embedded mock server ({@code mockServer: true}); when the
     * environment lacks them, a provider id that uses them is taken as the mock's {@code ws://} address to find out
     * which options the provider reads.
     */
    private static final Map<String, String> MOCK_ENV_PLACEHOLDERS =
            Map.of("WST_MOCK_URL", "ws://127.0.0.1:0", "WST_MOCK_HOST", "127.0.0.1:0");

    private final Path file;
    private final Path baseDir;
    private final ConfigDocument doc;
    private final Map<String, String> env;
    private final List<String> warnings = new ArrayList<>();
    private final Optional<TransformCompiler> compiler;

    private ConfigLoader(ConfigDocument doc, Map<String, String> env, Optional<TransformCompiler> compiler) {
        this.file = doc.file().orElse(null);
        this.baseDir = doc.baseDir().toAbsolutePath().normalize();
        this.doc = doc;
        this.env = env;
        this.compiler = compiler;
    }

    /** The compiler a caller gave, else the one on the module path (or an error naming the option). */
    private TransformCompiler compiler(TransformSource src) {
        return compiler.isPresent() ? compiler.get() : Transforms.requireCompiler(src);
    }

    /** Reads and merges several config files, as {@code wst eval -c a.yaml -c b.groovy} does. */
    public static EvalConfig load(List<Path> files) {
        return load(files, System.getenv());
    }

    /**
     * Reads and merges several config files, of any format.
     *
     * @param env the environment the run will have (a script sees it as {@code env})
     */
    public static EvalConfig load(List<Path> files, Map<String, String> env) {
        if (files.isEmpty()) {
            throw new ConfigException("no config file given");
        }
        List<EvalConfig> configs = new ArrayList<>();
        for (Path f : files) {
            configs.add(load(f, env));
        }
        return EvalConfig.merge(configs);
    }

    /** Reads one config file. */
    public static EvalConfig load(Path file) {
        return load(file, System.getenv());
    }

    /**
     * Reads one config file with the {@link ConfigFormat} its extension names ({@code .yaml}, {@code .yml} and
     * {@code .json} are YAML, as is a file whose extension no format claims).
     *
     * @param env the environment the run will have (a script sees it as {@code env})
     */
    public static EvalConfig load(Path file, Map<String, String> env) {
        Path abs = file.toAbsolutePath().normalize();
        ConfigFormat format = ConfigFormats.forFile(abs);
        return read(format.read(abs, new ConfigFormat.Context(env)), env);
    }

    /** Reads config text whose {@code file://} references are resolved against {@code baseDir}. */
    public static EvalConfig parse(String yaml, Path baseDir) {
        return read(YamlConfigFormat.document(Yaml.parse(yaml, null), baseDir), System.getenv());
    }

    /**
     * Reads a config document (what a {@link ConfigFormat} produced, or a front end built) into the config records,
     * with every check a file gets.
     *
     * @param env the environment the run will have; used to tell which provider an id names
     * @throws ConfigException for the first problem, naming the document's file, the line and the key
     */
    public static EvalConfig read(ConfigDocument document, Map<String, String> env) {
        return new ConfigLoader(document, Map.copyOf(env), Optional.empty()).read();
    }

    /**
     * {@link #read(ConfigDocument, Map)} with text transforms (prompt functions, code assertions, template filters)
     * compiled by {@code compiler} rather than the {@link TransformCompiler} found on the module path: an embedding
     * application's own compiler, or a test's.
     */
    public static EvalConfig read(ConfigDocument document, Map<String, String> env, TransformCompiler compiler) {
        return new ConfigLoader(document, Map.copyOf(env), Optional.of(compiler)).read();
    }

    /** {@link #load(Path, Map)} with text transforms compiled by {@code compiler} (see {@link #read(ConfigDocument, Map, TransformCompiler)}). */
    public static EvalConfig load(Path file, Map<String, String> env, TransformCompiler compiler) {
        Path abs = file.toAbsolutePath().normalize();
        return read(ConfigFormats.forFile(abs).read(abs, new ConfigFormat.Context(env)), env, compiler);
    }

    // ---------------------------------------------------------------------------------------------------------------

    private ConfigException error(String path, String problem) {
        return ConfigException.at(file, doc.line(path), path, problem);
    }

    private ConfigException error(String path, String problem, Throwable cause) {
        return ConfigException.at(file, doc.line(path), path, problem, cause);
    }

    private String where(String path) {
        int line = doc.line(path);
        return (file == null ? "config" : file.toString()) + (line > 0 ? ":" + line : "");
    }

    private void warn(String path, String message) {
        warnings.add(where(path) + ": " + path + ": " + message);
    }

    /** An unknown key: a warning, or for a strict document an error that lists the known keys. */
    private void unknownKey(String path, String key, Set<String> known, String what) {
        if (doc.strict()) {
            throw error(
                    path,
                    "unknown " + what + Suggestions.didYouMean(key, known) + "; known: "
                            + String.join(", ", known.stream().sorted().toList()));
        }
        warn(path, "unknown key" + Suggestions.didYouMean(key, known) + ", ignored");
    }

    private void checkKeys(Map<String, Object> map, String path, Set<String> known) {
        for (String k : map.keySet()) {
            if (!known.contains(k)) {
                unknownKey(path.isEmpty() ? k : path + "." + k, k, known, "key '" + k + "'");
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
            if (IGNORED.contains(k) && !doc.strict()) {
                warn(k, "promptfoo's '" + k + "' is not supported by wst, ignored");
            } else if (!TOP_LEVEL.contains(k)) {
                unknownKey(k, k, TOP_LEVEL, "key '" + k + "'");
            }
        }
        if (m.containsKey("providers") && m.containsKey("targets")) {
            throw error("targets", "use either 'providers' or its alias 'targets', not both");
        }
        Optional<String> description = optString(m, "description", "description");
        Map<String, TemplateFilter> filters = nunjucksFilters(m.get("nunjucksFilters"));
        List<PromptSpec> prompts = prompts(m.get("prompts"));
        Map<String, String> configEnv = env(m.get("env"));
        String providersKey = m.containsKey("targets") ? "targets" : "providers";
        List<ProviderEntry> providers = providers(m.get(providersKey), providersKey, configEnv);
        TestCase defaultTest = m.containsKey("defaultTest") ? defaultTest(m.get("defaultTest")) : TestCase.EMPTY;
        if (m.get("vars") != null) {
            // promptfoo has no top-level vars; accept them as defaultTest vars, the way a reader would expect
            defaultTest = defaultTest.withVars(merge(asMap(m.get("vars"), "vars"), defaultTest.vars()));
        }
        List<TestCase> tests = tests(m.get("tests"), "tests");
        if (m.get("scenarios") != null) {
            tests = CompactList.concat(List.of(tests, scenarios(m.get("scenarios"), defaultTest)));
        }
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
        return EvalConfig.builder()
                .description(description.orElse(null))
                .prompts(prompts)
                .providers(providers)
                .tests(tests)
                .defaultTest(defaultTest)
                .env(configEnv)
                .evaluateOptions(options)
                .outputPaths(outputs)
                .nunjucksFilters(filters)
                .mockServer(mock.orElse(null))
                .metadata(metadata)
                .raw(m)
                .warnings(warnings)
                .files(file == null ? List.of() : List.of(file))
                .build();
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
        if (value instanceof String || value instanceof PromptFunction) {
            out.addAll(prompt(value, Optional.empty(), "prompts"));
        } else if (value instanceof List<?> l) {
            for (int i = 0; i < l.size(); i++) {
                String p = "prompts[" + i + "]";
                Object item = l.get(i);
                if (item instanceof String || item instanceof PromptFunction) {
                    out.addAll(prompt(item, Optional.empty(), p));
                } else if (item instanceof Map<?, ?>) {
                    Map<String, Object> pm = asMap(item, p);
                    checkKeys(pm, p, PROMPT_KEYS);
                    Optional<String> label = optString(pm, "label", p + ".label");
                    if (pm.get("raw") instanceof String raw) {
                        out.add(new PromptSpec(raw, label.orElse(raw), Optional.empty()));
                    } else if (pm.get("raw") instanceof PromptFunction fn) {
                        out.addAll(prompt(fn, label, p + ".raw"));
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

    /** A prompt given as text, a file reference, or a compiled function (whose text is its source). */
    private List<PromptSpec> prompt(Object value, Optional<String> label, String path) {
        if (value instanceof PromptFunction fn) {
            String raw = String.valueOf(fn);
            return List.of(new PromptSpec(raw, label.orElse(raw), Optional.of(fn)));
        }
        return prompt((String) value, label, path);
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
                PromptFunction fn = compiler(src).promptFunction(src);
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
        PathMatcher matcher;
        try {
            matcher = FileSystems.getDefault()
                    .getPathMatcher("glob:" + baseDir.resolve(ref).normalize());
        } catch (PatternSyntaxException e) {
            throw error(path, "invalid file pattern " + ref + ": " + e.getDescription(), e);
        }
        List<Path> found;
        try (Stream<Path> s = Files.walk(root)) {
            found = s.filter(Files::isRegularFile)
                    .filter(matcher::matches)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw error(path, "cannot list files for " + ref + ": " + ConfigException.describe(e), e);
        }
        if (found.isEmpty()) {
            throw error(path, "no file matches " + ref);
        }
        return found;
    }

    private byte[] readBytes(Path f, String path) {
        try {
            return Files.readAllBytes(f);
        } catch (IOException e) {
            throw error(path, "cannot read " + f + ": " + ConfigException.describe(e), e);
        }
    }

    private String readFile(Path f, String path) {
        try {
            return Files.readString(f, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw error(path, "cannot read " + f + ": " + ConfigException.describe(e), e);
        }
    }

    // ---- providers ------------------------------------------------------------------------------------------------

    private List<ProviderEntry> providers(Object value, String key, Map<String, String> configEnv) {
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
                checkProviderConfig(sid, config, p + ".config", configEnv);
                out.add(new ProviderEntry(sid, label, config, baseDir, Optional.of(origin)));
            } else {
                throw error(p, "a provider must be an id or {id, label, config}");
            }
        }
        return out;
    }

    /**
     * Points out config keys the provider does not read (a misspelled {@code timeoutMS}), when the provider's factory
     * says which keys it reads. The id's env templates are rendered as the registry will render them; the embedded
     * mock's variables, not known before the run, stand for a {@code ws://} address.
     */
    private void checkProviderConfig(
            String id, Map<String, Object> config, String path, Map<String, String> configEnv) {
        if (config.isEmpty()) {
            return;
        }
        Map<String, String> e = new LinkedHashMap<>(MOCK_ENV_PLACEHOLDERS);
        e.putAll(env);
        e.putAll(configEnv);
        String rendered;
        try {
            rendered = TemplateEngine.builder().env(e).cacheSize(0).build().renderEnvOnly(id.strip());
        } catch (RuntimeException notATemplate) {
            return; // the registry reports a bad id when the provider is created
        }
        Optional<ProviderFactory> factory = providerRegistry().factoryFor(rendered);
        if (factory.isEmpty() || factory.get().configKeys().isEmpty()) {
            return;
        }
        Set<String> known = factory.get().configKeys();
        for (String k : config.keySet()) {
            if (known.contains(k)) {
                continue;
            }
            String what = factory.get().describe() + " provider option '" + k + "'";
            if (doc.strict()) {
                unknownKey(path + "." + k, k, known, what);
            } else {
                warn(
                        path + "." + k,
                        "not an option of " + factory.get().describe() + " providers" + Suggestions.didYouMean(k, known)
                                + ", ignored");
            }
        }
    }

    private ProviderRegistry registry;

    private ProviderRegistry providerRegistry() {
        if (registry == null) {
            registry = ProviderRegistry.load();
        }
        return registry;
    }

    // ---- tests ----------------------------------------------------------------------------------------------------

    /**
     * promptfoo's {@code scenarios}: each scenario's {@code config} entries × its {@code tests}, appended to the
     * tests. A scenario test is the config entry merged with the test (vars, options and metadata merged, the test
     * winning; the entry's assertions first); its {@code metadata.conversationId} is {@code __scenario_<n>__} (n
     * counting config entries over all scenarios) when none is set, so each entry's tests run as one conversation.
     */
    private List<TestCase> scenarios(Object value, TestCase defaultTest) {
        List<?> list = value instanceof List<?> l ? l : List.of(value);
        List<TestCase> out = new ArrayList<>();
        int index = 0;
        for (int i = 0; i < list.size(); i++) {
            String p = "scenarios[" + i + "]";
            Object item = list.get(i);
            List<Object> scenarios = new ArrayList<>();
            if (item instanceof String s && s.startsWith("file://")) {
                for (Path f : resolveGlob(s.substring(7), p)) {
                    Object parsed = Yaml.parse(readFile(f, p), f).value();
                    if (parsed instanceof List<?> pl) {
                        scenarios.addAll(pl);
                    } else {
                        scenarios.add(parsed);
                    }
                }
            } else {
                scenarios.add(item);
            }
            for (Object sc : scenarios) {
                if (!(sc instanceof Map<?, ?>)) {
                    throw error(p, "a scenario must be a mapping {description, config: [...], tests: [...]}");
                }
                Map<String, Object> sm = asMap(sc, p);
                checkKeys(sm, p, SCENARIO_KEYS);
                Object cfg = sm.get("config");
                List<TestCase> entries = cfg == null ? List.of() : tests(cfg, p + ".config");
                if (entries.isEmpty()) {
                    throw error(
                            p + ".config",
                            "a scenario needs a non-empty 'config' list (each entry: vars, assert, ...)");
                }
                List<TestCase> scenarioTests =
                        sm.get("tests") == null ? List.of() : tests(sm.get("tests"), p + ".tests");
                if (scenarioTests.isEmpty()) {
                    scenarioTests = List.of(
                            TestCase.EMPTY.toBuilder().location(where(p)).build());
                }
                for (TestCase data : entries) {
                    for (TestCase t : scenarioTests) {
                        TestCase merged = t.withDefaults(data);
                        if (!merged.metadata().containsKey("conversationId")
                                && !defaultTest.metadata().containsKey("conversationId")) {
                            Map<String, Object> md = new LinkedHashMap<>(merged.metadata());
                            md.put("conversationId", "__scenario_" + index + "__");
                            merged = merged.withMetadata(md);
                        }
                        out.add(merged);
                    }
                    index++;
                }
            }
        }
        return out;
    }

    private TestCase defaultTest(Object value) {
        if (value instanceof String s && s.startsWith("file://")) {
            Path f = resolveGlob(s.substring(7), "defaultTest").getFirst();
            Yaml.Document d = Yaml.parse(readFile(f, "defaultTest"), f);
            ConfigLoader sub = new ConfigLoader(YamlConfigFormat.document(d, f.getParent()), env, compiler);
            TestCase t = sub.test(d.value(), "", true);
            warnings.addAll(sub.warnings);
            return t;
        }
        return test(value, "defaultTest", true);
    }

    /** The tests of a {@code tests} value: a file's tests kept as the file gave them (a CSV file's, compact). */
    private List<TestCase> tests(Object value, String path) {
        if (value == null) {
            return new ArrayList<>();
        }
        List<List<TestCase>> parts = new ArrayList<>();
        List<TestCase> inline = new ArrayList<>();
        List<?> list = value instanceof List<?> l ? l : List.of(value);
        for (int i = 0; i < list.size(); i++) {
            String p = value instanceof List<?> ? path + "[" + i + "]" : path;
            Object item = list.get(i);
            if (item instanceof String s) {
                String ref = s.startsWith("file://") ? s.substring(7) : s;
                for (Path f : resolveGlob(ref, p)) {
                    parts.add(inline);
                    inline = new ArrayList<>();
                    parts.add(testsFromFile(f, p));
                }
            } else {
                inline.add(test(item, p, false));
            }
        }
        parts.add(inline);
        return CompactList.concat(parts);
    }

    private List<TestCase> testsFromFile(Path f, String path) {
        String name = f.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".csv") || name.endsWith(".tsv")) {
            // held as the file's bytes and an offset per row, each row read into its test when it is asked for
            // (CsvTests; docs/performance.md, "Memory"): every row is read and checked here all the same
            byte[] bytes = readBytes(f, path);
            try {
                return CsvTests.read(
                        f,
                        bytes,
                        name.endsWith(".tsv") ? '\t' : ',',
                        (spec, code) -> compileCode(spec, code, spec.location(), 0),
                        warnings::add);
            } catch (IllegalArgumentException e) {
                throw error(path, f + ": " + e.getMessage(), e);
            } catch (CharacterCodingException e) {
                throw error(path, "cannot read " + f + ": " + ConfigException.describe(e), e);
            }
        }
        if (name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".json")) {
            Yaml.Document d = Yaml.parse(readFile(f, path), f);
            ConfigLoader sub = new ConfigLoader(YamlConfigFormat.document(d, f.getParent()), env, compiler);
            List<TestCase> tests = sub.tests(d.value(), "");
            warnings.addAll(sub.warnings);
            return tests;
        }
        throw error(path, "tests can be read from .yaml, .yml, .json or .csv files, not " + f.getFileName());
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
        checkTestOptions(options, key(p, "options"));
        if (tm.get("provider") != null) {
            options.putIfAbsent("provider", tm.get("provider"));
        }
        Map<String, Object> metadata =
                tm.get("metadata") == null ? Map.of() : asMap(tm.get("metadata"), key(p, "metadata"));
        OptionalDouble threshold = optDouble(tm, "threshold", key(p, "threshold"));
        return new TestCase(description, vars, asserts, options, metadata, threshold, where(p));
    }

    private void checkTestOptions(Map<String, Object> options, String path) {
        for (String k : options.keySet()) {
            if (TEST_OPTION_KEYS.contains(k)) {
                continue;
            }
            if (TEST_OPTIONS_IGNORED.contains(k) && !doc.strict()) {
                warn(path + "." + k, "promptfoo's test option '" + k + "' is not supported by wst, ignored");
            } else {
                unknownKey(path + "." + k, k, TEST_OPTION_KEYS, "test option '" + k + "'");
            }
        }
        Object store = options.get("storeOutputAs");
        if (store != null && (!(store instanceof String name) || !name.matches("[A-Za-z_$][A-Za-z0-9_$]*"))) {
            throw error(path + ".storeOutputAs", "must be a variable name (letters, digits and _), got " + store);
        }
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
        if (!(t instanceof String typeName) || typeName.isBlank()) {
            throw error(key(p, "type"), "an assertion needs a 'type' (equals, contains, regex, groovy, ...)");
        }
        boolean negated = typeName.startsWith("not-");
        Optional<AssertionType> found = AssertionType.fromId(negated ? typeName.substring(4) : typeName);
        if (found.isEmpty() || (negated && !found.get().negatable())) {
            throw error(
                    key(p, "type"),
                    "unknown assertion type '" + typeName + "'; wst supports " + String.join(", ", AssertionType.ids())
                            + " and their not- forms");
        }
        AssertionType type = found.get();
        Object v = am.get("value");
        OptionalDouble threshold = optDouble(am, "threshold", key(p, "threshold"));
        double weight = optDouble(am, "weight", key(p, "weight")).orElse(1);
        if (weight < 0) {
            throw error(key(p, "weight"), "must not be negative");
        }
        Optional<String> metric = optString(am, "metric", key(p, "metric"));
        Optional<String> rubric = optString(am, "rubricPrompt", key(p, "rubricPrompt"));
        AssertionFunction transform = null;
        Object tv = am.get("transform");
        if (tv instanceof AssertionFunction fn) {
            transform = fn;
        } else if (tv instanceof String ts) {
            TransformSource src = new TransformSource(
                    key(p, "transform"), ts, baseDir, Optional.ofNullable(file), doc.line(key(p, "transform")));
            transform = compiler(src).assertion(src);
        } else if (tv != null) {
            throw error(key(p, "transform"), "must be Groovy code or file://path");
        }
        List<AssertionSpec> children = new ArrayList<>();
        if (type == AssertionType.ASSERT_SET) {
            if (!(am.get("assert") instanceof List<?> list) || list.isEmpty()) {
                throw error(key(p, "assert"), "an assert-set needs a non-empty 'assert' list");
            }
            for (int i = 0; i < list.size(); i++) {
                children.add(assertion(list.get(i), key(p, "assert") + "[" + i + "]"));
            }
        }
        String location = where(p);
        if (v instanceof String s && s.startsWith("file://") && !type.isCode()) {
            v = loadVarFile(s, key(p, "value"));
        }
        switch (type) {
            case LATENCY, TTFT, MAX_FRAME_GAP -> {
                if (threshold.isEmpty() && v instanceof Number n) {
                    threshold = OptionalDouble.of(n.doubleValue());
                }
                if (threshold.isEmpty()) {
                    throw error(p, "a " + type.id() + " assertion needs a threshold in milliseconds (threshold: 500)");
                }
            }
            case FRAMES -> {
                if (!(v instanceof Map<?, ?> || v instanceof Number)) {
                    throw error(key(p, "value"), "a frames assertion needs {min: N, max: N} or a number (exact count)");
                }
            }
            case REGEX -> {
                if (!(v instanceof String s)) {
                    throw error(key(p, "value"), "a regex assertion needs a pattern");
                }
                try {
                    java.util.regex.Pattern.compile(s);
                } catch (java.util.regex.PatternSyntaxException e) {
                    throw error(key(p, "value"), "invalid regular expression: " + e.getDescription(), e);
                }
            }
            case CONTAINS_ANY, CONTAINS_ALL, ICONTAINS_ANY, ICONTAINS_ALL -> {
                if (v instanceof String s) {
                    v = List.of(s.split(",")).stream().map(String::strip).toList();
                } else if (!(v instanceof List<?>)) {
                    throw error(key(p, "value"), "a " + type.id() + " assertion needs a list of strings");
                }
            }
            case EQUALS, CONTAINS, ICONTAINS, STARTS_WITH, LEVENSHTEIN, LLM_RUBRIC -> {
                if (v == null) {
                    throw error(key(p, "value"), "a " + type.id() + " assertion needs a value");
                }
            }
            case GROOVY, JAVASCRIPT -> {
                if (!(v instanceof String || v instanceof AssertionFunction)) {
                    throw error(
                            key(p, "value"),
                            "a " + type.id() + " assertion needs code (an expression, a closure or file://)");
                }
            }
            case IS_JSON, CONTAINS_JSON, ASSERT_SET -> {
                // an optional schema; a set's children were checked above
            }
        }
        AssertionSpec spec = AssertionSpec.builder(type)
                .negated(negated)
                .value(v instanceof AssertionFunction fn ? String.valueOf(fn) : v)
                .threshold(threshold)
                .weight(weight)
                .metric(metric.orElse(null))
                .provider(am.get("provider"))
                .rubricPrompt(rubric.orElse(null))
                .transform(transform)
                .children(children)
                .location(location)
                .build();
        if (type.isCode()) {
            spec = v instanceof AssertionFunction fn
                    ? spec.withFunction(fn)
                    : compileCode(spec, (String) v, key(p, "value"), doc.line(key(p, "value")));
        }
        return spec;
    }

    private AssertionSpec compileCode(AssertionSpec spec, String code, String option, int line) {
        TransformSource src = new TransformSource(option, code, baseDir, Optional.ofNullable(file), line);
        try {
            return spec.withFunction(compiler(src).assertion(src));
        } catch (ConfigException e) {
            if (spec.type() == AssertionType.JAVASCRIPT) {
                throw ConfigException.at(
                        file,
                        line,
                        option,
                        "javascript assertions are evaluated as Groovy here, and this one does not compile as Groovy"
                                + " (rewrite it in Groovy, or use type: groovy): " + e.problem(),
                        e);
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
            if (e.getValue() instanceof TemplateFilter f) {
                out.put(e.getKey(), f);
                continue;
            }
            if (!(e.getValue() instanceof String code)) {
                throw error(p, "a filter must be Groovy code or file://path");
            }
            TransformSource src = new TransformSource(p, code, baseDir, Optional.ofNullable(file), doc.line(p));
            out.put(e.getKey(), compiler(src).templateFilter(src));
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
        checkKeys(m, "mockServer", MOCK_SERVER_KEYS);
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
            throw error(path, "must be a mapping (key: value), got " + Json.describeType(v));
        }
        return (Map<String, Object>) v;
    }
}
