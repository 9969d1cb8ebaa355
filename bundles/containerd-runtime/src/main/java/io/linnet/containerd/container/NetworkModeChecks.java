package io.linnet.containerd.container;

import io.linnet.api.model.container.ContainerConfig;
import io.linnet.api.model.container.HostConfig;
import io.linnet.engine.api.InvalidParameterException;

import java.util.Collection;
import java.util.Map;

/**
 * moby 24's validateNetMode on create: options that make no sense with the network or UTS mode
 * chosen are refused (400) with dockerd's words, rather than silently ignored.
 */
final class NetworkModeChecks {

    private NetworkModeChecks() {
    }

    /** @param config the Config as the client sent it (Hostname only when the client set one) */
    static void check(ContainerConfig config, HostConfig host) {
        String mode = host.networkMode() == null ? "" : host.networkMode();
        boolean joins = mode.startsWith("container:");
        if (mode.equals("container") || mode.equals("container:")) {
            refuse("Invalid network mode: invalid container format container:<name|id>");
        }
        boolean hostname = config.hostname() != null && !config.hostname().isEmpty();
        if (joins && hostname) {
            refuse("conflicting options: hostname and the network mode");
        }
        if (joins && some(host.links())) {
            refuse("conflicting options: container type network can't be used with links. This would result in"
                    + " undefined behavior");
        }
        if (joins && some(host.dns())) {
            refuse("conflicting options: dns and the network mode");
        }
        if (joins && some(host.extraHosts())) {
            refuse("conflicting options: custom host-to-IP mapping and the network mode");
        }
        if ((joins || mode.equals("host")) && config.macAddress() != null && !config.macAddress().isEmpty()) {
            refuse("conflicting options: mac-address and the network mode");
        }
        if (joins && (some(host.portBindings()) || host.publishAllPorts())) {
            refuse("conflicting options: port publishing and the container type network mode");
        }
        if (joins && some(config.exposedPorts())) {
            refuse("conflicting options: port exposing and the container type network mode");
        }
        if ("host".equals(host.utsMode()) && hostname) {
            refuse("conflicting options: hostname and the UTS mode");
        }
        if (mode.equals("host") && some(host.links())) {
            refuse("conflicting options: host type networking can't be used with links. This would result in"
                    + " undefined behavior");
        }
    }

    private static boolean some(Collection<?> values) {
        return values != null && !values.isEmpty();
    }

    private static boolean some(Map<?, ?> values) {
        return values != null && !values.isEmpty();
    }

    private static void refuse(String message) {
        throw new InvalidParameterException(message);
    }
}
