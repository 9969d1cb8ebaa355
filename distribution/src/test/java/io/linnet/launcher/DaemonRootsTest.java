package io.linnet.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The data and exec roots the launcher prepares, with dockerd's modes. */
class DaemonRootsTest {

    @TempDir
    Path tmp;

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void rootsGetDockerdsModes() throws Exception {
        Path data = tmp.resolve("new/data");
        Path exec = tmp.resolve("new/exec");
        DaemonRoots.prepare(data, exec);
        assertEquals("rwx--x---", mode(data));
        assertEquals("rwx------", mode(exec));
        // an existing data root is set to 0710 too; an existing exec root is left as it is
        Path oldData = Files.createDirectories(tmp.resolve("old/data"));
        Path oldExec = Files.createDirectories(tmp.resolve("old/exec"));
        Files.setPosixFilePermissions(oldData, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(oldExec, PosixFilePermissions.fromString("rwxr-x---"));
        DaemonRoots.prepare(oldData, oldExec);
        assertEquals("rwx--x---", mode(oldData));
        assertEquals("rwxr-x---", mode(oldExec));
    }
}
