package io.linnet.engine.api.network;

import java.util.List;
import java.util.Map;

/**
 * Docker networks: the predefined bridge, host and none, and user-defined bridge networks. Lookups
 * take a full ID, a name or a unique ID prefix and raise {@link io.linnet.engine.api.NotFoundException}
 * ("network x not found") otherwise.
 */
public interface NetworkService {

    /**
     * @throws io.linnet.engine.api.ConflictException         the name is taken
     * @throws io.linnet.engine.api.InvalidParameterException bad settings, or overlapping subnets
     * @throws io.linnet.engine.api.ForbiddenException        a predefined name
     */
    Network create(NetworkCreate request);

    Network get(String idOrName);

    List<Network> list();

    /** @throws io.linnet.engine.api.ForbiddenException in use, or predefined */
    void remove(String idOrName);

    /**
     * Connects a container; a running one gets a new interface at once.
     *
     * @param ipv4Address static address, "" for one from the pool
     */
    void connect(String network, String container, List<String> aliases, String ipv4Address);

    /**
     * Connects a container with the endpoint settings dockerd takes at connect (IPAMConfig, MacAddress);
     * services that know only aliases and an IPv4 address leave the rest.
     */
    default void connect(String network, String container, EndpointRequest endpoint) {
        connect(network, container, endpoint.aliases(), endpoint.ipv4Address());
    }

    /**
     * EndpointSettings of a connect: "" for what is not asked.
     *
     * @param links        {@code name:alias} links on this network (on a user network: names the embedded DNS answers)
     * @param linkLocalIps IPAMConfig.LinkLocalIPs: more addresses of the container's interface on this network
     */
    record EndpointRequest(List<String> aliases, String ipv4Address, String ipv6Address, String macAddress,
            List<String> links, List<String> linkLocalIps) {
        public EndpointRequest {
            aliases = aliases == null ? List.of() : List.copyOf(aliases);
            ipv4Address = ipv4Address == null ? "" : ipv4Address;
            ipv6Address = ipv6Address == null ? "" : ipv6Address;
            macAddress = macAddress == null ? "" : macAddress;
            links = links == null ? List.of() : List.copyOf(links);
            linkLocalIps = linkLocalIps == null ? List.of() : List.copyOf(linkLocalIps);
        }

        public EndpointRequest(List<String> aliases, String ipv4Address, String ipv6Address, String macAddress,
                List<String> links) {
            this(aliases, ipv4Address, ipv6Address, macAddress, links, List.of());
        }

        public EndpointRequest(List<String> aliases, String ipv4Address, String ipv6Address, String macAddress) {
            this(aliases, ipv4Address, ipv6Address, macAddress, List.of());
        }
    }

    void disconnect(String network, String container, boolean force);

    /** Removes user networks no container uses and whose labels match; answers their names. */
    List<String> prune(io.linnet.engine.api.PruneFilter filter);

    /**
     * @param driver  "" for bridge
     * @param options driver options (com.docker.network.bridge.name, ...mtu, ...enable_icc)
     */
    record NetworkCreate(String name, String driver, boolean internal, boolean attachable, boolean enableIpv6,
            List<Network.IpamConfig> ipam, Map<String, String> options, Map<String, String> labels,
            boolean checkDuplicate, Map<String, String> ipamOptions) {
        public NetworkCreate {
            ipamOptions = ipamOptions == null ? Map.of() : Map.copyOf(ipamOptions);
            driver = driver == null || driver.isEmpty() ? "bridge" : driver;
            ipam = ipam == null ? List.of() : List.copyOf(ipam);
            options = options == null ? Map.of() : Map.copyOf(options);
            labels = labels == null ? Map.of() : Map.copyOf(labels);
        }

        public NetworkCreate(String name, String driver, boolean internal, boolean attachable, boolean enableIpv6,
                List<Network.IpamConfig> ipam, Map<String, String> options, Map<String, String> labels,
                boolean checkDuplicate) {
            this(name, driver, internal, attachable, enableIpv6, ipam, options, labels, checkDuplicate, Map.of());
        }
    }
}
