package io.linnet.containerd.client;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.Deadline;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.MethodDescriptor;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Calls made while containerd is away (restarting after a crash, or an external one coming back)
 * wait a few seconds for it before going out, instead of failing at once with UNAVAILABLE: a
 * restart takes about a second, so a client's request made in that gap is answered normally.
 * If containerd is still away after the wait the call fails with UNAVAILABLE and a message that
 * names containerd and its address.
 * A connected channel costs one volatile read per call.
 */
public final class ContainerdGapWait implements ClientInterceptor {

    /** How long a call waits for containerd to come back. */
    public static final Duration GAP_WAIT = Duration.ofSeconds(5);

    private final ContainerdChannel channel;

    public ContainerdGapWait(ContainerdChannel channel) {
        this.channel = channel;
    }

    @Override
    public <Q, A> ClientCall<Q, A> interceptCall(MethodDescriptor<Q, A> method, CallOptions options, Channel next) {
        if (!channel.isReady()) {
            long waitNanos = GAP_WAIT.toNanos();
            Deadline deadline = options.getDeadline();
            if (deadline != null) {
                waitNanos = Math.min(waitNanos, deadline.timeRemaining(TimeUnit.NANOSECONDS));
            }
            if (waitNanos > 0 && !channel.awaitReady(Duration.ofNanos(waitNanos))) {
                return new Refused<>(Status.UNAVAILABLE.withDescription("containerd is not available at "
                        + channel.socket() + ": no answer within " + GAP_WAIT.toSeconds() + " s"));
            }
        }
        return new NamingContainerd<>(next.newCall(method, options));
    }

    /**
     * A call that went out just as containerd died fails with grpc's bare "UNAVAILABLE: io exception":
     * its message gets containerd's address, so a client reads what is missing.
     */
    private final class NamingContainerd<Q, A> extends ForwardingClientCall.SimpleForwardingClientCall<Q, A> {
        NamingContainerd(ClientCall<Q, A> call) {
            super(call);
        }

        @Override
        public void start(Listener<A> listener, Metadata headers) {
            super.start(new ForwardingClientCallListener.SimpleForwardingClientCallListener<>(listener) {
                @Override
                public void onClose(Status status, Metadata trailers) {
                    if (status.getCode() == Status.Code.UNAVAILABLE) {
                        status = Status.UNAVAILABLE.withCause(status.getCause()).withDescription(
                                "containerd is not available at " + channel.socket() + ": " + status.getDescription());
                    }
                    super.onClose(status, trailers);
                }
            }, headers);
        }
    }

    /** A call that ends at once with {@code status} (grpc's own "io exception" says nothing to a user). */
    private static final class Refused<Q, A> extends ClientCall<Q, A> {
        private final Status status;

        Refused(Status status) {
            this.status = status;
        }

        @Override
        public void start(Listener<A> listener, Metadata headers) {
            listener.onClose(status, new Metadata());
        }

        @Override
        public void request(int count) {
        }

        @Override
        public void cancel(String message, Throwable cause) {
        }

        @Override
        public void halfClose() {
        }

        @Override
        public void sendMessage(Q message) {
        }
    }
}
