package io.linnet.network.cni;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Opens sockets inside a container's network namespace: a socket belongs to the namespace of the thread
 * that creates it, for its whole life, so a short-lived thread enters the namespace with setns(2),
 * creates and binds the sockets, and ends. The daemon then serves them from its own threads.
 */
final class NamespaceSockets {

    private static final int O_RDONLY_CLOEXEC = 0x80000;
    private static final int CLONE_NEWNET = 0x40000000;

    private interface LibC extends Library {
        LibC C = Native.load("c", LibC.class);

        int open(String path, int flags) throws LastErrorException;

        int setns(int fd, int nstype) throws LastErrorException;

        int close(int fd) throws LastErrorException;
    }

    private NamespaceSockets() {
    }

    /** A UDP socket and a TCP listener on {@code address} inside the namespace pinned at {@code netns}. */
    static ResolverSockets bind(String netns, InetSocketAddress address) throws IOException {
        CompletableFuture<ResolverSockets> result = new CompletableFuture<>();
        // a thread of its own that ends right after: it never serves anything in the wrong namespace
        Thread t = new Thread(() -> {
            try {
                result.complete(bindHere(netns, address));
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        }, "linnet-netns-bind");
        t.setDaemon(true);
        t.start();
        try {
            return result.get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        } catch (TimeoutException e) {
            throw new IOException("binding in " + netns + " timed out");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause().toString(), e.getCause());
        }
    }

    private static ResolverSockets bindHere(String netns, InetSocketAddress address) throws IOException {
        int fd;
        try {
            fd = LibC.C.open(netns, O_RDONLY_CLOEXEC);
        } catch (LastErrorException e) {
            throw new IOException("cannot open " + netns + ": errno " + e.getErrorCode());
        }
        try {
            LibC.C.setns(fd, CLONE_NEWNET);
        } catch (LastErrorException e) {
            throw new IOException("cannot enter " + netns + ": errno " + e.getErrorCode());
        } finally {
            LibC.C.close(fd);
        }
        DatagramChannel udp = DatagramChannel.open(StandardProtocolFamily.INET);
        ServerSocketChannel tcp = null;
        try {
            udp.bind(address);
            tcp = ServerSocketChannel.open(StandardProtocolFamily.INET);
            tcp.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            tcp.bind(address, 64);
            return new ResolverSockets(udp, tcp);
        } catch (IOException | RuntimeException e) {
            udp.close();
            if (tcp != null) {
                tcp.close();
            }
            throw e;
        }
    }
}
