package io.linnet.builder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.linnet.engine.api.InvalidParameterException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;

class ChownFlagTest {

    private static byte[] rootfs() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            add(tar, "./etc/passwd", "root:x:0:0:root:/root:/bin/sh\napp:x:1001:1002::/home/app:/bin/sh\n");
            add(tar, "./etc/group", "root:x:0:\nstaff:x:50:\napp:x:1002:\n");
        }
        return out.toByteArray();
    }

    private static void add(TarArchiveOutputStream tar, String name, String text) throws Exception {
        byte[] data = text.getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setSize(data.length);
        tar.putArchiveEntry(e);
        tar.write(data);
        tar.closeArchiveEntry();
    }

    @Test
    void namesComeFromTheImagesPasswdAndGroupNumbersNeedNoImage() throws Exception {
        byte[] fs = rootfs();
        AtomicInteger reads = new AtomicInteger();
        Supplier<InputStream> image = () -> {
            reads.incrementAndGet();
            return new ByteArrayInputStream(fs);
        };
        assertArrayEquals(new int[] {0, 0}, ChownFlag.resolve(null, image));
        assertArrayEquals(new int[] {1000, 1000}, ChownFlag.resolve("1000", image));
        assertArrayEquals(new int[] {10, 20}, ChownFlag.resolve("10:20", image));
        assertEquals(0, reads.get(), "numbers alone do not read the image");
        assertArrayEquals(new int[] {1001, 1002}, ChownFlag.resolve("app", image), "the user's name is the group's");
        assertArrayEquals(new int[] {1001, 50}, ChownFlag.resolve("app:staff", image));
        assertArrayEquals(new int[] {7, 50}, ChownFlag.resolve("7:staff", image));
    }

    @Test
    void unknownNamesFailWithDockerdsText() throws Exception {
        byte[] fs = rootfs();
        InvalidParameterException user = assertThrows(InvalidParameterException.class,
                () -> ChownFlag.resolve("ghost", () -> new ByteArrayInputStream(fs)));
        assertEquals("unable to convert uid/gid chown string to host mapping: can't find uid for user ghost: "
                + "no such user: ghost", user.getMessage());
        InvalidParameterException group = assertThrows(InvalidParameterException.class,
                () -> ChownFlag.resolve("app:ghosts", () -> new ByteArrayInputStream(fs)));
        assertEquals("unable to convert uid/gid chown string to host mapping: can't find gid for group ghosts: "
                + "no such group: ghosts", group.getMessage());
    }
}
