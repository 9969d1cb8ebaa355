package io.linnet.containerd.client;

import io.grpc.Context;
import io.grpc.stub.StreamObserver;
import io.linnet.containerd.proto.events.Envelope;
import io.linnet.containerd.proto.events.EventsGrpc;
import io.linnet.containerd.proto.events.SubscribeRequest;
import java.util.function.Consumer;

/**
 * A subscription to containerd's event service that its owner renews when the stream breaks: each
 * envelope goes to one consumer; only the newest stream's break or end goes to the other (which
 * decides whether and when to subscribe again), and none after {@link #close}.
 */
public final class EventSubscription implements AutoCloseable {
    private final ContainerdConnection containerd;
    private volatile Context.CancellableContext current;
    private volatile boolean closed;

    public EventSubscription(ContainerdConnection containerd) {
        this.containerd = containerd;
    }

    /** Subscribes anew; the previous stream, broken or about to be, is cancelled. */
    public void open(SubscribeRequest request, Consumer<Envelope> onEvent, Consumer<Throwable> onBroken) {
        Context.CancellableContext context = Context.current().withCancellation();
        Context.CancellableContext previous = current;
        current = context; // before the call: a break reported at once is known to be this stream's
        if (previous != null) {
            previous.cancel(null);
        }
        Consumer<Throwable> broken = t -> {
            if (!closed && context == current) {
                onBroken.accept(t);
            }
        };
        context.run(() -> containerd.async(EventsGrpc::newStub).subscribe(request, new StreamObserver<>() {
            @Override
            public void onNext(Envelope envelope) {
                onEvent.accept(envelope);
            }

            @Override
            public void onError(Throwable t) {
                broken.accept(t);
            }

            @Override
            public void onCompleted() {
                broken.accept(new IllegalStateException("stream ended"));
            }
        }));
    }

    @Override
    public void close() {
        closed = true;
        Context.CancellableContext context = current;
        if (context != null) {
            context.cancel(null);
        }
    }
}
