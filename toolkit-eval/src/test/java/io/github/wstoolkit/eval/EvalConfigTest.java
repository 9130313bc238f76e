package io.github.wstoolkit.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several config files make one run, as {@code wst eval -c a.yaml -c b.yaml} does. */
class EvalConfigTest {

    @TempDir
    Path dir;

    @Test
    void mergingAddsListsLetsLaterValuesWinAndKeepsOneOfEachPrompt() {
        EvalConfig a = ConfigLoader.parse(
                """
                description: first
                prompts: ['Say {{ w }}', 'Shout {{ w }}']
                providers: [test:a]
                tests: [{vars: {w: hi}}]
                env: {A: '1', B: '1'}
                evaluateOptions: {maxConcurrency: 2, repeat: 3}
                outputPath: a.json
                metadata: {team: x, owner: a}
                mockServer: {port: 1}
                """,
                dir);
        EvalConfig b = ConfigLoader.parse(
                """
                description: second
                prompts: ['Say {{ w }}', 'Whisper {{ w }}']
                providers: [test:b]
                tests: [{vars: {w: yo}}, {vars: {w: ho}}]
                env: {B: '2'}
                evaluateOptions: {repeat: 1, delay: 5}
                outputPath: [b.csv]
                metadata: {owner: b}
                """,
                dir);
        EvalConfig m = EvalConfig.merge(List.of(a, b));
        assertEquals(Optional.of("first, second"), m.description());
        assertEquals(
                List.of("Say {{ w }}", "Shout {{ w }}", "Whisper {{ w }}"),
                m.prompts().stream().map(PromptSpec::raw).toList());
        assertEquals(
                List.of("test:a", "test:b"),
                m.providers().stream().map(ProviderEntry::id).toList());
        assertEquals(3, m.tests().size());
        assertEquals(Map.of("A", "1", "B", "2"), m.env());
        assertEquals(
                new EvaluateOptions(
                        OptionalInt.of(2),
                        OptionalInt.of(1),
                        OptionalLong.of(5),
                        OptionalLong.empty(),
                        OptionalLong.empty()),
                m.evaluateOptions());
        assertEquals(List.of("a.json", "b.csv"), m.outputPaths());
        assertEquals(Map.of("team", "x", "owner", "b"), m.metadata());
        assertEquals(1, m.mockServer().orElseThrow().port(), "the last config that names a mock server");
        assertSame(a, EvalConfig.merge(List.of(a)), "one config is itself");
    }
}
