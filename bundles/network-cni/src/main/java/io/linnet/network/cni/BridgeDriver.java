package io.linnet.network.cni;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Everything networking does to the host's kernel, as libnetwork's bridge driver and sandbox do:
 * namespace pins, CNI plugin runs, a network's bridge and iptables rules. The endpoint bookkeeping
 * above it decides what to run; this interface is where unit tests put a fake that needs no root.
 */
interface BridgeDriver {

    /** Keeps the task's namespace reachable at {@code file} after the task exits (CNI DEL needs it). */
    void pinNamespace(int pid, Path file) throws IOException;

    /** A new namespace with lo up, pinned at {@code file} before any task joins it (the spec names the file). */
    void makeNamespace(Path file) throws IOException;

    /** Removes a pin; nothing happens when it is not there. */
    void unpinNamespace(Path file);

    /** Whether the task still runs in the namespace that was pinned for it ("" when none was pinned). */
    boolean namespaceAlive(int pid, String pinnedNetns);

    /** A UDP socket and a TCP listener bound on {@code address} inside the pinned namespace (the embedded DNS server's). */
    ResolverSockets bindResolver(String netns, java.net.InetSocketAddress address) throws IOException;

    /** Brings the namespace's lo up, as CNI's loopback plugin does at ADD. */
    void addLoopback(String containerId, String netns) throws CniPlugins.CniException;

    /** The network's own rules, then CNI ADD of the plugin list; answers the CNI result (may be null). */
    JsonNode addEndpoint(NetworkDef def, JsonNode conflist, String containerId, String netns, String ifname,
            JsonNode runtimeConfig) throws CniPlugins.CniException;

    /** CNI DEL of the list an endpoint was added with; a namespace that is gone is passed as "". */
    void delEndpoint(JsonNode conflist, String containerId, String netns, String ifname, JsonNode runtimeConfig,
            JsonNode prevResult) throws CniPlugins.CniException;

    /** More addresses ("169.254.7.7/16") on the container's interface: its link-local IPs. */
    void addAddresses(String netns, String ifname, java.util.List<String> cidrs) throws IOException;

    /** A new network's auxiliary addresses are held in its IPAM state, so no container is given one. */
    void reserve(NetworkDef def);

    /** Removes portmap's and firewall's shared chains when no rule uses them any more. */
    void removeUnusedSharedChains();

    /** The network is removed: its Linux bridge, its iptables rules and its IPAM state go. */
    void removeBridge(NetworkDef def);
}
