package io.linnet.containerd.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Set;
import io.linnet.files.ConfinedRoot;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TarExtractorTest {

    @TempDir
    Path work;
    Path root;
    Path host;
    /** The root the code under test walks, closed after each test. */
    @AutoClose
    ConfinedRoot confined;

    @BeforeEach
    void layout() throws IOException {
        root = Files.createDirectories(work.resolve("root"));
        host = Files.createDirectories(work.resolve("host"));
        Files.createDirectories(root.resolve("dest"));
        Files.createDirectories(root.resolve("etc"));
        confined = ConfinedRoot.open(root);
    }

    private interface Entries {
        void write(TarArchiveOutputStream tar) throws IOException;
    }

    private static byte[] tar(Entries entries) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            entries.write(tar);
        }
        return out.toByteArray();
    }

    private static void file(TarArchiveOutputStream tar, String name, String content) throws IOException {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_NORMAL, true);
        e.setSize(bytes.length);
        e.setMode(0644);
        tar.putArchiveEntry(e);
        tar.write(bytes);
        tar.closeArchiveEntry();
    }

    private static void link(TarArchiveOutputStream tar, String name, String target, byte type) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name, type, true);
        e.setLinkName(target);
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
    }

    private void extract(String dest, byte[] tar) throws IOException {
        new TarExtractor(confined, dest, true, null).extract(new ByteArrayInputStream(tar));
    }

    @Test
    void filesAndDirectories() throws IOException {
        extract("/dest", tar(t -> {
            TarArchiveEntry d = new TarArchiveEntry("sub/", TarConstants.LF_DIR, true);
            d.setMode(0750);
            t.putArchiveEntry(d);
            t.closeArchiveEntry();
            file(t, "sub/a.txt", "hello");
            file(t, "deep/er/b.txt", "parents made");
        }));
        assertEquals("hello", Files.readString(root.resolve("dest/sub/a.txt")));
        assertEquals("parents made", Files.readString(root.resolve("dest/deep/er/b.txt")));
    }

    @Test
    void dotDotEntriesAreRefusedAndWriteNothingOutside() throws IOException {
        byte[] evil = tar(t -> file(t, "../../../../" + host + "/pwned", "x"));
        assertThrows(TarExtractor.ExtractException.class, () -> extract("/dest", evil));
        assertFalse(Files.exists(host.resolve("pwned")));
        assertFalse(Files.exists(work.resolve("pwned")));
    }

    @Test
    void absoluteNamesLandInsideTheDestination() throws IOException {
        extract("/dest", tar(t -> file(t, host + "/abs", "in")));
        assertFalse(Files.exists(host.resolve("abs")));
        assertTrue(Files.exists(root.resolve("dest").resolve(host.toString().substring(1)).resolve("abs")));
    }

    @Test
    void symlinkInTheArchiveThenAFileThroughItStaysInTheRoot() throws IOException {
        // a link to a host directory, then a file written "through" it: the link is looked up in the
        // root, where it dangles, so the file has nowhere to go (as moby's chrooted untar fails)
        IOException e = assertThrows(IOException.class, () -> extract("/dest", tar(t -> {
            link(t, "esc", host.toString(), TarConstants.LF_SYMLINK);
            file(t, "esc/pwned", "x");
        })));
        assertTrue(e.getMessage().endsWith("no such file or directory"), e.getMessage());
        assertFalse(Files.exists(host.resolve("pwned")));
        assertTrue(Files.isSymbolicLink(root.resolve("dest/esc")));
        // where the link's target exists inside the root, the file lands there
        Files.createDirectories(root.resolve(host.toString().substring(1)));
        extract("/dest", tar(t -> file(t, "esc/pwned", "x")));
        assertFalse(Files.exists(host.resolve("pwned")));
        assertEquals("x", Files.readString(root.resolve(host.toString().substring(1)).resolve("pwned")));
    }

    @Test
    void relativeSymlinkLeavingTheDestinationIsRefused() throws IOException {
        byte[] evil = tar(t -> link(t, "up", "../../../../../..", TarConstants.LF_SYMLINK));
        assertThrows(TarExtractor.ExtractException.class, () -> extract("/dest", evil));
        assertFalse(Files.exists(root.resolve("dest/up"), LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void hardLinkOutsideIsRefused() throws IOException {
        Files.writeString(host.resolve("secret"), "s");
        byte[] evil = tar(t -> link(t, "hl", "../../../../../.." + host + "/secret", TarConstants.LF_LINK));
        assertThrows(TarExtractor.ExtractException.class, () -> extract("/dest", evil));
        // an absolute hard link target is taken inside the destination
        byte[] abs = tar(t -> link(t, "hl", host + "/secret", TarConstants.LF_LINK));
        assertThrows(IOException.class, () -> extract("/dest", abs));
        assertEquals("s", Files.readString(host.resolve("secret")));
    }

    @Test
    void existingSymlinkInTheContainerPointingOutIsResolvedInsideTheRoot() throws IOException {
        Files.createSymbolicLink(root.resolve("dest/etcl"), Path.of("/etc"));
        Files.createSymbolicLink(root.resolve("dest/hostl"), host);
        extract("/dest", tar(t -> file(t, "etcl/x", "in etc")));
        assertEquals("in etc", Files.readString(root.resolve("etc/x")));
        assertThrows(IOException.class, () -> extract("/dest", tar(t -> file(t, "hostl/y", "not on the host"))));
        assertFalse(Files.exists(host.resolve("y")));
    }

    @Test
    void noOverwriteDirNonDir() throws IOException {
        Files.createDirectories(root.resolve("dest/sub"));
        Files.writeString(root.resolve("dest/f"), "f");
        IOException e = assertThrows(IOException.class, () -> extract("/dest", tar(t -> file(t, "sub", "z"))));
        assertEquals("Error processing tar file(exit status 1): cannot overwrite directory \"/dest/sub\" with non-directory \"/dest\"",
                e.getMessage());
        e = assertThrows(IOException.class, () -> extract("/dest", tar(t -> {
            TarArchiveEntry d = new TarArchiveEntry("f/", TarConstants.LF_DIR, true);
            t.putArchiveEntry(d);
            t.closeArchiveEntry();
        })));
        assertEquals("Error processing tar file(exit status 1): cannot overwrite non-directory \"/dest/f\" with directory \"/dest\"",
                e.getMessage());
        // without the flag a file replaces the directory
        new TarExtractor(confined, "/dest", false, null).extract(new ByteArrayInputStream(tar(t -> file(t, "sub", "z"))));
        assertEquals("z", Files.readString(root.resolve("dest/sub")));
    }

    @Test
    void relativeNames() {
        assertEquals("a/b", TarExtractor.relative("./a/b/"));
        assertEquals(".", TarExtractor.relative("./"));
        assertEquals("etc/x", TarExtractor.relative("/etc/x"));
        assertNull(TarExtractor.relative("../x"));
        assertNull(TarExtractor.relative("a/../../x"));
    }

    @Test
    void tarWriterRoundTripKeepsSymlinksAndHardLinks() throws IOException {
        Files.createDirectories(root.resolve("src/d"));
        Files.writeString(root.resolve("src/d/f"), "data");
        Files.createLink(root.resolve("src/d/g"), root.resolve("src/d/f"));
        Files.createSymbolicLink(root.resolve("src/d/l"), Path.of("/etc"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarWriter w = new TarWriter(confined, out, Set.of())) {
            w.write("/src/d", "d");
        }
        StringBuilder listing = new StringBuilder();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(out.toByteArray()))) {
            TarArchiveEntry e;
            while ((e = in.getNextEntry()) != null) {
                listing.append(e.getName()).append(e.isSymbolicLink() ? " -> " + e.getLinkName() : "")
                        .append(e.isLink() ? " link " + e.getLinkName() : "").append('\n');
            }
        }
        assertEquals("d/\nd/f\nd/g link d/f\nd/l -> /etc\n", listing.toString());
    }
}
