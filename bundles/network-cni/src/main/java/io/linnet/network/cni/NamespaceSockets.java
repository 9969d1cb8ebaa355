package io.linnet.network.cni;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;

/**
 * Opens sockets inside a container's network namespace: a socket belongs to the namespace of the thread
 * that creates it, for its whole life, so they are made on a thread inside it ({@link InNamespace})
 * and then served from the daemon's own threads.
 */
final class NamespaceSockets {

    private NamespaceSockets() {
    }

    /** A UDP socket and a TCP listener on {@code address} inside the namespace pinned at {@code netns}. */
    static ResolverSockets bind(String netns, InetSocketAddress address) throws IOException {
        return InNamespace.run(netns, "linnet-netns-bind", () -> bindHere(address));
    }

    private static ResolverSockets bindHere(InetSocketAddress address) throws IOException {
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
