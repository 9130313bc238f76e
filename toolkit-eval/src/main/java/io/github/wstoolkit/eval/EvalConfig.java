package io.github.wstoolkit.eval;

import io.github.wstoolkit.api.template.TemplateFilter;
import io.github.wstoolkit.eval.internal.CompactList;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A whole eval config, as {@link ConfigLoader} reads it from promptfoo-style YAML (or as a Java user builds it).
 *
 * @param description what the suite is about
 * @param prompts the prompts
 * @param providers the providers ({@code providers} or its alias {@code targets})
 * @param tests the tests, not yet merged with {@link #defaultTest()} nor expanded over list vars; the tests of a CSV
 *     file are read from its text as they are asked for, so a caller that needs a test several times keeps the one it
 *     got, and one that selects tests keeps positions ({@link LazyLists#select})
 * @param defaultTest what every test inherits
 * @param env variables templates see as {@code env}, over the process environment
 * @param evaluateOptions the config's {@code evaluateOptions}
 * @param outputPaths report files to write ({@code outputPath})
 * @param nunjucksFilters extra template filters, compiled
 * @param mockServer whether the front end should start the mock server for the run
 * @param metadata the config's {@code metadata}
 * @param raw the config as read (plain values), for reports; secrets are redacted when it is written
 * @param warnings what the loader warned about (unknown keys), each naming file and line
 * @param files the files it was read from
 */
public record EvalConfig(
        Optional<String> description,
        List<PromptSpec> prompts,
        List<ProviderEntry> providers,
        List<TestCase> tests,
        TestCase defaultTest,
        Map<String, String> env,
        EvaluateOptions evaluateOptions,
        List<String> outputPaths,
        Map<String, TemplateFilter> nunjucksFilters,
        Optional<MockServerSpec> mockServer,
        Map<String, Object> metadata,
        Map<String, Object> raw,
        List<String> warnings,
        List<Path> files) {

    public EvalConfig {
        Objects.requireNonNull(description, "description");
        prompts = List.copyOf(prompts);
        providers = List.copyOf(providers);
        // a CSV file's tests are held compactly and read when asked for: kept as they are, not copied (CompactList)
        tests = CompactList.copyOf(tests);
        Objects.requireNonNull(defaultTest, "defaultTest");
        env = Collections.unmodifiableMap(new LinkedHashMap<>(env));
        Objects.requireNonNull(evaluateOptions, "evaluateOptions");
        outputPaths = List.copyOf(outputPaths);
        nunjucksFilters = Collections.unmodifiableMap(new LinkedHashMap<>(nunjucksFilters));
        Objects.requireNonNull(mockServer, "mockServer");
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        raw = Collections.unmodifiableMap(new LinkedHashMap<>(raw));
        warnings = List.copyOf(warnings);
        files = List.copyOf(files);
    }

    /** A config of these prompts, providers and tests, nothing else. */
    public static EvalConfig of(List<PromptSpec> prompts, List<ProviderEntry> providers, List<TestCase> tests) {
        return builder().prompts(prompts).providers(providers).tests(tests).build();
    }

    /** A builder of an empty config (no prompts, providers or tests). */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this config's values. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    public EvalConfig withDefaultTest(TestCase t) {
        return toBuilder().defaultTest(t).build();
    }

    public EvalConfig withEnv(Map<String, String> e) {
        return toBuilder().env(e).build();
    }

    public EvalConfig withEvaluateOptions(EvaluateOptions o) {
        return toBuilder().evaluateOptions(o).build();
    }

    /**
     * Several configs as one, as promptfoo combines several {@code -c} files: prompts, providers, tests, output paths
     * and warnings concatenated; defaultTest, env, evaluateOptions, filters and metadata merged with the later file
     * winning; descriptions joined with {@code ", "}.
     */
    public static EvalConfig merge(List<EvalConfig> configs) {
        if (configs.size() == 1) {
            return configs.getFirst();
        }
        List<String> descriptions = new ArrayList<>();
        List<PromptSpec> prompts = new ArrayList<>();
        List<ProviderEntry> providers = new ArrayList<>();
        List<List<TestCase>> tests = new ArrayList<>();
        TestCase defaults = TestCase.EMPTY;
        Map<String, String> env = new LinkedHashMap<>();
        EvaluateOptions options = EvaluateOptions.NONE;
        List<String> outputs = new ArrayList<>();
        Map<String, TemplateFilter> filters = new LinkedHashMap<>();
        Optional<MockServerSpec> mock = Optional.empty();
        Map<String, Object> metadata = new LinkedHashMap<>();
        Map<String, Object> raw = new LinkedHashMap<>();
        List<String> warnings = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        for (EvalConfig c : configs) {
            c.description.ifPresent(descriptions::add);
            for (PromptSpec p : c.prompts) {
                if (prompts.stream()
                        .noneMatch(q -> q.raw().equals(p.raw()) && q.label().equals(p.label()))) {
                    prompts.add(p);
                }
            }
            providers.addAll(c.providers);
            tests.add(c.tests);
            TestCase d = c.defaultTest.withDefaults(defaults);
            defaults = d;
            env.putAll(c.env);
            options = options.overriddenBy(c.evaluateOptions);
            outputs.addAll(c.outputPaths);
            filters.putAll(c.nunjucksFilters);
            if (c.mockServer.isPresent()) {
                mock = c.mockServer;
            }
            metadata.putAll(c.metadata);
            raw.putAll(c.raw);
            warnings.addAll(c.warnings);
            files.addAll(c.files);
        }
        return builder()
                .description(descriptions.isEmpty() ? null : String.join(", ", descriptions))
                .prompts(prompts)
                .providers(providers)
                .tests(CompactList.concat(tests))
                .defaultTest(defaults)
                .env(env)
                .evaluateOptions(options)
                .outputPaths(outputs)
                .nunjucksFilters(filters)
                .mockServer(mock.orElse(null))
                .metadata(metadata)
                .raw(raw)
                .warnings(warnings)
                .files(files)
                .build();
    }

    /** Builds an {@link EvalConfig}; unset values are empty ({@link TestCase#EMPTY}, {@link EvaluateOptions#NONE}). */
    public static final class Builder {
        private Optional<String> description = Optional.empty();
        private List<PromptSpec> prompts = List.of();
        private List<ProviderEntry> providers = List.of();
        private List<TestCase> tests = List.of();
        private TestCase defaultTest = TestCase.EMPTY;
        private Map<String, String> env = Map.of();
        private EvaluateOptions evaluateOptions = EvaluateOptions.NONE;
        private List<String> outputPaths = List.of();
        private Map<String, TemplateFilter> nunjucksFilters = Map.of();
        private Optional<MockServerSpec> mockServer = Optional.empty();
        private Map<String, Object> metadata = Map.of();
        private Map<String, Object> raw = Map.of();
        private List<String> warnings = List.of();
        private List<Path> files = List.of();

        private Builder() {}

        private Builder(EvalConfig c) {
            description = c.description;
            prompts = c.prompts;
            providers = c.providers;
            tests = c.tests;
            defaultTest = c.defaultTest;
            env = c.env;
            evaluateOptions = c.evaluateOptions;
            outputPaths = c.outputPaths;
            nunjucksFilters = c.nunjucksFilters;
            mockServer = c.mockServer;
            metadata = c.metadata;
            raw = c.raw;
            warnings = c.warnings;
            files = c.files;
        }

        /**
         * The description; null for none.
         *
         * @return this builder
         */
        public Builder description(String d) {
            this.description = Optional.ofNullable(d);
            return this;
        }

        public Builder prompts(List<PromptSpec> p) {
            this.prompts = Objects.requireNonNull(p, "prompts");
            return this;
        }

        public Builder providers(List<ProviderEntry> p) {
            this.providers = Objects.requireNonNull(p, "providers");
            return this;
        }

        public Builder tests(List<TestCase> t) {
            this.tests = Objects.requireNonNull(t, "tests");
            return this;
        }

        public Builder defaultTest(TestCase t) {
            this.defaultTest = Objects.requireNonNull(t, "defaultTest");
            return this;
        }

        public Builder env(Map<String, String> e) {
            this.env = Objects.requireNonNull(e, "env");
            return this;
        }

        public Builder evaluateOptions(EvaluateOptions o) {
            this.evaluateOptions = Objects.requireNonNull(o, "evaluateOptions");
            return this;
        }

        public Builder outputPaths(List<String> o) {
            this.outputPaths = Objects.requireNonNull(o, "outputPaths");
            return this;
        }

        public Builder nunjucksFilters(Map<String, TemplateFilter> f) {
            this.nunjucksFilters = Objects.requireNonNull(f, "nunjucksFilters");
            return this;
        }

        /**
         * The embedded mock server to start for the run; null for none.
         *
         * @return this builder
         */
        public Builder mockServer(MockServerSpec m) {
            this.mockServer = Optional.ofNullable(m);
            return this;
        }

        public Builder metadata(Map<String, Object> m) {
            this.metadata = Objects.requireNonNull(m, "metadata");
            return this;
        }

        public Builder raw(Map<String, Object> r) {
            this.raw = Objects.requireNonNull(r, "raw");
            return this;
        }

        public Builder warnings(List<String> w) {
            this.warnings = Objects.requireNonNull(w, "warnings");
            return this;
        }

        public Builder files(List<Path> f) {
            this.files = Objects.requireNonNull(f, "files");
            return this;
        }

        public EvalConfig build() {
            return new EvalConfig(
                    description,
                    prompts,
                    providers,
                    tests,
                    defaultTest,
                    env,
                    evaluateOptions,
                    outputPaths,
                    nunjucksFilters,
                    mockServer,
                    metadata,
                    raw,
                    warnings,
                    files);
        }
    }
}
