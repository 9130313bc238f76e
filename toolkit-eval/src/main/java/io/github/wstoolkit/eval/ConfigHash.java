package io.github.wstoolkit.eval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The content hash of a config, which every shard of a run records so that {@code wst merge} can tell shards of one
 * config from shards of two: SHA-256 (hex) over
 *
 * <ol>
 *   <li>the bytes of each config file, in the order given (not their names or folders: two checkouts in different
 *       places give the same hash);
 *   <li>then, in the order they first appear, the files their {@code file://} references name (and, in Groovy
 *       scripts, {@code file('…')} calls with a literal path): each file's path relative to the folder it is
 *       resolved from and its bytes, globs expanded in sorted order, a {@code :function} suffix dropped; the files
 *       these name in turn, the same way (each file once).
 * </ol>
 *
 * A reference is resolved against the folder of the file that holds it, else against the first config file's
 * folder. A reference that names no file counts by its text; one built by a template ({@code file://{{ … }}}) or
 * by code, and anything a script reads another way, is not covered. Line endings count: a checkout that turns LF
 * into CRLF hashes differently.
 */
public final class ConfigHash {

    /**
     * {@code file://path} up to a quote, space, or the end of a YAML flow item; a glob's bracket expression
     * ({@code tests/[ab]*.yaml}) is part of the path, so a {@code ]} ends the path only when no {@code [} of the
     * path opened before it.
     */
    private static final Pattern FILE_URL =
            Pattern.compile("file://((?:\\[[^\\]\\s'\"`]*\\]|\\[|[^\\s'\"`,\\]\\}\\)\\[])+)");

    /** Groovy's {@code file('path')} with a literal path. */
    private static final Pattern GROOVY_FILE = Pattern.compile("\\bfile\\(\\s*['\"]([^'\"$]+)['\"]\\s*\\)");

    /** {@code checks.groovy:name}: a function of a file. */
    private static final Pattern FUNCTION_SUFFIX = Pattern.compile("(.*\\.[A-Za-z0-9]+):[A-Za-z_$][\\w$]*");

    /** Files larger than this are hashed but not searched for references. */
    private static final long SCAN_LIMIT = 16L << 20;

    private ConfigHash() {}

    /**
     * The hash of these config files and what they reference.
     *
     * @throws UncheckedIOException when a config file cannot be read
     */
    public static String of(List<Path> configFiles) {
        MessageDigest sha = Shard.sha256();
        if (configFiles.isEmpty()) {
            return HexFormat.of().formatHex(sha.digest());
        }
        Path firstDir = folder(configFiles.getFirst());
        Set<Path> seen = new HashSet<>();
        List<Path> pending = new ArrayList<>();
        int k = 0;
        for (Path f : configFiles) {
            byte[] bytes = read(f);
            feed(sha, "config " + k++, bytes);
            seen.add(f.toAbsolutePath().normalize());
            pending.add(f);
        }
        // breadth-first over references, each file once
        for (int i = 0; i < pending.size(); i++) {
            Path holder = pending.get(i);
            byte[] bytes;
            try {
                if (Files.size(holder) > SCAN_LIMIT) {
                    continue;
                }
                bytes = Files.readAllBytes(holder);
            } catch (IOException e) {
                continue;
            }
            for (String ref : references(new String(bytes, StandardCharsets.UTF_8), holder)) {
                if (ref.contains("{{") || ref.contains("{%")) {
                    continue; // a template: its text is in the holder's bytes already
                }
                Path dir = folder(holder);
                List<Path> found = resolve(dir, ref);
                if (found.isEmpty() && !dir.equals(firstDir)) {
                    dir = firstDir;
                    found = resolve(dir, ref);
                }
                if (found.isEmpty()) {
                    feed(sha, "missing " + ref, new byte[0]);
                    continue;
                }
                for (Path f : found) {
                    Path abs = f.toAbsolutePath().normalize();
                    if (!seen.add(abs)) {
                        continue;
                    }
                    String name = ref.startsWith("/")
                            ? abs.toString()
                            : dir.toAbsolutePath().normalize().relativize(abs).toString();
                    feed(sha, "file " + name.replace('\\', '/'), read(abs));
                    pending.add(abs);
                }
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /** The references in a file's text, in order, each once. */
    static List<String> references(String text, Path holder) {
        Set<String> out = new LinkedHashSet<>();
        Matcher m = FILE_URL.matcher(text);
        while (m.find()) {
            out.add(m.group(1));
        }
        if (holder.getFileName().toString().endsWith(".groovy")) {
            Matcher g = GROOVY_FILE.matcher(text);
            while (g.find()) {
                out.add(g.group(1));
            }
        }
        List<String> refs = new ArrayList<>();
        for (String r : out) {
            Matcher fn = FUNCTION_SUFFIX.matcher(r);
            refs.add(fn.matches() ? fn.group(1) : r);
        }
        return refs;
    }

    /** The files a reference names, resolved against a folder: one file, or a glob's matches in sorted order. */
    private static List<Path> resolve(Path dir, String ref) {
        boolean glob = ref.contains("*") || ref.contains("?") || ref.contains("[");
        Path base = dir.toAbsolutePath().normalize();
        if (!glob) {
            Path f;
            try {
                f = base.resolve(ref).normalize();
            } catch (java.nio.file.InvalidPathException e) {
                return List.of();
            }
            return Files.isRegularFile(f) ? List.of(f) : List.of();
        }
        String[] segments = ref.split("/");
        Path root = ref.startsWith("/") ? Path.of("/") : base;
        int i = 0;
        while (i < segments.length - 1 && !segments[i].matches(".*[*?{\\[].*")) {
            root = root.resolve(segments[i]);
            i++;
        }
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        PathMatcher matcher;
        try {
            matcher = FileSystems.getDefault()
                    .getPathMatcher("glob:" + base.resolve(ref).normalize());
        } catch (RuntimeException e) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile)
                    .filter(matcher::matches)
                    .map(p -> p.toAbsolutePath().normalize())
                    .sorted()
                    .toList();
        } catch (IOException | UncheckedIOException e) {
            return List.of();
        }
    }

    private static Path folder(Path file) {
        Path parent = file.toAbsolutePath().normalize().getParent();
        return parent == null ? Path.of("/") : parent;
    }

    private static byte[] read(Path f) {
        try {
            return Files.readAllBytes(f);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f + " to hash the config: " + e.getMessage(), e);
        }
    }

    /** A labelled, length-prefixed record, so no two different inputs run together into the same bytes. */
    private static void feed(MessageDigest sha, String label, byte[] bytes) {
        sha.update((label + "\n" + bytes.length + "\n").getBytes(StandardCharsets.UTF_8));
        sha.update(bytes);
    }
}
