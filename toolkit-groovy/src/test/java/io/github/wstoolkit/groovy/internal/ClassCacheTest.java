package io.github.wstoolkit.groovy.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wstoolkit.api.CallContext;
import io.github.wstoolkit.api.ConfigException;
import io.github.wstoolkit.api.transform.StreamEvent;
import io.github.wstoolkit.api.transform.StreamResponse;
import io.github.wstoolkit.api.transform.StreamStep;
import io.github.wstoolkit.api.transform.TransformSource;
import io.github.wstoolkit.groovy.GroovyCompileCache;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The disk cache of compiled transforms: each test uses a new {@link GroovyTransformCompiler} where a new process
 * would, so what the second one loads comes from the folder only.
 */
class ClassCacheTest {

    private static final String STREAM = "{ acc, event, ctx ->\n"
            + "  def m = JSON.parse(event.data)\n"
            + "  m.type == 'message' ? [[output: m.message.toUpperCase()], true] : [acc, false]\n"
            + "}";

    @TempDir
    Path dir;

    @AfterEach
    void off() {
        GroovyCompileCache.disable();
    }

    private Path cache() {
        return dir.resolve("home").resolve("cache").resolve("groovy");
    }

    private List<Path> entries() throws Exception {
        if (!Files.isDirectory(cache())) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(cache())) {
            return s.sorted().toList();
        }
    }

    private static Object streamOnce(GroovyTransformCompiler c, String text) throws Exception {
        StreamResponse fn = c.streamResponse(TransformSource.inline("streamResponse", text));
        StreamStep step = fn.apply(
                null,
                StreamEvent.text("{\"type\":\"message\",\"message\":\"hi\"}", 0, Duration.ZERO),
                CallContext.EMPTY);
        return step.accumulator();
    }

    @Test
    void aTransformCompiledOnceIsLoadedByTheNextCompilerWithoutCompiling() throws Exception {
        GroovyCompileCache.enable(cache());
        assertEquals(Optional.of(cache().toAbsolutePath()), GroovyCompileCache.directory());

        GroovyTransformCompiler first = new GroovyTransformCompiler();
        Object fresh = streamOnce(first, STREAM);
        assertEquals(1, first.groovyCompiles());
        assertEquals(1, entries().size(), "one file for the one transform");

        GroovyTransformCompiler second = new GroovyTransformCompiler();
        Object loaded = streamOnce(second, STREAM);
        assertEquals(0, second.groovyCompiles(), "the second compiler found the classes on disk");
        assertEquals(fresh, loaded);
        assertEquals(Map.of("output", "HI"), loaded);
    }

    @Test
    void withoutAFolderEveryCompilerCompiles() throws Exception {
        GroovyTransformCompiler first = new GroovyTransformCompiler();
        streamOnce(first, STREAM);
        GroovyTransformCompiler second = new GroovyTransformCompiler();
        streamOnce(second, STREAM);
        assertEquals(1, second.groovyCompiles());
        assertFalse(Files.exists(cache()));
    }

    @Test
    void aFileTransformWithClassesThatExtendEachOtherLoadsInAnyOrder() throws Exception {
        GroovyCompileCache.enable(cache());
        Path script = dir.resolve("shapes.groovy");
        // the script class is loaded first; Sub, its superclass Base and the closures are defined as the JVM asks
        Files.writeString(
                script,
                "class Sub extends Base { String name() { 'sub:' + super.name() } }\n"
                        + "class Base { String name() { 'base' } }\n"
                        + "def shout = { data, ctx -> new Sub().name() + ':' + [1, 2, 3].collect { it * 2 }.sum() +"
                        + " ':' + data }\n"
                        + "shout\n");
        TransformSource ref =
                new TransformSource("transformResponse", "file://shapes.groovy", dir, Optional.empty(), 0);

        GroovyTransformCompiler first = new GroovyTransformCompiler();
        assertEquals("sub:base:12:x", first.responseTransform(ref).apply("x", CallContext.EMPTY));
        GroovyTransformCompiler second = new GroovyTransformCompiler();
        assertEquals("sub:base:12:y", second.responseTransform(ref).apply("y", CallContext.EMPTY));
        assertEquals(0, second.groovyCompiles());

        // the file changes: its new text is compiled, not the old classes loaded
        Files.writeString(script, "{ data, ctx -> 'v2:' + data }");
        GroovyTransformCompiler third = new GroovyTransformCompiler();
        assertEquals("v2:z", third.responseTransform(ref).apply("z", CallContext.EMPTY));
        assertEquals(1, third.groovyCompiles());
        assertEquals(2, entries().size());
    }

    @Test
    void aCompileErrorIsNotKeptAndIsReportedTheSameEveryTime() throws Exception {
        GroovyCompileCache.enable(cache());
        String broken = "{ acc, event, ctx -> [acc, }";
        ConfigException a =
                assertThrows(ConfigException.class, () -> streamOnce(new GroovyTransformCompiler(), broken));
        ConfigException b =
                assertThrows(ConfigException.class, () -> streamOnce(new GroovyTransformCompiler(), broken));
        assertEquals(a.getMessage(), b.getMessage());
        assertTrue(a.getMessage().contains("does not compile"), a.getMessage());
        assertEquals(List.of(), entries());
    }

    @Test
    void aDamagedEntryIsDroppedAndTheTransformCompiledAgain() throws Exception {
        GroovyCompileCache.enable(cache());
        streamOnce(new GroovyTransformCompiler(), STREAM);
        Path entry = entries().get(0);
        byte[] good = Files.readAllBytes(entry);

        for (byte[] damaged : List.of(
                new byte[0],
                "not a class file".getBytes(),
                java.util.Arrays.copyOf(good, good.length / 2),
                corruptClassBytes(good),
                hugeLength())) {
            Files.write(entry, damaged);
            GroovyTransformCompiler c = new GroovyTransformCompiler();
            assertEquals(Map.of("output", "HI"), streamOnce(c, STREAM));
            assertEquals(1, c.groovyCompiles(), "compiled again after a damaged entry");
            assertEquals(List.of(entry), entries(), "and written again, whole");
            assertArrayEquals(good, Files.readAllBytes(entry));
        }
    }

    /** A well-framed entry whose class claims 2 GiB: refused as damaged, not allocated. */
    private static byte[] hugeLength() throws java.io.IOException {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        try (java.io.DataOutputStream out = new java.io.DataOutputStream(b)) {
            out.writeInt(0x57535447);
            out.writeInt(2);
            out.writeUTF("Transform1");
            out.writeInt(1);
            out.writeUTF("Transform1");
            out.writeInt(Integer.MAX_VALUE);
        }
        return b.toByteArray();
    }

    /** The entry's framing intact, the first class's bytes not a class: found by the JVM when it defines it. */
    private static byte[] corruptClassBytes(byte[] entry) {
        byte[] b = entry.clone();
        // the first class file's magic number 0xCAFEBABE, wherever the header put it
        for (int i = 0; i + 3 < b.length; i++) {
            if ((b[i] & 0xff) == 0xCA && (b[i + 1] & 0xff) == 0xFE && (b[i + 2] & 0xff) == 0xBA) {
                b[i] = 0;
                return b;
            }
        }
        throw new AssertionError("no class file in the entry");
    }

    @Test
    void aFolderThatCannotBeWrittenMeansNoCacheAndNoError() throws Exception {
        // a file where the folder's parent should be: nothing can be created below it (whoever runs the test)
        Files.createDirectories(cache().getParent().getParent());
        Files.writeString(cache().getParent(), "not a folder");
        GroovyCompileCache.enable(cache());
        assertEquals(Map.of("output", "HI"), streamOnce(new GroovyTransformCompiler(), STREAM));
        GroovyTransformCompiler next = new GroovyTransformCompiler();
        assertEquals(Map.of("output", "HI"), streamOnce(next, STREAM));
        assertEquals(1, next.groovyCompiles(), "nothing was kept, so it compiled again");
    }

    @Test
    void theFolderAndItsEntriesAreTheOwnersOnly() throws Exception {
        if (!dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return; // no permissions to check on this file system
        }
        GroovyCompileCache.enable(cache());
        streamOnce(new GroovyTransformCompiler(), STREAM);
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(cache())));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(cache().getParent())));
        assertEquals(
                "rw-------",
                PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(entries().get(0))));
    }

    @Test
    void aFullFolderKeepsTheMostRecentlyUsedEntries() throws Exception {
        GroovyCompileCache.enable(cache());
        Files.createDirectories(cache());
        long old = System.currentTimeMillis() - 3_600_000;
        for (int i = 0; i < ClassCache.MAX_ENTRIES; i++) {
            Path p = cache().resolve(String.format("%064d.classes", i));
            Files.write(p, new byte[] {1});
            Files.setLastModifiedTime(p, FileTime.fromMillis(old + i * 1000L));
        }
        Path newest = cache().resolve(String.format("%064d.classes", ClassCache.MAX_ENTRIES - 1));

        streamOnce(new GroovyTransformCompiler(), STREAM); // one more entry: over the limit
        List<Path> left = entries();
        assertEquals(ClassCache.TRIM_TO, left.size());
        assertTrue(left.contains(newest), "the most recently used stay");
        assertFalse(left.contains(cache().resolve(String.format("%064d.classes", 0))), "the oldest go");
        GroovyTransformCompiler next = new GroovyTransformCompiler();
        streamOnce(next, STREAM);
        assertEquals(0, next.groovyCompiles(), "the entry just written stays");
    }

    @Test
    void keysDependOnTheTextTheFileAndTheCompilersFingerprint() {
        GroovyCompileCache.enable(cache());
        ClassCache c = ClassCache.current();
        byte[] f = ClassCache.fingerprint("transforms", List.of(GroovyTransformCompiler.class));
        assertNotNull(f, "the compiler's classes are readable: the cache is on");
        byte[] other = ClassCache.fingerprint("scripts", List.of(GroovyTransformCompiler.class));
        assertEquals(c.key(f, null, "a"), c.key(f, null, "a"));
        assertNotEquals(c.key(f, null, "a"), c.key(f, null, "b"));
        assertNotEquals(c.key(f, null, "a"), c.key(f, Path.of("x.groovy"), "a"));
        assertNotEquals(c.key(f, Path.of("x.groovy"), "a"), c.key(f, Path.of("y.groovy"), "a"));
        assertNotEquals(c.key(f, null, "a"), c.key(other, null, "a"), "two compilers never share an entry");
        assertNotEquals(
                java.util.HexFormat.of().formatHex(f),
                java.util.HexFormat.of().formatHex(ClassCache.fingerprint("transforms", List.of(ClassCacheTest.class))),
                "other compiler classes, another fingerprint");
    }

    @Test
    void notesKeptWithAnEntryComeBackWhole() {
        GroovyCompileCache.enable(cache());
        ClassCache c = ClassCache.current();
        String big = "x".repeat(100_000) + " \u00e9\u4e2d"; // longer than writeUTF's 64 KiB
        Map<String, String> notes = Map.of("streamResponse:12", "{ a, b -> b }", "big:1", big);
        c.put("k", new ClassCache.Entry("Main", Map.of("Main", new byte[] {1, 2, 3}), notes));
        ClassCache.Entry back = c.get("k");
        assertEquals(notes, back.notes());
        assertEquals("Main", back.mainClass());
        assertArrayEquals(new byte[] {1, 2, 3}, back.classes().get("Main"));
    }
}
