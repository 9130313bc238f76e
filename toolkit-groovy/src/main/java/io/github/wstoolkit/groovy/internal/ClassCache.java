package io.github.wstoolkit.groovy.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * The classes Groovy compiled for a transform, kept on disk so that the next run of the same config skips Groovy's
 * compiler (in a cold JVM the compiler took about 40% of the CPU of the README's three-case eval: docs/performance.md).
 *
 * <p>One file per compiled text, named by a SHA-256 of everything the bytecode depends on (this cache's format, the
 * Groovy and Java versions, the compiler configuration, the class name and the text), holding the class names and
 * bytes and a CRC-32 of them: a file that is truncated, corrupt or of another format is a miss and is compiled again.
 * Written to a temporary file and moved into place, so concurrent runs never read half a file; owner-only (the
 * texts of transforms can hold secrets). At most {@link #MAX_FILES} files: beyond, the least recently used go.
 *
 * <p>Off unless a folder is given: the system property {@value #PROPERTY} (the {@code wst} command sets it to
 * {@code $WST_HOME/cache/groovy}; a Java user of the library sets it or not). A folder that cannot be written turns
 * the cache off for the process, with one debug message.
 */
final class ClassCache {
    /** The system property naming the cache's folder. */
    static final String PROPERTY = "wst.groovy.classCache";

    static final int MAX_FILES = 500;
    private static final int MAGIC = 0x57535447; // "WSTG"
    private static final int FORMAT = 1;
    private static final String SUFFIX = ".classes";
    private static final System.Logger LOG = System.getLogger(ClassCache.class.getName());

    /** A compiled class: its binary name and bytes. */
    record CompiledClass(String name, byte[] bytes) {}

    private final Path dir;
    private volatile boolean broken;

    private ClassCache(Path dir) {
        this.dir = dir;
    }

    /** The cache of the folder {@value #PROPERTY} names, if it names one. */
    static Optional<ClassCache> fromSystemProperty() {
        String d = System.getProperty(PROPERTY, "");
        return d.isBlank() ? Optional.empty() : Optional.of(new ClassCache(Path.of(d)));
    }

    static ClassCache in(Path dir) {
        return new ClassCache(dir);
    }

    /**
     * The key of a text compiled under a configuration: hex SHA-256 of the parts, each length-prefixed so that no two
     * different lists of parts give the same bytes.
     */
    static String key(String... parts) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (String p : parts) {
                byte[] b = p.getBytes(StandardCharsets.UTF_8);
                md.update(new byte[] {
                    (byte) (b.length >>> 24), (byte) (b.length >>> 16), (byte) (b.length >>> 8), (byte) b.length
                });
                md.update(b);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java", e);
        }
    }

    private Path file(String key) {
        return dir.resolve(key + SUFFIX);
    }

    /** The classes stored under {@code key}, or empty when there are none or they cannot be read whole. */
    Optional<List<CompiledClass>> get(String key) {
        if (broken) {
            return Optional.empty();
        }
        Path f = file(key);
        byte[] all;
        try {
            all = Files.readAllBytes(f);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "Groovy class cache: cannot read " + f + ": " + e.getMessage());
            return Optional.empty();
        }
        Optional<List<CompiledClass>> read = decode(all);
        if (read.isEmpty()) {
            LOG.log(System.Logger.Level.DEBUG, "Groovy class cache: " + f + " is not a whole cache file; compiling");
            return read;
        }
        try {
            Files.setLastModifiedTime(f, FileTime.fromMillis(System.currentTimeMillis())); // recently used
        } catch (IOException e) {
            // read-only: it is still a hit
        }
        return read;
    }

    /** Stores the classes of {@code key}; a failure to write turns the cache off and loses nothing else. */
    void put(String key, List<CompiledClass> classes) {
        if (broken) {
            return;
        }
        try {
            createPrivately(dir);
            Path tmp = Files.createTempFile(dir, "tmp-", ".part");
            try {
                Files.write(tmp, encode(classes));
                try {
                    Files.move(tmp, file(key), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, file(key), StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
            prune();
        } catch (IOException | RuntimeException e) {
            broken = true;
            LOG.log(
                    System.Logger.Level.DEBUG,
                    "Groovy class cache off: cannot write to " + dir + ": " + e.getMessage());
        }
    }

    /**
     * Creates {@code d} and any missing folder above it owner-only ({@code $WST_HOME} itself when it is not there
     * yet, as wst creates it).
     */
    private static void createPrivately(Path d) throws IOException {
        Path abs = d.toAbsolutePath();
        if (Files.isDirectory(abs)) {
            return;
        }
        Path parent = abs.getParent();
        if (parent != null) {
            createPrivately(parent);
        }
        try {
            Files.createDirectory(abs);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            if (Files.isDirectory(abs)) {
                return; // made by a concurrent run
            }
            throw e;
        }
        try {
            Files.setPosixFilePermissions(abs, PosixFilePermissions.fromString("rwx------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system
        }
    }

    /** Deletes the least recently used files beyond {@link #MAX_FILES}. */
    private void prune() throws IOException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            ds.forEach(files::add);
        }
        if (files.size() <= MAX_FILES) {
            return;
        }
        List<Object[]> dated = new ArrayList<>();
        for (Path p : files) {
            try {
                dated.add(new Object[] {Files.getLastModifiedTime(p).toMillis(), p});
            } catch (NoSuchFileException e) {
                // pruned by another run
            }
        }
        dated.sort(java.util.Comparator.comparingLong(o -> (Long) o[0]));
        for (int i = 0; i < dated.size() - MAX_FILES; i++) {
            Files.deleteIfExists((Path) dated.get(i)[1]);
        }
    }

    static byte[] encode(List<CompiledClass> classes) {
        try {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(body);
            out.writeInt(classes.size());
            for (CompiledClass c : classes) {
                out.writeUTF(c.name());
                out.writeInt(c.bytes().length);
                out.write(c.bytes());
            }
            out.flush();
            byte[] b = body.toByteArray();
            CRC32 crc = new CRC32();
            crc.update(b);
            ByteArrayOutputStream whole = new ByteArrayOutputStream(b.length + 16);
            DataOutputStream w = new DataOutputStream(whole);
            w.writeInt(MAGIC);
            w.writeInt(FORMAT);
            w.write(b);
            w.writeLong(crc.getValue());
            w.flush();
            return whole.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory failed", e);
        }
    }

    static Optional<List<CompiledClass>> decode(byte[] all) {
        if (all.length < 16) {
            return Optional.empty();
        }
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(all, 0, all.length - 8));
            if (in.readInt() != MAGIC || in.readInt() != FORMAT) {
                return Optional.empty();
            }
            CRC32 crc = new CRC32();
            crc.update(all, 8, all.length - 16);
            long stored = new DataInputStream(new ByteArrayInputStream(all, all.length - 8, 8)).readLong();
            if (stored != crc.getValue()) {
                return Optional.empty();
            }
            int n = in.readInt();
            if (n <= 0 || n > 10_000) {
                return Optional.empty();
            }
            List<CompiledClass> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                String name = in.readUTF();
                int len = in.readInt();
                if (len < 0 || len > in.available()) {
                    return Optional.empty();
                }
                out.add(new CompiledClass(name, in.readNBytes(len)));
            }
            return in.available() == 0 ? Optional.of(out) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
