package io.github.wstoolkit.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wstoolkit.mockserver.MockServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a promptfoo user types works: flags in any order, env files, config keys, graders, filters, init, validate. */
class PromptfooHabitsTest {

    @TempDir
    Path dir;

    /** Runs wst in-process with this folder as the working folder. */
    private WstTest.Result wst(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Wst.run(
                args,
                new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                env,
                dir);
        return new WstTest.Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Path write(String name, String text) throws Exception {
        Path f = dir.resolve(name);
        Files.createDirectories(f.getParent());
        Files.writeString(f, text);
        return f;
    }

    private static final String ECHO_TESTS =
            """
            prompts: ['{{ q }}']
            providers: [echo]
            tests:
              - description: alpha
                vars: {q: alpha}
                metadata: {suite: smoke, tags: [fast, core]}
                assert: [{type: equals, value: alpha}]
              - description: beta
                vars: {q: beta}
                metadata: {suite: full}
                assert: [{type: equals, value: beta}]
              - description: gamma
                vars: {q: gamma}
                metadata: {suite: smoke}
                assert: [{type: equals, value: gamma}]
            """;

    @Test
    void anUnknownOptionAnywhereIsAUsageErrorNamingTheClosestOption() throws Exception {
        Path c = write("promptfooconfig.yaml", ECHO_TESTS);
        WstTest.Result r = wst(Map.of(), "eval", "-c", c.toString(), "--no-cach", "--no-write");
        assertEquals(1, r.code(), r.err());
        assertEquals(
                "wst eval: unknown option '--no-cach' (did you mean '--no-cache'?) (wst eval --help lists the options)"
                        + System.lineSeparator(),
                r.err());
        // after -o it is not a file name either
        WstTest.Result o = wst(Map.of(), "eval", "-c", c.toString(), "-o", "out.json", "--sharee", "--no-write");
        assertEquals(1, o.code());
        assertTrue(o.err().contains("unknown option '--sharee' (did you mean '--share'?)"), o.err());
        assertFalse(Files.exists(dir.resolve("out.json")));
        // every command: a bad value or a missing argument exits 1 too
        assertEquals(1, wst(Map.of(), "mock", "--port", "x").code());
        assertEquals(1, wst(Map.of(), "eval", "-c").code());
        assertEquals(1, wst(Map.of(), "evl").code());
        assertTrue(wst(Map.of(), "evl").err().contains("unknown command 'evl' (did you mean 'eval'?)"));
    }

    @Test
    void aPromptfooCiLineRunsWithOneNoteForEachFlagThatMeansNothingHere() throws Exception {
        write("promptfooconfig.yaml", ECHO_TESTS);
        WstTest.Result r = wst(
                Map.of(),
                "eval",
                "--no-cache",
                "-c",
                "promptfooconfig.yaml",
                "--no-write",
                "--share",
                "--no-progress-bar",
                "-o",
                "out.json");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("wst: note: --no-cache: wst keeps no response cache"), r.err());
        assertTrue(r.err().contains("wst: note: --share: wst does not upload results"), r.err());
        assertTrue(Files.exists(dir.resolve("out.json")));
        assertTrue(r.out().endsWith("3 passed, 0 failed, 0 errors" + System.lineSeparator()), r.out());
    }

    @Test
    void extensionHooksAreRefusedBeforeAnythingRuns() throws Exception {
        write("promptfooconfig.yaml", ECHO_TESTS);
        WstTest.Result r = wst(Map.of(), "eval", "-x", "file://hooks.js", "--no-write");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("extension hooks (JavaScript or Python) are not supported"), r.err());
    }

    @Test
    void filtersSelectAsPromptfooAndAnEmptySelectionIsAUsageError() throws Exception {
        write("promptfooconfig.yaml", ECHO_TESTS);
        WstTest.Result meta =
                wst(Map.of(), "eval", "--filter-metadata", "suite=smoke", "--no-write", "--no-progress-bar");
        assertEquals(0, meta.code(), meta.err());
        assertTrue(meta.out().contains("| alpha ")
                && meta.out().contains("| gamma ")
                && !meta.out().contains("| beta "));
        WstTest.Result both = wst(
                Map.of(), "eval", "--filter-metadata", "suite=smoke", "--filter-metadata", "tags=core", "--no-write");
        assertTrue(both.out().endsWith("1 passed, 0 failed, 0 errors" + System.lineSeparator()), both.out());
        WstTest.Result range = wst(Map.of(), "eval", "--filter-range", "1:", "--no-write", "--no-table");
        assertEquals("2 passed, 0 failed, 0 errors" + System.lineSeparator(), range.out());
        WstTest.Result prompts = wst(Map.of(), "eval", "--filter-prompts", "nomatch", "--no-write");
        assertEquals(1, prompts.code());
        assertTrue(prompts.err().contains("no prompt matches --filter-prompts nomatch"), prompts.err());
        for (String[] f : List.of(
                new String[] {"--filter-pattern", "nomatch"},
                new String[] {"--filter-providers", "nomatch"},
                new String[] {"--filter-metadata", "suite=none"},
                new String[] {"--filter-range", "5:9"})) {
            WstTest.Result r = wst(Map.of(), "eval", f[0], f[1], "--no-write");
            assertEquals(1, r.code(), f[0] + ": " + r.err());
            assertTrue(r.err().startsWith("wst: no "), r.err());
            assertTrue(r.err().contains(f[1]), r.err());
        }
        assertEquals(
                1, wst(Map.of(), "eval", "--filter-range", "2-3", "--no-write").code());
    }

    @Test
    void failingOnlyAndErrorsOnlySplitAResultsFileAsPromptfooDoes() throws Exception {
        write("promptfooconfig.yaml", ECHO_TESTS);
        write(
                "before.json",
                """
                {"results": {"results": [
                  {"vars": {"q": "alpha"}, "success": true, "failureReason": 0},
                  {"vars": {"q": "beta"}, "success": false, "failureReason": 1},
                  {"vars": {"q": "gamma"}, "success": false, "failureReason": 2, "error": "boom"}
                ]}}
                """);
        WstTest.Result failed = wst(Map.of(), "eval", "--filter-failing-only", "before.json", "--no-write");
        assertTrue(failed.out().contains("| beta ") && !failed.out().contains("| gamma "), failed.out());
        WstTest.Result errored = wst(Map.of(), "eval", "--filter-errors-only", "before.json", "--no-write");
        assertTrue(errored.out().contains("| gamma ") && !errored.out().contains("| beta "), errored.out());
        WstTest.Result both = wst(
                Map.of(),
                "eval",
                "--filter-failing-only",
                "before.json",
                "--filter-errors-only",
                "before.json",
                "--no-write",
                "--no-table");
        assertEquals("2 passed, 0 failed, 0 errors" + System.lineSeparator(), both.out());
    }

    @Test
    void aSeededSampleIsTheOnePromptfooDraws() throws Exception {
        StringBuilder tests = new StringBuilder("prompts: ['{{ q }}']\nproviders: [echo]\ntests:\n");
        for (int i = 0; i < 10; i++) {
            tests.append("  - {description: t")
                    .append(i)
                    .append(", vars: {q: t")
                    .append(i)
                    .append("}}\n");
        }
        write("promptfooconfig.yaml", tests.toString());
        WstTest.Result r = wst(
                Map.of(),
                "eval",
                "--filter-sample",
                "3",
                "--filter-sample-seed",
                "42",
                "--no-write",
                "--no-progress-bar");
        assertEquals(0, r.code(), r.err());
        // promptfoo 0.123.1's createSeededRandom(42) with its Fisher-Yates shuffle picks tests 2, 5, 4 (node)
        List<String> names = Pattern.compile("\\| (t\\d) ")
                .matcher(r.out())
                .results()
                .map(m -> m.group(1))
                .distinct()
                .toList();
        assertEquals(List.of("t2", "t5", "t4"), names, r.out());
    }

    @Test
    void storeOutputAsGivesLaterTestsTheStoredOutput() throws Exception {
        write(
                "promptfooconfig.yaml",
                """
                prompts: ['{{ q }}{{ first }}']
                providers: [echo]
                tests:
                  - vars: {q: 'alpha'}
                    options: {storeOutputAs: first}
                  - vars: {q: 'Repeat '}
                    assert: [{type: equals, value: 'Repeat alpha'}]
                """);
        WstTest.Result r = wst(Map.of(), "eval", "-j", "4", "--no-write", "--no-progress-bar");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("Running at concurrency 1 because storeOutputAs is used."), r.err());
    }

    @Test
    void dotEnvFilesAreReadAsPromptfooReadsThem() throws Exception {
        write("cfg/promptfooconfig.yaml", "prompts: ['{{ env.GREETING }}/{{ env.OTHER }}']\nproviders: [echo]\n");
        write("cfg/.env", "# beside the config\nGREETING=from-config-folder\nOTHER='quoted value' # comment\n");
        write(".env", "export GREETING=\"from-working-folder\"\n");
        write("ci.env", "GREETING=from-env-file\n");
        String c = "cfg/promptfooconfig.yaml";
        assertTrue(wst(Map.of(), "eval", "-c", c, "--no-write").out().contains("from-working-folder/quoted value"));
        // the environment wins over .env files
        assertTrue(wst(Map.of("GREETING", "from-env"), "eval", "-c", c, "--no-write")
                .out()
                .contains("from-env/"));
        // --env-file wins over the environment, as promptfoo's
        WstTest.Result f = wst(Map.of("GREETING", "from-env"), "eval", "-c", c, "--env-file", "ci.env", "--no-write");
        assertTrue(f.out().contains("from-env-file/quoted value"), f.out());
        WstTest.Result missing = wst(Map.of(), "eval", "-c", c, "--env-file", "nope.env", "--no-write");
        assertEquals(1, missing.code());
        assertTrue(missing.err().contains("Environment file not found: " + dir.resolve("nope.env")), missing.err());
    }

    @Test
    void aTypoInTestOptionsOrAProviderConfigIsAWarningWithTheClosestKey() throws Exception {
        write(
                "promptfooconfig.yaml",
                """
                prompts: ['{{ q }}']
                providers:
                  - id: echo
                    config: {maxRetrys: 2}
                tests:
                  - vars: {q: a}
                    options: {storeOutputAz: x, prefix: 'p: '}
                """);
        WstTest.Result r = wst(Map.of(), "eval", "--no-write");
        assertEquals(0, r.code(), r.err());
        Path f = dir.resolve("promptfooconfig.yaml");
        assertTrue(
                r.err()
                        .contains(f + ":4: providers[0].config.maxRetrys: not an option of echo providers (did you"
                                + " mean 'maxRetries'?), ignored"),
                r.err());
        assertTrue(
                r.err()
                        .contains(f + ":7: tests[0].options.storeOutputAz: unknown key (did you mean"
                                + " 'storeOutputAs'?), ignored"),
                r.err());
        assertTrue(r.err().contains("tests[0].options.prefix: promptfoo's test option 'prefix' is not supported"));
    }

    @Test
    void aMissingGraderFailsOnceBeforeTheRunAndTheDefaultGraderGradesWithAKey() throws Exception {
        write(
                "promptfooconfig.yaml",
                """
                prompts: ['{{ q }}']
                providers: [echo]
                tests:
                  - vars: {q: Our refund policy is thirty days}
                    assert: [{type: llm-rubric, value: "Mentions 'refund'"}]
                  - vars: {q: Hello}
                    assert: [{type: llm-rubric, value: "Mentions 'refund'"}]
                """);
        WstTest.Result none = wst(Map.of(), "eval", "--no-write");
        assertEquals(1, none.code());
        assertTrue(none.err().contains("llm-rubric needs a grader"), none.err());
        assertFalse(none.out().contains("passed"), "nothing ran: " + none.out());
        WstTest.Result badGrader = wst(Map.of(), "eval", "--no-write", "--grader", "openai:gpt-4o-mini");
        assertEquals(1, badGrader.code());
        assertTrue(
                badGrader.err().contains("API key is not set. Set the OPENAI_API_KEY environment variable"),
                badGrader.err());
        try (MockServer mock = MockServer.start()) {
            Map<String, String> env = new HashMap<>();
            env.put("OPENAI_API_KEY", "sk-test-habits-0123456789");
            env.put("OPENAI_BASE_URL", "http://127.0.0.1:" + mock.port() + "/v1");
            WstTest.Result graded = wst(env, "eval", "--no-write", "--no-progress-bar", "-o", "r.json");
            assertEquals(100, graded.code(), graded.err());
            assertTrue(graded.out().contains("1 passed, 1 failed, 0 errors"), graded.out());
            assertTrue(graded.out().contains("The output does not mention 'refund' --- Hello"), graded.out());
            String json = Files.readString(dir.resolve("r.json"));
            assertFalse(
                    json.contains("sk-test-habits-0123456789") || graded.err().contains("sk-test-habits"));
        }
    }

    @Test
    void modelOutputsAreCheckedByAnAssertionsFileWithoutAProvider() throws Exception {
        write("outputs.json", "[\"Paris is the capital\", {\"output\": \"Lyon\", \"tags\": [\"x\"]}]");
        write("asserts.yaml", "- type: icontains\n  value: paris\n");
        WstTest.Result r = wst(
                Map.of(),
                "eval",
                "--model-outputs",
                "outputs.json",
                "-a",
                "asserts.yaml",
                "--no-write",
                "--no-progress-bar");
        assertEquals(100, r.code(), r.err());
        assertTrue(r.out().contains("1 passed, 1 failed, 0 errors"), r.out());
    }

    @Test
    void validateChecksAConfigWithoutRunningIt() throws Exception {
        Path ok = write("promptfooconfig.yaml", ECHO_TESTS);
        WstTest.Result r = wst(Map.of(), "validate", "-c", ok.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("Configuration is valid: 1 prompt, 1 provider, 3 tests"), r.out());
        Path bad = write("bad.yaml", "prompts: ['{{ q }}']\nproviders: [nope:thing]\n");
        WstTest.Result b = wst(Map.of(), "validate", "-c", bad.toString());
        assertEquals(1, b.code());
        assertTrue(b.err().contains("Could not identify provider: nope:thing"), b.err());
    }

    @Test
    void initWritesAStarterThatRunsOfflineAndNeverOverwrites() throws Exception {
        WstTest.Result r = wst(Map.of(), "init", "mydir");
        assertEquals(0, r.code(), r.err());
        Path config = dir.resolve("mydir/promptfooconfig.yaml");
        assertTrue(Files.readString(config).contains("messageTemplate"));
        WstTest.Result run =
                wst(Map.of(), "eval", "-c", "mydir/promptfooconfig.yaml", "--no-write", "--no-progress-bar");
        assertEquals(0, run.code(), run.out() + run.err());
        Matcher m = Pattern.compile("(?m)^4 passed, 0 failed, 0 errors$").matcher(run.out());
        assertTrue(m.find(), run.out());
        assertFalse(run.err().contains("warning"), run.err());
        assertEquals(1, wst(Map.of(), "init", "mydir").code());
    }

    /** Counts the lines that match a pattern as they are written. */
    private static final class LineSignal extends java.io.OutputStream {
        private final Pattern pattern;
        private final java.util.concurrent.Semaphore seen = new java.util.concurrent.Semaphore(0);
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();
        private final StringBuffer all = new StringBuffer();

        LineSignal(String regex) {
            this.pattern = Pattern.compile(regex);
        }

        @Override
        public synchronized void write(int b) {
            if (b == '\n') {
                String l = line.toString(StandardCharsets.UTF_8);
                all.append(l).append('\n');
                line.reset();
                if (pattern.matcher(l).find()) {
                    seen.release();
                }
            } else {
                line.write(b);
            }
        }

        void await(String what) throws InterruptedException {
            assertTrue(seen.tryAcquire(60, java.util.concurrent.TimeUnit.SECONDS), "no " + what + " in\n" + all);
        }
    }

    @Test
    void watchRunsAgainWhenTheConfigOrAReferencedFileChanges() throws Exception {
        Path tests = write("tests.yaml", "- vars: {q: alpha}\n  assert: [{type: equals, value: alpha}]\n");
        Path config =
                write("promptfooconfig.yaml", "prompts: ['{{ q }}']\nproviders: [echo]\ntests: file://tests.yaml\n");
        LineSignal out = new LineSignal("^\\d+ passed, \\d+ failed, \\d+ errors$");
        LineSignal err = new LineSignal("^wst: watching 2 files for changes");
        int[] code = {-1};
        Thread t = Thread.ofPlatform()
                .start(() -> code[0] = Wst.run(
                        new String[] {"eval", "--watch", "--no-write", "--no-table", "-c", config.toString()},
                        new ByteArrayInputStream(new byte[0]),
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8),
                        Map.of(),
                        dir));
        try {
            out.await("first summary");
            err.await("first watch");
            assertTrue(out.all.toString().contains("1 passed, 0 failed, 0 errors"), out.all.toString());
            // a referenced file changes: the run repeats with it
            Files.writeString(tests, "- vars: {q: alpha}\n  assert: [{type: equals, value: beta}]\n");
            out.await("second summary");
            assertTrue(out.all.toString().contains("0 passed, 1 failed, 0 errors"), out.all.toString());
            err.await("second watch");
            // a broken config says so and keeps watching (the config alone is known then)
            Files.writeString(config, "prompts: ['{{ q }}'\n");
            err.await("watch after a broken config");
            assertTrue(err.all.toString().contains("invalid YAML"), err.all.toString());
        } finally {
            t.interrupt();
            t.join(60_000);
        }
        assertFalse(t.isAlive());
        assertTrue(
                err.all.toString().contains(dir.resolve("tests.yaml") + " changed: running again"), err.all.toString());
    }
}
