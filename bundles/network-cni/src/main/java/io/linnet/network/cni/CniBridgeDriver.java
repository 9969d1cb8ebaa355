package io.linnet.network.cni;

import com.fasterxml.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** The real {@link BridgeDriver}: CNI plugins, {@code mount --bind} pins, iptables and {@code ip link}. */
final class CniBridgeDriver implements BridgeDriver {

    private static final Logger LOG = LoggerFactory.getLogger(CniBridgeDriver.class);

    private final CniPlugins plugins;
    private final BridgeRules bridgeRules = new BridgeRules();
    private final Path ipamDir;
    /** dockerd's iptables setting: without it no network gets NAT or forwarding rules. */
    private final boolean iptables;
    private final IpForwarding forwarding;

    CniBridgeDriver(CniPlugins plugins, Path ipamDir, boolean iptables, boolean ipForward) {
        this.plugins = plugins;
        this.ipamDir = ipamDir;
        this.iptables = iptables;
        this.forwarding = new IpForwarding(ipForward, IpForwarding.SWITCHES);
    }

    @Override
    public void pinNamespace(int pid, Path file) throws IOException {
        Netns.pin(pid, file);
    }

    @Override
    public void makeNamespace(Path file) throws IOException {
        InNamespace.create(file);
    }

    @Override
    public void unpinNamespace(Path file) {
        Netns.unpin(file);
    }

    @Override
    public boolean namespaceAlive(int pid, String pinnedNetns) {
        try {
            Path proc = Path.of("/proc/" + pid + "/ns/net");
            if (!Files.exists(proc)) {
                return false;
            }
            if (pinnedNetns.isEmpty()) {
                return true; // host mode or a joined namespace: the process is enough
            }
            return Files.getAttribute(Path.of(pinnedNetns), "unix:ino").equals(Files.getAttribute(proc, "unix:ino"));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public ResolverSockets bindResolver(String netns, java.net.InetSocketAddress address) throws IOException {
        return NamespaceSockets.bind(netns, address);
    }

    @Override
    public void addLoopback(String containerId, String netns) throws CniPlugins.CniException {
        try {
            InNamespace.loopbackUp(netns);
        } catch (IOException e) {
            throw new CniPlugins.CniException("loopback: " + e.getMessage());
        }
    }

    @Override
    public JsonNode addEndpoint(NetworkDef def, JsonNode conflist, String containerId, String netns, String ifname,
            JsonNode runtimeConfig) throws CniPlugins.CniException {
        if (iptables) {
            bridgeRules.ensure(def);
        }
        List<String> forwardingBefore = forwarding.before();
        try {
            return plugins.add(conflist, containerId, netns, ifname, runtimeConfig);
        } finally {
            forwarding.restore(forwardingBefore);
        }
    }

    @Override
    public void delEndpoint(JsonNode conflist, String containerId, String netns, String ifname, JsonNode runtimeConfig,
            JsonNode prevResult) throws CniPlugins.CniException {
        String existing = !netns.isEmpty() && Files.exists(Path.of(netns)) ? netns : "";
        plugins.del(conflist, containerId, existing, ifname, runtimeConfig, prevResult);
    }

    @Override
    public void addAddresses(String netns, String ifname, List<String> cidrs) throws IOException {
        for (String cidr : cidrs) {
            Netns.run(List.of("nsenter", "--net=" + netns, "ip", "addr", "add", cidr, "dev", ifname));
        }
    }

    /**
     * host-local keeps one file per address in use, named by the address as Go prints it and holding
     * the container ID and interface; a file with other content is never released by a DEL.
     */
    @Override
    public void reserve(NetworkDef def) {
        if (def.auxAddresses().isEmpty()) {
            return;
        }
        Path dir = ipamDir.resolve("linnet-" + def.id().substring(0, 12));
        try {
            Files.createDirectories(dir);
            for (var e : def.auxAddresses().entrySet()) {
                Files.writeString(dir.resolve(e.getValue()), "aux-address " + e.getKey());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reserve the auxiliary addresses of network " + def.name(), e);
        }
    }

    @Override
    public void removeUnusedSharedChains() {
        IptablesCleanup.removeUnusedChains();
    }

    @Override
    public void removeBridge(NetworkDef def) {
        try {
            Netns.run(List.of("ip", "link", "del", def.bridge()));
        } catch (IOException e) {
            LOG.debug("network {}: no bridge {} to delete", def.id(), def.bridge());
        }
        bridgeRules.remove(def);
        deleteTree(ipamDir.resolve("linnet-" + def.id().substring(0, 12)));
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort
                }
            });
        } catch (IOException | UncheckedIOException ignored) {
            // not there
        }
    }
}
