package io.linnet.network.cni;

import io.linnet.engine.api.network.ContainerNetworking.FileMount;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Each container's /etc/hostname, /etc/resolv.conf and /etc/hosts, written under
 * {@code <dataRoot>/containers/<id>} and bind-mounted into it (libnetwork's etchosts and resolvconf).
 * Containers on a user network find each other by name and alias through their hosts files, which
 * are rewritten in place (same inode, so the bind mounts see it) whenever a container joins or
 * leaves one of its networks.
 */
final class ContainerFiles {

    private static final Logger LOG = LoggerFactory.getLogger(ContainerFiles.class);

    private final Path filesRoot;
    private final NetworkStore store;
    private final ContainerNets nets;
    /** The lock of networks and endpoints: a hosts file is written from a consistent picture. */
    private final Object lock;
    private final DnsDefaults dnsDefaults;

    ContainerFiles(Path filesRoot, NetworkStore store, ContainerNets nets, Object lock) {
        this(filesRoot, store, nets, lock, DnsDefaults.NONE);
    }

    ContainerFiles(Path filesRoot, NetworkStore store, ContainerNets nets, Object lock, DnsDefaults dnsDefaults) {
        this.dnsDefaults = dnsDefaults;
        this.filesRoot = filesRoot;
        this.store = store;
        this.nets = nets;
        this.lock = lock;
    }

    List<FileMount> mounts(String containerId) {
        Path dir = filesRoot.resolve(containerId);
        return List.of(new FileMount(dir.resolve("resolv.conf").toString(), "/etc/resolv.conf"),
                new FileMount(dir.resolve("hostname").toString(), "/etc/hostname"),
                new FileMount(dir.resolve("hosts").toString(), "/etc/hosts"));
    }

    /** The three files before the task is created; hosts names only the container's extra hosts until it is attached. */
    void writeAll(ContainerNet n) {
        Path dir = filesRoot.resolve(n.id);
        try {
            createContainerDir(dir);
            String fqdn = n.hostname + (n.domainname.isEmpty() ? "" : "." + n.domainname);
            Files.writeString(dir.resolve("hostname"), n.hostname + "\n");
            Files.writeString(dir.resolve("resolv.conf"), resolvConf(n, usesEmbeddedDns(n)));
            if (n.hostMode()) {
                Files.writeString(dir.resolve("hosts"), readHostFile("/etc/hosts"));
            } else {
                Files.writeString(dir.resolve("hosts"), EtcFiles.hosts(n.extraHosts, hostGateway(), List.of(), List.of()));
            }
            LOG.debug("container {}: wrote hosts, resolv.conf and hostname for {}", n.id, fqdn);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the network files of container " + n.id, e);
        }
    }

    /** Whether the container asks for a user network, whose names the embedded DNS server answers (as dockerd). */
    boolean usesEmbeddedDns(ContainerNet n) {
        if (n.hostMode() || !n.joins.isEmpty()) {
            return false;
        }
        for (String netId : List.copyOf(n.networks.keySet())) {
            if (!isDefaultBridge(netId)) {
                return true;
            }
        }
        return false;
    }

    /** Points the running container's resolv.conf at the embedded DNS server (connected to a user network). */
    void useEmbeddedDns(ContainerNet n) {
        Path file = filesRoot.resolve(n.id).resolve("resolv.conf");
        try {
            String text = resolvConf(n, true);
            if (Files.exists(file) && !text.equals(Files.readString(file))) {
                Files.writeString(file, text); // in place: the container's bind mount holds this inode
            }
        } catch (IOException e) {
            LOG.warn("container {}: could not rewrite /etc/resolv.conf: {}", n.id, e.toString());
        }
    }

    /** The servers the embedded DNS server forwards the container's other queries to (Dns, or the host's). */
    List<String> upstreams(ContainerNet n) {
        return EtcFiles.ipv4Nameservers(resolvConf(n, false));
    }

    /** The daemon's dns, dns-search and dns-opts stand in for each the container does not set (dockerd's). */
    private String resolvConf(ContainerNet n, boolean embedded) {
        String plain = EtcFiles.resolvConf(readHostFile("/etc/resolv.conf"),
                DnsDefaults.orDefault(n.dns, dnsDefaults.servers()),
                DnsDefaults.orDefault(n.dnsSearch, dnsDefaults.search()),
                DnsDefaults.orDefault(n.dnsOptions, dnsDefaults.options()), n.hostMode());
        return embedded ? EtcFiles.embeddedResolvConf(plain) : plain;
    }

    /** {@code containers/<id>} and its parent 0710, as dockerd makes them (the container's log is in there too). */
    private static void createContainerDir(Path dir) throws IOException {
        for (Path d : new Path[] {dir.getParent(), dir}) {
            if (!Files.isDirectory(d)) {
                Files.createDirectories(d);
                Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwx--x---"));
            }
        }
    }

    /** Rewrites the hosts files of the container and of every running container sharing a user network with it. */
    void rewriteAround(String containerId) {
        ContainerNet n = nets.get(containerId);
        List<ContainerNet> touched = new ArrayList<>();
        synchronized (lock) {
            if (n != null) {
                touched.add(n);
                touched.addAll(neighbours(n));
                touched.addAll(LegacyLinkHosts.linking(n, nets));
            }
            for (ContainerNet m : touched) {
                rewriteIfOwnNamespace(m);
            }
        }
    }

    /** Rewrites the hosts files of these containers (peers that shared only a network the container left). */
    void rewrite(List<ContainerNet> containers) {
        synchronized (lock) {
            containers.forEach(this::rewriteIfOwnNamespace);
        }
    }

    private void rewriteIfOwnNamespace(ContainerNet m) {
        if (m.pid > 0 && !m.hostMode() && m.joins.isEmpty()) {
            writeHosts(m);
        }
    }

    /** Running containers other than n that asked for one of n's user networks. */
    private Set<ContainerNet> neighbours(ContainerNet n) {
        Set<ContainerNet> out = new LinkedHashSet<>();
        for (String netId : List.copyOf(n.networks.keySet())) {
            if (isDefaultBridge(netId)) {
                continue;
            }
            for (ContainerNet m : nets.onNetwork(netId)) {
                if (m != n && m.pid > 0 && m.networks.containsKey(netId)) {
                    out.add(m);
                }
            }
        }
        return out;
    }

    private boolean isDefaultBridge(String netId) {
        NetworkDef def = store.find(netId);
        return def == null || def.isDefaultBridge();
    }

    private void writeHosts(ContainerNet n) {
        String fqdn = n.hostname + (n.domainname.isEmpty() ? "" : "." + n.domainname);
        List<String> names = fqdn.equals(n.hostname) ? List.of(n.hostname) : List.of(fqdn, n.hostname);
        List<EtcFiles.HostEntry> own = new ArrayList<>();
        List<EtcFiles.HostEntry> peers = new ArrayList<>();
        for (var e : n.endpoints.entrySet()) {
            own.add(new EtcFiles.HostEntry(e.getValue().ipAddress, names));
            if (!e.getValue().ipv6Address.isEmpty()) {
                own.add(new EtcFiles.HostEntry(e.getValue().ipv6Address, names));
            }
            if (isDefaultBridge(e.getKey())) {
                continue; // names do not resolve on the default bridge (as dockerd)
            }
            for (ContainerNet m : nets.onNetwork(e.getKey())) {
                ContainerNet.Endpoint other = m.endpoints.get(e.getKey());
                if (m == n || other == null) {
                    continue;
                }
                List<String> peerNames = new ArrayList<>();
                peerNames.add(m.shortName());
                ContainerNet.Request req = m.networks.get(e.getKey());
                if (req != null) {
                    req.aliases.stream().filter(a -> !peerNames.contains(a)).forEach(peerNames::add);
                }
                peerNames.add(m.id.substring(0, 12));
                peers.add(new EtcFiles.HostEntry(other.ipAddress, peerNames));
            }
        }
        try {
            Path file = filesRoot.resolve(n.id).resolve("hosts");
            if (Files.exists(file)) {
                // in place: the container's bind mount holds this inode
                List<String> extras = new ArrayList<>(n.extraHosts); // links after --add-host, as dockerd
                LegacyLinkHosts.entries(n, nets, this::isDefaultBridge)
                        .forEach(e -> extras.add(String.join(" ", e.names()) + ":" + e.ip()));
                Files.writeString(file, EtcFiles.hosts(extras, hostGateway(), own, peers));
            }
        } catch (IOException e) {
            LOG.warn("container {}: could not rewrite /etc/hosts: {}", n.id, e.toString());
        }
    }

    /** What ExtraHosts' "host-gateway" stands for: the default bridge's gateway. */
    private String hostGateway() {
        NetworkDef bridge = store.byName(NetworkCatalog.BRIDGE);
        return bridge == null ? "" : bridge.gateway();
    }

    static String hostHostname() {
        return readHostFile("/proc/sys/kernel/hostname").strip();
    }

    private static String readHostFile(String path) {
        try {
            return Files.readString(Path.of(path));
        } catch (IOException e) {
            return "";
        }
    }
}
