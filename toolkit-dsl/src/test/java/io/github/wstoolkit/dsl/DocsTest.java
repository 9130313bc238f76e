package io.github.wstoolkit.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * docs/groovy.md shows only tested files: each code block names its file on the line above ({@code <!-- snippet: PATH
 * -->}) and is a run of that file's lines; a script's output block ({@code <!-- output: wst run PATH ARGS -->}) is what
 * the script prints.
 */
class DocsTest {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    /** A fenced block and the comment line above it. */
    record Block(int line, String lang, String marker, List<String> lines) {}

    static List<Block> blocks(Path markdown) throws Exception {
        List<String> lines = Files.readAllLines(markdown);
        List<Block> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            if (!l.startsWith("```") || l.equals("```")) {
                continue;
            }
            String marker = i > 0 ? lines.get(i - 1).strip() : "";
            List<String> body = new ArrayList<>();
            int j = i + 1;
            while (!lines.get(j).equals("```")) {
                body.add(lines.get(j));
                j++;
            }
            out.add(new Block(i + 1, l.substring(3).strip(), marker, body));
            i = j;
        }
        return out;
    }

    @Test
    void everyCodeBlockOfTheGroovyDocIsPartOfATestedFile() throws Exception {
        assertTrue(checkSnippets("docs/groovy.md") >= 8);
    }

    @Test
    void theReadmesGroovyIsPartOfATestedFile() throws Exception {
        assertEquals(1, checkSnippets("README.md"));
    }

    private static int checkSnippets(String doc) throws Exception {
        List<Block> blocks = blocks(ROOT.resolve(doc));
        int checked = 0;
        for (Block b : blocks) {
            if (!Set.of("groovy", "gdsl").contains(b.lang())
                    && !(doc.equals("docs/groovy.md") && Set.of("yaml", "java").contains(b.lang()))) {
                continue;
            }
            assertTrue(
                    b.marker().startsWith("<!-- snippet: ") && b.marker().endsWith(" -->"),
                    doc + ":" + b.line() + ": a " + b.lang() + " block needs <!-- snippet: PATH --> above it");
            Path file = ROOT.resolve(
                    b.marker().substring("<!-- snippet: ".length(), b.marker().length() - 4));
            List<String> fileLines =
                    Files.readAllLines(file).stream().map(String::stripTrailing).toList();
            List<String> block = b.lines().stream().map(String::stripTrailing).toList();
            assertTrue(
                    containsRun(fileLines, block),
                    doc + ":" + b.line() + ": the block is not a run of lines of " + file);
            checked++;
        }
        return checked;
    }

    @Test
    void theScriptOutputsInTheGroovyDocAreWhatTheScriptsPrint() throws Exception {
        int checked = 0;
        for (Block b : blocks(ROOT.resolve("docs/groovy.md"))) {
            if (!b.marker().startsWith("<!-- output: wst run ")) {
                continue;
            }
            String[] command = b.marker()
                    .substring("<!-- output: wst run ".length(), b.marker().length() - 4)
                    .split(" ");
            GroovyExamplesTest.Run r =
                    GroovyExamplesTest.run(ROOT.resolve(command[0]), Arrays.copyOfRange(command, 1, command.length));
            assertEquals(0, r.code(), r.err());
            assertEquals(String.join("\n", b.lines()) + "\n", r.out(), "docs/groovy.md:" + b.line());
            checked++;
        }
        assertTrue(checked >= 1);
    }

    private static boolean containsRun(List<String> file, List<String> run) {
        for (int i = 0; i + run.size() <= file.size(); i++) {
            if (file.subList(i, i + run.size()).equals(run)) {
                return true;
            }
        }
        return false;
    }
}
