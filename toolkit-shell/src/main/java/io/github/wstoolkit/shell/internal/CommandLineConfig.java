package io.github.wstoolkit.shell.internal;

import io.github.wstoolkit.api.ConfigException;
import io.github.wstoolkit.api.json.Json;
import io.github.wstoolkit.eval.ConfigLoader;
import io.github.wstoolkit.eval.EvalConfig;
import io.github.wstoolkit.eval.PromptSpec;
import io.github.wstoolkit.eval.ProviderEntry;
import io.github.wstoolkit.eval.spi.ConfigDocument;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * promptfoo's config flags of {@code wst eval}, over (or instead of) the config files: {@code -p} prompt files,
 * {@code -r} providers (ids, or labels of the config's providers), {@code -t}/{@code -v} a tests file,
 * {@code --model-outputs} with {@code -a} (outputs checked by assertions through the {@code echo} provider and the
 * prompt {@code {{output}}}, as promptfoo does), {@code --prompt-prefix} and {@code --prompt-suffix}. Every piece is
 * read by the config loader, so it gets the checks a config file gets.
 */
final class CommandLineConfig {

    private CommandLineConfig() {}

    /**
     * @param config the config files' config, or null when none was given
     * @throws ConfigException when a file cannot be read, or nothing says what to run
     */
    static EvalConfig apply(EvalCommand cmd, EvalConfig config, Io io, Map<String, String> env) {
        Path base = io.workingDir();
        EvalConfig out = config;
        if (cmd.modelOutputs != null) {
            out = merge(out, modelOutputs(cmd, io, env), true, true, true);
        }
        if (!cmd.promptFiles.isEmpty()) {
            List<Object> prompts = new ArrayList<>();
            cmd.promptFiles.forEach(p -> prompts.add("file://" + io.resolve(p)));
            out = merge(
                    out, read(Map.of("prompts", prompts, "providers", List.of("echo")), base, env), true, false, false);
        }
        if (cmd.testsFile != null) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("providers", List.of("echo"));
            doc.put("tests", "file://" + io.resolve(cmd.testsFile));
            out = merge(out, read(doc, base, env), false, false, true);
        }
        if (!cmd.providerIds.isEmpty()) {
            List<ProviderEntry> chosen = new ArrayList<>();
            for (String id : cmd.providerIds) {
                Optional<ProviderEntry> known = out == null
                        ? Optional.empty()
                        : out.providers().stream()
                                .filter(p -> p.id().equals(id)
                                        || p.label().map(id::equals).orElse(false))
                                .findFirst();
                chosen.add(known.orElseGet(
                        () -> new ProviderEntry(id, Optional.empty(), Map.of(), base, Optional.of("--providers"))));
            }
            if (out == null) {
                out = read(Map.of("providers", List.of("echo")), base, env);
                out = out.toBuilder().prompts(List.of()).build();
            }
            out = out.toBuilder().providers(chosen).build();
        }
        if (out == null) {
            throw new ConfigException(
                    "no config given: use -c FILE, or -p PROMPT_FILE… with -r PROVIDER… (or run wst init)");
        }
        if (out.prompts().isEmpty() || (config == null && cmd.promptFiles.isEmpty() && cmd.modelOutputs == null)) {
            throw new ConfigException("You must provide at least 1 prompt (-p FILE, or a config with prompts)");
        }
        if (cmd.promptPrefix != null || cmd.promptSuffix != null) {
            String pre = cmd.promptPrefix == null ? "" : cmd.promptPrefix;
            String post = cmd.promptSuffix == null ? "" : cmd.promptSuffix;
            List<PromptSpec> wrapped = new ArrayList<>();
            for (PromptSpec p : out.prompts()) {
                wrapped.add(
                        p.function().isPresent() ? p : new PromptSpec(pre + p.raw() + post, p.label(), p.function()));
            }
            out = out.toBuilder().prompts(wrapped).build();
        }
        return out;
    }

    private static EvalConfig merge(
            EvalConfig into, EvalConfig from, boolean prompts, boolean providers, boolean tests) {
        if (into == null) {
            return from;
        }
        EvalConfig.Builder b = into.toBuilder();
        if (prompts) {
            b.prompts(from.prompts());
        }
        if (providers) {
            b.providers(from.providers());
        }
        if (tests) {
            b.tests(from.tests());
        }
        List<String> warnings = new ArrayList<>(into.warnings());
        warnings.addAll(from.warnings());
        return b.warnings(warnings).build();
    }

    private static EvalConfig read(Map<String, Object> doc, Path base, Map<String, String> env) {
        return ConfigLoader.read(new ConfigDocument(doc, Optional.empty(), base, Map.of(), false), env);
    }

    /** promptfoo's standalone assertions mode: each output a test of the prompt {@code {{output}}} on echo. */
    private static EvalConfig modelOutputs(EvalCommand cmd, Io io, Map<String, String> env) {
        Path outputsFile = io.resolve(cmd.modelOutputs);
        Object outputs = Json.parse(readText(outputsFile, "--model-outputs"));
        if (!(outputs instanceof List<?> list)) {
            throw ConfigException.at(outputsFile, 0, null, "--model-outputs must hold a JSON list of outputs");
        }
        Object assertions = List.of();
        if (cmd.assertionsFile != null) {
            Path f = io.resolve(cmd.assertionsFile);
            try {
                // YAML, or JSON (which is YAML)
                assertions = new org.snakeyaml.engine.v2.api.Load(org.snakeyaml.engine.v2.api.LoadSettings.builder()
                                .build())
                        .loadFromString(readText(f, "--assertions"));
            } catch (org.snakeyaml.engine.v2.exceptions.YamlEngineException e) {
                throw ConfigException.at(f, 0, null, "--assertions: invalid YAML: " + e.getMessage(), e);
            }
            if (!(assertions instanceof List<?>)) {
                throw ConfigException.at(f, 0, null, "--assertions must hold a list of assertions");
            }
        }
        List<Object> tests = new ArrayList<>();
        for (Object o : list) {
            Map<String, Object> vars = new LinkedHashMap<>();
            if (o instanceof Map<?, ?> m) {
                vars.put("output", m.get("output"));
                if (m.get("tags") instanceof List<?> tags) {
                    vars.put(
                            "tags",
                            String.join(", ", tags.stream().map(String::valueOf).toList()));
                }
            } else {
                vars.put("output", o);
            }
            Map<String, Object> test = new LinkedHashMap<>();
            test.put("vars", vars);
            test.put("assert", assertions);
            tests.add(test);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("prompts", List.of("{{output}}"));
        doc.put("providers", List.of("echo"));
        doc.put("tests", tests);
        return read(doc, io.workingDir(), env);
    }

    private static String readText(Path f, String flag) {
        try {
            return Files.readString(f, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(flag + ": cannot read " + f + ": " + ConfigException.describe(e), e);
        }
    }
}
