package io.github.wstoolkit.snippets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wstoolkit.mockserver.MockServer;
import java.io.IOException;
import java.lang.module.Configuration;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The apps under {@code docs-snippets/apps/}, built as a Java developer would build them: each compiles (lint clean)
 * against one library's module graph alone, runs as its own process ({@code java -p … -m app/Main}) against the mock
 * server, and its graph holds none of the toolkit's other front ends (Groovy, JLine, picocli, the eval engine, YAML).
 * The ws app's module path is written to {@code target/example-apps/ws-app.modulepath} for
 * {@code docs-snippets/apps/link-ws-app.sh}, which links it into a runtime image.
 */
class ExampleAppsTest {

    /** What a user of a provider library should never get: the other front ends and their libraries. */
    private static final List<String> FOREIGN = List.of(
            "org.apache.groovy",
            "org.jline",
            "info.picocli",
            "org.snakeyaml",
            "io.github.wstoolkit.eval",
            "io.github.wstoolkit.groovy",
            "io.github.wstoolkit.dsl",
            "io.github.wstoolkit.shell",
            "io.github.wstoolkit.history",
            "org.junit");

    private static MockServer server;

    @BeforeAll
    static void start() {
        server = MockServer.builder().start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Path build(String app, String root, Configuration graph) throws IOException {
        Path src = ModulePaths.root().resolve("docs-snippets/apps").resolve(app);
        Path out =
                ModulePaths.root().resolve("docs-snippets/target/example-apps").resolve(app);
        Files.createDirectories(out);
        List<Path> sources;
        try (Stream<Path> s = Files.walk(src)) {
            sources = s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
        List<Path> mp = ModulePaths.locations(graph);
        List<String> problems = Javac.compile(
                Javac.files(sources),
                List.of(
                        "-d",
                        out.toString(),
                        "--class-path",
                        out.toString(),
                        "--module-path",
                        ModulePaths.join(mp),
                        "-Xlint:all",
                        "-Werror"));
        assertEquals(List.of(), problems, app + " compiles, lint clean, against " + root + " alone");
        List<Path> full = new ArrayList<>();
        full.add(out);
        full.addAll(mp);
        Files.writeString(out.resolveSibling(app + ".modulepath"), ModulePaths.join(full) + "\n");
        return out;
    }

    private static void assertNoForeignModules(Set<String> modules) {
        for (String m : modules) {
            for (String f : FOREIGN) {
                assertTrue(!m.startsWith(f), m + " is in the graph: " + modules);
            }
        }
    }

    private static List<Path> modulePath(Path app, Configuration dependencies) {
        List<Path> mp = new ArrayList<>();
        mp.add(app);
        mp.addAll(ModulePaths.locations(dependencies));
        return mp;
    }

    /** Runs {@code java --module-path … -m module/main args} in {@code dir}; returns exit code, stdout, stderr. */
    private static String[] run(Path dir, List<Path> mp, String main, String... args) throws Exception {
        String java = ProcessHandle.current()
                .info()
                .command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> cmd = new ArrayList<>(List.of(java, "--module-path", ModulePaths.join(mp), "-m", main));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).start();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the app ends");
        return new String[] {String.valueOf(p.exitValue()), out.get(30, TimeUnit.SECONDS), err.get(30, TimeUnit.SECONDS)
        };
    }

    private static String read(java.io.InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void theWebSocketAppNeedsToolkitWsAloneAndStreamsAnAnswer(@TempDir Path dir) throws Exception {
        Configuration graph = ModulePaths.dependencies("io.github.wstoolkit.ws");
        assertNoForeignModules(ModulePaths.names(graph));
        Path app = build("ws-app", "io.github.wstoolkit.ws", graph);
        List<Path> mp = modulePath(app, graph);
        assertNoForeignModules(ModulePaths.names(ModulePaths.launch(mp, "example.ws")));

        String[] r = run(
                dir, mp, "example.ws/example.ws.WsApp", server.wsUri("/?gap=0").toString(), "hello");
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].startsWith("Hello! How can I help you today? ("), r[1] + r[2]);
    }

    @Test
    void theRealtimeAppNeedsNoYamlLibraryAndSaysSoWhenGivenYamlTools(@TempDir Path dir) throws Exception {
        Configuration graph = ModulePaths.dependencies("io.github.wstoolkit.realtime");
        assertNoForeignModules(ModulePaths.names(graph));
        Path app = build("realtime-app", "io.github.wstoolkit.realtime", graph);
        List<Path> mp = modulePath(app, graph);
        assertNoForeignModules(ModulePaths.names(ModulePaths.launch(mp, "example.realtime")));
        String api = server.uri().resolve("/v1").toString();

        String[] ok = run(dir, mp, "example.realtime/example.realtime.RealtimeApp", api, "hello");
        assertEquals("0", ok[0], ok[2]);
        assertTrue(ok[1].contains("Hello"), ok[1] + ok[2]);

        Files.writeString(dir.resolve("tools.yaml"), "- type: function\n  name: get_weather\n");
        String[] yaml =
                run(dir, mp, "example.realtime/example.realtime.RealtimeApp", api, "hello", "file://tools.yaml");
        assertNotEquals("0", yaml[0], "YAML tools without a YAML library fail");
        assertTrue(yaml[2].contains("tools.yaml is not JSON, and reading it as YAML needs snakeyaml-engine"), yaml[2]);

        Files.writeString(dir.resolve("tools.json"), "[{\"type\":\"function\",\"name\":\"get_weather\"}]");
        String[] json =
                run(dir, mp, "example.realtime/example.realtime.RealtimeApp", api, "hello", "file://tools.json");
        assertEquals("0", json[0], json[2]);
    }
}
