package io.linnet.containerd.container;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.FieldMask;
import io.grpc.StatusRuntimeException;
import io.linnet.containerd.client.ContainerdConnection;
import io.linnet.containerd.proto.containers.Container;
import io.linnet.containerd.proto.containers.ContainersGrpc;
import io.linnet.containerd.proto.containers.GetContainerRequest;
import io.linnet.containerd.proto.containers.UpdateContainerRequest;
import io.linnet.engine.api.container.ContainerHealth;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * State.Health kept on the containerd record (an extension), written after each probe as dockerd
 * checkpoints it, so a restarted daemon shows the health a running container had, not "starting".
 */
final class HealthStore {

    static final String EXT_HEALTH = ContainerRecords.PREFIX + "health";
    private static final Logger LOG = LoggerFactory.getLogger(HealthStore.class);

    /** What was kept for a container: its run (startedAt) and its health then. */
    record Kept(Instant startedAt, ContainerHealth health) {
    }

    private final ContainerdConnection containerd;

    HealthStore(ContainerdConnection containerd) {
        this.containerd = containerd;
    }

    void save(String id, Instant startedAt, ContainerHealth health) {
        try {
            containerd.blocking(ContainersGrpc::newBlockingStub).update(UpdateContainerRequest.newBuilder()
                    .setContainer(Container.newBuilder().setId(id)
                            .putExtensions(EXT_HEALTH, ContainerRecords.json("Health", json(startedAt, health))))
                    .setUpdateMask(FieldMask.newBuilder().addPaths("extensions." + EXT_HEALTH))
                    .build());
        } catch (StatusRuntimeException e) {
            LOG.debug("container {}: health not kept: {}", id, e.getStatus());
        }
    }

    Optional<Kept> load(String id) {
        try {
            Container c = containerd.blocking(ContainersGrpc::newBlockingStub)
                    .get(GetContainerRequest.newBuilder().setId(id).build()).getContainer();
            String json = ContainerRecords.extension(c, EXT_HEALTH, "");
            return json.isEmpty() ? Optional.empty() : Optional.of(parse(json));
        } catch (StatusRuntimeException | IllegalArgumentException e) {
            LOG.debug("container {}: no kept health: {}", id, e.toString());
            return Optional.empty();
        }
    }

    static String json(Instant startedAt, ContainerHealth health) {
        ObjectNode root = ContainerRecords.MAPPER.createObjectNode();
        root.put("startedAt", startedAt.toString());
        root.put("status", health.status());
        root.put("failingStreak", health.failingStreak());
        ArrayNode log = root.putArray("log");
        for (ContainerHealth.Result r : health.log()) {
            log.addObject().put("start", r.start().toString()).put("end", r.end().toString())
                    .put("exitCode", r.exitCode()).put("output", r.output());
        }
        return root.toString();
    }

    static Kept parse(String json) {
        JsonNode root;
        try {
            root = ContainerRecords.MAPPER.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("unreadable health: " + e.getMessage(), e);
        }
        List<ContainerHealth.Result> log = new ArrayList<>();
        for (JsonNode r : root.path("log")) {
            log.add(new ContainerHealth.Result(Instant.parse(r.path("start").asText()),
                    Instant.parse(r.path("end").asText()), r.path("exitCode").asInt(), r.path("output").asText()));
        }
        return new Kept(Instant.parse(root.path("startedAt").asText()), new ContainerHealth(
                root.path("status").asText(ContainerHealth.STARTING), root.path("failingStreak").asInt(), log));
    }
}
