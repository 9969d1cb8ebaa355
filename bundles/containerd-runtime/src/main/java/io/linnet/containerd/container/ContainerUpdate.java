package io.linnet.containerd.container;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.FieldMask;
import io.grpc.StatusRuntimeException;
import io.linnet.containerd.client.ContainerdConnection;
import io.linnet.containerd.proto.containers.ContainersGrpc;
import io.linnet.containerd.proto.containers.UpdateContainerRequest;
import io.linnet.containerd.proto.tasks.TasksGrpc;
import io.linnet.containerd.proto.tasks.UpdateTaskRequest;
import io.linnet.engine.api.InvalidParameterException;
import io.linnet.api.model.container.HostConfig;


/**
 * {@code docker update}: the new resources go into the stored spec (and to the running task),
 * the new HostConfig (restart policy included) onto the record.
 */
final class ContainerUpdate {

    private final ContainerdConnection containerd;
    private final ContainerStore store;

    ContainerUpdate(ContainerdConnection containerd, ContainerStore store) {
        this.containerd = containerd;
        this.store = store;
    }

    /** Checks what needs no lock (the restart policy): an update refused here changes nothing. */
    static void check(HostConfig host) {
        try {
            RestartPolicy.of(host);
        } catch (InvalidParameterException e) {
            if (e.getMessage().equals(RestartPolicy.AUTO_REMOVE_CONFLICT)) {
                throw new InvalidParameterException(
                        "Restart policy cannot be updated because AutoRemove is enabled for the container");
            }
            throw e;
        }
    }

    /** Applies the update; the caller holds the container's lock. */
    void apply(io.linnet.containerd.proto.containers.Container record, HostConfig host) {
        String id = record.getId();
        ObjectNode spec = ContainerRecords.spec(record);
        ObjectNode linux = spec.with("linux");
        ObjectNode resources = linux.with("resources");
        var devices = resources.get("devices"); // device rules are not the update's business
        resources.removeAll();
        if (devices != null) {
            resources.set("devices", devices);
        }
        SpecResources.apply(resources, host.resources(), SpecSettings.ofHost().swapLimit());
        if (store.isRunning(id)) {
            ObjectNode live = resources.deepCopy();
            live.remove("devices");
            try {
                containerd.blocking(TasksGrpc::newBlockingStub).update(UpdateTaskRequest.newBuilder().setContainerId(id)
                        .setResources(Any.newBuilder()
                                .setTypeUrl("types.containerd.io/opencontainers/runtime-spec/1/LinuxResources")
                                .setValue(ByteString.copyFromUtf8(live.toString())))
                        .build());
            } catch (StatusRuntimeException e) {
                throw new InvalidParameterException("Cannot update container " + id + ": " + e.getStatus().getDescription());
            }
        }
        store.written(containerd.blocking(ContainersGrpc::newBlockingStub).update(UpdateContainerRequest.newBuilder()
                .setContainer(io.linnet.containerd.proto.containers.Container.newBuilder().setId(id)
                        .setSpec(Any.newBuilder().setTypeUrl(ContainerRunner.SPEC_TYPE)
                                .setValue(ByteString.copyFromUtf8(spec.toString())))
                        .putExtensions(ContainerRecords.EXT_HOST_CONFIG, ContainerRecords.jsonOf("HostConfig", host)))
                .setUpdateMask(FieldMask.newBuilder().addPaths("spec")
                        .addPaths("extensions." + ContainerRecords.EXT_HOST_CONFIG))
                .build()).getContainer());
    }
}
