package io.linnet.containerd.image;

import io.linnet.engine.api.InvalidParameterException;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ArchiveEntriesTest {

    @Test
    void plainPathsAreNormalised() {
        assertEquals("manifest.json", ArchiveEntries.checkedPath(new TarArchiveEntry("./manifest.json")));
        assertEquals("blobs/sha256", ArchiveEntries.checkedPath(new TarArchiveEntry("blobs/sha256/")));
        assertEquals("a..b/layer.tar", ArchiveEntries.checkedPath(new TarArchiveEntry("a..b/layer.tar")));
    }

    @Test
    void escapingPathsAreRejected() {
        for (String name : new String[] {"../x", "a/../../x", "a/.."}) {
            InvalidParameterException e = assertThrows(InvalidParameterException.class,
                    () -> ArchiveEntries.checkedPath(new TarArchiveEntry(name)), name);
            assertTrue(e.getMessage().startsWith("invalid archive: "), e.getMessage());
        }
        TarArchiveEntry absolute = new TarArchiveEntry("x", true);
        absolute.setName("/etc/passwd");
        assertThrows(InvalidParameterException.class, () -> ArchiveEntries.checkedPath(absolute));
    }

    @Test
    void specialFilesAreRejected() {
        for (byte type : new byte[] {TarArchiveEntry.LF_CHR, TarArchiveEntry.LF_BLK, TarArchiveEntry.LF_FIFO}) {
            TarArchiveEntry e = new TarArchiveEntry("x/layer.tar", type);
            assertThrows(InvalidParameterException.class, () -> ArchiveEntries.checkedPath(e), "type " + (char) type);
        }
    }

    @Test
    void linksAreAliasesInsideTheArchiveOnly() {
        // docker save (Docker <= 24) links a layer two images share to its first copy.
        TarArchiveEntry shared = new TarArchiveEntry("b/layer.tar", TarArchiveEntry.LF_SYMLINK);
        shared.setLinkName("../a/layer.tar");
        assertEquals("a/layer.tar", ArchiveEntries.linkTarget(shared, ArchiveEntries.checkedPath(shared)));
        TarArchiveEntry hard = new TarArchiveEntry("b/layer.tar", TarArchiveEntry.LF_LINK);
        hard.setLinkName("a/layer.tar");
        assertEquals("a/layer.tar", ArchiveEntries.linkTarget(hard, ArchiveEntries.checkedPath(hard)));
        for (String outside : new String[] {"/etc/shadow", "../../etc/shadow", ""}) {
            TarArchiveEntry e = new TarArchiveEntry("x/layer.tar", TarArchiveEntry.LF_SYMLINK);
            e.setLinkName(outside);
            assertThrows(InvalidParameterException.class, () -> ArchiveEntries.linkTarget(e, "x/layer.tar"), outside);
        }
    }

    @Test
    void compressionIsDetectedByMagicBytes() throws Exception {
        byte[] data = "hello tar".getBytes();
        try (InputStream in = ArchiveEntries.decompressed(new ByteArrayInputStream(TestArchives.gzip(data)), false)) {
            assertArrayEquals(data, in.readAllBytes());
        }
        try (InputStream in = ArchiveEntries.decompressed(new ByteArrayInputStream(data), false)) {
            assertArrayEquals(data, in.readAllBytes());
        }
        assertEquals(ArchiveEntries.Compression.BZIP2, ArchiveEntries.detect("BZh91AY".getBytes(), 7));
        assertEquals(ArchiveEntries.Compression.XZ,
                ArchiveEntries.detect(new byte[] {(byte) 0xfd, '7', 'z', 'X', 'Z', 0}, 6));
        assertThrows(InvalidParameterException.class,
                () -> ArchiveEntries.decompressed(new ByteArrayInputStream("BZh91AY&SY".getBytes()), false));
    }
}
