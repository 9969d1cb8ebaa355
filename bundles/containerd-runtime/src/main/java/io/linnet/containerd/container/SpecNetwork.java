package io.linnet.containerd.container;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.linnet.engine.api.network.ContainerNetworking;

import java.util.Iterator;

/**
 * Applies networking's answer to a generated spec: the network namespace (its own, pinned by
 * networking or else made by runc; the host's; or another container's pinned one) and the bind mounts of /etc/hosts, /etc/resolv.conf and /etc/hostname
 * (unless the user binds the same path).
 */
final class SpecNetwork {

    private SpecNetwork() {
    }

    static void apply(ObjectNode spec, ContainerNetworking.Sandbox sandbox) {
        ArrayNode namespaces = (ArrayNode) spec.path("linux").path("namespaces");
        for (Iterator<JsonNode> it = namespaces.elements(); it.hasNext(); ) {
            JsonNode ns = it.next();
            if ("network".equals(ns.path("type").asText())) {
                switch (sandbox.mode()) {
                    case HOST -> it.remove();
                    case JOIN -> ((ObjectNode) ns).put("path", sandbox.namespacePath());
                    case NEW -> {
                        if (!sandbox.namespacePath().isEmpty()) {
                            // made and pinned by networking before each task, so CNI ADD can run beside its create
                            ((ObjectNode) ns).put("path", sandbox.namespacePath());
                        }
                    }
                }
            }
        }
        if (sandbox.mode() == ContainerNetworking.Mode.HOST) {
            // runc refuses net.* sysctls in the host's namespace; dockerd sets them only for private ones
            JsonNode sysctl = spec.path("linux").path("sysctl");
            if (sysctl instanceof ObjectNode s) {
                s.remove(java.util.List.of("net.ipv4.ip_unprivileged_port_start", "net.ipv4.ping_group_range"));
            }
        }
        if (!sandbox.hostname().isEmpty() && spec.has("hostname")) {
            spec.put("hostname", sandbox.hostname());
        }
        ArrayNode mounts = (ArrayNode) spec.path("mounts");
        for (ContainerNetworking.FileMount m : sandbox.mounts()) {
            boolean taken = false;
            for (JsonNode existing : mounts) {
                taken |= m.destination().equals(existing.path("destination").asText());
            }
            if (taken) {
                continue;
            }
            ObjectNode mount = mounts.addObject();
            mount.put("destination", m.destination());
            mount.put("type", "bind");
            mount.put("source", m.source());
            mount.putArray("options").add("rbind").add("rprivate");
        }
    }
}
