package io.github.wstoolkit.mockserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wstoolkit.api.ConfigException;
import io.github.wstoolkit.mockserver.fuzz.Fuzzer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the scenario parsers: a handshake's query string and a scenario file either give a scenario the server can
 * play (its query form reads back to the same scenario, its pacer draws delays) or are refused with an error naming
 * the parameter or the file and key; nothing else escapes, nothing hangs.
 */
class ScenarioFuzzTest {

    static final List<String> QUERY_DICTIONARY = List.of(
            "&",
            "=",
            "?",
            "ttfb=",
            "gap=",
            "jitter=",
            "seed=",
            "chunk=",
            "fault=",
            "after=",
            "words:",
            "chars:",
            "c:",
            "close:",
            "close:1000",
            "close:4999:",
            "stall",
            "malformed",
            "binary",
            "error:",
            "refuse:",
            "refuse:599",
            "oversized:",
            "oversized:32",
            "%3A",
            "%26",
            "%3D",
            "%",
            "%2",
            "%zz",
            "+",
            ":",
            "-",
            "9223372036854775807",
            "-9223372036854775808",
            "2147483647",
            "x".repeat(130));

    static final List<String> FILE_DICTIONARY = List.of(
            "root: ",
            "seed",
            "legacy-realtime",
            "scenario:",
            "endpoints:",
            "  /ws-stream:",
            "  /ws:",
            "/",
            "\n    ",
            "\n  ",
            "ttfb: ",
            "gap: ",
            "jitter: ",
            "seed: ",
            "chunk: ",
            "fault: ",
            "after: ",
            "close:1011:bye",
            "refuse:429",
            "&a ",
            "*a",
            "<<: ",
            "!!str ",
            "!!int ",
            "!!binary ",
            "? ",
            "- ",
            "[",
            "]",
            "{",
            "}",
            ", ",
            "'",
            "\"",
            "|\n",
            ">-\n",
            "~",
            "null",
            "true",
            "1e3",
            "0x1F",
            "---\n",
            "...\n",
            "#",
            "%YAML 1.2\n");

    @Test
    void anyQueryStringGivesAPlayableScenarioOrNamesTheBadParameter() {
        Fuzzer.Report report = Fuzzer.of("scenario-query", List.of(), QUERY_DICTIONARY, 20000, 1000)
                .run(query -> {
                    Scenario s;
                    try {
                        s = Scenario.parse(query);
                    } catch (IllegalArgumentException e) {
                        assertTrue(
                                e.getMessage().startsWith("invalid scenario parameter "),
                                () -> "names the parameter: " + e.getMessage());
                        return false;
                    }
                    if (wellFormed(query)) {
                        // a lone surrogate cannot be URL-encoded (it becomes '?'), and no handshake URL carries one
                        assertEquals(s, Scenario.parse(s.toQuery()), "the query form reads back");
                    }
                    playable(s);
                    return true;
                });
        assertTrue(report.accepted() > 0, () -> "nothing accepted: " + report);
    }

    @Test
    void anyScenarioFileGivesScenariosOrNamesTheFileAndKey() {
        Path file = Path.of("fuzz.yaml");
        Fuzzer.Report report = Fuzzer.of("scenario-file", List.of(), FILE_DICTIONARY, 6000, 2000)
                .run(yaml -> {
                    ScenarioFile sf;
                    try {
                        sf = ScenarioFile.parse(yaml, file);
                    } catch (ConfigException e) {
                        assertEquals(file, e.file().orElse(null), () -> "names the file: " + e.getMessage());
                        return false;
                    }
                    playable(sf.scenario());
                    sf.endpoints().forEach((path, s) -> {
                        assertTrue(path.startsWith("/"), path);
                        playable(s);
                    });
                    sf.applyTo(MockServer.builder());
                    return true;
                });
        assertTrue(report.accepted() > 0, () -> "nothing accepted: " + report);
    }

    private static boolean wellFormed(String s) {
        return s.equals(new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
    }

    /** What a connection does with its scenario before the first frame: draw delays, cut an answer into deltas. */
    private static void playable(Scenario s) {
        io.github.wstoolkit.mockserver.internal.Pacer pacer =
                new io.github.wstoolkit.mockserver.internal.Pacer(s, Duration.ofMillis(50));
        for (int i = 0; i < 4; i++) {
            assertFalse(pacer.next(i == 0).isNegative());
        }
        List<String> deltas = s.chunking().orElse(Chunking.ONE_WORD).split("Hello! How can I help?");
        assertEquals("Hello! How can I help?", String.join("", deltas));
        s.fault().ifPresent(f -> assertEquals(f, Fault.parse(Fault.format(f)), "the fault's text form reads back"));
        assertTrue(s.toString().startsWith("Scenario["));
    }
}
