package io.linnet.containerd.image;

import io.linnet.containerd.client.ContainerdConnection;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;

/** Loads small busybox images into containerd, for tests of other packages. */
public final class TestImages {

    public static final String PASSWD = "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n"
            + "app:x:1000:1000:app:/home/app:/bin/sh\n";
    public static final String GROUP = "root:x:0:\nnogroup:x:65534:\napp:x:1000:\nstaff:x:50:app\naudio:x:29:app,nobody\n";

    private TestImages() {
    }

    /** A one-layer busybox image (sh, echo, true, sleep, id, cat links; /etc/passwd and /etc/group) named {@code name}. */
    public static void loadBusybox(ContainerdConnection containerd, String name) {
        byte[] layer = layer();
        byte[] config = TestArchives.config(Digests.of(layer), "2024-01-02T03:04:05Z", List.of("sh"));
        try (ImageRecords records = new ImageRecords(containerd)) {
            new ContainerdImageService(containerd, records).load(new ByteArrayInputStream(
                    TestArchives.dockerArchive(layer, config, List.of(name))), io.linnet.engine.api.image.ProgressSink.NONE);
        }
    }

    private static byte[] layer() {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
                tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                TestArchives.dir(tar, "bin/");
                TestArchives.file(tar, "bin/busybox", Files.readAllBytes(TestArchives.BUSYBOX), 0755);
                for (String applet : List.of("sh", "echo", "true", "sleep", "id", "cat")) {
                    TestArchives.link(tar, "bin/" + applet, "busybox");
                }
                TestArchives.dir(tar, "etc/");
                TestArchives.file(tar, "etc/passwd", PASSWD.getBytes(), 0644);
                TestArchives.file(tar, "etc/group", GROUP.getBytes(), 0644);
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
