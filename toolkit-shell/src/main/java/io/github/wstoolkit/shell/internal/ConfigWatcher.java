package io.github.wstoolkit.shell.internal;

import io.github.wstoolkit.eval.EvalConfig;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * {@code wst eval --watch}: waits until one of a run's files changes (its config files, the files they reference with
 * {@code file://}: prompts, tests, vars, transforms, schemas), with {@link WatchService} on their folders. Editors
 * write a file in several steps, so events that follow within a moment count as the same change.
 */
final class ConfigWatcher implements AutoCloseable {

    /** How long after a change other events still count as part of it. */
    private static final long SETTLE_MS = 300;

    private final WatchService service;
    private final Set<Path> files;

    private ConfigWatcher(WatchService service, Set<Path> files) {
        this.service = service;
        this.files = files;
    }

    static ConfigWatcher of(List<Path> files) throws IOException {
        WatchService service = FileSystems.getDefault().newWatchService();
        Set<Path> watched = new LinkedHashSet<>();
        Set<Path> folders = new LinkedHashSet<>();
        for (Path f : files) {
            Path abs = f.toAbsolutePath().normalize();
            watched.add(abs);
            if (abs.getParent() != null && Files.isDirectory(abs.getParent())) {
                folders.add(abs.getParent());
            }
        }
        try {
            for (Path d : folders) {
                d.register(
                        service,
                        StandardWatchEventKinds.ENTRY_CREATE,
                        StandardWatchEventKinds.ENTRY_MODIFY,
                        StandardWatchEventKinds.ENTRY_DELETE);
            }
        } catch (IOException e) {
            service.close();
            throw e;
        }
        return new ConfigWatcher(service, watched);
    }

    /**
     * Blocks until a watched file changes; returns it, or empty when the watch service was closed.
     *
     * @throws InterruptedException when the thread is interrupted (Ctrl-C ends a watch that way when embedded)
     */
    Optional<Path> awaitChange() throws InterruptedException {
        try {
            while (true) {
                WatchKey key = service.take();
                Optional<Path> hit = hit(key);
                if (hit.isPresent()) {
                    // let the editor finish writing: swallow the events of the next moment
                    WatchKey more;
                    while ((more = service.poll(SETTLE_MS, TimeUnit.MILLISECONDS)) != null) {
                        more.pollEvents();
                        more.reset();
                    }
                    return hit;
                }
            }
        } catch (ClosedWatchServiceException e) {
            return Optional.empty();
        }
    }

    private Optional<Path> hit(WatchKey key) {
        Optional<Path> found = Optional.empty();
        Path dir = (Path) key.watchable();
        for (WatchEvent<?> e : key.pollEvents()) {
            if (e.context() instanceof Path name) {
                Path p = dir.resolve(name).toAbsolutePath().normalize();
                if (files.contains(p) && found.isEmpty()) {
                    found = Optional.of(p);
                }
            } else if (e.kind() == StandardWatchEventKinds.OVERFLOW && found.isEmpty()) {
                found = Optional.of(dir);
            }
        }
        key.reset();
        return found;
    }

    @Override
    public void close() throws IOException {
        service.close();
    }

    /**
     * The files a run read: the config files and every {@code file://} reference in them (resolved against the
     * config's folder; {@code file://x.groovy:fn} is {@code x.groovy}; a glob stands for the files it matches now).
     */
    static List<Path> referencedFiles(EvalConfig config, List<Path> configFiles) {
        Set<Path> out = new LinkedHashSet<>();
        configFiles.forEach(f -> out.add(f.toAbsolutePath().normalize()));
        Path base = configFiles.isEmpty()
                ? Path.of("").toAbsolutePath()
                : configFiles.getFirst().toAbsolutePath().getParent();
        List<String> refs = new ArrayList<>();
        collect(config.raw(), refs);
        for (String ref : refs) {
            String r = ref.substring("file://".length());
            int colon = r.lastIndexOf(':');
            if (colon > 1 && !r.substring(colon + 1).contains("/")) {
                r = r.substring(0, colon); // file://checks.groovy:functionName
            }
            if (r.contains("*") || r.contains("?") || r.contains("{")) {
                try (var s = Files.walk(base, 4)) {
                    var matcher = FileSystems.getDefault()
                            .getPathMatcher("glob:" + base.resolve(r).normalize());
                    s.filter(matcher::matches)
                            .forEach(p -> out.add(p.toAbsolutePath().normalize()));
                } catch (IOException | RuntimeException e) {
                    // a glob we cannot walk: the config files are still watched
                }
            } else {
                out.add(base.resolve(r).toAbsolutePath().normalize());
            }
        }
        return List.copyOf(out);
    }

    private static void collect(Object value, List<String> refs) {
        if (value instanceof String s && s.startsWith("file://")) {
            refs.add(s);
        } else if (value instanceof Map<?, ?> m) {
            m.forEach((k, v) -> {
                collect(k, refs);
                collect(v, refs);
            });
        } else if (value instanceof List<?> l) {
            l.forEach(v -> collect(v, refs));
        }
    }
}
