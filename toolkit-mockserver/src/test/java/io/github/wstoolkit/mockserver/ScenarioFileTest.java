package io.github.wstoolkit.mockserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wstoolkit.api.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** YAML scenario files. */
class ScenarioFileTest {

    @TempDir
    Path dir;

    @Test
    void fileSetsRootServerScenarioAndEndpointScenarios() throws Exception {
        Path f = dir.resolve("s.yaml");
        Files.writeString(
                f,
                """
                root: legacy-realtime
                scenario:
                  gap: 0
                endpoints:
                  /ws-stream:
                    chunk: words:2
                    fault: close:1011:bye
                    after: 2
                """);
        ScenarioFile sf = ScenarioFile.load(f);
        assertEquals(Optional.of(RootBehaviour.LEGACY_REALTIME), sf.root());
        assertEquals(Scenario.parse("gap=0"), sf.scenario());
        assertEquals(
                Scenario.parse("chunk=words:2&fault=close:1011:bye&after=2"),
                sf.endpoints().get("/ws-stream"));
        try (MockServer server = sf.applyTo(MockServer.builder()).start();
                WsClient c = WsClient.connect(server.wsUri("/ws-stream"))) {
            c.next();
            c.send("{\"input\":\"a b c d\"}");
            assertEquals("{\"type\":\"delta\",\"message\":\"You said: \"}", c.next());
            assertEquals("{\"type\":\"delta\",\"message\":\"a b \"}", c.next());
            assertEquals(1011, c.awaitClose().getCloseCode().getCode());
        }
    }

    @Test
    void unknownKeysAndBadValuesNameTheFileAndKey() throws Exception {
        Path f = dir.resolve("bad.yaml");
        Files.writeString(f, "endpoints:\n  /ws:\n    ttfb: soon\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ScenarioFile.load(f));
        assertTrue(
                e.getMessage().startsWith(f + ": endpoints./ws: invalid scenario parameter ttfb=soon"), e.getMessage());

        Files.writeString(f, "endpoints:\n  /ws:\n    delay: 5\n");
        e = assertThrows(ConfigException.class, () -> ScenarioFile.load(f));
        assertTrue(e.getMessage().contains("endpoints./ws.delay: unknown scenario parameter"), e.getMessage());

        Files.writeString(f, "rooot: seed\n");
        e = assertThrows(ConfigException.class, () -> ScenarioFile.load(f));
        assertTrue(
                e.getMessage().contains("rooot: unknown key; expected one of root, scenario, endpoints"),
                e.getMessage());

        Files.writeString(f, "scenario: [1, 2\n");
        e = assertThrows(ConfigException.class, () -> ScenarioFile.load(f));
        assertTrue(e.getMessage().contains("invalid YAML"), e.getMessage());

        e = assertThrows(ConfigException.class, () -> ScenarioFile.load(dir.resolve("missing.yaml")));
        assertTrue(e.getMessage().endsWith("missing.yaml: scenario file not found"), e.getMessage());
    }

    // found by ScenarioFuzzTest: the file took the path, and the builder threw when the server was being started
    @Test
    void anEndpointPathWithASpaceOrQueryNamesTheFileAndKey() {
        Path f = Path.of("s.yaml");
        for (String path : List.of("/v1/rea ltime", "/ws?x=1", "/ws#top", "ws")) {
            ConfigException e = assertThrows(
                    ConfigException.class, () -> ScenarioFile.parse("endpoints:\n  " + path + ":\n    gap: 1\n", f));
            assertEquals(
                    "s.yaml: endpoints." + path
                            + ": an endpoint path starts with / and has no query, fragment or space, got '" + path
                            + "'",
                    e.getMessage());
        }
    }

    @Test
    void anEndpointTheServerDoesNotHaveIsAnError() throws Exception {
        ScenarioFile sf = ScenarioFile.parse("endpoints:\n  /nope:\n    gap: 1\n", null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> sf.applyTo(MockServer.builder())
                .start());
        assertTrue(e.getMessage().contains("/nope"), e.getMessage());
    }
}
