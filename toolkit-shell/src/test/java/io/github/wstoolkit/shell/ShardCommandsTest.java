package io.github.wstoolkit.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wstoolkit.api.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code wst eval --shard}, {@code wst merge}, and the local set-up of examples/sharding that runs both. */
class ShardCommandsTest {

    @TempDir
    Path dir;

    private static final String NL = System.lineSeparator();

    /**
     * Two providers, two prompts (one reads {@code _conversation}), repeats, a conversation, a failing test and
     * one whose transform throws: 10 tests × 2 repetitions × 2 providers × 2 prompts = 80 cases. The second prompt
     * says how many turns it saw, so a conversation cut in two would change outputs.
     */
    private Path config() throws IOException {
        Path f = dir.resolve("promptfooconfig.yaml");
        String provider =
                """
                    config:
                      messageTemplate: '{"input": {{ prompt | dump }}}'
                      transformResponse: |
                        { data, ctx -> if (data.message.contains('boom')) throw new IllegalStateException('no'); data.message }
                      maxRetries: 0
                """;
        Files.writeString(
                f,
                """
                description: sharded cli
                mockServer: true
                prompts:
                  - '{{ q }}'
                  - '{{ q }} after {{ _conversation | length }}'
                providers:
                  - id: '{{ env.WST_MOCK_URL }}/ws'
                    label: a
                %s  - id: '{{ env.WST_MOCK_URL }}/ws'
                    label: b
                %sevaluateOptions: {repeat: 2}
                tests:
                  - vars: {q: [one, two, three, four, five, six]}
                    assert: [{type: contains, value: '{{ q }}'}]
                  - description: fails
                    vars: {q: seven}
                    assert: [{type: contains, value: eight}]
                  - description: errors
                    vars: {q: boom}
                  - description: talk 1
                    vars: {q: hi}
                    metadata: {conversationId: talk}
                  - description: talk 2
                    vars: {q: again}
                    metadata: {conversationId: talk}
                """
                        .formatted(provider, provider));
        return f;
    }

    private Map<String, String> env(String... kv) {
        Map<String, String> env =
                new HashMap<>(Map.of("WST_DB", dir.resolve("wst.db").toString()));
        for (int i = 0; i + 1 < kv.length; i += 2) {
            env.put(kv[i], kv[i + 1]);
        }
        return env;
    }

    private static WstTest.Result wst(Map<String, String> env, Object... args) {
        String[] a = new String[args.length];
        for (int i = 0; i < args.length; i++) {
            a[i] = args[i].toString();
        }
        return WstTest.run(env, a);
    }

    /** Each case of a JSON report: plan index → pass/fail/error and the output. */
    @SuppressWarnings("unchecked")
    private static Map<Integer, String> outcomes(Path json) throws IOException {
        Map<String, Object> top = (Map<String, Object>) Json.parse(Files.readString(json));
        Map<Integer, String> out = new TreeMap<>();
        for (Object o : (List<Object>) ((Map<String, Object>) top.get("results")).get("results")) {
            Map<String, Object> r = (Map<String, Object>) o;
            Object response = r.get("response");
            Object output = response instanceof Map<?, ?> m ? m.get("output") : null;
            out.put(
                    ((Number) r.get("id")).intValue(),
                    r.get("failureReason") + " " + output + " " + (r.get("error") == null ? "" : r.get("error")));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> metadata(Path json) throws IOException {
        return (Map<String, Object>) ((Map<String, Object>) Json.parse(Files.readString(json))).get("metadata");
    }

    @Test
    void threeShardsRunAsSeparateProcessesMergeIntoTheUnshardedRun() throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        String modulePath = System.getProperty("jdk.module.path");
        Assumptions.assumeTrue(modulePath != null && !modulePath.isEmpty(), "tests run on the module path");
        Path c = config();
        // the unsharded run, for comparison
        Path whole = dir.resolve("whole.json");
        WstTest.Result one = wst(env(), "eval", "-c", c, "-o", whole, "--no-table", "--no-write");
        assertEquals(100, one.code(), one.err());
        assertTrue(one.out().endsWith("64 passed, 8 failed, 8 errors" + NL), one.out());

        // the shipped script, running this build's wst as separate processes
        Path launcher = dir.resolve("wst");
        Files.writeString(
                launcher,
                "#!/bin/sh\nexec '" + java + "' --enable-native-access=org.xerial.sqlitejdbc -p '" + modulePath
                        + "' -m io.github.wstoolkit.shell/io.github.wstoolkit.shell.Wst \"$@\"\n");
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwx------"));
        Path script = Path.of("..", "examples", "sharding", "run-shards.sh")
                .toAbsolutePath()
                .normalize();
        Path shards = dir.resolve("shards");
        Path merged = dir.resolve("out/merged.json");
        ProcessBuilder pb = new ProcessBuilder(
                        "bash",
                        script.toString(),
                        "3",
                        "-c",
                        c.toString(),
                        "-o",
                        merged.toString(),
                        dir.resolve("out/report.html").toString(),
                        dir.resolve("out/results.junit.xml").toString(),
                        "--no-table")
                .directory(dir.toFile())
                .redirectErrorStream(true);
        pb.environment().put("WST", launcher.toString());
        pb.environment().put("WST_SHARDS_DIR", shards.toString());
        pb.environment().put("WST_DB", dir.resolve("wst.db").toString());
        pb.environment().remove("WST_SHARD");
        Process p = pb.start();
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
            try (InputStream in = p.getInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return e.toString();
            }
        });
        try {
            assertTrue(p.waitFor(5, TimeUnit.MINUTES), "the script finishes");
        } finally {
            p.destroyForcibly();
        }
        String log = output.get(30, TimeUnit.SECONDS);
        assertEquals(100, p.exitValue(), "the unsharded run's exit code: " + log);
        assertTrue(log.contains("64 passed, 8 failed, 8 errors"), log);
        assertTrue(log.contains("wst: merged shards 1-3 of 3 from 3 files"), log);
        for (int i = 1; i <= 3; i++) {
            Path s = shards.resolve("shard-" + i + "-of-3.json");
            assertEquals(i + "/3", metadata(s).get("shard"));
            assertEquals(80, metadata(s).get("plannedTotal"));
        }
        assertEquals(outcomes(whole), outcomes(merged), "every case, with the same outcome and output");
        Map<String, Object> meta = metadata(merged);
        assertEquals("1-3/3", meta.get("shard"));
        assertEquals(80, meta.get("planned"));
        assertEquals(3, ((List<?>) meta.get("shardRuns")).size());
        assertTrue(Files.readString(dir.resolve("out/results.junit.xml")).contains("tests=\"80\""));
        assertTrue(Files.readString(dir.resolve("out/report.html")).contains("sharded cli"));
        // recorded once, as the merged run
        WstTest.Result list = wst(env(), "list");
        assertTrue(list.out().contains("imported, complete, shard 1-3/3"), list.out());
        assertTrue(list.out().endsWith("1 run in " + dir.resolve("wst.db") + NL), list.out());
    }

    @Test
    void theShardComesFromTheFlagTheIndexVariableOrWstShard() throws Exception {
        Path c = config();
        Path flag = dir.resolve("flag.json");
        assertEquals(
                100,
                wst(env(), "eval", "-c", c, "--shard", "2/3", "-o", flag, "--no-table", "--no-write")
                        .code());
        Path indexed = dir.resolve("indexed.json");
        WstTest.Result k8s = wst(
                env("JOB_COMPLETION_INDEX", "1"),
                "eval",
                "-c",
                c,
                "--shard-index-env",
                "JOB_COMPLETION_INDEX",
                "--shard-count",
                "3",
                "-o",
                indexed,
                "--no-table",
                "--no-write");
        assertEquals(100, k8s.code(), k8s.err());
        assertTrue(k8s.err().contains("wst: shard 2/3: "), k8s.err());
        Path fromEnv = dir.resolve("env.json");
        wst(env("WST_SHARD", "2/3"), "eval", "-c", c, "-o", fromEnv, "--no-table", "--no-write");
        assertEquals(outcomes(flag).keySet(), outcomes(indexed).keySet());
        assertEquals(outcomes(flag).keySet(), outcomes(fromEnv).keySet());
        assertEquals(metadata(flag).get("configHash"), metadata(indexed).get("configHash"));
        assertEquals(metadata(flag).get("planHash"), metadata(fromEnv).get("planHash"));
        assertTrue(outcomes(flag).size() < 80 && !outcomes(flag).isEmpty());
    }

    @Test
    void badShardFlagsAreUsageErrorsThatRunNothing() throws Exception {
        Path c = config();
        Map<List<String>, String> cases = new java.util.LinkedHashMap<>();
        cases.put(
                List.of("--shard", "4/3"),
                "wst: --shard: the shard index must be from 1 to 3 (1-based, as in --shard 1/3), got 4");
        cases.put(
                List.of("--shard", "1of3"),
                "wst: --shard: a shard is written i/n, 1-based (1/4 is the first of four), got '1of3'");
        cases.put(
                List.of("--shard", "1/3", "--shard-count", "3"),
                "wst: --shard I/N and --shard-index-env NAME --shard-count N name the shard twice: give one or the"
                        + " other");
        cases.put(
                List.of("--shard-index-env", "JOB_COMPLETION_INDEX"),
                "wst: --shard-index-env JOB_COMPLETION_INDEX needs --shard-count N (how many shards; for a"
                        + " Kubernetes Indexed Job, its completions)");
        cases.put(
                List.of("--shard-count", "3"),
                "wst: --shard-count goes with --shard-index-env NAME (the variable that holds the 0-based index), or"
                        + " write --shard I/N");
        cases.put(
                List.of("--shard-index-env", "JOB_COMPLETION_INDEX", "--shard-count", "3"),
                "wst: --shard-index-env JOB_COMPLETION_INDEX: the variable is not set (Kubernetes sets it in the pods"
                        + " of a Job with completionMode: Indexed)");
        cases.put(
                List.of("--shard-index-env", "IDX", "--shard-count", "3"),
                "wst: --shard-index-env IDX: expected a 0-based index, got 'one'");
        cases.put(
                List.of("--shard-index-env", "BIG", "--shard-count", "3"),
                "wst: --shard-index-env BIG=3 with --shard-count 3: a 0-based shard index must be from 0 to 2, got"
                        + " 3");
        for (Map.Entry<List<String>, String> e : cases.entrySet()) {
            List<Object> args = new ArrayList<>(List.of("eval", "-c", c, "--no-table"));
            args.addAll(e.getKey());
            WstTest.Result r = wst(env("IDX", "one", "BIG", "3"), args.toArray());
            assertEquals(1, r.code(), e.getKey() + ": " + r.err());
            assertEquals(e.getValue() + NL, r.err(), e.getKey().toString());
            assertEquals("", r.out());
        }
        WstTest.Result r = wst(env("WST_SHARD", "0/2"), "eval", "-c", c, "--no-table");
        assertEquals(1, r.code());
        assertEquals(
                "wst: WST_SHARD: the shard index must be from 1 to 2 (1-based, as in --shard 1/2), got 0" + NL,
                r.err());
        assertFalse(Files.exists(dir.resolve("wst.db")), "nothing ran, nothing was recorded");
    }

    @Test
    void aShardWithNoCaseWritesAnEmptyResultThatMerges() throws Exception {
        Path c = dir.resolve("tiny.yaml");
        Files.writeString(
                c,
                """
                mockServer: true
                prompts: ['{{ q }}']
                providers:
                  - id: '{{ env.WST_MOCK_URL }}/ws'
                    config: {messageTemplate: '{"input": {{ prompt | dump }}}', transformResponse: data.message}
                tests: [{vars: {q: only}, assert: [{type: contains, value: only}]}]
                """);
        Path s1 = dir.resolve("s1.json");
        Path s2 = dir.resolve("s2.json");
        Path s3 = dir.resolve("s3.json");
        assertEquals(
                0,
                wst(env(), "eval", "-c", c, "--shard", "1/3", "-o", s1, "--no-write")
                        .code());
        WstTest.Result empty = wst(env(), "eval", "-c", c, "--shard", "2/3", "-o", s2, "--no-write");
        assertEquals(0, empty.code(), empty.err());
        assertEquals("0 passed, 0 failed, 0 errors" + NL, empty.out());
        assertTrue(empty.err().contains("wst: shard 2/3: 0 of the plan's 1 cases"), empty.err());
        assertEquals(Map.of(), outcomes(s2));
        assertEquals("2/3", metadata(s2).get("shard"));
        assertEquals(0, metadata(s2).get("planned"));
        // recorded: an empty shard leaves no run behind, as any empty plan
        assertEquals(
                0,
                wst(env(), "eval", "-c", c, "--shard", "3/3", "-o", s3, "--no-table")
                        .code());
        WstTest.Result merged = wst(env(), "merge", s1, s2, s3, "-o", dir.resolve("m.json"), "--no-table");
        assertEquals(0, merged.code(), merged.err());
        assertEquals("1 passed, 0 failed, 0 errors" + NL, merged.out());
    }

    @Test
    void mergeRefusesMissingShardsAndOtherConfigsAndAllowsPartialMergesThatFail() throws Exception {
        Path c = config();
        Path out = dir.resolve("shards");
        Files.createDirectories(out);
        for (int i = 1; i <= 3; i++) {
            assertEquals(
                    100,
                    wst(
                                    env(),
                                    "eval",
                                    "-c",
                                    c,
                                    "--shard",
                                    i + "/3",
                                    "-o",
                                    out.resolve("s" + i + ".json"),
                                    "--no-table",
                                    "--no-write")
                            .code());
        }
        // a folder and a glob name the same files
        WstTest.Result folder = wst(env(), "merge", out, "--no-table");
        assertEquals(100, folder.code(), folder.err());
        assertEquals("64 passed, 8 failed, 8 errors" + NL, folder.out());
        WstTest.Result glob = wst(env(), "merge", out + "/s*.json", "--no-table");
        assertEquals(folder.out(), glob.out());
        // the pass-rate threshold applies to the merged run as to the unsharded one
        assertEquals(
                0,
                wst(env("WST_PASS_RATE_THRESHOLD", "80"), "merge", out, "--no-table")
                        .code());
        assertEquals(
                100,
                wst(env("WST_PASS_RATE_THRESHOLD", "90"), "merge", out, "--no-table")
                        .code());

        WstTest.Result missing =
                wst(env(), "merge", out.resolve("s1.json"), out.resolve("s3.json"), "-o", dir.resolve("m.json"));
        assertEquals(1, missing.code());
        assertEquals(
                "wst: shard 2/3 is missing (given: 1,3): give its results too, or --allow-partial to merge without it"
                        + NL,
                missing.err());
        assertFalse(Files.exists(dir.resolve("m.json")), "nothing written");

        WstTest.Result partial = wst(
                env("WST_PASS_RATE_THRESHOLD", "0"),
                "merge",
                out.resolve("s1.json"),
                out.resolve("s3.json"),
                "--allow-partial",
                "-o",
                dir.resolve("m.json"),
                "--no-table");
        assertEquals(0, partial.code(), "a threshold of 0 accepts anything: " + partial.err());
        assertTrue(partial.err().contains("wst: warning: shard 2/3 is missing: "), partial.err());
        assertTrue(Files.exists(dir.resolve("m.json")));
        assertEquals("1,3/3", metadata(dir.resolve("m.json")).get("shard"));
        WstTest.Result partialFails = wst(
                env("WST_PASS_RATE_THRESHOLD", "80"),
                "merge",
                out.resolve("s1.json"),
                out.resolve("s3.json"),
                "--allow-partial",
                "--no-table");
        assertEquals(100, partialFails.code(), "the missing shard's cases count as not passed");

        // a shard of the config after it changed
        Files.writeString(c, Files.readString(c).replace("talk 2", "talk two"));
        Path changed = dir.resolve("changed-2.json");
        wst(env(), "eval", "-c", c, "--shard", "2/3", "-o", changed, "--no-table", "--no-write");
        WstTest.Result mixed = wst(env(), "merge", out.resolve("s1.json"), changed, out.resolve("s3.json"));
        assertEquals(1, mixed.code());
        assertTrue(
                mixed.err().startsWith("wst: " + changed + " ran another config than " + out.resolve("s1.json")),
                mixed.err());
        assertTrue(mixed.err().endsWith("every shard must run the same config files" + NL), mixed.err());

        WstTest.Result twice = wst(env(), "merge", out.resolve("s1.json"), out.resolve("s1.json"), "--no-table");
        assertEquals(1, twice.code(), "the same file twice is one file: shards 2 and 3 are missing");
        WstTest.Result notResults = wst(env(), "merge", c);
        assertEquals(1, notResults.code());
        assertTrue(notResults.err().startsWith("wst: " + c + " is not JSON: "), notResults.err());
        WstTest.Result badOutput = wst(env(), "merge", out, "-o", dir.resolve("x.pdf"));
        assertEquals(1, badOutput.code());
        assertTrue(badOutput.err().contains("Unsupported output file format pdf"), badOutput.err());
        WstTest.Result nothing = wst(env(), "merge", dir.resolve("none/*.json"));
        assertEquals(1, nothing.code());
        assertEquals("wst: no file matches " + dir.resolve("none/*.json") + NL, nothing.err());
    }

    @Test
    void aShardsRunRetriedOrResumedFromTheStoreStaysThatShard() throws Exception {
        Path c = config();
        WstTest.Result first = wst(env(), "eval", "-c", c, "--shard", "1/2", "--no-table");
        assertTrue(first.err().contains("wst: recorded as run 1 in "), first.err());
        int shardCases = Integer.parseInt(first.err().replaceAll("(?s).*wst: shard 1/2: (\\d+) of .*", "$1"));
        Path json = dir.resolve("retry.json");
        WstTest.Result retried = wst(env(), "eval", "--retry-errors", "--no-table", "-o", json);
        assertEquals(100, retried.code(), retried.err());
        assertEquals("1/2", metadata(json).get("shard"), "the whole retried run is still shard 1/2's");
        assertEquals(80, metadata(json).get("plannedTotal"));
        assertTrue(retried.err().contains("wst: shard 1/2: "), "the stored run's shard: " + retried.err());
        WstTest.Result list = wst(env(), "list");
        assertTrue(list.out().contains("retry of 1, complete, shard 1/2"), list.out());
        WstTest.Result show = wst(env(), "show", "2", "--no-table");
        String summary = show.out().lines().toList().getLast();
        int total = java.util.Arrays.stream(summary.split(", "))
                .mapToInt(x -> Integer.parseInt(x.split(" ")[0]))
                .sum();
        assertEquals(shardCases, total, "the retry is shard 1's whole run again: " + summary);
    }

    @Test
    void mergeIntoStoreRecordsOneRunAndShardRunsAreRecordedAsShards() throws Exception {
        Path c = config();
        List<Path> files = new ArrayList<>();
        for (int i = 1; i <= 2; i++) {
            Path f = dir.resolve("s" + i + ".json");
            files.add(f);
            WstTest.Result r = wst(env(), "eval", "-c", c, "--shard", i + "/2", "-o", f, "--no-table");
            assertTrue(r.err().contains("wst: recorded as run " + i + " in "), r.err());
        }
        WstTest.Result list = wst(env(), "list");
        assertTrue(list.out().contains("complete, shard 1/2"), list.out());
        assertTrue(list.out().contains("complete, shard 2/2"), list.out());
        // a shard's run, exported from the store, merges with the other's file
        Path exported = dir.resolve("exported-1.json");
        assertEquals(0, wst(env(), "show", "1", "-o", exported, "--no-table").code());
        WstTest.Result merged = wst(env(), "merge", exported, files.get(1), "--into-store", "--no-table");
        assertEquals(100, merged.code(), merged.err());
        assertTrue(merged.err().contains("wst: recorded as run 3 in "), merged.err());
        WstTest.Result show = wst(env(), "show", "3", "--no-table");
        assertTrue(show.out().contains(" · shard 1-2/2"), show.out());
        assertTrue(show.out().contains("imported from wst merge " + exported + " " + files.get(1)), show.out());
        assertTrue(show.out().endsWith("64 passed, 8 failed, 8 errors" + NL), show.out());
    }
}
