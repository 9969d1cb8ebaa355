package io.linnet.network.cni;

import java.io.Closeable;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Holds the host ports published containers use, as docker-proxy does: a bound socket per port, so
 * neither another container nor a host process can take it while the container runs (portmap's DNAT
 * sends the traffic to the container before any socket sees it). A port asked as 0 gets a free one
 * from the kernel's ephemeral range. A port published on all addresses by a container on an IPv6
 * network is held by one dual-stack socket on {@code [::]}, which also serves as docker-proxy does on
 * {@code [::]}: IPv4 traffic is DNATed by portmap before it reaches the socket, IPv6 traffic (from
 * {@code ::1} too, which no DNAT can send to a bridge) is accepted and forwarded by {@link TcpProxy}.
 */
final class PortReservations {

    private final Map<String, List<Closeable>> byContainer = new ConcurrentHashMap<>();
    /** The dual-stack TCP sockets of each container, with the container port they stand for. */
    private final Map<String, List<Map.Entry<ServerSocket, Integer>>> dualStack = new ConcurrentHashMap<>();
    private final Map<String, String> owners = new ConcurrentHashMap<>();

    /** Port taken: message as dockerd's. */
    static final class PortTakenException extends Exception {
        PortTakenException(String message) {
            super(message);
        }
    }

    /**
     * Reserves the port (or a free one in the range, or any free one); returns the host port.
     *
     * @param ipv6 the container publishes from an IPv6 network: a TCP port on all addresses is held on [::]
     */
    synchronized int reserve(String containerId, PortPlan.Wanted w, boolean ipv6) throws PortTakenException {
        String ip = w.hostIp().isEmpty() ? "0.0.0.0" : w.hostIp();
        boolean dual = ipv6 && w.hostIp().isEmpty() && "tcp".equals(w.protocol());
        if (w.hostPortLow() == 0) {
            return bind(containerId, w, ip, 0, dual);
        }
        PortTakenException last = null;
        for (int port = w.hostPortLow(); port <= w.hostPortHigh(); port++) {
            try {
                return bind(containerId, w, ip, port, dual);
            } catch (PortTakenException e) {
                last = e;
            }
        }
        throw last;
    }

    private int bind(String containerId, PortPlan.Wanted w, String ip, int port, boolean dual)
            throws PortTakenException {
        String protocol = w.protocol();
        String key = protocol + ":" + port;
        if (port != 0 && owners.containsKey(key) && !owners.get(key).equals(containerId)) {
            throw new PortTakenException("Bind for " + ip + ":" + port + " failed: port is already allocated");
        }
        try {
            InetAddress address = InetAddress.getByName(ip);
            Closeable socket;
            int bound;
            if ("udp".equals(protocol)) {
                DatagramSocket s = new DatagramSocket(null);
                s.bind(new InetSocketAddress(address, port));
                socket = s;
                bound = s.getLocalPort();
            } else {
                ServerSocket s = new ServerSocket();
                if (dual) {
                    s.bind(new InetSocketAddress(InetAddress.getByName("::"), port), 128);
                    dualStack.computeIfAbsent(containerId, k -> new ArrayList<>()).add(Map.entry(s, w.containerPort()));
                } else {
                    s.bind(new InetSocketAddress(address, port), 1);
                }
                socket = s;
                bound = s.getLocalPort();
            }
            byContainer.computeIfAbsent(containerId, k -> new ArrayList<>()).add(socket);
            owners.put(protocol + ":" + bound, containerId);
            return bound;
        } catch (IOException e) {
            throw new PortTakenException("Error starting userland proxy: listen " + protocol + "4 " + ip + ":" + port
                    + ": bind: address already in use");
        }
    }

    /** Forwards what reaches the container's [::] sockets to its address (its IPv6 one), once CNI gave it. */
    synchronized void proxy(String containerId, String containerIp) {
        for (Map.Entry<ServerSocket, Integer> e : dualStack.getOrDefault(containerId, List.of())) {
            byContainer.computeIfAbsent(containerId, k -> new ArrayList<>())
                    .add(TcpProxy.start(e.getKey(), new InetSocketAddress(containerIp, e.getValue())));
        }
    }

    /** Holds again a [::] port an earlier daemon published for a container that still runs, and forwards it. */
    synchronized void resume(String containerId, int hostPort, InetSocketAddress target) throws IOException {
        ServerSocket s = new ServerSocket();
        s.bind(new InetSocketAddress(InetAddress.getByName("::"), hostPort), 128);
        List<Closeable> held = byContainer.computeIfAbsent(containerId, k -> new ArrayList<>());
        held.add(s);
        held.add(TcpProxy.start(s, target));
        owners.put("tcp:" + hostPort, containerId);
    }

    synchronized void release(String containerId) {
        dualStack.remove(containerId);
        List<Closeable> sockets = byContainer.remove(containerId);
        if (sockets != null) {
            for (Closeable c : sockets) {
                try {
                    c.close();
                } catch (IOException ignored) {
                    // closed
                }
            }
        }
        owners.values().removeIf(containerId::equals);
    }

    synchronized void releaseAll() {
        new ArrayList<>(byContainer.keySet()).forEach(this::release);
    }
}
