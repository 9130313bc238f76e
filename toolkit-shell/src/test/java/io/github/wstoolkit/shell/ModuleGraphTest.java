package io.github.wstoolkit.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.lang.module.Configuration;
import java.lang.module.FindException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.lang.module.ResolvedModule;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dependency rules the README states ("The parts"), checked on the real module graph: the module path this test
 * runs on holds every wstoolkit module and library, and the test resolves subsets of it. The rules: toolkit-ws,
 * toolkit-realtime and toolkit-mockserver run without Groovy or JLine; toolkit-groovy does not require the eval
 * engine, and the eval engine requires no Groovy (the DSL plugs in from its own module); nothing requires the shell;
 * every module is a real module that exports no internal package.
 */
class ModuleGraphTest {

    private static ModuleFinder all;
    private static ModuleFinder withoutGroovyAndJline;

    @BeforeAll
    static void modulePath() {
        String mp = System.getProperty("jdk.module.path");
        assertTrue(mp != null && !mp.isBlank(), "tests must run on the module path");
        // Surefire puts the modules the test module reads on the module path and the rest of the test
        // dependencies on the class path; together they are every jar the build produced or uses.
        String cp = System.getProperty("java.class.path", "");
        List<Path> entries = Arrays.stream((mp + File.pathSeparator + cp).split(File.pathSeparator))
                .filter(s -> !s.isBlank())
                .map(Path::of)
                .filter(p -> p.toFile().exists())
                .distinct()
                .toList();
        all = ModuleFinder.of(entries.toArray(Path[]::new));
        Path[] kept = entries.stream()
                .filter(p -> all.findAll().stream()
                        .filter(ref ->
                                ref.location().map(u -> Path.of(u).equals(p)).orElse(false))
                        .map(ref -> ref.descriptor().name())
                        .noneMatch(ModuleGraphTest::isGroovyOrJline))
                .toArray(Path[]::new);
        withoutGroovyAndJline = ModuleFinder.of(kept);
    }

    private static boolean isGroovyOrJline(String module) {
        return module.startsWith("org.apache.groovy") || module.startsWith("org.jline");
    }

    private static Configuration resolve(ModuleFinder finder, String... roots) {
        return Configuration.resolve(
                ModuleFinder.compose(ModuleFinder.ofSystem(), finder),
                List.of(Configuration.empty()),
                ModuleFinder.of(),
                Set.of(roots));
    }

    @Test
    void wsRealtimeAndMockServerResolveWithoutGroovyOrJline() {
        Configuration cf = resolve(
                withoutGroovyAndJline,
                "io.github.wstoolkit.ws",
                "io.github.wstoolkit.realtime",
                "io.github.wstoolkit.mockserver");
        Set<String> resolved =
                cf.modules().stream().map(ResolvedModule::name).collect(Collectors.toCollection(TreeSet::new));
        assertTrue(resolved.contains("io.github.wstoolkit.ws"), resolved::toString);
        assertTrue(resolved.contains("io.github.wstoolkit.realtime"), resolved::toString);
        assertTrue(resolved.contains("io.github.wstoolkit.mockserver"), resolved::toString);
        assertFalse(resolved.stream().anyMatch(ModuleGraphTest::isGroovyOrJline), resolved::toString);
    }

    @Test
    void theFilteredPathReallyLacksGroovy() {
        // control: the same finder cannot resolve the Groovy module, so the test above proves something
        FindException e =
                assertThrows(FindException.class, () -> resolve(withoutGroovyAndJline, "io.github.wstoolkit.groovy"));
        assertTrue(e.getMessage().contains("org.apache.groovy"), e.getMessage());
    }

    @Test
    void theEvalEngineNeedsNeitherSqlNorGroovyTheStorePlugsInFromItsOwnModule() {
        Configuration cf = resolve(all, "io.github.wstoolkit.eval");
        Set<String> resolved =
                cf.modules().stream().map(ResolvedModule::name).collect(Collectors.toCollection(TreeSet::new));
        assertFalse(resolved.contains("java.sql"), resolved::toString);
        assertFalse(resolved.contains("org.xerial.sqlitejdbc"), resolved::toString);
        assertFalse(resolved.stream().anyMatch(ModuleGraphTest::isGroovyOrJline), resolved::toString);
        Set<String> history = resolve(all, "io.github.wstoolkit.history").modules().stream()
                .map(ResolvedModule::name)
                .collect(Collectors.toCollection(TreeSet::new));
        assertTrue(history.contains("org.xerial.sqlitejdbc"), history::toString);
        assertTrue(history.contains("org.glassfish.grizzly.http.server"), history::toString);
        assertFalse(history.stream().anyMatch(ModuleGraphTest::isGroovyOrJline), history::toString);
    }

    @Test
    void groovyDoesNotRequireTheEvalEngineAndTheEngineRequiresNoGroovy() {
        ModuleDescriptor groovy = descriptor("io.github.wstoolkit.groovy");
        assertFalse(
                groovy.requires().stream().anyMatch(r -> r.name().equals("io.github.wstoolkit.eval")),
                groovy.requires().toString());
        // resolved, the engine's whole graph has no Groovy in it
        Configuration cf = resolve(withoutGroovyAndJline, "io.github.wstoolkit.eval");
        Set<String> resolved =
                cf.modules().stream().map(ResolvedModule::name).collect(Collectors.toCollection(TreeSet::new));
        assertTrue(resolved.contains("io.github.wstoolkit.eval"), resolved::toString);
        assertFalse(resolved.stream().anyMatch(ModuleGraphTest::isGroovyOrJline), resolved::toString);
    }

    @Test
    void theDslProvidesTheGroovyConfigFormatThatTheEngineUses() {
        ModuleDescriptor eval = descriptor("io.github.wstoolkit.eval");
        assertTrue(
                eval.uses().contains("io.github.wstoolkit.eval.spi.ConfigFormat"),
                eval.uses().toString());
        ModuleDescriptor dsl = descriptor("io.github.wstoolkit.dsl");
        assertTrue(
                dsl.provides().stream().anyMatch(p -> p.service().equals("io.github.wstoolkit.eval.spi.ConfigFormat")),
                dsl.provides().toString());
        // the DSL resolves without the shell or JLine (README, "The parts")
        Set<String> resolved = resolve(all, "io.github.wstoolkit.dsl").modules().stream()
                .map(ResolvedModule::name)
                .collect(Collectors.toCollection(TreeSet::new));
        assertFalse(resolved.contains("io.github.wstoolkit.shell"), resolved::toString);
        assertFalse(resolved.stream().anyMatch(m -> m.startsWith("org.jline")), resolved::toString);
    }

    private static ModuleDescriptor descriptor(String name) {
        return all.find(name)
                .orElseThrow(() -> new AssertionError(name + " is not on the module path"))
                .descriptor();
    }

    @Test
    void nothingRequiresTheShell() {
        List<String> offenders = all.findAll().stream()
                .map(ModuleReference::descriptor)
                .filter(d -> d.requires().stream().anyMatch(r -> r.name().equals("io.github.wstoolkit.shell")))
                .map(ModuleDescriptor::name)
                .toList();
        assertEquals(List.of(), offenders);
    }

    @Test
    void everyToolkitModuleIsARealModuleThatExportsOnlyApiPackages() {
        List<ModuleDescriptor> ours = all.findAll().stream()
                .map(ModuleReference::descriptor)
                .filter(d -> d.name().startsWith("io.github.wstoolkit."))
                .toList();
        assertEquals(
                Set.of("api", "ws", "realtime", "mockserver", "eval", "groovy", "dsl", "history", "shell"),
                ours.stream()
                        .map(d -> d.name().substring("io.github.wstoolkit.".length()))
                        .collect(Collectors.toSet()));
        Set<String> qualified = new TreeSet<>();
        for (ModuleDescriptor d : ours) {
            assertFalse(d.isAutomatic(), d.name() + " is automatic");
            for (ModuleDescriptor.Exports e : d.exports()) {
                if (e.isQualified()) {
                    qualified.add(d.name() + ": " + e.source() + " to " + new TreeSet<>(e.targets()));
                } else {
                    assertFalse(e.source().contains(".internal"), d.name() + " exports " + e.source());
                }
            }
        }
        // an internal package reaches another module only by name: the call recorder, shared with Realtime, the
        // transform compiler found on the module path, for the modules that compile config text, and the cache of
        // compiled Groovy classes, shared with the DSL's script compiler
        assertEquals(
                Set.of(
                        "io.github.wstoolkit.api: io.github.wstoolkit.api.internal.transform to [io.github.wstoolkit.eval,"
                                + " io.github.wstoolkit.realtime, io.github.wstoolkit.shell, io.github.wstoolkit.ws]",
                        "io.github.wstoolkit.groovy: io.github.wstoolkit.groovy.internal to [io.github.wstoolkit.dsl]",
                        "io.github.wstoolkit.ws: io.github.wstoolkit.ws.internal.calls to [io.github.wstoolkit.realtime]"),
                qualified);
    }

    @Test
    void serviceImplementationsLiveInPackagesThatAreNotExported() {
        // a ProviderFactory or TransformCompiler is found through ServiceLoader, never named by a user
        List<String> offenders = all.findAll().stream()
                .map(ModuleReference::descriptor)
                .filter(d -> d.name().startsWith("io.github.wstoolkit."))
                .flatMap(d -> d.provides().stream()
                        .flatMap(p -> p.providers().stream())
                        .filter(impl -> d.exports().stream()
                                .anyMatch(e -> !e.isQualified()
                                        && e.source().equals(impl.substring(0, impl.lastIndexOf('.')))))
                        .map(impl -> d.name() + " provides " + impl))
                .toList();
        assertEquals(List.of(), offenders);
    }

    @Test
    void theClassPathRegistrationsListWhatTheModulesProvide() throws Exception {
        // on the class path (PIT, a Java user without modules) ServiceLoader reads META-INF/services, not module-info:
        // each toolkit module's files must name exactly the implementations its descriptor provides
        List<String> mismatches = new java.util.ArrayList<>();
        int checked = 0;
        for (ModuleReference ref : all.findAll()) {
            java.lang.module.ModuleDescriptor d = ref.descriptor();
            if (!d.name().startsWith("io.github.wstoolkit.")) {
                continue;
            }
            try (java.lang.module.ModuleReader reader = ref.open()) {
                for (java.lang.module.ModuleDescriptor.Provides p : d.provides()) {
                    checked++;
                    java.util.Optional<java.io.InputStream> in = reader.open("META-INF/services/" + p.service());
                    List<String> listed = List.of();
                    if (in.isPresent()) {
                        try (java.io.InputStream is = in.get()) {
                            listed = new String(is.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
                                    .lines()
                                    .map(String::strip)
                                    .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                                    .toList();
                        }
                    }
                    if (!new java.util.HashSet<>(listed).equals(new java.util.HashSet<>(p.providers()))) {
                        mismatches.add(d.name() + " provides " + p.service() + " with " + p.providers()
                                + " but META-INF/services lists " + listed);
                    }
                }
            }
        }
        assertTrue(checked >= 6, "the toolkit's modules provide services: " + checked);
        assertEquals(List.of(), mismatches);
    }
}
