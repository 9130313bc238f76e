package io.github.wstoolkit.snippets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.module.Configuration;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code ```java} block of README.md and docs/*.md compiles as written, against the library modules' exported
 * API (a snippet that reaches into an internal package fails). A block is a compilation unit's imports followed by
 * statements (and local classes); the statements become a method's body, line for line, so an error is reported at
 * its line in the Markdown file.
 */
class DocSnippetsTest {

    /** The library modules a snippet may use, and JUnit for the extension's example. */
    private static final String[] ROOTS = {
        "io.github.wstoolkit.ws",
        "io.github.wstoolkit.realtime",
        "io.github.wstoolkit.mockserver",
        "io.github.wstoolkit.mockserver.junit",
        "io.github.wstoolkit.eval",
        "io.github.wstoolkit.history",
        "org.junit.jupiter.api"
    };

    private static final Pattern IMPORT = Pattern.compile("^import (static )?[\\w.]+(\\.\\*)?;\\s*(//.*)?$");

    record Snippet(Path file, int line, List<String> lines) {
        String className() {
            return "Snippet_" + file.getFileName().toString().replaceAll("\\W", "_") + "_" + line;
        }

        /** Where a line of the generated source is in the Markdown file. */
        String where(long javaLine) {
            return ModulePaths.root().relativize(file) + ":" + (line + javaLine);
        }
    }

    private static List<String> modulePath;

    @BeforeAll
    static void graph() {
        Configuration cf = ModulePaths.dependencies(ROOTS);
        modulePath = ModulePaths.locations(cf).stream().map(Path::toString).toList();
    }

    static List<Snippet> snippets() throws IOException {
        List<Path> files = new ArrayList<>();
        files.add(ModulePaths.root().resolve("README.md"));
        try (Stream<Path> docs = Files.list(ModulePaths.root().resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
        }
        List<Snippet> out = new ArrayList<>();
        for (Path f : files) {
            List<String> lines = Files.readAllLines(f);
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).strip().equals("```java")) {
                    int start = i + 1;
                    int end = start;
                    while (end < lines.size() && !lines.get(end).strip().startsWith("```")) {
                        end++;
                    }
                    // line numbers are 1-based: the block's first line is line start + 1
                    out.add(new Snippet(f, start, List.copyOf(lines.subList(start, end))));
                    i = end;
                }
            }
        }
        return out;
    }

    /** The block as a compilation unit, each of its lines on the same line number as in the block. */
    static JavaFileObject unit(Snippet s) {
        List<String> lines = new ArrayList<>(s.lines());
        int lastImport = -1;
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i).strip();
            if (IMPORT.matcher(l).matches()) {
                lastImport = i;
            } else if (!l.isEmpty() && !l.startsWith("//")) {
                break;
            }
        }
        String open = "class " + s.className() + " { void snippet() throws Exception { ";
        if (lastImport >= 0) {
            lines.set(lastImport, lines.get(lastImport) + " " + open);
        } else if (lines.isEmpty()) {
            lines.add(open);
        } else {
            lines.set(0, open + lines.get(0));
        }
        lines.add("} }"); // on a line of its own: the block may end with a comment
        String source = String.join("\n", lines) + "\n";
        return new SimpleJavaFileObject(
                URI.create("string:///" + s.className() + ".java"), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return source;
            }

            @Override
            public String getName() {
                return s.className();
            }
        };
    }

    static List<String> compile(List<Snippet> snippets, Path out) {
        List<JavaFileObject> units =
                snippets.stream().map(DocSnippetsTest::unit).toList();
        List<String> problems = Javac.compile(
                units,
                List.of(
                        "-d",
                        out.toString(),
                        "-proc:none",
                        "--class-path",
                        out.toString(), // not the test's class path: a snippet sees exported packages only
                        "--module-path",
                        String.join(java.io.File.pathSeparator, modulePath),
                        "--add-modules",
                        String.join(",", ROOTS)));
        List<String> errors = new ArrayList<>();
        for (String p : problems) {
            if (!p.contains(": error: ")) {
                continue;
            }
            String msg = p;
            for (Snippet s : snippets) {
                String prefix = s.className() + ":";
                if (p.startsWith(prefix)) {
                    int colon = p.indexOf(':', prefix.length());
                    long line = Long.parseLong(p.substring(prefix.length(), colon));
                    msg = s.where(line) + p.substring(colon);
                }
            }
            errors.add(msg);
        }
        return errors;
    }

    @Test
    void everyJavaSnippetInTheReadmeAndDocsCompilesAsWritten(@TempDir Path out) throws IOException {
        List<Snippet> snippets = snippets();
        assertTrue(snippets.size() >= 11, "the README and docs hold at least 11 Java blocks, found " + snippets.size());
        List<String> errors = compile(snippets, out);
        assertEquals(List.of(), errors, String.join("\n", errors));
    }

    @Test
    void aSnippetThatDoesNotCompileFailsNamingItsLine(@TempDir Path out) {
        // control: the check above can fail, and says where
        Path doc = ModulePaths.root().resolve("docs/example.md");
        Snippet bad = new Snippet(
                doc,
                10,
                List.of(
                        "import io.github.wstoolkit.ws.WebSocketProvider;",
                        "",
                        "WebSocketProvider p = WebSocketProvider.builder().url(\"ws://x\").build();",
                        "p.callWithoutAContext(\"hi\");"));
        List<String> errors = compile(List.of(bad), out);
        assertFalse(errors.isEmpty());
        assertTrue(errors.get(0).startsWith("docs/example.md:14: error: cannot find symbol"), errors.toString());

        Snippet internal = new Snippet(
                doc, 20, List.of("io.github.wstoolkit.ws.internal.ConnectErrors.classify(new Exception(), null);"));
        List<String> internalErrors = compile(List.of(internal), out);
        assertTrue(
                internalErrors.stream().anyMatch(e -> e.startsWith("docs/example.md:21: error: package")),
                "an internal package is not API: " + internalErrors);
    }
}
