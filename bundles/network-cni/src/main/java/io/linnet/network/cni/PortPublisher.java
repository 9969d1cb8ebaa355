package io.linnet.network.cni;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.linnet.engine.api.network.NetworkSetupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * The host ports a container publishes with its first network that is not internal: held by
 * {@link PortReservations}, DNATed by portmap when the daemon adds iptables rules, forwarded by the
 * daemon's proxies where no DNAT reaches the container ({@code [::]} of a dual-stack network; every port
 * with iptables=false, where dockerd has only docker-proxy). A port that names no host address binds the
 * network's {@code host_binding_ipv4} (dockerd's --ip for the default bridge).
 */
final class PortPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(PortPublisher.class);
    private static final String HOST_BINDING = "com.docker.network.bridge.host_binding_ipv4";

    private final PortReservations ports;
    private final boolean iptables;

    PortPublisher(PortReservations ports, boolean iptables) {
        this.ports = ports;
        this.iptables = iptables;
    }

    /** Holds the ports, adds portmap's mappings for them (none without iptables) and lists them in the container. */
    void publish(ContainerNet n, NetworkDef def, String endpointId, ArrayNode mappings) {
        String binding = def.options().getOrDefault(HOST_BINDING, "");
        String defaultIp = binding.equals("0.0.0.0") || binding.equals("::") ? "" : binding;
        for (PortPlan.Wanted asked : PortPlan.wanted(n.portBindings, n.publishAllPorts, n.exposedPorts)) {
            PortPlan.Wanted w = asked.hostIp().isEmpty() ? new PortPlan.Wanted(asked.containerPort(), asked.protocol(),
                    defaultIp, asked.hostPortLow(), asked.hostPortHigh()) : asked;
            int hostPort;
            try {
                hostPort = ports.reserve(n.id, w, def.hasIpv6(), !iptables);
            } catch (PortReservations.PortTakenException e) {
                throw new NetworkSetupException("driver failed programming external connectivity on endpoint "
                        + n.shortName() + " (" + endpointId + "): " + e.getMessage());
            }
            boolean dual = w.hostIp().isEmpty() && def.hasIpv6() && !"sctp".equals(w.protocol());
            if (iptables) {
                ObjectNode m = mappings.addObject();
                m.put("hostPort", hostPort);
                m.put("containerPort", w.containerPort());
                m.put("protocol", w.protocol());
                if (!w.hostIp().isEmpty()) {
                    m.put("hostIP", w.hostIp());
                } else if (def.hasIpv6()) {
                    m.put("hostIP", "0.0.0.0"); // IPv6 goes through the [::] socket (portmap cannot DNAT ::1 to a bridge)
                }
            }
            n.published.add(new ContainerNet.Published(w.containerPort(), w.protocol(),
                    w.hostIp().isEmpty() ? "0.0.0.0" : w.hostIp(), hostPort));
            if (dual) {
                n.published.add(new ContainerNet.Published(w.containerPort(), w.protocol(), "::", hostPort));
            }
        }
    }

    /** The container got its addresses: its forwarding sockets start forwarding. */
    void forward(String containerId, String ipv4, String ipv6) {
        ports.proxy(containerId, ipv4, ipv6);
    }

    /**
     * A running container of an earlier daemon: the ports it published by forwarding are held and forwarded
     * again (portmap's DNAT rules stayed in the kernel).
     */
    void resume(ContainerNet n, String ipv4, String ipv6) {
        for (ContainerNet.Published p : n.published) {
            boolean sixSocket = p.hostIp().equals("::");
            // a dual-stack port is one [::] socket, listed twice
            boolean sameSocketListed = !sixSocket && n.published.contains(
                    new ContainerNet.Published(p.containerPort(), p.protocol(), "::", p.hostPort()));
            if (!(sixSocket || (!iptables && !sameSocketListed))) {
                continue;
            }
            String target = sixSocket ? ipv6 : ipv4;
            if (target.isEmpty()) {
                continue;
            }
            try {
                ports.resume(n.id, p.protocol(), p.hostIp(), p.hostPort(), new InetSocketAddress(target,
                        p.containerPort()));
            } catch (IOException | IllegalArgumentException e) {
                LOG.warn("container {}: port {}/{} cannot be held again: {}", n.id, p.hostPort(), p.protocol(),
                        e.getMessage());
            }
        }
    }

    void release(String containerId) {
        ports.release(containerId);
    }

    void releaseAll() {
        ports.releaseAll();
    }
}
