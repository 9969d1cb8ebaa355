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
 * {@code ::1} too, which no DNAT can send to a bridge) is accepted and forwarded by {@link TcpProxy} or
 * {@link UdpProxy}. Without iptables (no DNAT at all) every held socket forwards so.
 */
final class PortReservations {

    private final Map<String, List<Closeable>> byContainer = new ConcurrentHashMap<>();
    /** The sockets of each container that forward themselves, until its addresses are known. */
    private final Map<String, List<Forwarded>> forwarded = new ConcurrentHashMap<>();
    private final Map<String, String> owners = new ConcurrentHashMap<>();

    /** A held socket that forwards to the container port: to its IPv6 address when it is a [::] one. */
    private record Forwarded(Closeable socket, int containerPort, boolean toIpv6) {
    }

    /** Port taken: message as dockerd's. */
    static final class PortTakenException extends Exception {
        PortTakenException(String message) {
            super(message);
        }
    }

    /**
     * Reserves the port (or a free one in the range, or any free one); returns the host port.
     *
     * @param ipv6     the container publishes from an IPv6 network: a port on all addresses is held on [::]
     * @param userland no DNAT reaches the container (iptables=false): the socket forwards by itself
     */
    synchronized int reserve(String containerId, PortPlan.Wanted w, boolean ipv6, boolean userland)
            throws PortTakenException {
        String ip = w.hostIp().isEmpty() ? "0.0.0.0" : w.hostIp();
        boolean dual = ipv6 && w.hostIp().isEmpty() && !"sctp".equals(w.protocol());
        boolean forwards = dual || userland;
        if (w.hostPortLow() == 0) {
            return bind(containerId, w, ip, 0, dual, forwards);
        }
        PortTakenException last = null;
        for (int port = w.hostPortLow(); port <= w.hostPortHigh(); port++) {
            try {
                return bind(containerId, w, ip, port, dual, forwards);
            } catch (PortTakenException e) {
                last = e;
            }
        }
        throw last;
    }

    private int bind(String containerId, PortPlan.Wanted w, String ip, int port, boolean dual, boolean forwards)
            throws PortTakenException {
        String protocol = w.protocol();
        String key = protocol + ":" + port;
        if (port != 0 && owners.containsKey(key) && !owners.get(key).equals(containerId)) {
            throw new PortTakenException("Bind for " + ip + ":" + port + " failed: port is already allocated");
        }
        try {
            InetSocketAddress address = new InetSocketAddress(InetAddress.getByName(dual ? "::" : ip), port);
            Closeable socket;
            int bound;
            if ("udp".equals(protocol)) {
                DatagramSocket s = new DatagramSocket(null);
                s.bind(address);
                socket = s;
                bound = s.getLocalPort();
            } else {
                ServerSocket s = new ServerSocket();
                s.bind(address, forwards ? 128 : 1);
                socket = s;
                bound = s.getLocalPort();
            }
            if (forwards) {
                forwarded.computeIfAbsent(containerId, k -> new ArrayList<>())
                        .add(new Forwarded(socket, w.containerPort(), dual));
            }
            byContainer.computeIfAbsent(containerId, k -> new ArrayList<>()).add(socket);
            owners.put(protocol + ":" + bound, containerId);
            return bound;
        } catch (IOException e) {
            throw new PortTakenException("Error starting userland proxy: listen " + protocol + (dual ? "6 [::]" : "4 " + ip)
                    + ":" + port + ": bind: address already in use");
        }
    }

    /** The container's forwarding sockets start forwarding, once CNI gave it its addresses ("" for none). */
    synchronized void proxy(String containerId, String ipv4, String ipv6) {
        for (Forwarded f : forwarded.getOrDefault(containerId, List.of())) {
            String target = f.toIpv6() ? ipv6 : ipv4;
            if (!target.isEmpty()) {
                byContainer.computeIfAbsent(containerId, k -> new ArrayList<>()).add(start(f.socket(),
                        new InetSocketAddress(target, f.containerPort())));
            }
        }
        forwarded.remove(containerId);
    }

    private static Closeable start(Closeable socket, InetSocketAddress target) {
        return socket instanceof ServerSocket s ? TcpProxy.start(s, target)
                : UdpProxy.start((DatagramSocket) socket, target);
    }

    /** Holds again a port an earlier daemon published by forwarding, for a container that still runs, and forwards it. */
    synchronized void resume(String containerId, String protocol, String hostIp, int hostPort, InetSocketAddress target)
            throws IOException {
        InetSocketAddress address = new InetSocketAddress(InetAddress.getByName(hostIp), hostPort);
        Closeable socket;
        if ("udp".equals(protocol)) {
            DatagramSocket s = new DatagramSocket(null);
            s.bind(address);
            socket = s;
        } else {
            ServerSocket s = new ServerSocket();
            s.bind(address, 128);
            socket = s;
        }
        List<Closeable> held = byContainer.computeIfAbsent(containerId, k -> new ArrayList<>());
        held.add(socket);
        held.add(start(socket, target));
        owners.put(protocol + ":" + hostPort, containerId);
    }

    synchronized void release(String containerId) {
        forwarded.remove(containerId);
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
