package io.github.wstoolkit.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wstoolkit.api.ConfigException;
import io.github.wstoolkit.api.Provider;
import io.github.wstoolkit.api.ProviderResponse;
import io.github.wstoolkit.api.ProviderSpec;
import io.github.wstoolkit.api.spi.ProviderFactory;
import io.github.wstoolkit.api.spi.TransformCompiler;
import io.github.wstoolkit.api.template.TemplateFilter;
import io.github.wstoolkit.api.transform.AssertionFunction;
import io.github.wstoolkit.api.transform.FunctionCallHandler;
import io.github.wstoolkit.api.transform.PromptFunction;
import io.github.wstoolkit.api.transform.ResponseTransform;
import io.github.wstoolkit.api.transform.StreamResponse;
import io.github.wstoolkit.api.transform.StreamTransform;
import io.github.wstoolkit.api.transform.TransformSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A caller's own {@link TransformCompiler}, given to {@link ConfigLoader} and {@link Eval}, compiles what a config
 * gives as text; this module's tests have no compiler on the module path, so without one the same config fails.
 */
class InjectedCompilerTest {

    /** Compiles assertions to "the output contains the code's text"; records what it compiled. */
    static final class ContainsCompiler implements TransformCompiler {
        final List<String> compiled = new CopyOnWriteArrayList<>();

        @Override
        public String language() {
            return "contains";
        }

        @Override
        public AssertionFunction assertion(TransformSource source) {
            compiled.add(source.option() + "=" + source.text());
            return (output, context) -> String.valueOf(output).contains(source.text());
        }

        @Override
        public ResponseTransform responseTransform(TransformSource source) {
            compiled.add(source.option() + "=" + source.text());
            return (data, context) -> data + source.text();
        }

        @Override
        public StreamResponse streamResponse(TransformSource source) {
            throw new UnsupportedOperationException();
        }

        @Override
        public StreamTransform streamTransform(TransformSource source) {
            throw new UnsupportedOperationException();
        }

        @Override
        public PromptFunction promptFunction(TransformSource source) {
            throw new UnsupportedOperationException();
        }

        @Override
        public FunctionCallHandler functionCallHandler(TransformSource source) {
            throw new UnsupportedOperationException();
        }

        @Override
        public TemplateFilter templateFilter(TransformSource source) {
            throw new UnsupportedOperationException();
        }
    }

    /** {@code reply:} ids; a {@code suffix} option given as text goes through the compiler it is handed. */
    static final class ReplyFactory implements ProviderFactory {
        final List<TransformCompiler> handed = new CopyOnWriteArrayList<>();

        @Override
        public boolean supports(String id) {
            return id.startsWith("reply:");
        }

        @Override
        public String describe() {
            return "reply:";
        }

        @Override
        public Set<String> configKeys() {
            return Set.of("suffix");
        }

        @Override
        public Provider create(ProviderSpec spec) {
            throw new ConfigException("needs a compiler");
        }

        @Override
        public Provider create(ProviderSpec spec, TransformCompiler compiler) {
            handed.add(compiler);
            TransformSource src = new TransformSource(
                    "config.suffix",
                    (String) spec.config().get("suffix"),
                    spec.baseDir(),
                    java.util.Optional.empty(),
                    0);
            ResponseTransform t = compiler.responseTransform(src);
            String reply = spec.id().substring("reply:".length());
            return new Provider() {
                @Override
                public String id() {
                    return spec.id();
                }

                @Override
                public ProviderResponse call(String prompt, io.github.wstoolkit.api.CallContext context)
                        throws io.github.wstoolkit.api.ProviderException {
                    try {
                        return ProviderResponse.of(t.apply(reply, context));
                    } catch (Exception e) {
                        throw new io.github.wstoolkit.api.ProviderException(
                                io.github.wstoolkit.api.ProviderException.Kind.RESPONSE, e.getMessage(), e);
                    }
                }
            };
        }
    }

    private static Path config(Path dir) throws Exception {
        return Files.writeString(
                dir.resolve("promptfooconfig.yaml"),
                """
                prompts: ['{{ q }}']
                providers:
                  - id: reply:pong
                    config: {suffix: '!'}
                tests:
                  - vars: {q: ping}
                    assert:
                      - type: groovy
                        value: 'pong!'
                      - type: javascript
                        value: 'nope'
                """);
    }

    @Test
    void theConfigsTextAssertionsAndTheProvidersTransformsUseTheGivenCompiler(@TempDir Path dir) throws Exception {
        ContainsCompiler compiler = new ContainsCompiler();
        EvalConfig config = ConfigLoader.load(config(dir), Map.of(), compiler);
        assertEquals(List.of("tests[0].assert[0].value=pong!", "tests[0].assert[1].value=nope"), compiler.compiled);

        ReplyFactory factory = new ReplyFactory();
        try (Eval eval = Eval.builder()
                .config(config)
                .registry(io.github.wstoolkit.api.ProviderRegistry.of(List.of(factory)))
                .transformCompiler(compiler)
                .env(Map.of())
                .build()) {
            EvalRun run = eval.run();
            assertEquals(List.of(compiler), factory.handed);
            EvalResult r = run.results().getFirst();
            assertEquals("pong!", r.response().orElseThrow().output());
            // the first assertion passes (the output contains "pong!"), the second fails ("nope" is not in it)
            assertEquals(false, r.success());
            assertEquals(
                    List.of(true, false),
                    r.grading().orElseThrow().componentResults().stream()
                            .map(GradingResult::pass)
                            .toList());
        }
    }

    @Test
    void withoutAnInjectedCompilerTheSameConfigNeedsOneOnTheModulePath(@TempDir Path dir) throws Exception {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(config(dir), Map.of()));
        assertTrue(e.getMessage().contains("needs a transform compiler"), e.getMessage());
        assertEquals(java.util.Optional.of(dir.resolve("promptfooconfig.yaml")), e.file());
        ReplyFactory factory = new ReplyFactory();
        EvalConfig config = ConfigLoader.load(config(dir), Map.of(), new ContainsCompiler());
        ConfigException noCompiler = assertThrows(ConfigException.class, () -> Eval.builder()
                .config(config)
                .registry(io.github.wstoolkit.api.ProviderRegistry.of(List.of(factory)))
                .env(Map.of())
                .build());
        assertTrue(noCompiler.getMessage().endsWith("needs a compiler"), noCompiler.getMessage());
        assertSame(0, factory.handed.size());
    }
}
