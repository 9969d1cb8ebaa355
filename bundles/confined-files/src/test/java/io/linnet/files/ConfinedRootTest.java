package io.linnet.files;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfinedRootTest {

    @TempDir
    Path tmp;
    Path root;
    Path outside;

    @BeforeEach
    void tree() throws IOException {
        root = Files.createDirectory(tmp.resolve("root"));
        outside = Files.createDirectory(tmp.resolve("outside"));
        Files.writeString(outside.resolve("secret"), "host secret");
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/passwd"), "root:x:0:0::/root:/bin/sh\n");
        // links a user-space check would follow out of the root
        Files.createSymbolicLink(root.resolve("abs"), outside);
        Files.createSymbolicLink(root.resolve("up"), Path.of("../../../../../.." + outside));
        Files.createSymbolicLink(root.resolve("slash"), Path.of("/"));
        Files.createSymbolicLink(root.resolve("magic"), Path.of("/proc/self/root"));
    }

    @Test
    void absoluteAndClimbingLinksResolveInsideTheRoot() throws IOException {
        try (ConfinedRoot r = ConfinedRoot.open(root)) {
            assertThrows(NoSuchFileException.class, () -> r.read("abs/secret"));
            assertThrows(NoSuchFileException.class, () -> r.read("up/secret"));
            assertThrows(NoSuchFileException.class, () -> r.read("/../../" + outside + "/secret"));
            try (InputStream in = r.read("slash/etc/passwd")) {
                assertEquals("root:x:0:0::/root:/bin/sh\n", new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            assertEquals("/etc/passwd", r.resolve("/slash/etc/passwd", true));
            assertEquals(outside.toString(), r.resolve("/abs", true));
        }
    }

    @Test
    void magicLinksAreRefused() throws IOException {
        Files.createDirectories(root.resolve("proc/self"));
        try (ConfinedRoot r = ConfinedRoot.open(root)) {
            // "/proc/self/root" is looked up in the root: no host procfs is reached
            assertThrows(NoSuchFileException.class, () -> r.read("magic/etc/hostname"));
        }
    }

    @Test
    void mkdirsAndCreatesStayInsideTheRoot() throws IOException {
        try (ConfinedRoot r = ConfinedRoot.open(root)) {
            try (ConfinedDir d = r.mkdirs("slash/newdir", 0755, null); OutputStream out = d.create("f", 0644)) {
                out.write("x".getBytes(StandardCharsets.UTF_8));
            }
            // a dangling link (its target is looked up in the root) is no directory to make: as mkdir -p in a chroot
            assertThrows(IOException.class, () -> r.mkdirs("abs/newdir", 0755, null));
        }
        assertTrue(Files.isRegularFile(root.resolve("newdir/f")));
        assertEquals(List.of("secret"), list(outside));
    }

    @Test
    void entriesAreNeverFollowed() throws IOException {
        try (ConfinedRoot r = ConfinedRoot.open(root); ConfinedDir d = r.dir("/")) {
            assertTrue(d.lstat("abs").isSymlink());
            assertThrows(FileSystemException.class, () -> d.read("abs"));
            assertThrows(FileSystemException.class, () -> d.dir("slash"));
            assertThrows(FileSystemException.class, () -> d.create("abs", 0644));
            d.chown("abs", 1, 1); // the link itself
            d.chmod("abs", 0600); // a link has no mode: left alone, its target untouched
            d.deleteTree("abs");
        }
        assertTrue(Files.exists(outside.resolve("secret")));
        assertEquals(0, (int) Files.getAttribute(outside, "unix:uid"));
        assertFalse(Files.exists(root.resolve("abs"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void fifosAndDevicesAreNotOpened() throws Exception {
        Process p = new ProcessBuilder("mkfifo", root.resolve("fifo").toString()).start();
        assertEquals(0, p.waitFor());
        try (ConfinedRoot r = ConfinedRoot.open(root)) {
            FileSystemException e = assertThrows(FileSystemException.class, () -> r.read("fifo"));
            assertEquals("not a regular file", e.getReason());
            assertThrows(FileSystemException.class, () -> r.readAll("etc/passwd", 4));
            assertEquals("root:x:0:0::/root:/bin/sh\n", new String(r.readAll("etc/passwd", 100), StandardCharsets.UTF_8));
        }
    }

    @Test
    void hardLinksTimesAndListing() throws IOException {
        try (ConfinedRoot r = ConfinedRoot.open(root); ConfinedDir etc = r.dir("/etc"); ConfinedDir top = r.dir()) {
            top.link("pw", etc, "passwd");
            top.setTimes("pw", 1_000_000_000_123L);
            assertEquals(2, top.lstat("pw").nlink());
            assertEquals(1_000_000_000_123L, top.lstat("pw").mtime());
            assertEquals(List.of("abs", "etc", "magic", "pw", "slash", "up"), top.list());
            assertEquals(List.of("abs", "etc", "magic", "pw", "slash", "up"), top.list()); // a second listing sees all
        }
    }

    /** A writer that swaps a directory for a link out of the root while another thread writes below it. */
    @Test
    void swappingLinksNeverRedirectsAWrite() throws Exception {
        Path work = Files.createDirectory(root.resolve("work"));
        Path link = root.resolve("link");
        Files.createSymbolicLink(link, outside);
        AtomicBoolean stop = new AtomicBoolean();
        Thread swapper = new Thread(() -> {
            Path aside = root.resolve("aside");
            while (!stop.get()) {
                try {
                    Files.move(work, aside, StandardCopyOption.ATOMIC_MOVE);
                    Files.move(link, work, StandardCopyOption.ATOMIC_MOVE);
                    Files.move(work, link, StandardCopyOption.ATOMIC_MOVE);
                    Files.move(aside, work, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException ignored) {
                    // the writer may hold a name for a moment
                }
            }
        });
        swapper.start();
        try (ConfinedRoot r = ConfinedRoot.open(root)) {
            for (int i = 0; i < 2000; i++) {
                try (ConfinedDir d = r.mkdirs("work/d" + (i % 7), 0755, null); OutputStream out = d.create("f" + i, 0644)) {
                    out.write(1);
                } catch (IOException expected) {
                    // missing for a moment: fine, as long as nothing lands outside
                }
            }
        } finally {
            stop.set(true);
            swapper.join();
        }
        assertEquals(List.of("secret"), list(outside));
    }

    private static List<String> list(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
