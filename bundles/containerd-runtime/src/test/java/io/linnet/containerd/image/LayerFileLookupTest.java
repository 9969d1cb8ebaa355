package io.linnet.containerd.image;

import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class LayerFileLookupTest {

    private interface Body {
        void write(TarArchiveOutputStream tar) throws IOException;
    }

    private static byte[] layer(Body body) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            body.write(tar);
        }
        return bytes.toByteArray();
    }

    /** Layers top first, as RunnableImages scans them. */
    private static LayerFileLookup.Outcome lookup(LayerFileLookup l, List<byte[]> topFirst) throws IOException {
        for (byte[] layer : topFirst) {
            LayerFileLookup.Outcome o = l.scan(new ByteArrayInputStream(layer));
            if (o != LayerFileLookup.Outcome.NOT_HERE) {
                return o;
            }
        }
        return LayerFileLookup.Outcome.NOT_HERE;
    }

    @Test
    void topLayerWinsAndWhiteoutsHideLowerFiles() throws IOException {
        byte[] base = layer(t -> {
            TestArchives.dir(t, "./etc/");
            TestArchives.file(t, "./etc/passwd", "base".getBytes(), 0644);
        });
        byte[] upper = layer(t -> TestArchives.file(t, "etc/passwd", "upper".getBytes(), 0644));
        byte[] deleted = layer(t -> TestArchives.file(t, "etc/.wh.passwd", new byte[0], 0644));
        byte[] opaque = layer(t -> TestArchives.file(t, "etc/.wh..wh..opq", new byte[0], 0644));
        byte[] dirGone = layer(t -> TestArchives.file(t, ".wh.etc", new byte[0], 0644));
        byte[] unrelated = layer(t -> TestArchives.file(t, "etc/.wh.group", new byte[0], 0644));

        LayerFileLookup l = new LayerFileLookup("/etc/passwd", 1024);
        assertEquals(LayerFileLookup.Outcome.FOUND, lookup(l, List.of(upper, base)));
        assertArrayEquals("upper".getBytes(), l.content());
        l = new LayerFileLookup("/etc/passwd", 1024);
        assertEquals(LayerFileLookup.Outcome.FOUND, lookup(l, List.of(unrelated, base)));
        assertArrayEquals("base".getBytes(), l.content());
        assertEquals(LayerFileLookup.Outcome.DELETED, lookup(new LayerFileLookup("/etc/passwd", 1024), List.of(deleted, base)));
        assertEquals(LayerFileLookup.Outcome.DELETED, lookup(new LayerFileLookup("/etc/passwd", 1024), List.of(opaque, base)));
        assertEquals(LayerFileLookup.Outcome.DELETED, lookup(new LayerFileLookup("/etc/passwd", 1024), List.of(dirGone, base)));
        assertEquals(LayerFileLookup.Outcome.FOUND, lookup(new LayerFileLookup("/etc/passwd", 1024), List.of(upper, deleted, base)));
    }
}
