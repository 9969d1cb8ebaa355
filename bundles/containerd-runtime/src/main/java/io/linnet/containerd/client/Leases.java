package io.linnet.containerd.client;

import io.grpc.Metadata;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.MetadataUtils;

/**
 * The {@code containerd-lease} header. Snapshots, containers and content created without a lease
 * can be garbage collected before anything references them.
 */
public final class Leases {

    public static final Metadata.Key<String> LEASE_HEADER =
            Metadata.Key.of("containerd-lease", Metadata.ASCII_STRING_MARSHALLER);

    private Leases() {
    }

    /** The same stub, its calls made under the given lease. */
    public static <S extends AbstractStub<S>> S under(String leaseId, S stub) {
        Metadata headers = new Metadata();
        headers.put(LEASE_HEADER, leaseId);
        return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    }
}
