package io.linnet.network.cni;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;

/** The UDP socket and TCP listener of one container's embedded DNS server, bound inside its namespace. */
record ResolverSockets(DatagramChannel udp, ServerSocketChannel tcp) implements Closeable {

    @Override
    public void close() {
        try {
            udp.close();
        } catch (IOException ignored) {
            // closing
        }
        try {
            tcp.close();
        } catch (IOException ignored) {
            // closing
        }
    }
}
