package io.github.wstoolkit.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When {@code wst} warms Groovy up: the command line and the configs it names, read as real files. */
class GroovyHintTest {

    @TempDir
    Path dir;

    private static final String PLAIN =
            """
            prompts: ['{{ q }}']
            providers: [{id: 'ws://127.0.0.1:1/ws', config: {messageTemplate: '{{ prompt }}'}}]
            tests: [{vars: {q: hi}, assert: [{type: contains, value: hi}]}]
            """;

    @Test
    void aConfigWithNothingToCompileNeedsNoGroovy() throws Exception {
        Files.writeString(dir.resolve("plain.yaml"), PLAIN);
        assertFalse(GroovyHint.likely(new String[] {"eval", "-c", "plain.yaml"}, dir));
        assertFalse(GroovyHint.likely(new String[] {"eval", "--config=plain.yaml", "-j", "4"}, dir));
        assertFalse(GroovyHint.likely(new String[] {"eval", "-cplain.yaml"}, dir));
    }

    @Test
    void transformsCodeAssertionsFunctionsAndFileReferencesDo() throws Exception {
        for (String extra : List.of(
                "      streamResponse: '{ acc, event, ctx -> [acc, true] }'",
                "      transformResponse: data.output",
                "      functionCallHandler: file://handler.groovy",
                "      note: (a) => a")) {
            Path f = Files.writeString(
                    dir.resolve("c.yaml"),
                    PLAIN.replace("config: {messageTemplate: '{{ prompt }}'}}]", "config:\n" + extra + "\n  }]"));
            assertTrue(GroovyHint.likely(new String[] {"eval", "-c", f.toString()}, dir), extra);
        }
        Files.writeString(
                dir.resolve("a.yaml"), PLAIN.replace("type: contains, value: hi", "type: groovy, value: 'true'"));
        assertTrue(GroovyHint.likely(new String[] {"eval", "-c", "a.yaml"}, dir));
        Files.writeString(dir.resolve("t.yaml"), PLAIN.replace("tests: [", "tests: file://tests.csv\nx: ["));
        assertTrue(GroovyHint.likely(new String[] {"eval", "-c", "t.yaml"}, dir), "a referenced file may hold code");
    }

    @Test
    void everyConfigCountsAndGroovyScriptsAlways() throws Exception {
        Files.writeString(dir.resolve("plain.yaml"), PLAIN);
        Files.writeString(dir.resolve("code.yaml"), "defaultTest: {assert: [{type: javascript, value: 'true'}]}\n");
        assertTrue(GroovyHint.likely(new String[] {"eval", "-c", "plain.yaml", "--config", "code.yaml"}, dir));
        Files.writeString(dir.resolve("suite.groovy"), "suite { }\n");
        assertTrue(GroovyHint.likely(new String[] {"eval", "-c", "suite.groovy"}, dir));
        assertTrue(GroovyHint.likely(new String[] {"run", "script.groovy"}, dir));
    }

    @Test
    void withoutDashCTheFoldersOwnConfigIsRead() throws Exception {
        assertEquals(List.of(dir.resolve("promptfooconfig.groovy")), GroovyHint.configs(new String[] {"eval"}, dir));
        assertFalse(GroovyHint.likely(new String[] {"eval"}, dir), "no config: the eval fails at once");
        Files.writeString(dir.resolve("promptfooconfig.groovy"), "suite { }\n");
        assertTrue(GroovyHint.likely(new String[] {"eval"}, dir));
        Files.writeString(dir.resolve("promptfooconfig.yaml"), PLAIN);
        assertEquals(List.of(dir.resolve("promptfooconfig.yaml")), GroovyHint.configs(new String[] {"eval"}, dir));
        assertFalse(GroovyHint.likely(new String[] {"eval", "--no-write"}, dir));
    }

    @Test
    void otherCommandsAndMissingOrUnreadableConfigs() throws Exception {
        assertFalse(GroovyHint.likely(new String[] {}, dir));
        assertFalse(GroovyHint.likely(new String[] {"shell", "ws://127.0.0.1:1/ws"}, dir), "the shell draws first");
        assertFalse(GroovyHint.likely(new String[] {"list"}, dir));
        assertFalse(GroovyHint.likely(new String[] {"eval", "-c", "missing.yaml"}, dir), "the eval fails at once");
        Files.write(dir.resolve("bad.yaml"), new byte[] {(byte) 0xC3, (byte) 0x28});
        assertTrue(GroovyHint.likely(new String[] {"eval", "-c", "bad.yaml"}, dir), "unreadable: warm up anyway");
    }
}
