package io.linnet.containerd.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linnet.containerd.proto.images.Image;
import io.linnet.containerd.proto.types.Descriptor;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImageRecordsTest {

    private static Image record(String name, String digest) {
        return Image.newBuilder().setName(name).setTarget(Descriptor.newBuilder().setDigest(digest)).build();
    }

    @Test
    void ownWritesAndDeletesAreSeenAtOnceInNameOrder() {
        ImageRecords view = new ImageRecords(List.of(record("docker.io/library/b:latest", "sha256:1")));
        long before = view.version();
        view.written(record("docker.io/library/a:latest", "sha256:2"));
        assertNotEquals(before, view.version(), "a change moves the version: derived lookups are made again");
        assertEquals(List.of("docker.io/library/a:latest", "docker.io/library/b:latest"),
                view.all().stream().map(Image::getName).toList());
        view.written(record("docker.io/library/a:latest", "sha256:3"));
        assertEquals("sha256:3", view.get("docker.io/library/a:latest").orElseThrow().getTarget().getDigest());
        view.deleted("docker.io/library/b:latest");
        assertTrue(view.get("docker.io/library/b:latest").isEmpty());
        assertEquals(1, view.all().size());
    }
}
