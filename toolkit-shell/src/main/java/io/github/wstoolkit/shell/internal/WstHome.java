package io.github.wstoolkit.shell.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Set;

/**
 * The folder of wst's local state ({@code $WST_HOME}, default {@code ~/.wst}): the shell's history, the results
 * database, the compiled Groovy transforms ({@code cache/groovy}, see {@code GroovyCompileCache}). It holds what a
 * user typed and what their endpoints answered, so it is created readable by its owner only ({@code 0700}) and files
 * written in it are {@code 0600}, where the file system has POSIX permissions.
 */
public final class WstHome {

    /** The environment variable that moves the folder. */
    public static final String ENV = "WST_HOME";

    private static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private WstHome() {}

    /** The folder this environment names ({@code WST_HOME}, else {@code ~/.wst}), not created. */
    public static Path of(Map<String, String> env) {
        String home = env.get(ENV);
        if (home != null && !home.isBlank()) {
            return Path.of(home.strip()).toAbsolutePath();
        }
        return Path.of(System.getProperty("user.home"), ".wst");
    }

    /** The folder, created {@code 0700} when missing (with its parents). */
    public static Path ensure(Map<String, String> env) {
        Path dir = of(env);
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir.getParent() == null ? dir : dir.getParent());
                try {
                    if (posix(dir)) {
                        Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(DIR));
                    } else {
                        Files.createDirectory(dir);
                    }
                } catch (FileAlreadyExistsException raced) {
                    // another wst process created it meanwhile
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the wst home folder " + dir + " (" + ENV + ")", e);
        }
    }

    /** Makes a file of the folder readable by its owner only ({@code 0600}), where permissions exist. */
    public static void restrict(Path file) {
        try {
            if (Files.exists(file) && posix(file)) {
                Files.setPosixFilePermissions(file, FILE);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot restrict the permissions of " + file, e);
        }
    }

    private static boolean posix(Path p) throws IOException {
        Path existing = p;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        return existing != null && Files.getFileStore(existing).supportsFileAttributeView("posix");
    }
}
