package io.linnet.containerd.client;

import io.grpc.Context;
import io.grpc.stub.StreamObserver;
import io.linnet.containerd.proto.events.Envelope;
import io.linnet.containerd.proto.events.EventsGrpc;
import io.linnet.containerd.proto.events.SubscribeRequest;
import java.util.function.Consumer;

/**
 * A subscription to containerd's event service: each envelope goes to one consumer, a broken or
 * ended stream to another (which decides whether and when to subscribe again). It lives in the
 * caller's cancellable context: the caller records the context first, so a break reported at once
 * is already known to be this subscription's.
 */
public final class EventSubscription {
    private EventSubscription() {
    }

    public static void open(ContainerdConnection containerd, Context.CancellableContext context,
            SubscribeRequest request, Consumer<Envelope> onEvent, Consumer<Throwable> onBroken) {
        context.run(() -> containerd.async(EventsGrpc::newStub).subscribe(request, new StreamObserver<>() {
            @Override
            public void onNext(Envelope envelope) {
                onEvent.accept(envelope);
            }

            @Override
            public void onError(Throwable t) {
                onBroken.accept(t);
            }

            @Override
            public void onCompleted() {
                onBroken.accept(new IllegalStateException("stream ended"));
            }
        }));
    }
}
