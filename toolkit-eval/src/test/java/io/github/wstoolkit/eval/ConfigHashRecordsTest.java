package io.github.wstoolkit.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The config hash computed as its documentation describes it (labelled, length-prefixed records: the configs in
 * order, then the referenced files, then references that name no file), and how references are resolved: next to the
 * file that holds them, else next to the first config, globs of every kind.
 */
class ConfigHashRecordsTest {

    @TempDir
    Path tmp;

    private final ByteArrayOutputStream expected = new ByteArrayOutputStream();

    private void record(String label, String content) {
        byte[] b = content.getBytes(StandardCharsets.UTF_8);
        expected.writeBytes((label + "\n" + b.length + "\n").getBytes(StandardCharsets.UTF_8));
        expected.writeBytes(b);
    }

    private String expectedHash() throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(expected.toByteArray()));
    }

    @Test
    void theHashIsShaOfTheDocumentedRecords() throws Exception {
        String first = "prompts: [file://p.txt]\ntests: file://missing.yaml\n";
        String second = "providers: [echo]\n";
        Files.writeString(tmp.resolve("a.yaml"), first);
        Files.writeString(tmp.resolve("b.yaml"), second);
        Files.writeString(tmp.resolve("p.txt"), "Say {{ q }}");
        record("config 0", first);
        record("config 1", second);
        record("file p.txt", "Say {{ q }}");
        record("missing missing.yaml", "");
        assertEquals(expectedHash(), ConfigHash.of(List.of(tmp.resolve("a.yaml"), tmp.resolve("b.yaml"))));
        assertEquals(
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(new byte[0])),
                ConfigHash.of(List.of()));
    }

    @Test
    void aNestedReferenceIsResolvedNextToItsFileElseNextToTheFirstConfig() throws Exception {
        Files.createDirectories(tmp.resolve("sub"));
        Path config = tmp.resolve("config.yaml");
        Files.writeString(config, "tests: file://sub/tests.yaml\n");
        Files.writeString(tmp.resolve("sub/tests.yaml"), "- vars: {a: file://near.txt, b: file://top.txt}\n");
        Files.writeString(tmp.resolve("sub/near.txt"), "near");
        Files.writeString(tmp.resolve("top.txt"), "top");
        String before = ConfigHash.of(List.of(config));
        Files.writeString(tmp.resolve("sub/near.txt"), "near, changed");
        String nearChanged = ConfigHash.of(List.of(config));
        assertNotEquals(before, nearChanged, "found next to the tests file");
        Files.writeString(tmp.resolve("top.txt"), "top, changed");
        assertNotEquals(nearChanged, ConfigHash.of(List.of(config)), "found next to the config");
    }

    @Test
    void globsOfEveryKindAreExpanded() throws Exception {
        Files.createDirectories(tmp.resolve("data/nested"));
        Files.createDirectories(tmp.resolve("x"));
        for (String f : List.of("data/case1.csv", "data/case2.csv", "x/cases.csv")) {
            Files.writeString(tmp.resolve(f), f);
        }
        // a [ ] glob in a Groovy file() call (in YAML a ] ends the reference, as it ends a flow sequence)
        for (String glob : List.of("data/case?.csv", "data/case[12].csv", "*/cases.csv", "data/*")) {
            Path config = tmp.resolve("config.groovy");
            Files.writeString(config, "tests file('" + glob + "')\n");
            String before = ConfigHash.of(List.of(config));
            String changed = glob.startsWith("*") ? "x/cases.csv" : "data/case2.csv";
            Files.writeString(tmp.resolve(changed), "changed");
            assertNotEquals(before, ConfigHash.of(List.of(config)), glob + " covers " + changed);
            Files.writeString(tmp.resolve(changed), changed);
        }
        // a folder the glob matches is not a file: the files in it count when the glob reaches them
        Path config = tmp.resolve("config.yaml");
        Files.writeString(config, "tests: file://data/*\n");
        record("config 0", "tests: file://data/*\n");
        record("file data/case1.csv", "data/case1.csv");
        record("file data/case2.csv", "data/case2.csv");
        assertEquals(expectedHash(), ConfigHash.of(List.of(config)));
    }
}
