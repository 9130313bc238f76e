package io.github.wstoolkit.snippets;

import java.io.File;
import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.lang.module.ResolvedModule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The module path a user of one library would have: the modules its graph resolves to (services bound, as
 * {@code java -m} does), found among the jars and class folders this test runs with.
 */
final class ModulePaths {

    private ModulePaths() {}

    static Path root() {
        return Path.of(System.getProperty("wst.root", "..")).toAbsolutePath().normalize();
    }

    /** Every entry of the test's class path: our modules and their libraries, JUnit too. */
    static List<Path> testPath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(s -> !s.isBlank())
                .map(Path::of)
                .filter(Files::exists)
                .distinct()
                .toList();
    }

    /**
     * What a build tool puts on a user's module path for these root modules: their {@code requires} closure, found
     * among {@link #testPath()} (which holds every module of the toolkit).
     */
    static Configuration dependencies(String... roots) {
        return Configuration.resolve(
                ModuleFinder.of(testPath().toArray(Path[]::new)),
                List.of(ModuleLayer.boot().configuration()),
                ModuleFinder.of(),
                Set.of(roots));
    }

    /** What {@code java --module-path path -m root/...} runs with: the path's graph of root, services bound. */
    static Configuration launch(List<Path> path, String root) {
        return Configuration.resolveAndBind(
                ModuleFinder.of(path.toArray(Path[]::new)),
                List.of(ModuleLayer.boot().configuration()),
                ModuleFinder.of(),
                Set.of(root));
    }

    /** The names of the non-JDK modules of a graph. */
    static Set<String> names(Configuration cf) {
        return cf.modules().stream().map(ResolvedModule::name).collect(Collectors.toCollection(TreeSet::new));
    }

    /** The jars and folders of a graph's modules, as a module path. */
    static List<Path> locations(Configuration cf) {
        return cf.modules().stream()
                .map(m -> m.reference().location().map(Path::of).orElseThrow())
                .sorted()
                .toList();
    }

    static String join(List<Path> paths) {
        return paths.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
    }
}
