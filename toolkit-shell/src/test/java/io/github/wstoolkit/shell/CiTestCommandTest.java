package io.github.wstoolkit.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code .ci/run} runs the test command of README.md's Quick start, read by {@code .ci/readme-test-command}: exactly
 * one {@code ./mvnw} command, never a second command smuggled after it.
 */
class CiTestCommandTest {

    private static final Path SCRIPT = Path.of("..", ".ci", "readme-test-command");

    private record Result(int exit, String out, String err) {}

    private static Result run(Path readme) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("bash", SCRIPT.toString(), readme.toString()).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the script did not finish");
        return new Result(p.exitValue(), out, err);
    }

    private static Path readme(Path dir, String testCommand) throws IOException {
        return Files.writeString(
                dir.resolve("README-" + Integer.toHexString(testCommand.hashCode()) + ".md"),
                "# x\n\n## Quick start\n\n```bash\n./wst eval -c x.yaml\n" + testCommand + "\n```\n\nmore\n");
    }

    @Test
    void theReadmesOwnCommandIsOneMavenWrapperCommand() throws Exception {
        Result r = run(Path.of("..", "README.md"));
        assertEquals(0, r.exit(), r.err());
        assertEquals("./mvnw verify\n", r.out());
    }

    @Test
    void oneWrapperCommandWithArgumentsIsAccepted(@TempDir Path dir) throws Exception {
        for (String ok :
                List.of("./mvnw verify", "./mvnw -q verify -Dtest=EvalTest -Dsurefire.failIfNoSpecifiedTests=false")) {
            Result r = run(readme(dir, ok));
            assertEquals(0, r.exit(), ok + ": " + r.err());
            assertEquals(ok + "\n", r.out());
        }
    }

    @Test
    void aSecondCommandOrAnyShellSyntaxIsRefused(@TempDir Path dir) throws Exception {
        for (String bad : List.of(
                "./mvnw verify; touch pwned",
                "./mvnw verify && touch pwned",
                "./mvnw verify || touch pwned",
                "./mvnw verify | tee log",
                "./mvnw verify & touch pwned",
                "./mvnw verify > log",
                "./mvnw $(touch pwned)",
                "./mvnw `touch pwned`",
                "./mvnw 'verify'",
                "mvn verify",
                "./mvnw")) {
            Result r = run(readme(dir, bad));
            assertEquals(1, r.exit(), bad);
            assertEquals("", r.out(), bad);
            assertTrue(r.err().contains("one Maven wrapper command"), bad + ": " + r.err());
        }
    }

    @Test
    void aReadmeWithoutTheCommandSaysWhereItLooked(@TempDir Path dir) throws Exception {
        Result r = run(Files.writeString(dir.resolve("README.md"), "# no quick start\n"));
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("'## Quick start'"), r.err());
    }
}
