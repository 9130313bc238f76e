package io.github.wstoolkit.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wstoolkit.eval.ConfigLoader;
import io.github.wstoolkit.eval.Eval;
import io.github.wstoolkit.eval.EvalConfig;
import io.github.wstoolkit.eval.EvalRun;
import io.github.wstoolkit.eval.RunOptions;
import io.github.wstoolkit.history.HistoryStore;
import io.github.wstoolkit.history.RunRecorder;
import io.github.wstoolkit.history.RunStart;
import io.github.wstoolkit.history.RunSummary;
import io.github.wstoolkit.mockserver.MockServer;
import java.io.ByteArrayInputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code wst eval} recording runs, and {@code wst list / show / delete / import / view} reading them. */
class HistoryCommandsTest {

    @TempDir
    Path dir;

    private static final String NL = System.lineSeparator();

    /** Two echo tests and a failing one; {@code env.FAULT} can make the provider's server close mid-answer. */
    private Path config() throws Exception {
        Path f = dir.resolve("promptfooconfig.yaml");
        Files.writeString(
                f,
                """
                description: history cli
                mockServer: true
                prompts: ['{{ q }}']
                providers:
                  - id: '{{ env.WST_MOCK_URL }}/ws{{ env.FAULT }}'
                    label: echo
                    config:
                      messageTemplate: '{"input": {{ prompt | dump }}}'
                      transformResponse: data.message
                tests:
                  - description: one
                    vars: {q: alpha}
                    assert: [{type: equals, value: 'You said: alpha'}]
                  - description: two
                    vars: {q: beta}
                    assert: [{type: contains, value: beta}]
                  - description: three
                    vars: {q: gamma}
                    assert: [{type: contains, value: delta}]
                """);
        return f;
    }

    private Map<String, String> env(String... kv) {
        Map<String, String> env =
                new HashMap<>(Map.of("WST_DB", dir.resolve("wst.db").toString(), "FAULT", ""));
        env.put("WST_RETRY_BASE_MS", "1");
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

    private static int rows(String listOutput) {
        return (int) listOutput
                .lines()
                .filter(l -> l.matches("\\s*\\d+\\s+\\d{4}-.*"))
                .count();
    }

    @Test
    void evalRecordsEveryRunAndListShowAndDeleteReadThem() throws Exception {
        Path c = config();
        Map<String, String> env = env();
        WstTest.Result first = wst(env, "eval", "-c", c, "--no-progress-bar");
        assertEquals(100, first.code(), first.err());
        assertTrue(first.err().contains("wst: recorded as run 1 in " + dir.resolve("wst.db")), first.err());
        assertEquals(100, wst(env, "eval", "-c", c, "--no-table").code());

        WstTest.Result list = wst(env, "list");
        assertEquals(0, list.code(), list.err());
        assertEquals(2, rows(list.out()), list.out());
        assertTrue(list.out().contains("history cli"), list.out());
        assertTrue(list.out().contains("66.7%"), list.out());
        assertTrue(list.out().endsWith("2 runs in " + dir.resolve("wst.db") + NL), list.out());
        assertTrue(wst(env, "list", "-n", "1").out().contains("1 of 2 runs in "));

        WstTest.Result show = wst(env, "show", "latest");
        assertEquals(0, show.code(), show.err());
        assertTrue(show.out().startsWith("Run 2 · eval-"), show.out());
        assertTrue(show.out().contains("| PASS   | echo     | one "), show.out());
        assertTrue(show.out().endsWith("2 passed, 1 failed, 0 errors" + NL), show.out());
        Path html = dir.resolve("out/run1.html");
        Path json = dir.resolve("out/run1.json");
        WstTest.Result exported = wst(env, "show", "1", "-o", html, json, "--no-table");
        assertEquals(0, exported.code(), exported.err());
        assertTrue(Files.readString(html).contains("<section id=\"figures\">"));
        assertTrue(Files.readString(json).contains("\"frames\""));

        WstTest.Result missing = wst(env, "show", "999");
        assertEquals(1, missing.code());
        assertEquals("wst: no run 999 in " + dir.resolve("wst.db") + " (wst list shows the runs)" + NL, missing.err());
        assertEquals(1, wst(env, "show", "yesterday").code());

        WstTest.Result deleted = wst(env, "delete", "1");
        assertEquals(0, deleted.code(), deleted.err());
        assertEquals("Deleted run 1 (history cli, 3 cases)" + NL, deleted.out());
        assertEquals(1, rows(wst(env, "list").out()));
        assertEquals(1, wst(env, "show", "1").code());
        assertEquals(1, wst(env, "delete").code(), "nothing named, nothing deleted");
        assertEquals(1, wst(env, "delete", "2", "77").code(), "a typo deletes nothing");
        assertEquals(1, rows(wst(env, "list").out()));
    }

    @Test
    void theDatabaseIsFoundByFlagThenWstDbThenWstHomeAndNoWriteWritesNothing() throws Exception {
        Path c = config();
        Map<String, String> home =
                new HashMap<>(Map.of("WST_HOME", dir.resolve("home").toString(), "FAULT", ""));
        assertEquals(100, wst(home, "eval", "-c", c, "--no-table").code());
        Path db = dir.resolve("home/wst.db");
        assertTrue(Files.isRegularFile(db));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(db.getParent())));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(db)));
        Path other = dir.resolve("other.db");
        assertEquals(
                100, wst(home, "eval", "-c", c, "--no-table", "--db", other).code());
        assertTrue(Files.isRegularFile(other));
        assertEquals(1, rows(wst(home, "list").out()), "the flag's run went to the other file");
        Map<String, String> noWrite =
                new HashMap<>(Map.of("WST_HOME", dir.resolve("none").toString(), "FAULT", ""));
        WstTest.Result r = wst(noWrite, "eval", "-c", c, "--no-table", "--no-write");
        assertEquals(100, r.code());
        assertFalse(r.err().contains("recorded"), r.err());
        assertFalse(Files.exists(dir.resolve("none")), "--no-write creates nothing");
        WstTest.Result empty = wst(noWrite, "list");
        assertEquals(0, empty.code());
        assertTrue(empty.out().startsWith("No runs yet: "), empty.out());
        assertFalse(Files.exists(dir.resolve("none")), "list creates nothing either");
    }

    @Test
    void retryErrorsRunsTheErroredCasesAgainAsANewRunLinkedToTheFirst() throws Exception {
        Path c = config();
        // the server closes before answering: every case errors (1011 is retried, then given up)
        WstTest.Result broken = wst(env("FAULT", "?fault=close:1011:bye"), "eval", "-c", c, "--no-table");
        assertEquals(100, broken.code());
        assertTrue(broken.out().endsWith("0 passed, 0 failed, 3 errors" + NL), broken.out());
        WstTest.Result retried = wst(env(), "eval", "--retry-errors", "--no-progress-bar");
        assertEquals(100, retried.code(), retried.err());
        assertTrue(retried.err().contains("run 1 again with its config " + c), retried.err());
        assertTrue(retried.err().contains("recorded as run 2 (retry of run 1) in"), retried.err());
        assertTrue(retried.out().endsWith("2 passed, 1 failed, 0 errors" + NL), retried.out());
        assertTrue(wst(env(), "list").out().contains("retry of 1, complete"));
        WstTest.Result nothing = wst(env(), "eval", "-c", c, "--retry-errors", "2");
        assertEquals(1, nothing.code());
        assertEquals("wst: run 2 has no errored case: nothing to retry" + NL, nothing.err());
        WstTest.Result both = wst(env(), "eval", "-c", c, "--retry-errors", "--resume");
        assertEquals(1, both.code());
        assertTrue(both.err().contains("--retry-errors and --resume cannot be used together"), both.err());
        assertEquals(
                1, wst(env(), "eval", "-c", c, "--retry-errors", "--no-write").code());
    }

    @Test
    void filterFailingAndErrorsOnlyTakeARunOrAResultsFile() throws Exception {
        Path c = config();
        assertEquals(100, wst(env(), "eval", "-c", c, "--no-table").code());
        WstTest.Result failing = wst(env(), "eval", "-c", c, "--no-table", "--filter-failing", "1");
        assertEquals("0 passed, 1 failed, 0 errors" + NL, failing.out(), "only the test that failed ran");
        Path json = dir.resolve("results.json");
        assertEquals(0, wst(env(), "show", "1", "-o", json, "--no-table").code());
        WstTest.Result fromFile = wst(env(), "eval", "-c", c, "--no-table", "--no-write", "--filter-failing", json);
        assertEquals("0 passed, 1 failed, 0 errors" + NL, fromFile.out());
        WstTest.Result noErrors = wst(env(), "eval", "-c", c, "--no-table", "--filter-errors-only", json);
        assertEquals(1, noErrors.code());
        assertEquals("wst: " + json + " has no errored result: nothing to run" + NL, noErrors.err());
    }

    @Test
    void resumeRunsOnlyTheMissingCasesOfAnInterruptedRunIntoTheSameRun() throws Exception {
        Path c = config();
        Path db = dir.resolve("wst.db");
        // a run that stopped after its first case, recorded through the store as wst eval records it
        try (MockServer mock = MockServer.builder().port(0).start();
                HistoryStore store = HistoryStore.open(db)) {
            Map<String, String> env = Map.of("WST_MOCK_URL", "ws://127.0.0.1:" + mock.port(), "FAULT", "");
            EvalConfig config = ConfigLoader.load(c);
            RunRecorder rec = store.record(RunStart.of(config));
            EvalRun partial;
            try (Eval eval = Eval.builder()
                    .config(config)
                    .env(env)
                    .options(RunOptions.builder()
                            .filterCases(p -> p.index() == 0)
                            .build())
                    .listener(rec)
                    .build()) {
                partial = eval.run();
            }
            assertEquals(1, partial.results().size());
            rec.close(); // as a Ctrl-C leaves it: interrupted
            assertEquals(
                    RunSummary.Status.INTERRUPTED, store.latest().orElseThrow().status());
        }
        WstTest.Result resumed = wst(env(), "eval", "--resume", "--no-progress-bar");
        assertEquals(100, resumed.code(), resumed.err());
        assertTrue(resumed.err().contains("wst: run 1 resumed in " + db), resumed.err());
        assertTrue(resumed.out().endsWith("2 passed, 1 failed, 0 errors" + NL), "the whole run: " + resumed.out());
        assertTrue(resumed.out().contains("| 3 |"), resumed.out());
        WstTest.Result list = wst(env(), "list");
        assertEquals(1, rows(list.out()), list.out());
        assertTrue(list.out().contains("complete"), list.out());
        WstTest.Result again = wst(env(), "eval", "--resume");
        assertEquals(1, again.code());
        assertEquals("wst: no interrupted or incomplete run to resume (wst list shows the runs)" + NL, again.err());
    }

    @Test
    void aDamagedDatabaseSaysSoAndNoWriteStillRuns() throws Exception {
        Path c = config();
        Path db = dir.resolve("wst.db");
        Files.writeString(db, "not a database at all, a user's notes\n".repeat(200));
        WstTest.Result r = wst(env(), "eval", "-c", c, "--no-table");
        assertEquals(1, r.code());
        assertTrue(r.err().startsWith("wst: " + db + " is not a wst results database or is damaged"), r.err());
        assertTrue(r.err().contains("use --no-write / another --db"), r.err());
        assertEquals(1, wst(env(), "list").code());
        assertEquals(
                100, wst(env(), "eval", "-c", c, "--no-table", "--no-write").code());
    }

    @Test
    void importBringsAResultsFileInAndViewServesTheRuns() throws Exception {
        Path c = config();
        assertEquals(100, wst(env(), "eval", "-c", c, "--no-table").code());
        Path json = dir.resolve("shard.json");
        assertEquals(0, wst(env(), "show", "1", "-o", json, "--no-table").code());
        assertEquals(0, wst(env(), "delete", "1").code());
        WstTest.Result imported = wst(env(), "import", json);
        assertEquals(0, imported.code(), imported.err());
        assertTrue(imported.out().startsWith("Imported run 2 from " + json + " (eval-"), imported.out());
        assertTrue(imported.out().endsWith(": 2 passed, 1 failed, 0 errors" + NL), imported.out());
        WstTest.Result twice = wst(env(), "import", json);
        assertEquals(1, twice.code());
        assertTrue(twice.err().endsWith("is already in the store as run 2" + NL), twice.err());
        assertEquals(1, wst(env(), "import", dir.resolve("nope.json")).code());

        // wst view in a thread, as the user runs it; interrupting it is the embedded Ctrl-C
        MockCommandTest.Output out = new MockCommandTest.Output();
        MockCommandTest.Output err = new MockCommandTest.Output();
        CompletableFuture<Integer> exit = new CompletableFuture<>();
        Thread t = new Thread(() -> exit.complete(Wst.run(
                new String[] {"view", "--port", "0", "latest"},
                new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                env(),
                dir)));
        t.start();
        try {
            String banner = out.await(s -> s.contains("Press Ctrl-C to stop."));
            Matcher m =
                    Pattern.compile("on http://127\\.0\\.0\\.1:(\\d+)/runs/2").matcher(banner);
            assertTrue(m.find(), banner);
            int port = Integer.parseInt(m.group(1));
            String page = MockCommandTest.httpGet(port, "/runs/2");
            assertTrue(page.startsWith("HTTP/1.1 200"), page);
            assertTrue(page.contains("history cli"), page);
            assertTrue(MockCommandTest.httpGet(port, "/").contains("imported"));
        } finally {
            t.interrupt();
        }
        assertEquals(0, exit.get(30, TimeUnit.SECONDS));
        assertTrue(out.text().contains("wst view: stopped"));
        WstTest.Result badPort = wst(env(), "view", "--port", "70000");
        assertEquals(1, badPort.code(), "a usage error, as wst mock's");
        assertTrue(badPort.err().contains("--port must be 0-65535, got 70000"), badPort.err());
    }

    @Test
    void everyCommandIsListedInHelpAndInTheReadme() throws Exception {
        WstTest.Result help = WstTest.run(Map.of(), "--help");
        String readme = Files.readString(Path.of("..", "README.md"));
        String commands = help.out().substring(help.out().indexOf("Commands:"));
        // a command's line starts with two spaces and its name; wrapped descriptions are indented further
        java.util.List<String> names = commands.lines()
                .filter(l -> l.matches("  [a-z][a-z-]*\\s.*"))
                .map(l -> l.strip().split("\\s+")[0])
                .filter(n -> !n.equals("help"))
                .toList();
        assertTrue(
                names.containsAll(java.util.List.of("eval", "list", "show", "delete", "import", "view")),
                names::toString);
        for (String cmd : names) {
            assertTrue(readme.contains("wst " + cmd), "README.md does not mention `wst " + cmd + "`");
        }
    }
}
