package io.linnet.containerd.container;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import io.linnet.api.model.ApiJson;
import io.linnet.api.model.container.ContainerConfig;
import io.linnet.api.model.container.HostConfig;
import io.linnet.containerd.proto.containers.Container;
import io.linnet.engine.api.container.ContainerState;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How Docker's container metadata is kept on the containerd container: small values in labels
 * (prefix {@value #PREFIX}), the big JSON documents (Config, HostConfig, run metadata) in
 * extensions, an {@code Any} with our own type URL and the JSON bytes. The user's labels are the
 * remaining labels.
 */
final class ContainerRecords {

    static final String PREFIX = "io.linnet.container/";
    static final String NAME = PREFIX + "name";
    static final String CREATED = PREFIX + "created";
    static final String IMAGE = PREFIX + "image";
    static final String IMAGE_ID = PREFIX + "image-id";
    /** JSON: status, exitCode, startedAt, finishedAt, oomKilled, error, restartCount. */
    static final String STATE = PREFIX + "state";
    /** containerd drops a label whose value is empty: the keys of the user's empty labels, as a JSON array. */
    static final String EMPTY_LABELS = PREFIX + "empty-labels";
    static final String EXT_CONFIG = PREFIX + "config";
    static final String EXT_HOST_CONFIG = PREFIX + "hostconfig";
    static final String EXT_META = PREFIX + "meta";
    static final String TYPE_PREFIX = "types.linnet.io/docker/";
    /** The API's mapper configuration: the stored Config and HostConfig are Docker's JSON, as inspect shows them. */
    static final ObjectMapper MAPPER = io.linnet.api.model.json.DockerJson.newMapper();

    private ContainerRecords() {
    }

    /** The stored run state. */
    record Stored(String status, int exitCode, Instant startedAt, Instant finishedAt, boolean oomKilled, String error,
            int restartCount, boolean manuallyStopped) {

        static final String RESTARTING = "restarting";

        Stored(String status, int exitCode, Instant startedAt, Instant finishedAt, boolean oomKilled, String error,
                int restartCount) {
            this(status, exitCode, startedAt, finishedAt, oomKilled, error, restartCount, false);
        }

        static Stored created() {
            return new Stored(ContainerState.CREATED, 0, null, null, false, "", 0);
        }

        /** Waiting out the restart policy's back-off; the restart counts already. */
        Stored restarting() {
            return new Stored(RESTARTING, exitCode, startedAt, finishedAt, oomKilled, error, restartCount + 1, false);
        }

        /** A stop or kill by the user: restart policies leave it stopped (unless-stopped even after a daemon restart). */
        Stored stoppedByUser(boolean value) {
            return new Stored(status, exitCode, startedAt, finishedAt, oomKilled, error, restartCount, value);
        }

        /** A start by the user: the restart count begins anew, as dockerd's does. */
        Stored startedByUser(Instant at) {
            return new Stored(ContainerState.RUNNING, 0, at, finishedAt, false, "", 0, false);
        }

        String json() {
            ObjectNode n = MAPPER.createObjectNode();
            n.put("status", status);
            n.put("exitCode", exitCode);
            if (startedAt != null) {
                n.put("startedAt", startedAt.toString());
            }
            if (finishedAt != null) {
                n.put("finishedAt", finishedAt.toString());
            }
            n.put("oomKilled", oomKilled);
            n.put("error", error);
            n.put("restartCount", restartCount);
            if (manuallyStopped) {
                n.put("manuallyStopped", true);
            }
            return n.toString();
        }

        static Stored parse(String json) {
            if (json == null || json.isEmpty()) {
                return created();
            }
            JsonNode n = read(json.getBytes(StandardCharsets.UTF_8));
            return new Stored(n.path("status").asText(ContainerState.CREATED), n.path("exitCode").asInt(),
                    instant(n.get("startedAt")), instant(n.get("finishedAt")), n.path("oomKilled").asBoolean(),
                    n.path("error").asText(""), n.path("restartCount").asInt(), n.path("manuallyStopped").asBoolean());
        }

        Stored started(Instant at) {
            return new Stored(ContainerState.RUNNING, 0, at, finishedAt, false, "", restartCount);
        }

        Stored exited(int code, Instant at, boolean oom) {
            return new Stored(ContainerState.EXITED, code, startedAt, at, oom, "", restartCount, manuallyStopped);
        }

        /** A start that failed: the container keeps dockerd's exit code for the failure (127, 126 or 128). */
        Stored failed(String message, int exitCode) {
            return new Stored(startedAt == null ? ContainerState.CREATED : ContainerState.EXITED, exitCode, startedAt,
                    finishedAt, false, message, restartCount);
        }
    }

    /**
     * What the engine needs to run the container again, fixed at create.
     *
     * @param stopSignal the signal name or number, image's one merged in
     */
    record Meta(String path, List<String> args, boolean tty, boolean openStdin, boolean stdinOnce, boolean autoRemove,
            Integer stopTimeout, String stopSignal) {

        String json() {
            ObjectNode n = MAPPER.createObjectNode();
            n.put("path", path);
            args.forEach(n.putArray("args")::add);
            n.put("tty", tty);
            n.put("openStdin", openStdin);
            n.put("stdinOnce", stdinOnce);
            n.put("autoRemove", autoRemove);
            if (stopTimeout != null) {
                n.put("stopTimeout", stopTimeout);
            }
            n.put("stopSignal", stopSignal);
            return n.toString();
        }

        static Meta parse(byte[] json) {
            JsonNode n = read(json);
            List<String> args = new ArrayList<>();
            n.path("args").forEach(a -> args.add(a.asText()));
            return new Meta(n.path("path").asText(""), args, n.path("tty").asBoolean(), n.path("openStdin").asBoolean(),
                    n.path("stdinOnce").asBoolean(), n.path("autoRemove").asBoolean(),
                    n.has("stopTimeout") ? n.get("stopTimeout").asInt() : null, n.path("stopSignal").asText("SIGTERM"));
        }
    }

    static Any json(String kind, String json) {
        return Any.newBuilder().setTypeUrl(TYPE_PREFIX + kind).setValue(ByteString.copyFromUtf8(json)).build();
    }

    /** A Docker record (Config, HostConfig) as its JSON extension. */
    static Any jsonOf(String kind, Object value) {
        try {
            return json(kind, MAPPER.writeValueAsString(value));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The stored HostConfig (Go's zero value for a record without one). */
    /** The OCI spec of a record read with its spec ({@link ContainerStore#record}). */
    static com.fasterxml.jackson.databind.node.ObjectNode spec(Container c) {
        try {
            return (com.fasterxml.jackson.databind.node.ObjectNode) MAPPER.readTree(c.getSpec().getValue().toByteArray());
        } catch (java.io.IOException | ClassCastException e) {
            throw new IllegalStateException("container " + c.getId() + " has an unreadable spec", e);
        }
    }

    static HostConfig hostConfig(Container c) {
        Any any = c.getExtensionsMap().get(EXT_HOST_CONFIG);
        return any == null ? HostConfig.zero() : read(any.getValue(), HostConfig.class);
    }

    /** The stored Config, merged with the image's at create. */
    static ContainerConfig config(Container c) {
        Any any = c.getExtensionsMap().get(EXT_CONFIG);
        return any == null ? ContainerConfig.zero() : read(any.getValue(), ContainerConfig.class);
    }

    private static <T> T read(ByteString json, Class<T> type) {
        try {
            return MAPPER.readValue(json.toByteArray(), type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String extension(Container c, String key, String fallback) {
        Any any = c.getExtensionsMap().get(key);
        return any == null ? fallback : any.getValue().toStringUtf8();
    }

    /** The user's labels: all but ours, and those with an empty value. */
    static Map<String, String> userLabels(Container c) {
        Map<String, String> out = new HashMap<>();
        c.getLabelsMap().forEach((k, v) -> {
            if (!k.startsWith(PREFIX)) {
                out.put(k, v);
            }
        });
        String empty = c.getLabelsMap().get(EMPTY_LABELS);
        if (empty != null) {
            read(empty.getBytes(StandardCharsets.UTF_8)).forEach(key -> out.put(key.asText(), ""));
        }
        return out;
    }

    /** The user's labels as containerd can keep them (see {@link #EMPTY_LABELS}). */
    static Map<String, String> storedLabels(Map<String, String> user) {
        Map<String, String> out = new HashMap<>();
        var emptyKeys = MAPPER.createArrayNode();
        user.forEach((k, v) -> {
            if (v.isEmpty()) {
                emptyKeys.add(k);
            } else {
                out.put(k, v);
            }
        });
        if (!emptyKeys.isEmpty()) {
            out.put(EMPTY_LABELS, emptyKeys.toString());
        }
        return out;
    }

    /** Whether the containerd container is a Docker container of this daemon. */
    static boolean ours(Container c) {
        return c.getLabelsMap().containsKey(NAME);
    }

    private static Instant instant(JsonNode n) {
        return n == null || n.isNull() || n.asText().isEmpty() ? null : Instant.parse(n.asText());
    }

    private static JsonNode read(byte[] json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
