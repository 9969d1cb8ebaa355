package io.linnet.network.cni;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What networking keeps about a container, as JSON under {@code <dataRoot>/networks/containers/<id>.json}:
 * the settings it was created with, the networks it is connected to, and while its task runs the
 * endpoints CNI made (with the ADD results DEL needs) and the ports it publishes.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
final class ContainerNet {
    public String id = "";
    public String name = "";
    /** HostConfig.NetworkMode as given. */
    public String networkMode = "default";
    public String hostname = "";
    public String domainname = "";
    public List<String> dns = new ArrayList<>();
    public List<String> dnsSearch = new ArrayList<>();
    public List<String> dnsOptions = new ArrayList<>();
    public List<String> extraHosts = new ArrayList<>();
    /** HostConfig.Links ({@code name:alias}): on user networks the alias resolves by DNS for this container. */
    public List<String> links = new ArrayList<>();
    /** Legacy links on the default bridge: alias → linked container's ID (its /etc/hosts names them). */
    public Map<String, String> legacyLinks = new LinkedHashMap<>();
    /** "80/tcp" → bindings (HostIp, HostPort). */
    public Map<String, List<Map<String, String>>> portBindings = new LinkedHashMap<>();
    public boolean publishAllPorts;
    /** Config and image ExposedPorts ("80/tcp"). */
    public List<String> exposedPorts = new ArrayList<>();
    /** Network ID → what the container asked of it; in the order it joined. */
    public Map<String, Request> networks = new LinkedHashMap<>();
    /** The container whose namespace this one joins (container:<id>), "" otherwise. */
    public String joins = "";
    /**
     * The pin its spec names for its own namespace, made before each task (so CNI ADD runs beside the
     * task's create); "" when its task makes the namespace (containers of earlier daemons) or it has none.
     */
    public String ownNamespace = "";

    // ---- while the task runs
    public int pid;
    public String netns = "";
    /** Network ID → endpoint. */
    public Map<String, Endpoint> endpoints = new LinkedHashMap<>();
    public List<Published> published = new ArrayList<>();

    @JsonIgnoreProperties(ignoreUnknown = true)
    static final class Request {
        public List<String> aliases = new ArrayList<>();
        public String ipv4Address = "";
        public String ipv6Address = "";
        /** The MAC address the interface gets, "" for a generated one. */
        public String macAddress = "";
        /** {@code name:alias} links of this endpoint (EndpointConfig.Links): DNS aliases on a user network. */
        public List<String> links = new ArrayList<>();
        /** IPAMConfig.LinkLocalIPs: added to the interface after CNI ADD (checked then, as dockerd checks them at start). */
        public List<String> linkLocalIps = new ArrayList<>();

        Request() {
        }

        Request(List<String> aliases, String ipv4Address) {
            this(aliases, ipv4Address, "", "");
        }

        Request(List<String> aliases, String ipv4Address, String ipv6Address, String macAddress) {
            this.aliases = aliases == null ? new ArrayList<>() : new ArrayList<>(aliases);
            this.ipv4Address = ipv4Address == null ? "" : ipv4Address;
            this.ipv6Address = ipv6Address == null ? "" : ipv6Address;
            this.macAddress = macAddress == null ? "" : macAddress;
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    static final class Endpoint {
        public String endpointId = "";
        public String ifname = "";
        public String ipAddress = "";
        public int prefixLength;
        public String gateway = "";
        public String macAddress = "";
        /** "" on a network without IPv6. */
        public String ipv6Address = "";
        public int ipv6PrefixLength;
        public String ipv6Gateway = "";
        /** The CNI ADD result, handed to DEL as prevResult. */
        public String cniResult = "";
        /** runtimeConfig used for ADD (DEL needs the same port mappings). */
        public String runtimeConfig = "";
        /** The plugin list used for ADD, which DEL must run again; empty for endpoints of earlier daemons. */
        public String conflist = "";
    }

    /** A published port. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Published(int containerPort, String protocol, String hostIp, int hostPort) {
    }

    boolean hostMode() {
        return "host".equals(networkMode);
    }

    boolean noneMode() {
        return "none".equals(networkMode);
    }

    String shortName() {
        return name.startsWith("/") ? name.substring(1) : name;
    }
}
