package io.github.wstoolkit.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wstoolkit.api.ConfigException;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Code in a YAML config that does not compile, named for what it is (a javascript assertion is Groovy here), an
 * assertion transform without a compiler, prompt objects' keys, globs that match folders, and the mock's port range.
 */
class ConfigLoaderCodeTest {

    @TempDir
    Path dir;

    /** Refuses every assertion as a compiler would refuse code that does not parse. */
    private static final class Refusing implements TransformCompiler {
        @Override
        public String language() {
            return "refusing";
        }

        @Override
        public AssertionFunction assertion(TransformSource source) {
            throw new ConfigException("unexpected token '=>'");
        }

        @Override
        public ResponseTransform responseTransform(TransformSource source) {
            throw new UnsupportedOperationException();
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

    private ConfigException refused(String type) throws Exception {
        Path f = dir.resolve(type + ".yaml");
        Files.writeString(
                f, "prompts: [hi]\nproviders: [echo]\ntests:\n  - assert: [{type: " + type + ", value: 'x => x'}]\n");
        return assertThrows(ConfigException.class, () -> ConfigLoader.load(f, Map.of(), new Refusing()));
    }

    @Test
    void aJavascriptAssertionThatDoesNotCompileSaysItIsReadAsGroovy() throws Exception {
        ConfigException js = refused("javascript");
        assertEquals(
                "javascript assertions are evaluated as Groovy here, and this one does not compile as Groovy (rewrite"
                        + " it in Groovy, or use type: groovy): unexpected token '=>'",
                js.problem());
        assertEquals(dir.resolve("javascript.yaml"), js.file().orElseThrow());
        assertEquals(4, js.line().getAsInt());
        assertEquals("unexpected token '=>'", refused("groovy").getMessage());
    }

    @Test
    void anAssertionTransformWithoutACompilerSaysWhatIsMissing() {
        ConfigException e = assertThrows(
                ConfigException.class,
                () -> ConfigLoader.parse(
                        "prompts: [hi]\nproviders: [echo]\ntests:\n"
                                + "  - assert: [{type: contains, value: x, transform: output.trim()}]\n",
                        dir));
        assertTrue(e.getMessage().contains("tests[0].assert[0].transform"), e.getMessage());
        assertTrue(e.getMessage().contains("needs a transform compiler (toolkit-groovy)"), e.getMessage());
    }

    @Test
    void promptObjectsKeysAreChecked() {
        EvalConfig c = ConfigLoader.parse("prompts: [{raw: hi, lable: greeting}]\nproviders: [echo]\n", dir);
        assertEquals(List.of("config:1: prompts[0].lable: unknown key (did you mean 'label'?), ignored"), c.warnings());
    }

    @Test
    void aGlobReadsTheFilesItMatchesNotTheFolders() throws Exception {
        Files.createDirectories(dir.resolve("prompts/old"));
        Files.writeString(dir.resolve("prompts/a.txt"), "A {{ q }}");
        Files.writeString(dir.resolve("prompts/old/b.txt"), "B {{ q }}");
        EvalConfig c = ConfigLoader.parse("prompts: ['file://prompts/*']\nproviders: [echo]\n", dir);
        assertEquals(
                List.of("A {{ q }}"), c.prompts().stream().map(PromptSpec::raw).toList());
    }

    @Test
    void theMockServersPortIsFromZeroTo65535() {
        for (int port : List.of(0, 65535)) {
            assertEquals(
                    port,
                    ConfigLoader.parse("prompts: [hi]\nproviders: [echo]\nmockServer: {port: " + port + "}\n", dir)
                            .mockServer()
                            .orElseThrow()
                            .port());
        }
        for (int port : List.of(-1, 65536)) {
            ConfigException e = assertThrows(
                    ConfigException.class,
                    () -> ConfigLoader.parse(
                            "prompts: [hi]\nproviders: [echo]\nmockServer: {port: " + port + "}\n", dir));
            assertTrue(
                    e.getMessage().contains("must be a port number from 0 (any free port) to 65535"), e.getMessage());
        }
    }
}
