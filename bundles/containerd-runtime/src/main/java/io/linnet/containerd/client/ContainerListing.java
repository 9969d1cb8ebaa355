package io.linnet.containerd.client;

import io.linnet.containerd.proto.containers.Container;
import io.linnet.containerd.proto.containers.ContainersGrpc;
import io.linnet.containerd.proto.containers.ListContainersRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Every containerd container of the namespace, streamed ({@code ListStream}: one message per
 * container, so no message size cap and one record decoded at a time) and kept without its OCI
 * spec, which is most of a record's bytes and which no listing needs.
 */
public final class ContainerListing {

    private ContainerListing() {
    }

    public static List<Container> withoutSpecs(ContainerdConnection containerd, long timeoutMillis) {
        List<Container> out = new ArrayList<>();
        containerd.blocking(ContainersGrpc::newBlockingStub).withDeadlineAfter(timeoutMillis, TimeUnit.MILLISECONDS)
                .listStream(ListContainersRequest.getDefaultInstance())
                .forEachRemaining(m -> out.add(m.getContainer().toBuilder().clearSpec().build()));
        return out;
    }
}
