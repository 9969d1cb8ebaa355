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
import java.util.Set;

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
                ctx.applyIgnore(DockerIgnore.parse(Files.readString(ctx.root().resolve(".dockerignore"))),
                        Set.of("Dockerfile", ".dockerignore"));
                assertTrue(Files.exists(ctx.root().resolve("Dockerfile")));
                assertFalse(Files.exists(ctx.root().resolve("a.log")));
                assertTrue(Files.exists(ctx.root().resolve("keep.log")));
                assertEquals("int main;", Files.readString(ctx.root().resolve("src/main.c")));
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
            assertTrue(Files.exists(ctx.root().resolve("outside")));
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

    @Test
    void notATarIsRejected() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("ctx3"));
        byte[] junk = "this is not a tar archive at all, just some text that goes on".repeat(20)
                .getBytes(StandardCharsets.UTF_8);
        assertThrows(Exception.class, () -> BuildContext.extract(new ByteArrayInputStream(junk), dir));
    }
}
