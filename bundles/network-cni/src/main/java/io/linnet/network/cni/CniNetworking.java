package io.linnet.network.cni;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.linnet.engine.api.ConflictException;
import io.linnet.engine.api.ForbiddenException;
import io.linnet.engine.api.InvalidParameterException;
import io.linnet.engine.api.NotFoundException;
import io.linnet.engine.api.event.Event;
import io.linnet.engine.api.event.EventService;
import io.linnet.engine.api.network.ContainerNetworkState;
import io.linnet.engine.api.network.ContainerNetworking;
import io.linnet.engine.api.network.Network;
import io.linnet.engine.api.network.NetworkService;
import io.linnet.engine.api.network.NetworkSetupException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Docker networking on the standard CNI plugins: the predefined bridge (its own Linux bridge and
 * subnet), host and none networks and user-defined bridge networks; each container's endpoints made
 * with CNI ADD on its task's pinned namespace and deleted with CNI DEL when the task ends; published
 * ports held and mapped with portmap; /etc/hosts, /etc/resolv.conf and /etc/hostname written under
 * {@code <dataRoot>/containers/<id>}. Containers on a user network find each other by name and alias
 * through their /etc/hosts files, which are rewritten in place (same inode, so the bind mounts see it)
 * whenever a container joins or leaves the network.
 */
@Component(service = {ContainerNetworking.class, NetworkService.class}, configurationPid = "io.linnet.daemon",
        configurationPolicy = ConfigurationPolicy.REQUIRE)
public final class CniNetworking implements ContainerNetworking, NetworkService {

    private static final Logger LOG = LoggerFactory.getLogger(CniNetworking.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    static final String BRIDGE = "bridge";
    static final String HOST = "host";
    static final String NONE = "none";

    private final ObjectMapper json = NetworkStore.mapper();
    private final NetworkStore store;
    private final CniPlugins plugins;
    private final PortReservations ports = new PortReservations();
    private final BridgeRules bridgeRules = new BridgeRules();
    private final Path statesDir;
    private final Path filesRoot;
    private final Path netnsDir;
    private final Path ipamDir;
    private final List<String> pools;
    private final Map<String, ContainerNet> nets = new ConcurrentHashMap<>();
    private final Object lock = new Object();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile EventService events;

    @Activate
    public CniNetworking(NetworkConfig config) {
        this(Path.of(config.dataRoot()), Path.of(config.execRoot()), Path.of(config.cniPath()), config.bip(),
                config.bridge(), List.of(config.defaultAddressPools().split(",")));
    }

    CniNetworking(Path dataRoot, Path execRoot, Path cniPath, String bip, String bridge, List<String> pools) {
        Path root = dataRoot.resolve("networks");
        this.store = new NetworkStore(root.resolve("defs"), json);
        this.statesDir = root.resolve("containers");
        this.ipamDir = root.resolve("ipam");
        this.filesRoot = dataRoot.resolve("containers");
        this.netnsDir = execRoot.resolve("netns");
        this.plugins = new CniPlugins(cniPath);
        this.pools = pools.stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
        try {
            Files.createDirectories(statesDir);
            Files.createDirectories(ipamDir);
            try (Stream<Path> files = Files.list(statesDir)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
                    ContainerNet n = json.readValue(f.toFile(), ContainerNet.class);
                    nets.put(n.id, n);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the network state under " + root, e);
        }
        predefine(bip, bridge);
        releaseStale();
    }

    @Deactivate
    void deactivate() {
        // running containers keep their endpoints; the next daemon finds them in the state files
        ports.releaseAll();
    }

    // ------------------------------------------------------------------ predefined networks

    private void predefine(String bip, String bridgeName) {
        String subnet = Ipv4.canonical(bip);
        String gateway = bip.substring(0, bip.indexOf('/'));
        NetworkDef existing = store.byName(BRIDGE);
        Map<String, String> options = new LinkedHashMap<>();
        options.put("com.docker.network.bridge.default_bridge", "true");
        options.put("com.docker.network.bridge.enable_icc", "true");
        options.put("com.docker.network.bridge.enable_ip_masquerade", "true");
        options.put("com.docker.network.bridge.host_binding_ipv4", "0.0.0.0");
        options.put("com.docker.network.bridge.name", bridgeName);
        options.put("com.docker.network.driver.mtu", "1500");
        if (existing == null || !existing.subnet().equals(subnet) || !existing.bridge().equals(bridgeName)
                || !existing.gateway().equals(gateway)) {
            store.save(new NetworkDef(existing == null ? newId() : existing.id(), BRIDGE, "bridge", now(), bridgeName,
                    subnet, gateway, "", false, false, false, 0, true, options, Map.of()));
        }
        if (store.byName(HOST) == null) {
            store.save(new NetworkDef(newId(), HOST, "host", now(), "", "", "", "", false, false, false, 0, true,
                    Map.of(), Map.of()));
        }
        if (store.byName(NONE) == null) {
            store.save(new NetworkDef(newId(), NONE, "null", now(), "", "", "", "", false, false, false, 0, true,
                    Map.of(), Map.of()));
        }
    }

    /** Endpoints of tasks that ended while no daemon watched (crash, reboot): deleted now. */
    private void releaseStale() {
        for (ContainerNet n : List.copyOf(nets.values())) {
            if (n.pid > 0 && !alive(n)) {
                LOG.info("container {}: its task is gone; releasing its network endpoints", n.id);
                synchronized (lock) {
                    detachLocked(n);
                    save(n);
                }
            }
        }
    }

    /** The task still runs in the namespace that was pinned for it. */
    private boolean alive(ContainerNet n) {
        try {
            Path proc = Path.of("/proc/" + n.pid + "/ns/net");
            if (!Files.exists(proc)) {
                return false;
            }
            if (n.netns.isEmpty()) {
                return true; // host mode or a joined namespace: the process is enough
            }
            return Files.getAttribute(Path.of(n.netns), "unix:ino").equals(Files.getAttribute(proc, "unix:ino"));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    // ------------------------------------------------------------------ container hooks

    @Override
    public Sandbox sandbox(String containerId, String name, String configJson, String hostConfigJson,
            String endpointsJson, List<String> imageExposedPorts) {
        JsonNode config = read(configJson);
        JsonNode host = read(hostConfigJson);
        JsonNode endpoints = read(endpointsJson == null ? "{}" : endpointsJson);
        ContainerNet n = new ContainerNet();
        n.id = containerId;
        n.name = name;
        n.networkMode = host.path("NetworkMode").asText("");
        if (n.networkMode.isEmpty()) {
            n.networkMode = "default";
        }
        n.hostname = config.path("Hostname").asText(containerId.substring(0, 12));
        n.domainname = config.path("Domainname").asText("");
        n.dns = strings(host.path("Dns"));
        n.dnsSearch = strings(host.path("DnsSearch"));
        n.dnsOptions = strings(host.path("DnsOptions"));
        n.extraHosts = strings(host.path("ExtraHosts"));
        n.extraHosts.forEach(EtcFiles::parseExtraHost);
        host.path("PortBindings").fields().forEachRemaining(e -> {
            List<Map<String, String>> list = new ArrayList<>();
            e.getValue().forEach(b -> list.add(Map.of("HostIp", b.path("HostIp").asText(""),
                    "HostPort", b.path("HostPort").asText(""))));
            n.portBindings.put(e.getKey(), list);
        });
        n.publishAllPorts = host.path("PublishAllPorts").asBoolean(false);
        config.path("ExposedPorts").fieldNames().forEachRemaining(n.exposedPorts::add);
        for (String p : imageExposedPorts == null ? List.<String>of() : imageExposedPorts) {
            if (!n.exposedPorts.contains(p)) {
                n.exposedPorts.add(p);
            }
        }
        PortPlan.wanted(n.portBindings, n.publishAllPorts, n.exposedPorts); // validates
        Sandbox sandbox;
        synchronized (lock) {
            if (n.hostMode()) {
                n.hostname = hostHostname();
                sandbox = new Sandbox(Mode.HOST, "", mounts(containerId), n.hostname);
            } else if (n.networkMode.startsWith("container:")) {
                ContainerNet other = findContainer(n.networkMode.substring("container:".length()));
                if (other.id.equals(containerId)) {
                    throw new InvalidParameterException("cannot join own network");
                }
                n.joins = other.id;
                n.hostname = other.hostname;
                sandbox = new Sandbox(Mode.JOIN, netnsDir.resolve(other.id).toString(), mounts(other.id), other.hostname);
            } else if (n.noneMode()) {
                sandbox = new Sandbox(Mode.NEW, "", mounts(containerId), "");
            } else {
                String wanted = n.networkMode.equals("default") ? BRIDGE : n.networkMode;
                NetworkDef def = store.find(wanted);
                if (def == null) {
                    // as dockerd: the network must exist when the container starts, not when it is created
                    n.networks.put(wanted, new ContainerNet.Request(strings(endpoints.path(wanted).path("Aliases")),
                            endpoints.path(wanted).path("IPAMConfig").path("IPv4Address").asText("")));
                } else {
                    if (!def.isBridge()) {
                        throw new InvalidParameterException("container cannot be connected to network " + wanted);
                    }
                    JsonNode ep = endpoints.has(wanted) ? endpoints.get(wanted)
                            : endpoints.has(def.name()) ? endpoints.get(def.name()) : endpoints.path("default");
                    n.networks.put(def.id(), request(def, ep));
                }
                sandbox = new Sandbox(Mode.NEW, "", mounts(containerId), "");
            }
            nets.put(containerId, n);
            save(n);
        }
        return sandbox;
    }

    private ContainerNet.Request request(NetworkDef def, JsonNode ep) {
        List<String> aliases = strings(ep.path("Aliases"));
        String ip = ep.path("IPAMConfig").path("IPv4Address").asText("");
        if (!ip.isEmpty()) {
            if (def.isDefaultBridge()) {
                throw new InvalidParameterException("user specified IP address is supported on user defined networks only");
            }
            if (!ip.matches("\\d+\\.\\d+\\.\\d+\\.\\d+") || !Ipv4.contains(def.subnet(), ip)) {
                throw new InvalidParameterException("Invalid address " + ip
                        + ": It does not belong to any of this network's subnets");
            }
        }
        if (!aliases.isEmpty() && def.isDefaultBridge()) {
            throw new InvalidParameterException("network-scoped alias is supported only for containers in user defined networks");
        }
        return new ContainerNet.Request(aliases, ip);
    }

    private List<FileMount> mounts(String id) {
        Path dir = filesRoot.resolve(id);
        return List.of(new FileMount(dir.resolve("resolv.conf").toString(), "/etc/resolv.conf"),
                new FileMount(dir.resolve("hostname").toString(), "/etc/hostname"),
                new FileMount(dir.resolve("hosts").toString(), "/etc/hosts"));
    }

    @Override
    public void prepare(String containerId) {
        ContainerNet n = nets.get(containerId);
        if (n == null) {
            return;
        }
        if (!n.joins.isEmpty()) {
            ContainerNet other = nets.get(n.joins);
            if (other == null || other.pid == 0 || !alive(other)) {
                throw new ConflictException("cannot join network of a non running container: " + n.joins);
            }
            return;
        }
        synchronized (lock) {
            // networks named when the container was created are looked up now (by ID from then on)
            Map<String, ContainerNet.Request> resolved = new LinkedHashMap<>();
            for (var e : n.networks.entrySet()) {
                NetworkDef def = store.find(e.getKey());
                if (def == null) {
                    throw new NotFoundException("network " + e.getKey() + " not found");
                }
                resolved.put(def.id(), e.getValue());
            }
            if (!resolved.keySet().equals(n.networks.keySet())) {
                n.networks = resolved;
                save(n);
            }
        }
        Path dir = filesRoot.resolve(containerId);
        try {
            Files.createDirectories(dir);
            String fqdn = n.hostname + (n.domainname.isEmpty() ? "" : "." + n.domainname);
            Files.writeString(dir.resolve("hostname"), n.hostname + "\n");
            String hostResolv = readHostFile("/etc/resolv.conf");
            Files.writeString(dir.resolve("resolv.conf"), EtcFiles.resolvConf(hostResolv, n.dns, n.dnsSearch,
                    n.dnsOptions, n.hostMode()));
            if (n.hostMode()) {
                Files.writeString(dir.resolve("hosts"), readHostFile("/etc/hosts"));
            } else {
                Files.writeString(dir.resolve("hosts"), EtcFiles.hosts(n.extraHosts, hostGateway(), List.of(), List.of()));
            }
            LOG.debug("container {}: wrote hosts, resolv.conf and hostname for {}", containerId, fqdn);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the network files of container " + containerId, e);
        }
    }

    @Override
    public void attach(String containerId, int pid) {
        synchronized (lock) {
            ContainerNet n = nets.get(containerId);
            if (n == null) {
                return;
            }
            n.pid = pid;
            if (n.hostMode() || !n.joins.isEmpty()) {
                save(n);
                return;
            }
            Path ns = netnsDir.resolve(containerId);
            try {
                Netns.pin(pid, ns);
                n.netns = ns.toString();
                plugins.run("ADD", CniConfigs.loopback(), containerId, n.netns, "lo");
                boolean publish = true;
                for (var e : n.networks.entrySet()) {
                    NetworkDef def = store.find(e.getKey());
                    if (def == null) {
                        throw new NetworkSetupException("network " + e.getKey() + " not found");
                    }
                    addEndpoint(n, def, e.getValue(), publish && !def.internal());
                    publish = publish && def.internal();
                }
                save(n);
                LOG.info("container {}: network attached ({})", containerId, n.endpoints.values().stream()
                        .map(ep -> ep.ifname + " " + ep.ipAddress).toList());
            } catch (IOException | CniPlugins.CniException | RuntimeException e) {
                detachLocked(n);
                n.pid = 0;
                save(n);
                if (e instanceof io.linnet.engine.api.EngineException ee) {
                    throw ee;
                }
                throw new NetworkSetupException("failed to set up container networking: " + e.getMessage());
            }
        }
        rewriteHostsAround(containerId);
    }

    /** CNI ADD of one network on the container's pinned namespace; ports published with the first one. */
    private void addEndpoint(ContainerNet n, NetworkDef def, ContainerNet.Request req, boolean publish)
            throws CniPlugins.CniException {
        String endpointId = newId();
        String ifname = nextIfname(n);
        ObjectNode runtime = json.createObjectNode();
        ArrayNode mappings = runtime.putArray("portMappings");
        if (publish) {
            for (PortPlan.Wanted w : PortPlan.wanted(n.portBindings, n.publishAllPorts, n.exposedPorts)) {
                int hostPort;
                try {
                    hostPort = ports.reserve(n.id, w);
                } catch (PortReservations.PortTakenException e) {
                    throw new NetworkSetupException("driver failed programming external connectivity on endpoint "
                            + n.shortName() + " (" + endpointId + "): " + e.getMessage());
                }
                ObjectNode m = mappings.addObject();
                m.put("hostPort", hostPort);
                m.put("containerPort", w.containerPort());
                m.put("protocol", w.protocol());
                if (!w.hostIp().isEmpty()) {
                    m.put("hostIP", w.hostIp());
                }
                n.published.add(new ContainerNet.Published(w.containerPort(), w.protocol(),
                        w.hostIp().isEmpty() ? "0.0.0.0" : w.hostIp(), hostPort));
            }
        }
        if (!req.ipv4Address.isEmpty()) {
            runtime.putArray("ips").add(req.ipv4Address + "/" + def.prefixLength());
        }
        ObjectNode conflist = CniConfigs.bridgeList(def, ipamDir, !mappings.isEmpty());
        bridgeRules.ensure(def);
        JsonNode result = plugins.add(conflist, n.id, n.netns, ifname, runtime);
        ContainerNet.Endpoint ep = new ContainerNet.Endpoint();
        ep.endpointId = endpointId;
        ep.ifname = ifname;
        ep.cniResult = result == null ? "" : result.toString();
        ep.runtimeConfig = runtime.toString();
        ep.conflist = conflist.toString();
        n.endpoints.put(def.id(), ep); // before parsing: a DEL must follow whatever happens next
        JsonNode ip = result == null ? null : result.path("ips").path(0);
        if (ip == null || ip.isMissingNode()) {
            throw new CniPlugins.CniException("no address from IPAM on network " + def.name());
        }
        String cidr = ip.path("address").asText();
        ep.ipAddress = cidr.substring(0, cidr.indexOf('/'));
        ep.prefixLength = Integer.parseInt(cidr.substring(cidr.indexOf('/') + 1));
        ep.gateway = def.internal() ? "" : ip.path("gateway").asText("");
        for (JsonNode itf : result.path("interfaces")) {
            if (ifname.equals(itf.path("name").asText()) && itf.has("sandbox")) {
                ep.macAddress = itf.path("mac").asText("");
            }
        }
        publish(def, "connect", n.id);
    }

    private static String nextIfname(ContainerNet n) {
        for (int i = 0; ; i++) {
            String name = "eth" + i;
            if (n.endpoints.values().stream().noneMatch(e -> e.ifname.equals(name))) {
                return name;
            }
        }
    }

    @Override
    public void detach(String containerId) {
        boolean had;
        synchronized (lock) {
            ContainerNet n = nets.get(containerId);
            if (n == null || (n.pid == 0 && n.endpoints.isEmpty() && n.netns.isEmpty())) {
                return;
            }
            had = !n.endpoints.isEmpty();
            detachLocked(n);
            save(n);
        }
        if (had) {
            rewriteHostsAround(containerId);
        }
    }

    /** CNI DEL of every endpoint (last first), ports and namespace pin released. Never throws. */
    private void detachLocked(ContainerNet n) {
        List<String> ids = new ArrayList<>(n.endpoints.keySet());
        java.util.Collections.reverse(ids);
        boolean sharedChains = false;
        for (String netId : ids) {
            sharedChains |= delEndpoint(n, netId);
        }
        ports.release(n.id);
        n.published.clear();
        n.pid = 0;
        Netns.unpin(netnsDir.resolve(n.id));
        n.netns = "";
        if (sharedChains) {
            IptablesCleanup.removeUnusedChains();
        }
    }

    /** @return whether the endpoint's plugins use the chains portmap and firewall share between containers */
    private boolean delEndpoint(ContainerNet n, String netId) {
        ContainerNet.Endpoint ep = n.endpoints.remove(netId);
        NetworkDef def = store.find(netId);
        if (ep == null || def == null) {
            return false;
        }
        String netns = !n.netns.isEmpty() && Files.exists(Path.of(n.netns)) ? n.netns : "";
        boolean sharedChains = true;
        try {
            JsonNode conflist = ep.conflist.isEmpty() ? CniConfigs.earlierBridgeList(def, ipamDir)
                    : json.readTree(ep.conflist);
            sharedChains = CniConfigs.usesSharedChains(conflist);
            plugins.del(conflist, n.id, netns, ep.ifname,
                    ep.runtimeConfig.isEmpty() ? null : json.readTree(ep.runtimeConfig),
                    ep.cniResult.isEmpty() ? null : json.readTree(ep.cniResult));
        } catch (CniPlugins.CniException | IOException e) {
            LOG.warn("container {}: CNI DEL on network {} failed: {}", n.id, def.name(), e.getMessage());
        }
        publish(def, "disconnect", n.id);
        return sharedChains;
    }

    @Override
    public void forget(String containerId) {
        detach(containerId);
        synchronized (lock) {
            nets.remove(containerId);
            try {
                Files.deleteIfExists(statesDir.resolve(containerId + ".json"));
            } catch (IOException e) {
                LOG.warn("container {}: could not delete its network state: {}", containerId, e.toString());
            }
        }
    }

    @Override
    public ContainerNetworkState state(String containerId) {
        ContainerNet n = nets.get(containerId);
        if (n == null) {
            return new ContainerNetworkState("default", "", Map.of(), Map.of());
        }
        Map<String, ContainerNetworkState.Endpoint> endpoints = new LinkedHashMap<>();
        boolean running = n.pid > 0;
        if (n.hostMode() || n.noneMode()) {
            NetworkDef def = store.byName(n.networkMode);
            endpoints.put(n.networkMode, new ContainerNetworkState.Endpoint(running ? def.id() : "",
                    running ? n.id.substring(0, 12) + def.id().substring(0, 12) : "", "", 0, "", "", List.of(), ""));
        }
        for (var e : n.networks.entrySet()) {
            NetworkDef def = store.find(e.getKey());
            if (def == null) {
                continue;
            }
            ContainerNet.Endpoint ep = n.endpoints.get(def.id());
            List<String> aliases = new ArrayList<>();
            if (!def.isDefaultBridge()) {
                aliases.add(n.id.substring(0, 12));
                aliases.addAll(e.getValue().aliases);
            }
            endpoints.put(def.name(), ep == null
                    ? new ContainerNetworkState.Endpoint("", "", "", 0, "", "", aliases, e.getValue().ipv4Address)
                    : new ContainerNetworkState.Endpoint(def.id(), ep.endpointId, ep.ipAddress, ep.prefixLength,
                            ep.gateway, ep.macAddress, aliases, e.getValue().ipv4Address));
        }
        Map<String, List<ContainerNetworkState.PortMapping>> portMap = new LinkedHashMap<>();
        if (running && !n.hostMode() && n.joins.isEmpty()) {
            for (String key : n.exposedPorts) {
                String[] p = PortPlan.parsePortKey(key);
                portMap.put(p[0] + "/" + p[1], new ArrayList<>());
            }
            for (String key : n.portBindings.keySet()) {
                String[] p = PortPlan.parsePortKey(key);
                portMap.putIfAbsent(p[0] + "/" + p[1], new ArrayList<>());
            }
            for (ContainerNet.Published p : n.published) {
                portMap.computeIfAbsent(p.containerPort() + "/" + p.protocol(), k -> new ArrayList<>())
                        .add(new ContainerNetworkState.PortMapping(p.hostIp(), Integer.toString(p.hostPort())));
            }
        }
        return new ContainerNetworkState(n.networkMode, n.netns, endpoints, portMap);
    }

    // ------------------------------------------------------------------ /etc/hosts of user networks

    /** Rewrites the hosts files of the container and of every container sharing a user network with it. */
    private void rewriteHostsAround(String containerId) {
        ContainerNet n = nets.get(containerId);
        List<ContainerNet> touched = new ArrayList<>();
        synchronized (lock) {
            if (n != null) {
                touched.add(n);
                for (ContainerNet m : nets.values()) {
                    if (m != n && m.pid > 0 && m.networks.keySet().stream().anyMatch(id -> n.networks.containsKey(id)
                            && !isDefaultBridge(id))) {
                        touched.add(m);
                    }
                }
            }
            for (ContainerNet m : touched) {
                if (m.pid > 0 && !m.hostMode() && m.joins.isEmpty()) {
                    writeHosts(m);
                }
            }
        }
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
            if (isDefaultBridge(e.getKey())) {
                continue; // names do not resolve on the default bridge (as dockerd)
            }
            for (ContainerNet m : nets.values()) {
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
                Files.writeString(file, EtcFiles.hosts(n.extraHosts, hostGateway(), own, peers));
            }
        } catch (IOException e) {
            LOG.warn("container {}: could not rewrite /etc/hosts: {}", n.id, e.toString());
        }
    }

    private String hostGateway() {
        NetworkDef bridge = store.byName(BRIDGE);
        return bridge == null ? "" : bridge.gateway();
    }

    // ------------------------------------------------------------------ networks

    @Override
    public Network create(NetworkCreate request) {
        String name = request.name() == null ? "" : request.name();
        if (name.isEmpty()) {
            throw new InvalidParameterException("invalid name: ");
        }
        if (name.equals(BRIDGE) || name.equals(HOST) || name.equals(NONE)) {
            // dockerd's wording, trailing space included
            throw new ForbiddenException("operation is not permitted on predefined " + name + " network ");
        }
        if (!request.driver().equals("bridge")) {
            if (request.driver().equals("host") || request.driver().equals("null")) {
                throw new ForbiddenException("only one instance of \"" + request.driver() + "\" network is allowed");
            }
            throw new NotFoundException("plugin \"" + request.driver() + "\" not found");
        }
        if (!name.matches("[a-zA-Z0-9][a-zA-Z0-9_.-]*")) {
            throw new InvalidParameterException("invalid network name \"" + name + "\"");
        }
        if (request.ipam().size() > 1) {
            throw new InvalidParameterException("bridge networks take one IPv4 subnet here");
        }
        synchronized (lock) {
            if (store.byName(name) != null) {
                throw new ConflictException("network with name " + name + " already exists");
            }
            String id = newId();
            Network.IpamConfig ipam = request.ipam().isEmpty() ? new Network.IpamConfig("", "", "") : request.ipam().get(0);
            String subnet;
            if (ipam.subnet() == null || ipam.subnet().isEmpty()) {
                if (ipam.ipRange() != null && !ipam.ipRange().isEmpty() || ipam.gateway() != null && !ipam.gateway().isEmpty()) {
                    throw new InvalidParameterException("ip-range and gateway need a subnet");
                }
                subnet = freeSubnet();
            } else {
                if (!Ipv4.isCidr(ipam.subnet())) {
                    throw new InvalidParameterException("invalid CIDR address: " + ipam.subnet());
                }
                subnet = Ipv4.canonical(ipam.subnet());
                for (NetworkDef other : store.all()) {
                    if (other.isBridge() && Ipv4.overlaps(other.subnet(), subnet)) {
                        throw new ForbiddenException("Pool overlaps with other one on this address space");
                    }
                }
            }
            String gateway = ipam.gateway() == null || ipam.gateway().isEmpty() ? Ipv4.firstHost(subnet) : ipam.gateway();
            if (!gateway.matches("\\d+\\.\\d+\\.\\d+\\.\\d+") || !Ipv4.contains(subnet, gateway)) {
                throw new ForbiddenException("no matching subnet for gateway " + gateway);
            }
            String ipRange = ipam.ipRange() == null ? "" : ipam.ipRange();
            if (!ipRange.isEmpty() && (!Ipv4.isCidr(ipRange) || !Ipv4.overlaps(subnet, ipRange)
                    || Ipv4.network(ipRange)[1] < Ipv4.network(subnet)[1])) {
                throw new ForbiddenException("no matching subnet for range " + ipRange);
            }
            Map<String, String> options = request.options();
            String bridge = options.getOrDefault("com.docker.network.bridge.name", "br-" + id.substring(0, 12));
            if (bridge.length() > 15) {
                throw new InvalidParameterException("bridge name " + bridge + " is longer than 15 characters");
            }
            for (NetworkDef other : store.all()) {
                if (bridge.equals(other.bridge())) {
                    throw new ForbiddenException("bridge " + bridge + " is used by network " + other.name());
                }
            }
            int mtu = 0;
            if (options.containsKey("com.docker.network.driver.mtu")) {
                try {
                    mtu = Integer.parseInt(options.get("com.docker.network.driver.mtu"));
                } catch (NumberFormatException e) {
                    throw new InvalidParameterException("invalid mtu: " + options.get("com.docker.network.driver.mtu"));
                }
            }
            boolean icc = !"false".equals(options.get("com.docker.network.bridge.enable_icc"));
            NetworkDef def = new NetworkDef(id, name, "bridge", now(), bridge, subnet, gateway,
                    ipRange.isEmpty() ? "" : Ipv4.canonical(ipRange), request.internal(), request.attachable(),
                    request.enableIpv6(), mtu, icc, options, request.labels());
            store.save(def);
            LOG.info("network {}: created as {} on {} ({})", id, name, subnet, bridge);
            publish(def, "create", null);
            return toNetwork(def);
        }
    }

    /** The first pool subnet no network uses and no host route covers. */
    private String freeSubnet() {
        List<String> used = new ArrayList<>();
        store.all().stream().filter(NetworkDef::isBridge).forEach(d -> used.add(d.subnet()));
        used.addAll(HostRoutes.ipv4Destinations());
        for (String pool : pools) {
            String[] parts = pool.split("/");
            String base = parts[0] + "/" + parts[1];
            int size = Integer.parseInt(parts[2]);
            long[] n = Ipv4.network(base);
            long count = 1L << (size - n[1]);
            for (long i = 0; i < count; i++) {
                String candidate = Ipv4.format(n[0] + (i << (32 - size))) + "/" + size;
                if (used.stream().noneMatch(u -> Ipv4.overlaps(u, candidate))) {
                    return candidate;
                }
            }
        }
        throw new ForbiddenException("could not find an available, non-overlapping IPv4 address pool among the "
                + "defaults to assign to the network");
    }

    @Override
    public Network get(String idOrName) {
        return toNetwork(find(idOrName));
    }

    private NetworkDef find(String idOrName) {
        NetworkDef def = store.find(idOrName);
        if (def == null) {
            throw new NotFoundException("network " + idOrName + " not found");
        }
        return def;
    }

    @Override
    public List<Network> list() {
        return store.all().stream().map(this::toNetwork).toList();
    }

    private Network toNetwork(NetworkDef def) {
        Map<String, Network.Attached> attached = new LinkedHashMap<>();
        for (ContainerNet n : nets.values()) {
            if (n.pid == 0) {
                continue;
            }
            ContainerNet.Endpoint ep = n.endpoints.get(def.id());
            if (ep != null) {
                attached.put(n.id, new Network.Attached(n.shortName(), ep.endpointId, ep.macAddress,
                        ep.ipAddress + "/" + ep.prefixLength, ""));
            } else if (n.networkMode.equals(def.name()) && (n.hostMode() || n.noneMode())) {
                attached.put(n.id, new Network.Attached(n.shortName(), n.id.substring(0, 12) + def.id().substring(0, 12),
                        "", "", ""));
            }
        }
        List<Network.IpamConfig> ipam = def.isBridge()
                ? List.of(new Network.IpamConfig(def.subnet(), def.ipRange(), def.gateway())) : List.of();
        return new Network(def.id(), def.name(), Instant.parse(def.created()), "local", def.driver(), def.enableIpv6(),
                ipam, def.internal(), def.attachable(), false, def.options(), def.labels(), attached);
    }

    private boolean inUse(NetworkDef def) {
        return nets.values().stream().anyMatch(n -> n.pid > 0 && n.endpoints.containsKey(def.id()));
    }

    @Override
    public void remove(String idOrName) {
        synchronized (lock) {
            NetworkDef def = find(idOrName);
            if (def.name().equals(BRIDGE) || def.name().equals(HOST) || def.name().equals(NONE)) {
                throw new ForbiddenException(def.name() + " is a pre-defined network and cannot be removed");
            }
            if (inUse(def)) {
                throw new ForbiddenException("error while removing network: network " + def.name() + " id " + def.id()
                        + " has active endpoints");
            }
            delete(def);
        }
    }

    private void delete(NetworkDef def) {
        store.delete(def);
        for (ContainerNet n : nets.values()) {
            if (n.networks.remove(def.id()) != null) {
                save(n);
            }
        }
        try {
            Netns.run(List.of("ip", "link", "del", def.bridge()));
        } catch (IOException e) {
            LOG.debug("network {}: no bridge {} to delete", def.id(), def.bridge());
        }
        bridgeRules.remove(def);
        deleteTree(ipamDir.resolve("linnet-" + def.id().substring(0, 12)));
        LOG.info("network {}: removed ({})", def.id(), def.name());
        publish(def, "destroy", null);
    }

    @Override
    public void connect(String network, String container, List<String> aliases, String ipv4Address) {
        synchronized (lock) {
            NetworkDef def = find(network);
            ContainerNet n = findContainer(container);
            if (!def.isBridge() || n.hostMode() || !n.joins.isEmpty()) {
                throw new ForbiddenException("container cannot be disconnected from host network or connected to host network");
            }
            if (n.noneMode()) {
                throw new ForbiddenException("container " + n.id + " is in network mode none and cannot be connected to "
                        + "a network");
            }
            if (n.networks.containsKey(def.id())) {
                throw new ForbiddenException("endpoint with name " + n.shortName() + " already exists in network "
                        + def.name());
            }
            ObjectNode ep = json.createObjectNode();
            ArrayNode a = ep.putArray("Aliases");
            (aliases == null ? List.<String>of() : aliases).forEach(a::add);
            ep.putObject("IPAMConfig").put("IPv4Address", ipv4Address == null ? "" : ipv4Address);
            ContainerNet.Request req = request(def, ep);
            n.networks.put(def.id(), req);
            if (n.pid > 0 && !n.netns.isEmpty()) {
                try {
                    addEndpoint(n, def, req, false);
                } catch (CniPlugins.CniException | RuntimeException e) {
                    delEndpoint(n, def.id());
                    n.networks.remove(def.id());
                    save(n);
                    if (e instanceof io.linnet.engine.api.EngineException ee) {
                        throw ee;
                    }
                    throw new NetworkSetupException("failed to connect container to network " + def.name() + ": "
                            + e.getMessage());
                }
            } else if (n.pid == 0) {
                publish(def, "connect", n.id);
            }
            save(n);
        }
        rewriteHostsAround(findContainer(container).id);
    }

    @Override
    public void disconnect(String network, String container, boolean force) {
        ContainerNet n;
        synchronized (lock) {
            NetworkDef def = find(network);
            n = findContainer(container);
            if (!def.isBridge() || n.hostMode()) {
                throw new ForbiddenException("container cannot be disconnected from host network or connected to host network");
            }
            if (!n.networks.containsKey(def.id())) {
                // dockerd's text; dockerd answers it with a 500, but it is the client's request that is off:
                // 403 as for connecting twice (and as main's FakeNetworkService answers it)
                throw new ForbiddenException("container " + n.id + " is not connected to network " + def.name());
            }
            rewriteAfter(n, def);
        }
        rewriteHostsAround(n.id);
        // peers that shared only this network are no longer found through n; rewrite them too
        for (ContainerNet m : nets.values()) {
            if (m.pid > 0 && m != n) {
                synchronized (lock) {
                    writeHosts(m);
                }
            }
        }
    }

    private void rewriteAfter(ContainerNet n, NetworkDef def) {
        if (n.endpoints.containsKey(def.id())) {
            if (delEndpoint(n, def.id())) {
                IptablesCleanup.removeUnusedChains();
            }
        } else {
            publish(def, "disconnect", n.id);
        }
        n.networks.remove(def.id());
        save(n);
    }

    @Override
    public List<String> prune(Predicate<Network> filter) {
        List<String> removed = new ArrayList<>();
        synchronized (lock) {
            for (NetworkDef def : store.all()) {
                if (!def.isBridge() || def.isDefaultBridge() || inUse(def) || !filter.test(toNetwork(def))) {
                    continue;
                }
                delete(def);
                removed.add(def.name());
            }
        }
        return removed;
    }

    // ------------------------------------------------------------------ helpers

    /** A container known to networking, by ID, name or unique ID prefix. */
    private ContainerNet findContainer(String idOrName) {
        ContainerNet n = nets.get(idOrName);
        if (n != null) {
            return n;
        }
        String name = idOrName.startsWith("/") ? idOrName : "/" + idOrName;
        for (ContainerNet m : nets.values()) {
            if (m.name.equals(name)) {
                return m;
            }
        }
        List<ContainerNet> prefixed = nets.values().stream().filter(m -> m.id.startsWith(idOrName)).toList();
        if (prefixed.size() == 1 && !idOrName.isEmpty()) {
            return prefixed.get(0);
        }
        throw new NotFoundException("No such container: " + idOrName);
    }

    private void publish(NetworkDef def, String action, String containerId) {
        EventService service = events;
        if (service == null) {
            return;
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("name", def.name());
        attributes.put("type", def.driver());
        if (containerId != null) {
            attributes.put("container", containerId);
        }
        try {
            service.publish(Event.now("network", action, def.id(), attributes));
        } catch (RuntimeException e) {
            LOG.debug("network event {} not published: {}", action, e.toString());
        }
    }

    private void save(ContainerNet n) {
        try {
            Path tmp = statesDir.resolve(n.id + ".json.tmp");
            json.writeValue(tmp.toFile(), n);
            Files.move(tmp, statesDir.resolve(n.id + ".json"), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.warn("container {}: could not save its network state: {}", n.id, e.toString());
        }
    }

    private JsonNode read(String text) {
        try {
            return text == null || text.isEmpty() ? json.createObjectNode() : json.readTree(text);
        } catch (IOException e) {
            throw new InvalidParameterException("invalid JSON: " + e.getMessage());
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(v -> out.add(v.asText()));
        return out;
    }

    private static String hostHostname() {
        return readHostFile("/proc/sys/kernel/hostname").strip();
    }

    private static String readHostFile(String path) {
        try {
            return Files.readString(Path.of(path));
        } catch (IOException e) {
            return "";
        }
    }

    static String newId() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static String now() {
        return Instant.now().toString();
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
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
