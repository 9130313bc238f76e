package io.github.wstoolkit.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WstTest {

    /** Runs wst in-process and returns {exit code, stdout, stderr}. */
    static Result run(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Wst.run(
                args,
                new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                env,
                Path.of("").toAbsolutePath());
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    record Result(int code, String out, String err) {}

    @Test
    void versionPrintsTheProjectVersionAndRuntime() {
        Result r = run(Map.of(), "--version");
        assertEquals(0, r.code());
        assertTrue(r.out().startsWith("wst 0.1.0-SNAPSHOT"), r.out());
        assertTrue(r.out().contains("Java " + Runtime.version().feature()), r.out());
    }

    @Test
    void helpListsTheSubcommands() {
        Result r = run(Map.of(), "--help");
        assertEquals(0, r.code());
        assertTrue(r.out().contains("Usage: wst"), r.out());
        assertTrue(r.out().contains("help"), r.out());
    }

    @Test
    void theHelpOfEveryEntryPointSeesEverySubcommandWhetherOneOrAllAreBuilt() {
        // wst NAME builds only NAME's model; anything else (wst, --help, help NAME, a mistyped name) builds them all
        java.util.List<String> names = java.util.List.of(
                "render",
                "eval",
                "init",
                "mock",
                "shell",
                "list",
                "show",
                "delete",
                "import",
                "merge",
                "view",
                "run",
                "convert",
                "validate");
        for (String[] args : new String[][] {{"--help"}, {}}) {
            Result r = run(Map.of(), args);
            assertEquals(0, r.code(), String.join(" ", args));
            for (String n : names) {
                assertTrue(r.out().contains("\n  " + n + " "), n + " missing from: " + r.out());
            }
        }
        Result helpRun = run(Map.of(), "help", "run");
        assertEquals(0, helpRun.code());
        assertTrue(helpRun.out().contains("Usage: wst run"), helpRun.out());
        Result evalHelp = run(Map.of(), "eval", "--help");
        assertEquals(0, evalHelp.code());
        assertTrue(evalHelp.out().contains("Usage: wst eval"), evalHelp.out());
        Result typo = run(Map.of(), "evl");
        assertEquals(1, typo.code());
        assertTrue(typo.err().contains("eval"), typo.err());
    }

    @Test
    void unknownOptionIsAUsageErrorWithExitCode1() {
        Result r = run(Map.of(), "--no-such-option");
        assertEquals(1, r.code(), "usage errors exit 1, as promptfoo's");
        assertTrue(r.err().contains("unknown option '--no-such-option'"), r.err());
    }

    @Test
    void helpStatesTheExitCodes() {
        Result r = run(Map.of(), "--help");
        assertTrue(r.out().contains("Exit codes (every command): 0 success; 1 a usage error"), r.out());
    }

    @Test
    void theReadmeNamesEverySubcommand() throws Exception {
        String readme = java.nio.file.Files.readString(java.nio.file.Path.of("..", "README.md"));
        Result help = run(Map.of(), "--help");
        String commands = help.out().substring(help.out().indexOf("Commands:"));
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("(?m)^  (\\w+) ").matcher(commands);
        int found = 0;
        while (m.find()) {
            found++;
            if (!m.group(1).equals("help")) {
                assertTrue(readme.contains("`wst " + m.group(1)), "README.md does not name `wst " + m.group(1) + "`");
            }
        }
        assertTrue(found >= 7, help.out());
    }
}
