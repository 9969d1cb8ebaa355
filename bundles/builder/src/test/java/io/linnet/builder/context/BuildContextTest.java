package io.linnet.builder.context;

import io.linnet.engine.api.InvalidParameterException;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BuildContextTest {
    @TempDir
    Path tmp;

    private interface Entries {
        void write(TarArchiveOutputStream tar) throws IOException;
    }

    private static byte[] tar(boolean gzip, Entries entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        OutputStream out = gzip ? new GzipCompressorOutputStream(bytes) : bytes;
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            entries.write(tar);
        }
        return bytes.toByteArray();
    }

    private static void file(TarArchiveOutputStream tar, String name, String content) throws IOException {
        byte[] data = content.getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setSize(data.length);
        e.setMode(0100644);
        tar.putArchiveEntry(e);
        tar.write(data);
        tar.closeArchiveEntry();
    }

    @Test
    void extractsPlainAndGzipAndAppliesDockerignore() throws Exception {
        for (boolean gzip : new boolean[] {false, true}) {
            Path dir = Files.createDirectories(tmp.resolve("ctx" + gzip));
            byte[] body = tar(gzip, t -> {
                file(t, "Dockerfile", "FROM scratch\n");
                file(t, ".dockerignore", "*.log\n!keep.log\nDockerfile\n");
                file(t, "a.log", "x");
                file(t, "keep.log", "x");
                file(t, "src/main.c", "int main;");
            });
            try (BuildContext ctx = BuildContext.extract(new ByteArrayInputStream(body), dir)) {
                ctx.applyIgnore(DockerIgnore.parse(new String(ctx.read(".dockerignore"), StandardCharsets.UTF_8)));
                assertFalse(Files.exists(dir.resolve("Dockerfile")), "named by .dockerignore: out of COPY, as moby");
                assertTrue(Files.exists(dir.resolve(".dockerignore")), "not named by itself: kept");
                assertFalse(Files.exists(dir.resolve("a.log")));
                assertTrue(Files.exists(dir.resolve("keep.log")));
                assertEquals("int main;", Files.readString(dir.resolve("src/main.c")));
            }
            assertFalse(Files.exists(dir));
        }
    }

    @Test
    void pathsNeverLeaveTheContext() throws Exception {
        Path outside = tmp.resolve("outside");
        Path dir = Files.createDirectories(tmp.resolve("ctx"));
        byte[] dotdot = tar(false, t -> file(t, "../../outside", "escaped"));
        // "../" climbs no higher than the context root, as dockerd's archive code does
        try (BuildContext ctx = BuildContext.extract(new ByteArrayInputStream(dotdot), dir)) {
            assertTrue(Files.exists(dir.resolve("outside")));
        }
        assertFalse(Files.exists(outside));

        Path dir2 = Files.createDirectories(tmp.resolve("ctx2"));
        byte[] viaLink = tar(false, t -> {
            TarArchiveEntry link = new TarArchiveEntry("link", TarArchiveEntry.LF_SYMLINK);
            link.setLinkName(tmp.toString());
            t.putArchiveEntry(link);
            t.closeArchiveEntry();
            file(t, "link/outside", "escaped");
        });
        assertThrows(InvalidParameterException.class,
                () -> BuildContext.extract(new ByteArrayInputStream(viaLink), dir2));
        assertFalse(Files.exists(outside));
    }

    /** The reproductions: a link to "/" in the context, a Dockerfile that is a link, a hard link through a link. */
    @Test
    void linksInTheContextAreTakenInsideIt() throws Exception {
        Path secret = Files.writeString(tmp.resolve("secret.txt"), "host secret");
        Path dir = Files.createDirectories(tmp.resolve("ctx4"));
        byte[] body = tar(false, t -> {
            symlink(t, "s", "/");
            symlink(t, "Dockerfile", secret.toString());
            symlink(t, "up", "../../../../../..");
            file(t, "inside.txt", "in the context");
            hardlink(t, "hl", "s" + secret); // a hard link whose source goes through the link
            file(t, "s/newdir/f", "made in the context"); // a directory made through the link
        });
        try (BuildContext ctx = BuildContext.extract(new ByteArrayInputStream(body), dir)) {
            assertThrows(java.nio.file.NoSuchFileException.class, () -> ctx.read("Dockerfile"));
            assertThrows(java.nio.file.NoSuchFileException.class, () -> ctx.read("s" + secret));
            assertEquals("in the context", new String(ctx.read("up/s/inside.txt"), StandardCharsets.UTF_8));
            assertEquals("made in the context", Files.readString(dir.resolve("newdir/f")));
        } catch (InvalidParameterException refused) {
            // the hard link has no source inside the context: refused, as dockerd refuses it
            assertTrue(refused.getMessage().startsWith("invalid hard link in build context: hl"), refused.getMessage());
        }
        assertEquals("host secret", Files.readString(secret));
        assertFalse(Files.exists(Path.of("/newdir")));
    }

    private static void symlink(TarArchiveOutputStream t, String name, String target) throws IOException {
        TarArchiveEntry link = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK);
        link.setLinkName(target);
        t.putArchiveEntry(link);
        t.closeArchiveEntry();
    }

    private static void hardlink(TarArchiveOutputStream t, String name, String target) throws IOException {
        TarArchiveEntry link = new TarArchiveEntry(name, TarArchiveEntry.LF_LINK);
        link.setLinkName(target);
        t.putArchiveEntry(link);
        t.closeArchiveEntry();
    }

    @Test
    void notATarIsRejected() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("ctx3"));
        byte[] junk = "this is not a tar archive at all, just some text that goes on".repeat(20)
                .getBytes(StandardCharsets.UTF_8);
        assertThrows(Exception.class, () -> BuildContext.extract(new ByteArrayInputStream(junk), dir));
    }
}
