package io.linnet.api.model.container;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** Golden JSON captured from dockerd 20.10 (API 1.41) and the docker CLI 28 (API 1.43). */
final class Golden {
    /** A plain mapper: fails on unknown properties, default inclusion, as strict as it gets. */
    static final ObjectMapper JSON = new ObjectMapper();

    private Golden() {
    }

    static JsonNode read(String name) {
        try (InputStream in = Golden.class.getResourceAsStream("/dockerd/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no golden " + name);
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static <T> T read(String name, Class<T> type) {
        try {
            return JSON.treeToValue(read(name), type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The JSON tree of what the value writes (through text, so numbers compare as dockerd's do). */
    static JsonNode tree(Object value) {
        try {
            return JSON.readTree(JSON.writeValueAsString(value));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Turns dockerd 20.10's (API 1.41) HostConfig into what moby v24 (API 1.43) writes for the same
     * container: KernelMemory and KernelMemoryTCP are omitempty since 1.42, and v24's default
     * MaskedPaths gained /sys/devices/virtual/powercap.
     */
    static JsonNode hostConfigAs143(JsonNode hostConfig141) {
        ObjectNode hc = hostConfig141.deepCopy();
        if (hc.path("KernelMemory").asLong() == 0) {
            hc.remove("KernelMemory");
        }
        if (hc.path("KernelMemoryTCP").asLong() == 0) {
            hc.remove("KernelMemoryTCP");
        }
        if (hc.path("MaskedPaths").isArray() && hc.path("MaskedPaths").size() == 10) {
            ((ArrayNode) hc.get("MaskedPaths")).add("/sys/devices/virtual/powercap");
        }
        return hc;
    }

    /**
     * A whole inspect body as API 1.43 writes the same stored container: only the omitempty
     * KernelMemory fields differ (the stored MaskedPaths are data, kept as they are).
     */
    static JsonNode inspectAs143(JsonNode inspect141) {
        ObjectNode copy = inspect141.deepCopy();
        ObjectNode hc = (ObjectNode) copy.get("HostConfig");
        if (hc.path("KernelMemory").asLong() == 0) {
            hc.remove("KernelMemory");
        }
        if (hc.path("KernelMemoryTCP").asLong() == 0) {
            hc.remove("KernelMemoryTCP");
        }
        return copy;
    }

    /**
     * A HostConfig as the endpoint hands it to the engine: MaskedPaths and ReadonlyPaths as the client sent them
     * (null here); their defaults are the engine's to store (containerd-runtime's SystemPaths).
     */
    static JsonNode withoutSystemPathDefaults(JsonNode hostConfig) {
        ObjectNode hc = hostConfig.deepCopy();
        hc.putNull("MaskedPaths");
        hc.putNull("ReadonlyPaths");
        return hc;
    }

    /** An inspect body whose HostConfig is {@link #withoutSystemPathDefaults}. */
    static JsonNode inspectWithoutSystemPathDefaults(JsonNode inspect) {
        ObjectNode copy = inspect.deepCopy();
        copy.set("HostConfig", withoutSystemPathDefaults(copy.get("HostConfig")));
        return copy;
    }

    /** A whole inspect body as moby v24 would have created it (HostConfig with v24's defaults). */
    static JsonNode inspectCreatedBy24(JsonNode inspect141) {
        ObjectNode copy = inspect141.deepCopy();
        copy.set("HostConfig", hostConfigAs143(copy.get("HostConfig")));
        return copy;
    }
}
