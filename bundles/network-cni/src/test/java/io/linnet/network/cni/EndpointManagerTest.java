package io.linnet.network.cni;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.linnet.engine.api.ConflictException;
import io.linnet.engine.api.ForbiddenException;
import io.linnet.engine.api.InvalidParameterException;
import io.linnet.engine.api.NotFoundException;
import io.linnet.engine.api.event.Event;
import io.linnet.engine.api.event.EventService;
import io.linnet.engine.api.network.ContainerNetworkState;
import io.linnet.engine.api.network.ContainerNetworking.Mode;
import io.linnet.engine.api.network.ContainerNetworking.Sandbox;
import io.linnet.engine.api.network.Network;
import io.linnet.engine.api.network.NetworkService.NetworkCreate;
import io.linnet.engine.api.network.NetworkSetupException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.xbill.DNS.Type;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The endpoint bookkeeping on a fake driver: no CNI plugins, no root, no kernel state. */
class EndpointManagerTest {

    private static final String WEB = "a1".repeat(32);
    private static final String API = "b2".repeat(32);
    private static final String DB = "d4".repeat(32);
    private static final String JOB = "c3".repeat(32);

    @TempDir
    Path root;

    private final FakeBridgeDriver driver = new FakeBridgeDriver();
    private final List<String> events = new ArrayList<>();
    private NetworkStore store;
    private ContainerNets nets;
    private NetworkCatalog catalog;
    private EndpointManager endpoints;
    private InspectViews views;

    @BeforeEach
    void start() throws IOException {
        daemon();
    }

    @AfterEach
    void stopResolvers() {
        endpoints.closeResolvers();
    }

    /** The parts CniNetworking builds, over the fake driver; again over the same root for a restart. */
    private void daemon() throws IOException {
        ObjectMapper json = NetworkStore.mapper();
        store = new NetworkStore(root.resolve("networks/defs"), json);
        Files.createDirectories(root.resolve("networks/containers"));
        nets = new ContainerNets(root.resolve("networks/containers"), json);
        Object lock = new Object();
        ContainerFiles files = new ContainerFiles(root.resolve("containers"), store, nets, lock);
        NetworkEvents networkEvents = new NetworkEvents(() -> new RecordingEvents(events));
        views = new InspectViews(store, nets);
        catalog = new NetworkCatalog(store, nets, views, new SubnetAllocator(List.of("10.9.0.0/16/24"), List::of),
                new BridgeName(root.resolve("sys-class-net")), driver, networkEvents, lock);
        endpoints = new EndpointManager(json, store, nets, files, driver, new PortPublisher(new PortReservations(), true), networkEvents,
                root.resolve("run/netns"), root.resolve("networks/ipam"), lock);
        catalog.predefine(DefaultBridge.of("172.30.0.1/16", "linnet0"));
        endpoints.releaseStale();
    }

    private Network network(String name, String subnet) {
        return catalog.create(new NetworkCreate(name, "", false, false, false,
                List.of(new Network.IpamConfig(subnet, "", "")), Map.of(), Map.of(), false));
    }

    private Sandbox create(String id, String name, String networkMode, String endpointsJson, String hostExtra) {
        try {
            var docker = io.linnet.api.model.json.DockerJson.newMapper();
            return endpoints.sandbox(id, "/" + name,
                    docker.readValue("{\"Hostname\":\"" + name + "\"}", io.linnet.api.model.container.ContainerConfig.class),
                    docker.readValue("{\"NetworkMode\":\"" + networkMode + "\"" + hostExtra + "}",
                            io.linnet.api.model.container.HostConfig.class),
                    docker.readValue(endpointsJson, new com.fasterxml.jackson.core.type.TypeReference<
                            java.util.Map<String, io.linnet.api.model.container.EndpointSettings>>() { }),
                    List.of());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** As the engine starts a task: namespace made, CNI ADD (beside the task's create), then the pid. */
    private void run(String id, int pid) {
        if (endpoints.prepare(id)) {
            endpoints.attachPrepared(id);
        }
        endpoints.attach(id, pid);
    }

    private String hosts(String id) throws IOException {
        return Files.readString(root.resolve("containers").resolve(id).resolve("hosts"));
    }

    @Test
    void attachAddsAnEndpointPerNetworkAndDetachDeletesThemLastFirst() throws IOException {
        Network app = network("app", "10.1.0.0/16");
        Sandbox sandbox = create(WEB, "web", "app", "{\"app\":{\"Aliases\":[\"www\"]}}", "");
        assertEquals(Mode.NEW, sandbox.mode());
        assertEquals(List.of("/etc/resolv.conf", "/etc/hostname", "/etc/hosts"),
                sandbox.mounts().stream().map(m -> m.destination()).toList());
        endpoints.connect("bridge", "web", List.of(), "");
        run(WEB, 101);
        assertEquals(root.resolve("run/netns").resolve(WEB).toString(), sandbox.namespacePath(), "the spec names the pin");
        assertEquals(List.of("netns " + WEB, "ADD eth0 app " + WEB, "ADD eth1 bridge " + WEB), driver.calls);
        assertEquals("web\n", Files.readString(root.resolve("containers").resolve(WEB).resolve("hostname")));

        ContainerNetworkState state = views.container(WEB);
        ContainerNetworkState.Endpoint onApp = state.endpoints().get("app");
        assertEquals(app.id(), onApp.networkId());
        assertEquals("10.1.0.2", onApp.ipAddress());
        assertEquals(16, onApp.ipPrefixLen());
        assertEquals("10.1.0.1", onApp.gateway());
        assertEquals("02:42:00:00:00:00", onApp.macAddress());
        assertEquals(List.of(WEB.substring(0, 12), "www"), onApp.aliases());
        assertEquals(List.of(), state.endpoints().get("bridge").aliases(), "no aliases on the default bridge");
        assertEquals("172.30.0.2", state.endpoints().get("bridge").ipAddress());
        assertEquals(root.resolve("run/netns").resolve(WEB).toString(), state.sandboxKey());
        assertEquals("10.1.0.2/16", catalog.get("app").containers().get(WEB).ipv4Address());
        assertTrue(events.contains("connect app " + WEB));

        driver.calls.clear();
        endpoints.detach(WEB);
        assertEquals(List.of("DEL eth1 linnet-" + store.byName("bridge").id().substring(0, 12) + " " + WEB,
                "DEL eth0 linnet-" + app.id().substring(0, 12) + " " + WEB, "unpin " + WEB), driver.calls);
        assertEquals("", views.container(WEB).endpoints().get("app").ipAddress());
        assertEquals(Map.of(), catalog.get("app").containers());
        assertTrue(events.contains("disconnect app " + WEB));
        endpoints.detach(WEB);
        assertEquals(3, driver.calls.size(), "detach again: nothing to do");
    }

    @Test
    void linkLocalIpsGoOnTheInterfaceAtStartAndConnectAndAreCheckedThenAsDockerdChecksThem() {
        network("app", "10.1.0.0/16");
        create(WEB, "web", "app", "{\"app\":{\"IPAMConfig\":{\"LinkLocalIPs\":[\"169.254.7.7\",\"FE80::7\"]}}}", "");
        assertEquals(List.of("169.254.7.7", "FE80::7"), views.container(WEB).endpoints().get("app").linkLocalIps(),
                "shown as asked, also before the start");
        run(WEB, 101);
        assertTrue(driver.calls.contains("addresses eth0 [169.254.7.7/16, fe80::7/64]"), driver.calls.toString());
        endpoints.connect("bridge", "web", new io.linnet.engine.api.network.NetworkService.EndpointRequest(List.of(),
                "", "", "", List.of(), List.of("169.254.9.9")));
        assertTrue(driver.calls.contains("addresses eth1 [169.254.9.9/16]"), driver.calls.toString());
        assertEquals(List.of("169.254.9.9"), views.container(WEB).endpoints().get("bridge").linkLocalIps());

        create(API, "api", "app", "{\"app\":{\"IPAMConfig\":{\"LinkLocalIPs\":[\"10.1.1.1\"]}}}", "");
        assertEquals("invalid link local IP address: 10.1.1.1",
                assertThrows(InvalidParameterException.class, () -> run(API, 102)).getMessage());
        create(DB, "db", "app", "{\"app\":{\"IPAMConfig\":{\"LinkLocalIPs\":[\"nonsense\"]}}}", "");
        assertEquals("Invalid link-local IP address: [nonsense]",
                assertThrows(InvalidParameterException.class, () -> run(DB, 103)).getMessage());
    }

    @Test
    void aNetworkNamedAtCreateIsLookedUpWhenTheContainerStarts() {
        create(WEB, "web", "later", "{}", "");
        assertEquals("network later not found",
                assertThrows(NotFoundException.class, () -> endpoints.prepare(WEB)).getMessage());
        Network later = network("later", "10.2.0.0/16");
        endpoints.prepare(WEB);
        assertEquals(List.of(later.id()), List.copyOf(nets.get(WEB).networks.keySet()));
        endpoints.attach(WEB, 5);
        assertEquals("10.2.0.2", views.container(WEB).endpoints().get("later").ipAddress());
    }

    @Test
    void fixedAddressesAndMacAreAskedOfCniAndShownAsDockerdShowsThem() throws Exception {
        catalog.create(new NetworkCreate("dual", "", false, false, true, List.of(new Network.IpamConfig("10.1.0.0/16", "",
                ""), new Network.IpamConfig("2001:db8:1::/64", "", "")), Map.of(), Map.of(), false));
        catalog.create(new NetworkCreate("pooled", "", false, false, false, List.of(), Map.of(), Map.of(), false));
        create(WEB, "web", "dual", "{\"dual\":{\"IPAMConfig\":{\"IPv4Address\":\"10.1.0.9\","
                + "\"IPv6Address\":\"2001:DB8:1::9\"},\"MacAddress\":\"02:42:AC:11:00:99\"}}", "");
        create(API, "db", "default", "{}", "");
        assertEquals("user specified IP address is supported only when connecting to networks with user configured "
                + "subnets", assertThrows(InvalidParameterException.class,
                        () -> endpoints.connect("pooled", "web", List.of(), "10.9.0.9")).getMessage());
        assertEquals("Invalid address 2001:db8:7::1: It does not belong to any of this network's subnets",
                assertThrows(InvalidParameterException.class, () -> endpoints.connect("dual", "db",
                        new io.linnet.engine.api.network.NetworkService.EndpointRequest(List.of(), "", "2001:db8:7::1",
                                ""))).getMessage());
        ContainerNet.Request asked = nets.get(WEB).networks.values().iterator().next();
        assertEquals("2001:db8:1::9", asked.ipv6Address, "written as Go prints it");
        assertEquals("02:42:ac:11:00:99", asked.macAddress);
        var endpoint = views.container(WEB).endpoints().get("dual");
        assertEquals("10.1.0.9", endpoint.ipamIpv4Address());
        assertEquals("2001:db8:1::9", endpoint.ipv6().ipamAddress());
    }

    @Test
    void connectAndDisconnectKeepTheBookkeeping() {
        network("app", "10.1.0.0/16");
        network("other", "10.3.0.0/16");
        create(WEB, "web", "default", "{}", "");
        endpoints.connect("app", WEB.substring(0, 6), List.of("www"), "10.1.0.9");
        assertTrue(driver.calls.isEmpty(), "a stopped container only records the request");
        assertEquals("endpoint with name web already exists in network app",
                assertThrows(ForbiddenException.class, () -> endpoints.connect("app", "web", List.of(), ""))
                        .getMessage());
        assertEquals("container " + WEB + " is not connected to network other",
                assertThrows(ForbiddenException.class, () -> endpoints.disconnect("other", "web", false))
                        .getMessage());
        assertEquals("No such container: nosuch",
                assertThrows(NotFoundException.class, () -> endpoints.connect("app", "nosuch", List.of(), ""))
                        .getMessage());

        run(WEB, 7);
        assertEquals("10.1.0.9", views.container(WEB).endpoints().get("app").ipAddress(), "the static address");
        endpoints.connect("other", "web", List.of(), "");
        assertEquals("ADD eth2 other " + WEB, driver.calls.get(driver.calls.size() - 1));
        endpoints.disconnect("app", "/web", false);
        assertTrue(driver.calls.get(driver.calls.size() - 1).startsWith("DEL eth1 "));
        assertFalse(views.container(WEB).endpoints().containsKey("app"));
        endpoints.connect("app", "web", List.of(), "");
        assertEquals("ADD eth1 app " + WEB, driver.calls.get(driver.calls.size() - 1), "eth1 is free again");
    }

    @Test
    void containersOnUserNetworksAskTheEmbeddedServerWhichAnswersOnlyTheirNetworksNames() throws IOException {
        network("app", "10.1.0.0/16");
        network("other", "10.2.0.0/16");
        String upstream = ",\"Dns\":[\"127.0.0.1\"]"; // nothing listens there: forwarded queries fail at once
        create(WEB, "web", "app", "{}", upstream);
        create(API, "api", "app", "{\"app\":{\"Aliases\":[\"db\"]}}", upstream);
        create(JOB, "job", "other", "{}", upstream);
        String plain = "a".repeat(64);
        create(plain, "plain", "default", "{}", "");
        run(WEB, 11);
        run(JOB, 13);
        run(plain, 14);
        assertTrue(resolvConf(WEB).startsWith("nameserver 127.0.0.11\n"), resolvConf(WEB));
        assertTrue(resolvConf(WEB).endsWith("options ndots:0\n"), resolvConf(WEB));
        assertFalse(resolvConf(plain).contains("127.0.0.11"), "the default bridge keeps the host's resolvers");
        assertEquals(null, driver.resolvers.get(netns(plain)), "no server on the default bridge");

        var web = resolverOf(WEB);
        assertEquals(null, localAnswer(web, "api"), "not running yet");
        run(API, 12); // joins later: resolves at once
        for (String name : List.of("api", "db", API.substring(0, 12))) {
            assertEquals(List.of("10.1.0.3"), DnsQueries.answers(DnsQueries.udp(web, DnsQueries.query(name, Type.A))), name);
        }
        var job = resolverOf(JOB);
        assertEquals(null, localAnswer(job, "api"), "another network's names are not answered");

        endpoints.renamed(API, "/backend");
        assertEquals(List.of("10.1.0.3"), localAnswer(web, "backend"), "renamed");
        assertEquals(null, localAnswer(web, "api"), "its old name is gone");
        assertTrue(hosts(WEB).contains("10.1.0.3\tbackend db "), hosts(WEB));

        endpoints.disconnect("app", "backend", false);
        assertEquals(null, localAnswer(web, "backend"), "a container that left no longer resolves");
        endpoints.connect("other", "web", List.of(), "");
        assertEquals(List.of("10.2.0.2"), DnsQueries.answers(DnsQueries.udp(web, DnsQueries.query("job", Type.A))),
                "connected later: the new network's names");
        endpoints.detach(WEB);
        assertEquals(null, DnsQueries.udp(web, DnsQueries.query("job", Type.A)), "stopped with its task");
    }

    /** The answer of the container's own names, or null when the query was forwarded (no upstream here: SERVFAIL). */
    private static List<String> localAnswer(java.net.InetSocketAddress resolver, String name) throws IOException {
        var reply = DnsQueries.udp(resolver, DnsQueries.query(name, Type.A));
        return reply.getRcode() == org.xbill.DNS.Rcode.NOERROR ? DnsQueries.answers(reply) : null;
    }

    private String netns(String id) {
        return root.resolve("run/netns").resolve(id).toString();
    }

    private java.net.InetSocketAddress resolverOf(String id) throws IOException {
        return (java.net.InetSocketAddress) driver.resolvers.get(netns(id)).udp().getLocalAddress();
    }

    private String resolvConf(String id) throws IOException {
        return Files.readString(root.resolve("containers").resolve(id).resolve("resolv.conf"));
    }

    @Test
    void peersFindEachOtherByNameAndAliasAndForgetOneThatLeaves() throws IOException {
        network("app", "10.1.0.0/16");
        create(WEB, "web", "app", "{}", "");
        create(API, "api", "app", "{\"app\":{\"Aliases\":[\"db\"]}}", "");
        create(JOB, "job", "default", "{}", "");
        run(WEB, 11);
        run(API, 12);
        run(JOB, 13);
        assertTrue(hosts(WEB).contains("10.1.0.3\tapi db " + API.substring(0, 12) + "\n"), hosts(WEB));
        assertTrue(hosts(API).contains("10.1.0.2\tweb " + WEB.substring(0, 12) + "\n"), hosts(API));
        assertTrue(hosts(API).contains("10.1.0.3\tapi\n"), "its own name");
        assertFalse(hosts(JOB).contains("web"), "names do not resolve on the default bridge");

        endpoints.disconnect("app", "api", false);
        assertFalse(hosts(WEB).contains("api"), hosts(WEB));
        endpoints.connect("app", "api", List.of("cache"), "");
        assertTrue(hosts(WEB).contains("\tapi cache " + API.substring(0, 12) + "\n"), hosts(WEB));
        endpoints.detach(API);
        assertFalse(hosts(WEB).contains("api"), "a stopped peer is gone");
    }

    @Test
    void legacyLinksNameTheLinkedContainerInTheHostsFileAndFollowItsAddress() throws IOException {
        create(API, "db", "default", "{}", "");
        create(WEB, "web", "default", "{}", "");
        endpoints.links(WEB, Map.of("dbalias", API));
        run(API, 12);
        run(WEB, 11);
        // dockerd's line: alias, hostname, name (here the hostname is the name); before the container's own line
        String dbLine = bridgeIp(API) + "\tdbalias db db\n";
        assertTrue(hosts(WEB).contains(dbLine + bridgeIp(WEB) + "\tweb\n"), hosts(WEB));

        endpoints.detach(API);
        create(JOB, "other", "default", "{}", "");
        run(JOB, 13); // may take the address the linked container had
        run(API, 14);
        assertTrue(hosts(WEB).contains(bridgeIp(API) + "\tdbalias db db\n"), "follows the new address: " + hosts(WEB));

        endpoints.links(WEB, Map.of()); // docker rm --link
        assertFalse(hosts(WEB).contains("dbalias"), hosts(WEB));
    }

    private String bridgeIp(String id) {
        return views.container(id).endpoints().get("bridge").ipAddress();
    }

    @Test
    void aFailedAttachUndoesWhatWasSetUp() {
        network("app", "10.1.0.0/16");
        create(WEB, "web", "default", "{}", ",\"PortBindings\":{\"80/tcp\":[{\"HostIp\":\"127.0.0.1\",\"HostPort\":\"\"}]}");
        endpoints.connect("app", "web", List.of(), "");
        driver.failing.add("app");
        assertTrue(endpoints.prepare(WEB));
        NetworkSetupException e = assertThrows(NetworkSetupException.class, () -> endpoints.attachPrepared(WEB));
        assertEquals("failed to set up container networking: plugin type=\"bridge\" failed (add): boom", e.getMessage());
        assertEquals(List.of("netns " + WEB, "ADD eth0 bridge " + WEB, "ADD eth1 app " + WEB,
                "DEL eth0 linnet-" + store.byName("bridge").id().substring(0, 12) + " " + WEB,
                "clean chains"), driver.calls, "portmap ran, so its shared chains are looked at");
        ContainerNet n = nets.get(WEB);
        assertTrue(n.endpoints.isEmpty());
        assertTrue(n.published.isEmpty());
        assertEquals(root.resolve("run/netns").resolve(WEB).toString(), n.netns,
                "the pin stays while the task's create may be joining it");
        endpoints.detach(WEB); // what the engine does once the start has failed
        assertEquals("unpin " + WEB, driver.calls.get(driver.calls.size() - 1));
        assertEquals(0, n.pid);
        assertEquals("", n.netns);

        driver.failing.clear();
        network("other", "10.2.0.0/16");
        endpoints.prepare(WEB);
        endpoints.attachPrepared(WEB);
        endpoints.connect("other", "web", List.of(), ""); // during the task's create: connected at attach
        driver.failing.add("other");
        driver.calls.clear();
        assertThrows(NetworkSetupException.class, () -> endpoints.attach(WEB, 21));
        assertEquals(List.of("ADD eth2 other " + WEB), driver.calls.subList(0, 1));
        assertEquals(0, n.pid);
        assertTrue(n.endpoints.isEmpty());
        assertEquals("", n.netns, "a failure once the task has its pid releases the pin too");
        assertTrue(driver.calls.contains("unpin " + WEB), driver.calls.toString());
        endpoints.disconnect("other", "web", false);

        driver.failing.clear();
        run(WEB, 22);
        List<ContainerNetworkState.PortMapping> published = views.container(WEB).ports().get("80/tcp");
        assertEquals(1, published.size(), "the port was released and is taken again");
        assertEquals("127.0.0.1", published.get(0).hostIp());
    }

    @Test
    void endpointsOfTasksThatEndedWhileNoDaemonRanAreDeletedAtStart() throws IOException {
        network("app", "10.1.0.0/16");
        create(WEB, "web", "app", "{}", "");
        create(API, "api", "app", "{}", "");
        create(JOB, "job", "app", "{}", "");
        run(WEB, 31);
        run(API, 32);
        driver.dead.add(31);
        assertTrue(endpoints.prepare(JOB));
        endpoints.attachPrepared(JOB); // the daemon stops before the task's create ends
        driver.calls.clear();
        daemon();
        String app = "linnet-" + store.byName("app").id().substring(0, 12);
        assertEquals(4, driver.calls.size(), driver.calls.toString());
        assertTrue(driver.calls.containsAll(List.of("DEL eth0 " + app + " " + WEB, "unpin " + WEB,
                "DEL eth0 " + app + " " + JOB, "unpin " + JOB)), driver.calls.toString());
        assertEquals(0, nets.get(WEB).pid);
        assertEquals("", nets.get(JOB).netns, "a start the daemon left before its task started is undone");
        assertEquals(32, nets.get(API).pid, "a running task keeps its endpoint");
        assertEquals(List.of(API), List.copyOf(catalog.get("app").containers().keySet()));
    }

    @Test
    void aNetworkInUseStaysAndStoppedContainersForgetARemovedOne() {
        Network app = network("app", "10.1.0.0/16");
        create(WEB, "web", "app", "{}", "");
        create(API, "api", "default", "{}", "");
        endpoints.connect("app", "api", List.of(), "");
        run(WEB, 41);
        assertEquals("error while removing network: network app id " + app.id() + " has active endpoints",
                assertThrows(ForbiddenException.class, () -> catalog.remove("app")).getMessage());
        io.linnet.engine.api.PruneFilter any = io.linnet.engine.api.PruneFilter.NONE;
        assertEquals(List.of(), catalog.prune(any));
        endpoints.detach(WEB);
        assertEquals(List.of("app"), catalog.prune(any));
        assertTrue(driver.calls.contains("remove bridge br-" + app.id().substring(0, 12)));
        assertTrue(nets.get(WEB).networks.isEmpty());
        assertFalse(nets.get(API).networks.containsKey(app.id()));
        assertTrue(events.contains("destroy app null"));
    }

    @Test
    void aContainerJoiningAnotherTakesItsNamespaceFilesAndHostname() {
        create(WEB, "web", "default", "{}", "");
        Sandbox joined = create(API, "api", "container:web", "{}", "");
        assertEquals(Mode.JOIN, joined.mode());
        assertEquals(root.resolve("run/netns").resolve(WEB).toString(), joined.namespacePath());
        assertEquals("web", joined.hostname());
        assertTrue(joined.mounts().get(0).source().contains(WEB));
        assertEquals("cannot join network of a non running container: " + WEB,
                assertThrows(ConflictException.class, () -> endpoints.prepare(API)).getMessage());
        run(WEB, 51);
        endpoints.prepare(API);
        endpoints.attach(API, 52);
        assertTrue(nets.get(API).endpoints.isEmpty(), "no endpoint of its own");
        assertEquals("container cannot be disconnected from host network or connected to host network",
                assertThrows(ForbiddenException.class, () -> endpoints.connect("bridge", "api", List.of(), ""))
                        .getMessage());
    }

    @Test
    void theDelsOfDifferentContainersRunAtOnce() throws Exception {
        network("app", "10.1.0.0/16");
        create(WEB, "web", "app", "{}", "");
        create(API, "api", "app", "{}", "");
        run(WEB, 61);
        run(API, 62);
        var webInDel = new java.util.concurrent.CountDownLatch(1);
        var webMayEnd = new java.util.concurrent.CountDownLatch(1);
        driver.onDel = id -> {
            if (id.equals(WEB)) {
                webInDel.countDown();
                try {
                    webMayEnd.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        Thread web = new Thread(() -> endpoints.detach(WEB));
        web.start();
        try {
            assertTrue(webInDel.await(5, java.util.concurrent.TimeUnit.SECONDS));
            org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(5),
                    () -> endpoints.detach(API), "api's DEL does not wait for web's");
            assertEquals(0, nets.get(API).pid);
            assertEquals(61, nets.get(WEB).pid, "web is still being released");
        } finally {
            webMayEnd.countDown();
            web.join();
        }
        assertEquals(0, nets.get(WEB).pid);
        assertEquals(Map.of(), catalog.get("app").containers());
        assertTrue(events.contains("disconnect app " + WEB) && events.contains("disconnect app " + API));
    }

    /** Records "action name container" of each network event. */
    private record RecordingEvents(List<String> seen) implements EventService {
        @Override
        public void publish(Event event) {
            seen.add(event.action() + " " + event.attributes().get("name") + " " + event.attributes().get("container"));
        }

        @Override
        public Subscription subscribe(long sinceNanos, long untilNanos, Predicate<Event> filter, Sink sink) {
            throw new UnsupportedOperationException();
        }
    }
}
