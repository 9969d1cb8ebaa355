package io.linnet.containerd.client;

import io.grpc.Channel;
import io.grpc.stub.AbstractStub;
import io.linnet.containerd.config.RuntimeSettings;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The daemon's connection to containerd, registered as an OSGi service inside this bundle
 * (its package is private, so only this bundle's engine services see it).
 * <p>
 * Every call made through {@link #channel()} carries the {@code containerd-namespace} header.
 * Ask for a stub per operation and do not keep it: stubs are cheap, a deadline is absolute,
 * and the channel behind the service can be replaced when the configuration changes.
 * <pre>{@code
 * var containers = connection.blocking(ContainersGrpc::newBlockingStub).list(request);
 * connection.async(TasksGrpc::newStub).wait(request, observer);
 * }</pre>
 */
public interface ContainerdConnection {

    /** Deadline {@link #blocking} puts on a call; override with {@code withDeadlineAfter} for long ones. */
    Duration DEFAULT_DEADLINE = Duration.ofSeconds(30);

    /** The settings this connection was made with (data root, exec root, namespace...). */
    RuntimeSettings settings();

    /** The containerd namespace every call is made in. */
    default String namespace() {
        return settings().namespace();
    }

    /** Human-readable address of containerd, for messages. */
    default String address() {
        return settings().socketPath().toString();
    }

    /** A channel to containerd whose calls carry the namespace header. */
    Channel channel();

    /** A stub for a unary call, with {@link #DEFAULT_DEADLINE} counted from now. */
    default <S extends AbstractStub<S>> S blocking(Function<Channel, S> newStub) {
        return newStub.apply(channel()).withDeadlineAfter(DEFAULT_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A stub without deadline, for streams (events, Wait) and asynchronous calls. */
    default <S extends AbstractStub<S>> S async(Function<Channel, S> newStub) {
        return newStub.apply(channel());
    }
}
