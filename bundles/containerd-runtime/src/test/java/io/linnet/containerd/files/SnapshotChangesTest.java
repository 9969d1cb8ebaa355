package io.linnet.containerd.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.linnet.engine.api.container.ContainerFiles.Change;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotChangesTest {

    @TempDir
    Path work;

    private static String render(List<Change> changes) {
        StringBuilder out = new StringBuilder();
        for (Change c : changes) {
            out.append("CAD".charAt(c.kind())).append(' ').append(c.path()).append('\n');
        }
        return out.toString();
    }

    @Test
    void upperAgainstLowers() throws Exception {
        Path lower = Files.createDirectories(work.resolve("lower"));
        Path upper = Files.createDirectories(work.resolve("upper"));
        Files.createDirectories(lower.resolve("etc"));
        Files.writeString(lower.resolve("etc/passwd"), "root");
        Files.writeString(lower.resolve("etc/marker"), "m");
        Files.createDirectories(lower.resolve("bin"));
        // the container's changes
        Files.createDirectories(upper.resolve("etc"));
        Files.writeString(upper.resolve("etc/passwd"), "root\nx");
        Files.createDirectories(upper.resolve("d/sub"));
        Files.writeString(upper.resolve("d/f"), "abc");
        // what runc made for its mounts, hidden as dockerd's init layer hides it
        Files.createDirectories(upper.resolve("proc"));
        Files.createDirectories(upper.resolve("dev/pts"));
        Files.writeString(upper.resolve("etc/hostname"), "");
        boolean whiteout = mknodWhiteout(upper.resolve("etc/marker"));
        String expected = "A /d\nA /d/f\nA /d/sub\nC /etc\n" + (whiteout ? "D /etc/marker\n" : "") + "C /etc/passwd\n";
        assertEquals(expected, render(changes(upper, lower)));
    }

    @Test
    void aDirectoryCopiedUpOnlyForRuntimeFilesIsNoChange() throws Exception {
        Path lower = Files.createDirectories(work.resolve("lower"));
        Path upper = Files.createDirectories(work.resolve("upper"));
        Files.createDirectories(lower.resolve("etc"));
        Files.createDirectories(upper.resolve("etc"));
        Files.writeString(upper.resolve("etc/resolv.conf"), "");
        Files.writeString(upper.resolve(".dockerenv"), "");
        assertEquals("", render(changes(upper, lower)));
    }

    private static boolean mknodWhiteout(Path path) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("mknod", path.toString(), "c", "0", "0").redirectErrorStream(true).start();
        boolean ok = p.waitFor() == 0;
        if (!ok) {
            assumeTrue(!"root".equals(System.getProperty("user.name")), "mknod failed as root");
        }
        return ok;
    }

    private static List<io.linnet.engine.api.container.ContainerFiles.Change> changes(Path upper, Path lower) throws IOException {
        try (io.linnet.files.ConfinedRoot u = io.linnet.files.ConfinedRoot.open(upper);
             io.linnet.files.ConfinedRoot l = io.linnet.files.ConfinedRoot.open(lower)) {
            return new SnapshotChanges(u, List.of(l)).changes();
        }
    }
}
