package io.linnet.network.cni;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * docker-proxy's job for one published UDP port: each client address is a flow with a socket of its own
 * towards the container, whose replies go back to the client from the published socket; a flow idle for
 * {@link #FLOW_IDLE_MS} ends (docker-proxy's UDP conntrack timeout), and at most {@link #MAX_FLOWS} run at
 * once (datagrams of further clients are dropped, as a full conntrack table drops them). One thread reads
 * the published socket, one per flow reads replies; closing the published socket ends the first, closing
 * the returned handle ends the flows.
 */
final class UdpProxy {

    private static final Logger LOG = LoggerFactory.getLogger(UdpProxy.class);
    static final int MAX_FLOWS = 256;
    static final int FLOW_IDLE_MS = 90_000;
    private static final int MAX_DATAGRAM = 65_535;

    private UdpProxy() {
    }

    static Closeable start(DatagramSocket listener, InetSocketAddress target) {
        Map<SocketAddress, DatagramSocket> flows = new ConcurrentHashMap<>();
        Thread reader = new Thread(() -> {
            byte[] buffer = new byte[MAX_DATAGRAM];
            while (!listener.isClosed()) {
                try {
                    DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                    listener.receive(packet);
                    DatagramSocket flow = flows.get(packet.getSocketAddress());
                    if (flow == null) {
                        if (flows.size() >= MAX_FLOWS) {
                            continue;
                        }
                        flow = open(listener, packet.getSocketAddress(), target, flows);
                    }
                    flow.send(new DatagramPacket(packet.getData(), packet.getOffset(), packet.getLength()));
                } catch (IOException e) {
                    if (!listener.isClosed()) {
                        LOG.debug("proxy to {}: {}", target, e.getMessage());
                    }
                }
            }
        }, "linnet-udp-proxy " + listener.getLocalPort());
        reader.setDaemon(true);
        reader.start();
        return () -> flows.values().forEach(DatagramSocket::close);
    }

    /** A flow: a socket of its own towards the container, and a thread sending its replies back to the client. */
    private static DatagramSocket open(DatagramSocket listener, SocketAddress client, InetSocketAddress target,
            Map<SocketAddress, DatagramSocket> flows) throws IOException {
        DatagramSocket flow = new DatagramSocket();
        flow.setSoTimeout(FLOW_IDLE_MS);
        flow.connect(target); // only the container's replies come in
        flows.put(client, flow);
        Thread replies = new Thread(() -> {
            byte[] buffer = new byte[MAX_DATAGRAM];
            try {
                while (!flow.isClosed()) {
                    DatagramPacket reply = new DatagramPacket(buffer, buffer.length);
                    flow.receive(reply);
                    listener.send(new DatagramPacket(reply.getData(), reply.getOffset(), reply.getLength(), client));
                }
            } catch (SocketTimeoutException idle) {
                LOG.trace("proxy to {}: flow of {} idle", target, client);
            } catch (IOException e) {
                LOG.debug("proxy to {}: flow of {}: {}", target, client, e.getMessage());
            } finally {
                flows.remove(client, flow);
                flow.close();
            }
        }, "linnet-udp-flow " + target);
        replies.setDaemon(true);
        replies.start();
        return flow;
    }
}
