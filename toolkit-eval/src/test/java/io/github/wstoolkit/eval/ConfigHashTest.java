package io.github.wstoolkit.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The config content hash shards record: what it covers, and that where the files are does not matter. */
class ConfigHashTest {

    @TempDir
    Path tmp;

    private static final String CONFIG =
            """
            prompts: [file://prompts/*.txt]
            providers: [{id: 'ws://x/ws', config: {transformResponse: 'file://t.groovy:parse'}}]
            tests: file://tests.yaml
            """;

    /** A config, its prompts (a glob), a transform file with a function name, and a tests file naming a var file. */
    private Path suite(Path dir) throws Exception {
        Files.createDirectories(dir.resolve("prompts"));
        Files.writeString(dir.resolve("promptfooconfig.yaml"), CONFIG);
        Files.writeString(dir.resolve("prompts/a.txt"), "Say {{ q }}");
        Files.writeString(dir.resolve("prompts/b.txt"), "Shout {{ q }}");
        Files.writeString(dir.resolve("t.groovy"), "def parse(data) { data }");
        Files.writeString(dir.resolve("tests.yaml"), "- vars: {q: file://q.txt}\n");
        Files.writeString(dir.resolve("q.txt"), "hello");
        Files.writeString(dir.resolve("unrelated.txt"), "not referenced");
        return dir.resolve("promptfooconfig.yaml");
    }

    @Test
    void theSameFilesInAnotherFolderHashTheSame() throws Exception {
        String here = ConfigHash.of(List.of(suite(tmp.resolve("checkout-1"))));
        String there = ConfigHash.of(List.of(suite(tmp.resolve("somewhere/else/checkout-2"))));
        assertEquals(here, there);
        assertEquals(64, here.length());
        assertTrue(here.matches("[0-9a-f]{64}"), here);
    }

    @Test
    void everyReferencedFileCountsAndNothingElse() throws Exception {
        Path dir = tmp.resolve("s");
        Path config = suite(dir);
        String before = ConfigHash.of(List.of(config));

        Files.writeString(dir.resolve("unrelated.txt"), "changed");
        assertEquals(before, ConfigHash.of(List.of(config)), "a file nothing references");

        for (String f : List.of("prompts/b.txt", "t.groovy", "tests.yaml", "q.txt", "promptfooconfig.yaml")) {
            String old = Files.readString(dir.resolve(f));
            Files.writeString(dir.resolve(f), old + " ");
            assertNotEquals(before, ConfigHash.of(List.of(config)), f + " is covered");
            Files.writeString(dir.resolve(f), old);
            assertEquals(before, ConfigHash.of(List.of(config)));
        }
        // a new file the glob matches
        Files.writeString(dir.resolve("prompts/c.txt"), "Whisper {{ q }}");
        assertNotEquals(before, ConfigHash.of(List.of(config)));
        Files.delete(dir.resolve("prompts/c.txt"));
        // a renamed reference, same bytes
        Files.move(dir.resolve("q.txt"), dir.resolve("q2.txt"));
        Files.writeString(dir.resolve("tests.yaml"), "- vars: {q: file://q2.txt}\n");
        assertNotEquals(before, ConfigHash.of(List.of(config)));
    }

    @Test
    void severalConfigFilesCountInTheirOrder() throws Exception {
        Path a = tmp.resolve("a.yaml");
        Path b = tmp.resolve("b.yaml");
        Files.writeString(a, "prompts: [x]\n");
        Files.writeString(b, "providers: [ws://y]\n");
        assertNotEquals(ConfigHash.of(List.of(a, b)), ConfigHash.of(List.of(b, a)));
        // the boundary between files counts: a+b is not the same as one file holding both
        Path ab = tmp.resolve("ab.yaml");
        Files.writeString(ab, "prompts: [x]\nproviders: [ws://y]\n");
        assertNotEquals(ConfigHash.of(List.of(a, b)), ConfigHash.of(List.of(ab)));
    }

    @Test
    void groovyScriptsFileCallsAreReferencesAndMissingOnesCountByName() throws Exception {
        Path script = tmp.resolve("suite.groovy");
        Files.writeString(
                script,
                """
                prompt file('prompt.txt')
                provider('ws://x/ws') { transformResponse 'data' }
                tests 'file://missing/*.yaml'
                vars file("vars-{{ env.X }}.yaml")
                """);
        Files.writeString(tmp.resolve("prompt.txt"), "one");
        String before = ConfigHash.of(List.of(script));
        Files.writeString(tmp.resolve("prompt.txt"), "two");
        assertNotEquals(before, ConfigHash.of(List.of(script)));
        assertEquals(
                List.of("missing/*.yaml", "prompt.txt", "vars-{{ env.X }}.yaml"),
                ConfigHash.references(Files.readString(script), script));
    }

    @Test
    void referencesEndWhereYamlAndJsonEndThem() {
        Path yaml = Path.of("c.yaml");
        assertEquals(
                List.of("a.txt", "b.json", "c.groovy", "d.yaml", "e.csv"),
                ConfigHash.references(
                        "prompts: [file://a.txt, 'file://b.json']\n"
                                + "x: {t: \"file://c.groovy:fn\"}\ny: file://d.yaml\nz: [file://e.csv]",
                        yaml));
        // file('x') counts only in Groovy
        assertEquals(List.of(), ConfigHash.references("note: file('x.txt')", yaml));
    }

    @Test
    void aGlobsBracketExpressionIsPartOfTheReference() throws Exception {
        Path yaml = Path.of("c.yaml");
        assertEquals(
                List.of("tests/[ab]*.yaml", "x[0-9].csv", "plain.yaml", "odd[name.txt"),
                ConfigHash.references(
                        "tests: file://tests/[ab]*.yaml\nmore: [file://x[0-9].csv, file://plain.yaml]\n"
                                + "odd: file://odd[name.txt",
                        yaml));
        // and the files it matches count: changing one changes the hash
        Path dir = tmp.resolve("glob");
        Files.createDirectories(dir.resolve("tests"));
        Path config = Files.writeString(dir.resolve("c.yaml"), "tests: file://tests/[ab]*.yaml\n");
        Files.writeString(dir.resolve("tests/a1.yaml"), "- vars: {q: 1}\n");
        Files.writeString(dir.resolve("tests/c1.yaml"), "- vars: {q: 3}\n");
        String before = ConfigHash.of(List.of(config));
        Files.writeString(dir.resolve("tests/c1.yaml"), "- vars: {q: 33}\n");
        assertEquals(before, ConfigHash.of(List.of(config)), "c1.yaml is not matched by [ab]*");
        Files.writeString(dir.resolve("tests/a1.yaml"), "- vars: {q: 11}\n");
        assertNotEquals(before, ConfigHash.of(List.of(config)), "a1.yaml is");
    }
}
