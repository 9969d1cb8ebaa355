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
 * from the kernel's ephemeral range.
 */
final class PortReservations {

    private final Map<String, List<Closeable>> byContainer = new ConcurrentHashMap<>();
    private final Map<String, String> owners = new ConcurrentHashMap<>();

    /** Port taken: message as dockerd's. */
    static final class PortTakenException extends Exception {
        PortTakenException(String message) {
            super(message);
        }
    }

    /** Reserves the port (or a free one in the range, or any free one); returns the host port. */
    synchronized int reserve(String containerId, PortPlan.Wanted w) throws PortTakenException {
        String ip = w.hostIp().isEmpty() ? "0.0.0.0" : w.hostIp();
        if (w.hostPortLow() == 0) {
            return bind(containerId, w.protocol(), ip, 0);
        }
        PortTakenException last = null;
        for (int port = w.hostPortLow(); port <= w.hostPortHigh(); port++) {
            try {
                return bind(containerId, w.protocol(), ip, port);
            } catch (PortTakenException e) {
                last = e;
            }
        }
        throw last;
    }

    private int bind(String containerId, String protocol, String ip, int port) throws PortTakenException {
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
                s.bind(new InetSocketAddress(address, port), 1);
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

    synchronized void release(String containerId) {
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
