package io.linnet.containerd.system;

import io.linnet.containerd.proto.containers.Container;
import io.linnet.containerd.proto.images.Image;
import io.linnet.containerd.proto.types.task.Process;
import io.linnet.containerd.proto.types.task.Status;
import io.linnet.engine.api.system.ObjectCounts;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.Set;
import java.util.stream.Collectors;

/** Counts for `docker info` from containerd's records. */
final class ObjectCounting {

    private ObjectCounting() {
    }

    /**
     * @param tasks   init processes from Tasks.List: a container without a task, or with a stopped one, is stopped
     * @param imageId the image ID (config digest) a record stands for; empty when its content is missing
     */
    static ObjectCounts count(List<Container> containers, List<Process> tasks, List<Image> images,
            Function<Image, Optional<String>> imageId) {
        Set<String> containerIds = containers.stream().map(Container::getId).collect(Collectors.toSet());
        int running = 0;
        int paused = 0;
        for (Process task : tasks) {
            if (!containerIds.contains(task.getContainerId())) {
                continue;
            }
            if (task.getStatus() == Status.RUNNING) {
                running++;
            } else if (task.getStatus() == Status.PAUSED || task.getStatus() == Status.PAUSING) {
                paused++;
            }
        }
        // several names (tags, the dangling keeper) can point at one image ID
        int distinctImages = (int) images.stream()
                .map(imageId)
                .flatMap(Optional::stream)
                .distinct()
                .count();
        int total = containerIds.size();
        return new ObjectCounts(total, running, paused, Math.max(0, total - running - paused), distinctImages);
    }
}
