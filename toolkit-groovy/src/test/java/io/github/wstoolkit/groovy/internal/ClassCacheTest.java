package io.github.wstoolkit.groovy.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wstoolkit.api.CallContext;
import io.github.wstoolkit.api.ConfigException;
import io.github.wstoolkit.api.transform.TransformSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The classes of compiled transforms, kept on disk so that the next run skips Groovy's compiler. */
class ClassCacheTest {

    private static TransformSource src(String text) {
        return TransformSource.inline("providers[0].config.transformResponse", text);
    }

    private static Object respond(GroovyTransformCompiler c, String transform, Object data) throws Exception {
        return c.responseTransform(src(transform)).apply(data, CallContext.EMPTY);
    }

    private static GroovyTransformCompiler compilerIn(Path dir) {
        return new GroovyTransformCompiler(Optional.of(ClassCache.in(dir)));
    }

    private static List<Path> files(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    @Test
    void aCompiledTransformIsStoredPrivatelyAndANewCompilerReadsItInsteadOfCompiling(@TempDir Path tmp)
            throws Exception {
        Path dir = tmp.resolve("cache/groovy");
        String upper = "data.toUpperCase()";
        String reversed = "data.reverse()";
        String closure = "{ data, ctx -> data * 2 }"; // a script class and its closure's class, stored together
        assertEquals("ABC", respond(compilerIn(dir), upper, "abc"));
        assertEquals("cba", respond(compilerIn(dir), reversed, "abc"));
        assertEquals("abcabc", respond(compilerIn(dir), closure, "abc"));
        assertEquals("abcabc", respond(compilerIn(dir), closure, "abc"));
        List<Path> stored = files(dir);
        assertEquals(3, stored.size(), stored.toString());
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.getParent())));
        for (Path f : stored) {
            assertTrue(f.getFileName().toString().endsWith(".classes"), f.toString());
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        }

        // a new compiler (the next run) answers from the files: swap their contents, and each text runs the other's
        // classes, which only a read of the cache can explain
        ClassCache cache = ClassCache.in(dir);
        Path upperFile = null;
        Path reversedFile = null;
        for (Path f : stored) {
            String k = f.getFileName().toString().replace(".classes", "");
            List<String> names = cache.get(k).orElseThrow().stream()
                    .map(ClassCache.CompiledClass::name)
                    .toList();
            if (names.size() == 2) {
                assertTrue(names.get(1).startsWith(names.get(0) + "$"), names.toString()); // main class first
            } else if (upperFile == null) {
                upperFile = f;
            } else {
                reversedFile = f;
            }
        }
        byte[] a = Files.readAllBytes(upperFile);
        Files.write(upperFile, Files.readAllBytes(reversedFile));
        Files.write(reversedFile, a);
        Object x = respond(compilerIn(dir), upper, "abc");
        Object y = respond(compilerIn(dir), reversed, "abc");
        assertEquals(java.util.Set.of("ABC", "cba"), java.util.Set.of(x, y));
        assertNotEquals("ABC", x, "the text compiled again instead of reading the cache");
    }

    @Test
    void aFileCutShortOrCorruptIsCompiledAgainAndRewrittenWhole(@TempDir Path dir) throws Exception {
        assertEquals(3, respond(compilerIn(dir), "data.size()", "abc"));
        Path f = files(dir).getFirst();
        byte[] whole = Files.readAllBytes(f);
        Files.write(f, Arrays.copyOf(whole, whole.length / 2));
        assertEquals(3, respond(compilerIn(dir), "data.size()", "abc"));
        assertArrayEquals(whole, Files.readAllBytes(f));

        byte[] flipped = whole.clone();
        flipped[whole.length / 2] ^= 0x40;
        Files.write(f, flipped);
        assertEquals(3, respond(compilerIn(dir), "data.size()", "abc"));
        assertArrayEquals(whole, Files.readAllBytes(f));
    }

    @Test
    void aFolderThatCannotBeWrittenLeavesTheCacheOffAndTheTransformWorking(@TempDir Path dir) throws Exception {
        Path notADir = Files.writeString(dir.resolve("file"), "x");
        GroovyTransformCompiler c = compilerIn(notADir.resolve("cache"));
        assertEquals("ABC", respond(c, "data.toUpperCase()", "abc"));
        assertEquals("abcabc", respond(c, "data * 2", "abc"));
        assertEquals("x", Files.readString(notADir));
    }

    @Test
    void compileErrorsReadAsWithoutTheCacheAndAreNotStored(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("promptfooconfig.yaml");
        ConfigException e = assertThrows(ConfigException.class, () -> compilerIn(dir.resolve("cache"))
                .streamResponse(new TransformSource(
                        "providers[0].config.streamResponse", "def x = 1\nx +* 2", dir, Optional.of(config), 12)));
        assertEquals(13, e.line().orElseThrow());
        assertTrue(e.getMessage().startsWith(config + ":13:"), e.getMessage());
        assertTrue(e.getMessage().contains("does not compile"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("cache"))
                && !files(dir.resolve("cache")).isEmpty());
    }

    @Test
    void aScriptFileWithAClassOfItsOwnComesBackWithItsMainClass(@TempDir Path dir) throws Exception {
        Files.writeString(
                dir.resolve("shout.groovy"),
                "class Shouter { static String shout(String s) { s.toUpperCase() + '!' } }\n"
                        + "def shout(data, ctx) { Shouter.shout(data) }\n");
        TransformSource ref =
                new TransformSource("transformResponse", "file://shout.groovy:shout", dir, Optional.empty(), 0);
        assertEquals(
                "HI!", compilerIn(dir.resolve("cache")).responseTransform(ref).apply("hi", CallContext.EMPTY));
        assertEquals(
                "HI!", compilerIn(dir.resolve("cache")).responseTransform(ref).apply("hi", CallContext.EMPTY));
        assertEquals(1, files(dir.resolve("cache")).size());
    }

    @Test
    void theSameTextHasTheSameKeyAndAnyChangeGivesAnother() {
        assertEquals(ClassCache.key("a", "bc"), ClassCache.key("a", "bc"));
        assertNotEquals(ClassCache.key("a", "bc"), ClassCache.key("ab", "c")); // parts are length-prefixed
        assertNotEquals(ClassCache.key("a"), ClassCache.key("a", ""));
        assertEquals(64, ClassCache.key("x").length());
    }

    @Test
    void encodedClassesReadBackAndAnythingElseIsAMiss() {
        List<ClassCache.CompiledClass> classes = List.of(
                new ClassCache.CompiledClass("A", new byte[] {1, 2, 3}),
                new ClassCache.CompiledClass("A$_closure1", new byte[0]));
        byte[] enc = ClassCache.encode(classes);
        List<ClassCache.CompiledClass> back = ClassCache.decode(enc).orElseThrow();
        assertEquals(
                List.of("A", "A$_closure1"),
                back.stream().map(ClassCache.CompiledClass::name).toList());
        assertArrayEquals(new byte[] {1, 2, 3}, back.getFirst().bytes());
        assertEquals(Optional.empty(), ClassCache.decode(new byte[0]));
        assertEquals(Optional.empty(), ClassCache.decode(Arrays.copyOf(enc, enc.length - 1)));
        byte[] otherFormat = enc.clone();
        otherFormat[7] = 9;
        assertEquals(Optional.empty(), ClassCache.decode(otherFormat));
        assertEquals(Optional.empty(), ClassCache.decode(ClassCache.encode(List.of())));
    }

    @Test
    void beyondItsLimitTheLeastRecentlyUsedFilesGo(@TempDir Path dir) throws Exception {
        ClassCache cache = ClassCache.in(dir);
        List<ClassCache.CompiledClass> one = List.of(new ClassCache.CompiledClass("A", new byte[] {1}));
        for (int i = 0; i < ClassCache.MAX_FILES; i++) {
            cache.put("k" + i, one);
            Files.setLastModifiedTime(dir.resolve("k" + i + ".classes"), FileTime.fromMillis(1_000_000L + i * 1000L));
        }
        assertTrue(cache.get("k0").isPresent()); // read now: the most recently used
        cache.put("new1", one);
        cache.put("new2", one);
        assertEquals(ClassCache.MAX_FILES, files(dir).size());
        assertTrue(Files.exists(dir.resolve("k0.classes")));
        assertFalse(Files.exists(dir.resolve("k1.classes")));
        assertFalse(Files.exists(dir.resolve("k2.classes")));
        assertTrue(Files.exists(dir.resolve("k3.classes")));
        assertTrue(Files.exists(dir.resolve("new2.classes")));
    }
}
