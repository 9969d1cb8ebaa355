package io.linnet.containerd.container;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.FieldMask;
import io.linnet.containerd.client.ContainerdConnection;
import io.linnet.containerd.proto.containers.Container;
import io.linnet.containerd.proto.containers.ContainersGrpc;
import io.linnet.containerd.proto.containers.UpdateContainerRequest;
import io.linnet.engine.api.NotFoundException;
import io.linnet.engine.api.UnknownException;
import io.linnet.engine.api.network.ContainerNetworking;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The engine's side of legacy links ({@link LegacyLinks}): the links of a start (the linked containers
 * must run; their ALIAS_* variables go into the spec's process environment before the task is
 * created, since only then are their addresses known) and {@code docker rm --link}.
 */
final class ContainerLinks {

    /** The spec annotation naming the variables the last start added, for the next start to replace. */
    static final String ENV_ANNOTATION = ContainerRecords.PREFIX + "link-env";
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };

    private final ContainerdConnection containerd;
    private final ContainerStore store;
    private final ContainerNetwork network;

    ContainerLinks(ContainerdConnection containerd, ContainerStore store, ContainerNetwork network) {
        this.containerd = containerd;
        this.store = store;
        this.network = network;
    }

    /**
     * moby's setupLinkedContainers, before the task is created: each linked container that still exists
     * must run on the default bridge; the spec gets their variables (those of an earlier start replaced).
     *
     * @throws UnknownException "Cannot link to /db, as it does not belong to the default network" or "Cannot link
     *         to a non running container: /db AS /web/db" (dockerd 24's 500s, in its order)
     */
    void beforeStart(Container record) {
        if (!record.getLabelsMap().containsKey(LegacyLinks.LABEL)) {
            return; // never had links: nothing to add or to take away
        }
        String parentName = record.getLabelsMap().get(ContainerRecords.NAME);
        String mode = ContainerRecords.hostConfig(record).networkMode();
        List<String> env = new ArrayList<>();
        boolean onBridge = mode == null || mode.isEmpty() || mode.equals("default") || mode.equals("bridge");
        ContainerNetworking net = network.get();
        for (var link : (onBridge && net != null ? LegacyLinks.of(record) : Map.<String, String>of()).entrySet()) {
            Container child;
            try {
                child = store.find(link.getValue());
            } catch (NotFoundException gone) {
                continue; // removed since: its links went with it
            }
            String linkName = parentName + "/" + link.getKey();
            String childName = child.getLabelsMap().get(ContainerRecords.NAME);
            var bridge = net.state(child.getId()).endpoints().get("bridge"); // listed, without address, when stopped
            if (bridge == null) {
                throw new UnknownException("Cannot link to " + childName
                        + ", as it does not belong to the default network");
            }
            if (!store.isRunning(child.getId())) {
                throw new UnknownException("Cannot link to a non running container: " + childName + " AS " + linkName);
            }
            if (bridge.ipAddress().isEmpty()) {
                throw new UnknownException("container " + child.getId() + " not attached to default bridge network");
            }
            var config = ContainerRecords.config(child);
            env.addAll(LegacyLinks.env(linkName, bridge.ipAddress(), config.env(),
                    config.exposedPorts() == null ? List.of() : config.exposedPorts().keySet()));
        }
        writeEnv(store.record(record.getId()), env);
    }

    private void writeEnv(Container full, List<String> linkEnv) {
        ObjectNode spec = ContainerRecords.spec(full);
        ObjectNode annotations = spec.with("annotations");
        List<String> previous = List.of();
        if (annotations.hasNonNull(ENV_ANNOTATION)) {
            try {
                previous = ContainerRecords.MAPPER.readValue(annotations.get(ENV_ANNOTATION).asText(), STRINGS);
            } catch (IOException unreadable) {
                previous = List.of();
            }
        }
        if (previous.equals(linkEnv)) {
            return; // the same addresses as last time: nothing to write
        }
        ObjectNode process = spec.with("process");
        List<String> env = new ArrayList<>();
        process.path("env").forEach(e -> env.add(e.asText()));
        ArrayNode written = process.putArray("env");
        LegacyLinks.withLinkEnv(env, previous, linkEnv).forEach(written::add);
        try {
            annotations.put(ENV_ANNOTATION, ContainerRecords.MAPPER.writeValueAsString(linkEnv));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        store.written(containerd.blocking(ContainersGrpc::newBlockingStub).update(UpdateContainerRequest.newBuilder()
                .setContainer(Container.newBuilder().setId(full.getId())
                        .setSpec(Any.newBuilder().setTypeUrl(ContainerRunner.SPEC_TYPE)
                                .setValue(ByteString.copyFromUtf8(spec.toString()))))
                .setUpdateMask(FieldMask.newBuilder().addPaths("spec"))
                .build()).getContainer());
    }

    /**
     * moby's rmLink: the parent named by "/parent/alias" forgets that link (its hosts file too); both
     * containers stay.
     *
     * @throws NotFoundException when no container has that link name
     * @throws UnknownException  for a container's own name (dockerd's 500)
     */
    void remove(String linkName) {
        String name = linkName.startsWith("/") ? linkName : "/" + linkName;
        int slash = name.lastIndexOf('/');
        NotFoundException noSuch = new NotFoundException("No such container: " + name.substring(1));
        if (slash == 0) {
            store.find(name); // 404 for a name no container has
            throw new UnknownException("Conflict, cannot remove the default link name of the container");
        }
        Container parent;
        try {
            parent = store.find(name.substring(0, slash));
        } catch (NotFoundException e) {
            throw noSuch;
        }
        Map<String, String> aliases = new LinkedHashMap<>(LegacyLinks.of(parent));
        if (aliases.remove(name.substring(slash + 1)) == null) {
            throw noSuch;
        }
        store.written(containerd.blocking(ContainersGrpc::newBlockingStub).update(UpdateContainerRequest.newBuilder()
                .setContainer(Container.newBuilder().setId(parent.getId())
                        .putLabels(LegacyLinks.LABEL, LegacyLinks.label(aliases)))
                .setUpdateMask(FieldMask.newBuilder().addPaths("labels." + LegacyLinks.LABEL))
                .build()).getContainer());
        ContainerNetworking net = network.get();
        if (net != null) {
            net.links(parent.getId(), aliases);
        }
    }
}
