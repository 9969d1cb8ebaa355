package io.linnet.containerd.client;

import com.google.protobuf.Empty;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.buffer.ByteBufAllocator;
import io.grpc.netty.shaded.io.netty.buffer.PooledByteBufAllocator;
import io.grpc.netty.shaded.io.netty.channel.ChannelOption;
import io.grpc.netty.shaded.io.netty.channel.epoll.Epoll;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import io.linnet.containerd.config.ContainerdAddress;
import io.linnet.containerd.proto.version.VersionGrpc;
import io.linnet.containerd.proto.version.VersionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A grpc channel to containerd over its UNIX socket, with its own epoll event loop.
 * grpc reconnects by itself when containerd restarts; this class also cuts grpc's reconnect
 * backoff (up to two minutes) so calls succeed within a second of containerd coming back.
 */
public final class ContainerdChannel implements ContainerdProbe, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ContainerdChannel.class);

    /**
     * The largest single message the daemon takes. Bulk reads are streamed ({@code ListStream}, content
     * reads in chunks), so the biggest ones left are one container with its spec and an image listing:
     * a few hundred KiB. grpc gathers a message whole before decoding it, so this bounds what one call
     * can hold in direct memory.
     */
    static final int MAX_INBOUND_MESSAGE_BYTES = 8 * 1024 * 1024;
    /**
     * HTTP/2 receive window per call (grpc's default is 1 MiB): what containerd may send ahead of the
     * daemon's reading. A UNIX socket has no latency worth a big window; content reads still fill it.
     */
    static final int FLOW_CONTROL_WINDOW_BYTES = 256 * 1024;
    /** One connection is served by one event-loop thread: more threads would sit idle. */
    static final int EVENT_LOOP_THREADS = 1;
    /** Callback threads (async calls: events, waits, content streams) end after this idle time. */
    private static final long CALLBACK_IDLE_SECONDS = 10;
    private static final long BACKOFF_NUDGE_MILLIS = 1000;
    private static final long READY_RECHECK_MILLIS = 100;

    private final Path socket;
    private final EpollEventLoopGroup eventLoop;
    /**
     * Runs async calls' callbacks: unbounded in threads because a callback may block (an exit handler
     * calls containerd), but threads end when idle. Blocking stubs never use it.
     */
    private final ThreadPoolExecutor callbackExecutor;
    private final ManagedChannel managedChannel;
    private final Channel namespacedChannel;

    /**
     * The channel's own buffer pool: one direct arena (one event-loop thread allocates; callers' writes
     * share it) of 1 MiB chunks instead of grpc's 2 × cores arenas; messages past a chunk are allocated
     * alone and freed when read. Heap buffers are not pooled.
     */
    private static final ByteBufAllocator ALLOCATOR = new PooledByteBufAllocator(true, 0, 1, 8192, 7, 256, 64, false);

    private ContainerdChannel(Path socket, String namespace) {
        this.socket = socket;
        // daemon threads: an event loop left behind must never keep the JVM alive
        this.eventLoop = new EpollEventLoopGroup(EVENT_LOOP_THREADS, new DefaultThreadFactory("containerd-grpc", true));
        this.callbackExecutor = new ThreadPoolExecutor(0, Integer.MAX_VALUE, CALLBACK_IDLE_SECONDS, TimeUnit.SECONDS,
                new SynchronousQueue<>(), new DefaultThreadFactory("containerd-grpc-callback", true));
        this.managedChannel = NettyChannelBuilder.forAddress(new DomainSocketAddress(socket.toString()))
                .eventLoopGroup(eventLoop)
                .channelType(EpollDomainSocketChannel.class)
                // grpc asks for TCP keep-alive, which a UNIX socket lacks: netty would warn on every connect
                .withOption(ChannelOption.SO_KEEPALIVE, null)
                .usePlaintext()
                .overrideAuthority("localhost")
                .maxInboundMessageSize(MAX_INBOUND_MESSAGE_BYTES)
                .flowControlWindow(FLOW_CONTROL_WINDOW_BYTES)
                .withOption(ChannelOption.ALLOCATOR, ALLOCATOR)
                .executor(callbackExecutor)
                .build();
        this.namespacedChannel = ClientInterceptors.intercept(managedChannel, new NamespaceInterceptor(namespace));
        eventLoop.scheduleAtFixedRate(this::cutReconnectBackoff,
                BACKOFF_NUDGE_MILLIS, BACKOFF_NUDGE_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Opens a channel (lazily connecting) to the socket; calls on it carry the namespace header. */
    public static ContainerdChannel open(Path socket, String namespace) {
        ContainerdAddress.checkSocketPathLength(socket);
        if (!Epoll.isAvailable()) {
            throw new IllegalStateException("netty epoll is not available, cannot reach containerd's UNIX socket",
                    Epoll.unavailabilityCause());
        }
        return new ContainerdChannel(socket, namespace);
    }

    public Path socket() {
        return socket;
    }

    /** The channel with the namespace header. */
    public Channel channel() {
        return namespacedChannel;
    }

    /** containerd's Version RPC (needs no namespace, but the header does no harm). */
    public VersionResponse version(Duration timeout) {
        return VersionGrpc.newBlockingStub(namespacedChannel)
                .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .version(Empty.getDefaultInstance());
    }

    @Override
    public boolean answers(Duration timeout) {
        managedChannel.resetConnectBackoff();
        try {
            version(timeout);
            return true;
        } catch (StatusRuntimeException e) {
            LOG.trace("containerd at {} not answering yet: {}", socket, e.getStatus());
            return false;
        }
    }

    /**
     * Waits until the channel is connected to containerd, at most {@code timeout}; true if it is.
     * Used while containerd restarts: a call made in the gap waits for it instead of failing at once.
     */
    public boolean awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        ConnectivityState state = managedChannel.getState(true);
        while (state != ConnectivityState.READY) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                return false;
            }
            if (state == ConnectivityState.TRANSIENT_FAILURE) {
                managedChannel.resetConnectBackoff(); // containerd may be back: try now, not after grpc's back-off
            }
            java.util.concurrent.CountDownLatch changed = new java.util.concurrent.CountDownLatch(1);
            managedChannel.notifyWhenStateChanged(state, changed::countDown);
            try {
                // a refused connect leaves the state as it was: look again a little later
                changed.await(Math.min(remaining, TimeUnit.MILLISECONDS.toNanos(READY_RECHECK_MILLIS)), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            state = managedChannel.getState(true);
        }
        return true;
    }

    /** Whether the channel is connected now (no connection attempt is made). */
    public boolean isReady() {
        return managedChannel.getState(false) == ConnectivityState.READY;
    }

    /** After a failed connect grpc waits 1 s, 1.6 s, ... up to 120 s: retry at most a second later instead. */
    private void cutReconnectBackoff() {
        if (managedChannel.getState(false) == ConnectivityState.TRANSIENT_FAILURE) {
            managedChannel.resetConnectBackoff();
        }
    }

    @Override
    public void close() {
        managedChannel.shutdown();
        try {
            if (!managedChannel.awaitTermination(2, TimeUnit.SECONDS)) {
                managedChannel.shutdownNow().awaitTermination(2, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            managedChannel.shutdownNow();
            Thread.currentThread().interrupt();
        }
        eventLoop.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
        callbackExecutor.shutdown();
    }
}
