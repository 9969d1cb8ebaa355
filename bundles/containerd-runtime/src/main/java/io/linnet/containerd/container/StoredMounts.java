package io.linnet.containerd.container;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.linnet.containerd.proto.containers.Container;
import io.linnet.engine.api.container.MountPoint;

import java.io.UncheckedIOException;
import java.util.List;

/** A container's resolved mounts, kept as JSON in an extension of its containerd record. */
final class StoredMounts {

    static final String EXT_MOUNTS = ContainerRecords.PREFIX + "mounts";
    private static final TypeReference<List<MountPoint>> LIST = new TypeReference<>() {
    };

    private StoredMounts() {
    }

    static String json(List<MountPoint> mounts) {
        try {
            return ContainerRecords.MAPPER.writeValueAsString(mounts);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<MountPoint> of(Container c) {
        String json = ContainerRecords.extension(c, EXT_MOUNTS, "[]");
        try {
            return ContainerRecords.MAPPER.readValue(json, LIST);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
