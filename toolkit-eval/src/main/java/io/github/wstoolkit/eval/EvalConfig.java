package io.github.wstoolkit.eval;

import io.github.wstoolkit.api.template.TemplateFilter;
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
 * @param tests the tests, not yet merged with {@link #defaultTest()} nor expanded over list vars
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
        tests = List.copyOf(tests);
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
        return new EvalConfig(
                Optional.empty(),
                prompts,
                providers,
                tests,
                TestCase.EMPTY,
                Map.of(),
                EvaluateOptions.NONE,
                List.of(),
                Map.of(),
                Optional.empty(),
                Map.of(),
                Map.of(),
                List.of(),
                List.of());
    }

    public EvalConfig withDefaultTest(TestCase t) {
        return new EvalConfig(
                description,
                prompts,
                providers,
                tests,
                t,
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

    public EvalConfig withEnv(Map<String, String> e) {
        return new EvalConfig(
                description,
                prompts,
                providers,
                tests,
                defaultTest,
                e,
                evaluateOptions,
                outputPaths,
                nunjucksFilters,
                mockServer,
                metadata,
                raw,
                warnings,
                files);
    }

    public EvalConfig withEvaluateOptions(EvaluateOptions o) {
        return new EvalConfig(
                description,
                prompts,
                providers,
                tests,
                defaultTest,
                env,
                o,
                outputPaths,
                nunjucksFilters,
                mockServer,
                metadata,
                raw,
                warnings,
                files);
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
        List<TestCase> tests = new ArrayList<>();
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
            tests.addAll(c.tests);
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
        return new EvalConfig(
                descriptions.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", descriptions)),
                prompts,
                providers,
                tests,
                defaults,
                env,
                options,
                outputs,
                filters,
                mock,
                metadata,
                raw,
                warnings,
                files);
    }
}
