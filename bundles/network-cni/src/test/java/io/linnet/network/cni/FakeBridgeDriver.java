package io.linnet.network.cni;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@link BridgeDriver} that touches no kernel: it records what it was asked ("ADD eth0 app c1",
 * "DEL eth0 linnet-0123456789ab c1", "pin 42", ...) and hands out addresses from the network's
 * subnet as host-local would.
 */
final class FakeBridgeDriver implements BridgeDriver {

    final List<String> calls = java.util.Collections.synchronizedList(new ArrayList<>());
    /** Told the container ID at each DEL, before it is recorded (a test may hold it there). */
    volatile java.util.function.Consumer<String> onDel = id -> { };
    /** Task PIDs whose namespace is gone (the task ended while no daemon ran). */
    final Set<Integer> dead = new HashSet<>();
    /** Networks (by name) whose ADD fails. */
    final Set<String> failing = new HashSet<>();
    private final Map<String, Integer> nextHost = new HashMap<>();

    @Override
    public void pinNamespace(int pid, Path file) throws java.io.IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "");
        calls.add("pin " + pid);
    }

    @Override
    public void makeNamespace(Path file) throws java.io.IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "");
        calls.add("netns " + file.getFileName());
    }

    @Override
    public void unpinNamespace(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        calls.add("unpin " + file.getFileName());
    }

    @Override
    public boolean namespaceAlive(int pid, String pinnedNetns) {
        return !dead.contains(pid);
    }

    /** Resolver sockets bound on the host's loopback, on free ports: tests query them as a container would. */
    final java.util.Map<String, ResolverSockets> resolvers = new java.util.concurrent.ConcurrentHashMap<>();

    @Override
    public ResolverSockets bindResolver(String netns, java.net.InetSocketAddress address) throws java.io.IOException {
        var loopback = new java.net.InetSocketAddress("127.0.0.1", 0);
        var udp = java.nio.channels.DatagramChannel.open(java.net.StandardProtocolFamily.INET).bind(loopback);
        var tcp = java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.INET).bind(loopback);
        ResolverSockets sockets = new ResolverSockets(udp, tcp);
        resolvers.put(netns, sockets);
        return sockets;
    }

    @Override
    public void addLoopback(String containerId, String netns) {
        calls.add("ADD lo " + containerId);
    }

    @Override
    public JsonNode addEndpoint(NetworkDef def, JsonNode conflist, String containerId, String netns, String ifname,
            JsonNode runtimeConfig) throws CniPlugins.CniException {
        calls.add("ADD " + ifname + " " + def.name() + " " + containerId);
        if (failing.contains(def.name())) {
            throw new CniPlugins.CniException("plugin type=\"bridge\" failed (add): boom");
        }
        String address;
        if (runtimeConfig.has("ips")) {
            address = runtimeConfig.path("ips").get(0).asText();
        } else {
            int host = nextHost.merge(def.id(), 2, (a, b) -> a + 1);
            address = Ipv4.format(Ipv4.network(def.subnet())[0] + host) + "/" + def.prefixLength();
        }
        ObjectNode result = CniPlugins.JSON.createObjectNode();
        result.put("cniVersion", "1.0.0");
        ObjectNode itf = result.putArray("interfaces").addObject();
        itf.put("name", ifname);
        itf.put("mac", "02:42:00:00:00:0" + ifname.charAt(3));
        itf.put("sandbox", netns);
        ObjectNode ip = result.putArray("ips").addObject();
        ip.put("address", address);
        ip.put("gateway", def.gateway());
        return result;
    }

    @Override
    public void delEndpoint(JsonNode conflist, String containerId, String netns, String ifname, JsonNode runtimeConfig,
            JsonNode prevResult) {
        onDel.accept(containerId);
        calls.add("DEL " + ifname + " " + conflist.path("name").asText() + " " + containerId);
    }

    @Override
    public void addAddresses(String netns, String ifname, List<String> cidrs) {
        calls.add("addresses " + ifname + " " + cidrs);
    }

    @Override
    public void reserve(NetworkDef def) {
        if (!def.auxAddresses().isEmpty()) {
            calls.add("reserve " + def.auxAddresses().values());
        }
    }

    @Override
    public void removeUnusedSharedChains() {
        calls.add("clean chains");
    }

    @Override
    public void removeBridge(NetworkDef def) {
        calls.add("remove bridge " + def.bridge());
    }
}
