package io.linnet.containerd.system;

import io.linnet.containerd.proto.containers.Container;
import io.linnet.containerd.proto.images.Image;
import io.linnet.containerd.proto.types.Descriptor;
import io.linnet.containerd.proto.types.task.Process;
import io.linnet.containerd.proto.types.task.Status;
import io.linnet.engine.api.system.ObjectCounts;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ObjectCountingTest {

    @Test
    void emptyNamespaceCountsNothing() {
        assertEquals(new ObjectCounts(0, 0, 0, 0, 0), ObjectCounting.count(List.of(), List.of(), List.of(), ObjectCountingTest::byTarget));
    }

    @Test
    void containersWithoutRunningOrPausedTasksAreStopped() {
        List<Container> containers = List.of(container("a"), container("b"), container("c"), container("d"), container("e"));
        List<Process> tasks = List.of(
                task("a", Status.RUNNING),
                task("b", Status.PAUSED),
                task("c", Status.PAUSING),
                task("d", Status.STOPPED),
                task("gone", Status.RUNNING)); // a task whose container record is gone is not counted
        assertEquals(new ObjectCounts(5, 1, 2, 2, 0), ObjectCounting.count(containers, tasks, List.of(), ObjectCountingTest::byTarget));
    }

    @Test
    void imagesAreCountedByDistinctImageId() {
        List<Image> images = List.of(
                image("docker.io/library/alpine:latest", "sha256:aaa"),
                image("docker.io/library/alpine:3", "sha256:aaa"),
                image("linnet-dangling@sha256:ccc", "sha256:ccc"), // another manifest, same config
                image("docker.io/library/gone:latest", "sha256:ddd"), // content missing
                image("docker.io/library/busybox:latest", "sha256:bbb"));
        java.util.Map<String, String> ids = java.util.Map.of("sha256:aaa", "sha256:1", "sha256:ccc", "sha256:1",
                "sha256:bbb", "sha256:2");
        assertEquals(2, ObjectCounting.count(List.of(), List.of(), images,
                image -> java.util.Optional.ofNullable(ids.get(image.getTarget().getDigest()))).images());
    }

    private static java.util.Optional<String> byTarget(Image image) {
        return java.util.Optional.of(image.getTarget().getDigest());
    }

    private static Container container(String id) {
        return Container.newBuilder().setId(id).build();
    }

    private static Process task(String containerId, Status status) {
        return Process.newBuilder().setContainerId(containerId).setId(containerId).setStatus(status).build();
    }

    private static Image image(String name, String digest) {
        return Image.newBuilder().setName(name).setTarget(Descriptor.newBuilder().setDigest(digest)).build();
    }
}
