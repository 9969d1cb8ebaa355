package io.linnet.network.cni;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.linnet.api.model.container.ContainerConfig;
import io.linnet.api.model.container.EndpointSettings;
import io.linnet.api.model.container.HostConfig;
import io.linnet.engine.api.event.EventService;
import io.linnet.engine.api.network.ContainerNetworkState;
import io.linnet.engine.api.network.ContainerNetworking;
import io.linnet.engine.api.network.Network;
import io.linnet.engine.api.network.NetworkService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

/**
 * Docker networking on the standard CNI plugins, as one component behind both services: it builds
 * the parts (as libnetwork keeps them apart) and hands each call to the one that does it.
 * <ul>
 * <li>{@link NetworkCatalog}: networks created, inspected, listed, removed, pruned ({@link NetworkStore}),
 * subnets from {@link SubnetAllocator};</li>
 * <li>{@link EndpointManager}: a container's endpoints, CNI ADD and DEL, connect and disconnect
 * ({@link ContainerNets} keeps what it knows of each container);</li>
 * <li>{@link ContainerFiles}: /etc/hosts, /etc/resolv.conf and /etc/hostname of each container;</li>
 * <li>{@link BridgeDriver}: what touches the kernel (CNI plugins, namespace pins, iptables).</li>
 * </ul>
 * One lock covers networks and endpoints together: a network is never removed while a container joins it.
 */
@Component(service = {ContainerNetworking.class, NetworkService.class}, configurationPid = "io.linnet.daemon",
        configurationPolicy = ConfigurationPolicy.REQUIRE)
public final class CniNetworking implements ContainerNetworking, NetworkService {

    private final PortPublisher ports;
    private final NetworkCatalog catalog;
    private final EndpointManager endpoints;
    private final InspectViews views;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile EventService events;

    @Activate
    public CniNetworking(NetworkConfig config) {
        this(Path.of(config.dataRoot()), Path.of(config.execRoot()), Path.of(config.cniPath()), DefaultBridge.of(config),
                List.of(config.defaultAddressPools().split(",")),
                DnsDefaults.of(config.dns(), config.dnsOptions(), config.dnsSearch()), config.ipForward());
    }

    /**
     * @param defaultBridge the default bridge network; its iptables setting is the daemon's, for every network
     * @param ipForward     the daemon turns IP forwarding on (else the CNI bridge plugin's change is undone)
     */
    CniNetworking(Path dataRoot, Path execRoot, Path cniPath, DefaultBridge defaultBridge, List<String> pools,
            DnsDefaults dns, boolean ipForward) {
        Path root = dataRoot.resolve("networks");
        Path statesDir = root.resolve("containers");
        Path ipamDir = root.resolve("ipam");
        ObjectMapper json = NetworkStore.mapper();
        NetworkStore store = new NetworkStore(root.resolve("defs"), json);
        try {
            Files.createDirectories(statesDir);
            Files.createDirectories(ipamDir);
            // 0750 as dockerd's network directory: addresses and endpoints are root's business
            Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-x---"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the network state under " + root, e);
        }
        ContainerNets nets = new ContainerNets(statesDir, json);
        Object lock = new Object();
        BridgeDriver driver = new CniBridgeDriver(new CniPlugins(cniPath), ipamDir, defaultBridge.iptables(), ipForward);
        this.ports = new PortPublisher(new PortReservations(), defaultBridge.iptables());
        NetworkEvents networkEvents = new NetworkEvents(() -> events);
        ContainerFiles files = new ContainerFiles(dataRoot.resolve("containers"), store, nets, lock, dns);
        this.views = new InspectViews(store, nets);
        this.catalog = new NetworkCatalog(store, nets, views, new SubnetAllocator(pools, HostRoutes::ipv4Destinations),
                BridgeName.ofHost(), driver, networkEvents, lock);
        this.endpoints = new EndpointManager(json, store, nets, files, driver, ports, networkEvents,
                execRoot.resolve("netns"), ipamDir, lock);
        catalog.predefine(defaultBridge);
        endpoints.releaseStale();
        endpoints.resumeResolvers();
        endpoints.resumeProxies();
    }

    @Deactivate
    void deactivate() {
        // running containers keep their endpoints; the next daemon finds them in the state files
        ports.releaseAll();
        endpoints.closeResolvers();
    }

    // ------------------------------------------------------------------ ContainerNetworking

    @Override
    public Sandbox sandbox(String containerId, String name, ContainerConfig config, HostConfig hostConfig,
            Map<String, EndpointSettings> endpointsConfig, List<String> imageExposedPorts) {
        return endpoints.sandbox(containerId, name, config, hostConfig, endpointsConfig, imageExposedPorts);
    }

    @Override
    public boolean prepare(String containerId) {
        return endpoints.prepare(containerId);
    }

    @Override
    public void attachPrepared(String containerId) {
        endpoints.attachPrepared(containerId);
    }

    @Override
    public void attach(String containerId, int pid) {
        endpoints.attach(containerId, pid);
    }

    @Override
    public void renamed(String containerId, String name) {
        endpoints.renamed(containerId, name);
    }

    @Override
    public void links(String containerId, Map<String, String> aliasToContainerId) {
        endpoints.links(containerId, aliasToContainerId);
    }

    @Override
    public void detach(String containerId) {
        endpoints.detach(containerId);
    }

    @Override
    public void forget(String containerId) {
        endpoints.forget(containerId);
    }

    @Override
    public ContainerNetworkState state(String containerId) {
        return views.container(containerId);
    }

    // ------------------------------------------------------------------ NetworkService

    @Override
    public Network create(NetworkCreate request) {
        return catalog.create(request);
    }

    @Override
    public Network get(String idOrName) {
        return catalog.get(idOrName);
    }

    @Override
    public List<Network> list() {
        return catalog.list();
    }

    @Override
    public void remove(String idOrName) {
        catalog.remove(idOrName);
    }

    @Override
    public void connect(String network, String container, List<String> aliases, String ipv4Address) {
        endpoints.connect(network, container, aliases, ipv4Address);
    }

    @Override
    public void connect(String network, String container, EndpointRequest endpoint) {
        endpoints.connect(network, container, endpoint);
    }

    @Override
    public void disconnect(String network, String container, boolean force) {
        endpoints.disconnect(network, container, force);
    }

    @Override
    public List<String> prune(io.linnet.engine.api.PruneFilter filter) {
        return catalog.prune(filter);
    }
}
