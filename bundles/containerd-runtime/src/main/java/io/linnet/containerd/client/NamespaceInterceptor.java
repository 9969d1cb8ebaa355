package io.linnet.containerd.client;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall.SimpleForwardingClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;

/** Puts the daemon's namespace on every call: containerd scopes all objects by this header. */
public final class NamespaceInterceptor implements ClientInterceptor {

    public static final Metadata.Key<String> NAMESPACE_HEADER =
            Metadata.Key.of("containerd-namespace", Metadata.ASCII_STRING_MARSHALLER);

    private final String namespace;

    public NamespaceInterceptor(String namespace) {
        this.namespace = namespace;
    }

    @Override
    public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
        return new SimpleForwardingClientCall<>(next.newCall(method, options)) {
            @Override
            public void start(Listener<R> listener, Metadata headers) {
                headers.put(NAMESPACE_HEADER, namespace);
                super.start(listener, headers);
            }
        };
    }
}
