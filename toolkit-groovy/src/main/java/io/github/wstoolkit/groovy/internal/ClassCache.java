package io.github.wstoolkit.groovy.internal;

import groovy.lang.GroovySystem;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;

/**
 * The classes of compiled Groovy (transforms, and the DSL's scripts), one file per compiled text in a folder (see
 * {@link io.github.wstoolkit.groovy.GroovyCompileCache}, the public switch).
 *
 * <p>A file is {@code <key>.classes}: a magic number, the format, the main class's name, each class's name and bytes,
 * then the compiler's notes (names and texts). It is written to a temporary file and moved into place, so a reader
 * in another process sees a whole file or none. Every failure to read or write is the cache's own: it is logged at
 * DEBUG and the caller compiles.
 */
public final class ClassCache {

    private static final System.Logger LOG = System.getLogger(ClassCache.class.getName());

    private static final int MAGIC = 0x57535447; // "WSTG"
    private static final int FORMAT = 2;
    private static final String SUFFIX = ".classes";

    /** Entries kept: when a write finds more, the least recently used go down to {@link #TRIM_TO}. */
    static final int MAX_ENTRIES = 400;

    static final int TRIM_TO = 300;

    private static volatile ClassCache current;

    private final Path dir;

    private ClassCache(Path dir) {
        this.dir = dir;
    }

    /** Turns the cache on in {@code dir}. */
    public static void enable(Path dir) {
        current = new ClassCache(dir.toAbsolutePath());
    }

    /** Turns the cache off: later compiles compile. */
    public static void disable() {
        current = null;
    }

    /** {@return the folder in use, if any} */
    public static Optional<Path> directory() {
        ClassCache c = current;
        return c == null ? Optional.empty() : Optional.of(c.dir);
    }

    /** The cache in use, or null. */
    public static ClassCache current() {
        return current;
    }

    /**
     * The classes of one compiled source: the main (script) class by name, every class's bytes, and notes of the
     * compiler's own (the DSL keeps the text of a script's closures there).
     */
    public record Entry(String mainClass, Map<String, byte[]> classes, Map<String, String> notes) {
        public Entry(String mainClass, Map<String, byte[]> classes) {
            this(mainClass, classes, Map.of());
        }
    }

    /**
     * The key of a source: its text and, for a file, the file's absolute path, under a compiler's
     * {@link #fingerprint}.
     */
    public String key(byte[] fingerprint, Path file, String text) {
        MessageDigest d = sha256();
        d.update(fingerprint);
        d.update((file == null ? "" : file.toAbsolutePath().toString()).getBytes(StandardCharsets.UTF_8));
        d.update((byte) 0);
        d.update(text.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(d.digest());
    }

    /** The entry under {@code key}, or null when there is none or it cannot be read (then it is deleted). */
    public Entry get(String key) {
        Path file = dir.resolve(key + SUFFIX);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            LOG.log(Level.DEBUG, () -> "cannot read " + file, e);
            return null;
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            if (in.readInt() != MAGIC || in.readInt() != FORMAT) {
                throw new IOException("not a class cache file of this format");
            }
            String main = in.readUTF();
            int n = in.readInt();
            if (n < 1 || n > 10_000) {
                throw new IOException("a class count of " + n);
            }
            Map<String, byte[]> classes = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                String name = in.readUTF();
                byte[] b = new byte[length(in)];
                in.readFully(b);
                classes.put(name, b);
            }
            int notes = in.readInt();
            if (notes < 0 || notes > 100_000) {
                throw new IOException("a note count of " + notes);
            }
            Map<String, String> noted = new LinkedHashMap<>();
            for (int i = 0; i < notes; i++) {
                String k = in.readUTF();
                byte[] v = new byte[length(in)];
                in.readFully(v);
                noted.put(k, new String(v, StandardCharsets.UTF_8));
            }
            if (!classes.containsKey(main) || in.read() != -1) {
                throw new IOException("a damaged class cache file");
            }
            touch(file);
            return new Entry(main, classes, noted);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.DEBUG, () -> "ignoring " + file, e);
            remove(key);
            return null;
        }
    }

    /** A length read from an entry, no more than what is left of it (a damaged length must not ask for gigabytes). */
    private static int length(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > in.available()) {
            throw new IOException("a length of " + n + " with " + in.available() + " bytes left");
        }
        return n;
    }

    /** Writes an entry; a failure leaves no file. */
    public void put(String key, Entry entry) {
        Path tmp = null;
        try {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(buf)) {
                out.writeInt(MAGIC);
                out.writeInt(FORMAT);
                out.writeUTF(entry.mainClass());
                out.writeInt(entry.classes().size());
                for (Map.Entry<String, byte[]> c : entry.classes().entrySet()) {
                    out.writeUTF(c.getKey());
                    out.writeInt(c.getValue().length);
                    out.write(c.getValue());
                }
                out.writeInt(entry.notes().size());
                for (Map.Entry<String, String> n : entry.notes().entrySet()) {
                    byte[] v = n.getValue().getBytes(StandardCharsets.UTF_8);
                    out.writeUTF(n.getKey());
                    out.writeInt(v.length);
                    out.write(v);
                }
            }
            createOwnerOnlyDirectories(dir);
            tmp = dir.resolve(
                    key + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
            if (posix(dir)) {
                Files.createFile(
                        tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            Files.write(tmp, buf.toByteArray());
            Path target = dir.resolve(key + SUFFIX);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
            trim();
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.DEBUG, () -> "cannot write the class cache in " + dir, e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // a stray temporary file; the next trim does not count it, a user may delete it
                }
            }
        }
    }

    /** Deletes the entry under {@code key} (one whose classes did not load). */
    public void remove(String key) {
        try {
            Files.deleteIfExists(dir.resolve(key + SUFFIX));
        } catch (IOException e) {
            LOG.log(Level.DEBUG, () -> "cannot delete a class cache entry in " + dir, e);
        }
    }

    /** Deletes the least recently used entries when there are more than {@link #MAX_ENTRIES}. */
    private void trim() throws IOException {
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            s.forEach(entries::add);
        }
        if (entries.size() <= MAX_ENTRIES) {
            return;
        }
        Map<Path, FileTime> used = new LinkedHashMap<>();
        for (Path p : entries) {
            try {
                used.put(p, Files.getLastModifiedTime(p));
            } catch (IOException gone) {
                // another process trimmed it
            }
        }
        List<Path> oldestFirst = new ArrayList<>(used.keySet());
        oldestFirst.sort(Comparator.comparing(used::get));
        for (Path p : oldestFirst.subList(0, Math.max(0, oldestFirst.size() - TRIM_TO))) {
            Files.deleteIfExists(p);
        }
    }

    /** Marks an entry as used now (its modification time), for {@link #trim()}. */
    private static void touch(Path file) {
        try {
            Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis()));
        } catch (IOException e) {
            // read-only: the entry is still good
        }
    }

    private static void createOwnerOnlyDirectories(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        Path parent = dir.getParent();
        if (parent != null) {
            createOwnerOnlyDirectories(parent);
        }
        try {
            if (parent != null && posix(parent)) {
                Files.createDirectory(
                        dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } else {
                Files.createDirectory(dir);
            }
        } catch (FileAlreadyExistsException raced) {
            // another process made it
        }
    }

    private static boolean posix(Path existing) throws IOException {
        return Files.getFileStore(existing).supportsFileAttributeView("posix");
    }

    /**
     * What a compiler's classes depend on besides the source: Groovy's version, the Java feature version, this cache's
     * format, and the bytes of the classes that configure the compiler (with their nested classes), under a label of
     * the compiler's. Null when a class file cannot be read: the compiler then uses no cache. It initialises Groovy,
     * so a compiler makes it at its first compile, not before.
     *
     * <p>The class files are summed by two CRCs (CRC-32C and CRC-32, 64 bits with their length), not by SHA-256: the
     * JVM computes both CRCs with CPU instructions even before it compiles anything, where SHA-256 ran interpreted,
     * about 10 ms at every start. The sum only tells one build's compiler classes from another's (the key itself is
     * a SHA-256 of the sum, the file and the text); the cache folder is its owner's alone.
     */
    public static byte[] fingerprint(String label, List<Class<?>> compilerClasses) {
        MessageDigest d = sha256();
        d.update(("wst-groovy-classes/" + label + "/" + FORMAT + "/" + GroovySystem.getVersion() + "/"
                        + Runtime.version().feature())
                .getBytes(StandardCharsets.UTF_8));
        List<Class<?>> all = new ArrayList<>();
        for (Class<?> outer : compilerClasses) {
            all.addAll(List.of(outer.getNestMembers()));
        }
        CRC32C crc32c = new CRC32C();
        CRC32 crc32 = new CRC32();
        long length = 0;
        for (Class<?> c : all) {
            String resource = "/" + c.getName().replace('.', '/') + ".class";
            try (InputStream in = c.getResourceAsStream(resource)) {
                if (in == null) {
                    return null;
                }
                byte[] name = c.getName().getBytes(StandardCharsets.UTF_8);
                byte[] bytes = in.readAllBytes();
                for (byte[] b : List.of(name, bytes)) {
                    crc32c.update(b);
                    crc32.update(b);
                    length += b.length;
                }
            } catch (IOException e) {
                return null;
            }
        }
        d.update(ByteBuffer.allocate(3 * Long.BYTES)
                .putLong(crc32c.getValue())
                .putLong(crc32.getValue())
                .putLong(length)
                .array());
        return d.digest();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
