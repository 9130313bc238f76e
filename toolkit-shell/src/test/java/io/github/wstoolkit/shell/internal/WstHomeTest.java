package io.github.wstoolkit.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WstHomeTest {

    @TempDir
    Path tmp;

    @Test
    void wstHomeIsCreatedOwnerOnlyWithItsParents() throws Exception {
        Path home = tmp.resolve("a/b/.wst");
        Path made = WstHome.ensure(Map.of("WST_HOME", home.toString()));
        assertEquals(home, made);
        assertTrue(Files.isDirectory(home));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(home)));
        // a second call finds it and changes nothing
        assertEquals(home, WstHome.ensure(Map.of("WST_HOME", home.toString())));
    }

    @Test
    void withoutWstHomeItIsDotWstInTheUsersHome() {
        assertEquals(Path.of(System.getProperty("user.home"), ".wst"), WstHome.of(Map.of()));
        assertEquals(Path.of(System.getProperty("user.home"), ".wst"), WstHome.of(Map.of("WST_HOME", "  ")));
    }

    @Test
    void restrictMakesAFileOwnerOnly() throws Exception {
        Path f = Files.writeString(tmp.resolve("history"), "x");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
        WstHome.restrict(f);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
    }
}
