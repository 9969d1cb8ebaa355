package io.linnet.engine.api.network;

import io.linnet.api.model.container.ContainerConfig;
import io.linnet.api.model.container.EndpointSettings;
import io.linnet.api.model.container.HostConfig;
import java.util.List;
import java.util.Map;

/**
 * The container engine's hooks into networking, in the order of a container's life: {@link #sandbox}
 * when it is created (what its OCI spec needs), {@link #prepare} before its task is created (files it
 * bind-mounts, and the namespace its spec names), {@link #attachPrepared} beside the task's create (CNI
 * ADD on that namespace, as CRI does), {@link #attach} between task create and start, {@link #detach}
 * once the task has ended (CNI DEL, ports freed) and {@link #forget} with the container. Every call but
 * {@link #sandbox}, {@link #prepare} and {@link #attachPrepared} is idempotent and never throws for a
 * container it does not know.
 */
public interface ContainerNetworking {

    /**
     * Records the container's network settings and answers how its spec joins a network.
     *
     * @param name             the container name with its leading slash
     * @param config           Docker's Config (merged with the image), for Hostname, Domainname, ExposedPorts
     * @param hostConfig       Docker's HostConfig, for NetworkMode, PortBindings, PublishAllPorts, Dns*, ExtraHosts
     * @param endpoints        NetworkingConfig.EndpointsConfig of the create request (empty when none)
     * @param imageExposedPorts the image's ExposedPorts ("80/tcp")
     * @throws io.linnet.engine.api.NotFoundException         an unknown network or container in NetworkMode
     * @throws io.linnet.engine.api.InvalidParameterException invalid settings
     */
    Sandbox sandbox(String containerId, String name, ContainerConfig config, HostConfig hostConfig,
            Map<String, EndpointSettings> endpoints, List<String> imageExposedPorts);

    /**
     * Writes the files the spec mounts ({@link Sandbox#mounts()}) before the task is created, and makes
     * and pins the network namespace a {@link Mode#NEW} sandbox's spec names; {@link #detach} removes it.
     *
     * @return whether that namespace is made now: {@link #attachPrepared} may then run while the task is
     *         created (false for a container whose task makes its namespace, such as one created by an
     *         earlier daemon, and for host and joined namespaces)
     * @throws io.linnet.engine.api.ConflictException when the container whose namespace it joins is not running
     */
    boolean prepare(String containerId);

    /**
     * Connects the namespace {@link #prepare} made to the container's networks (CNI ADD) and publishes
     * its ports, before the task has a pid. On failure the endpoints made are deleted; the namespace
     * stays until {@link #detach}, for a task create that may be joining it.
     *
     * @throws io.linnet.engine.api.EngineException with dockerd's wording when a port is taken or CNI fails
     */
    void attachPrepared(String containerId);

    /**
     * The task exists with this pid: networks not connected yet are connected (all of them when the
     * task made its own namespace, {@code /proc/<pid>/ns/net}, which is pinned first).
     *
     * @throws io.linnet.engine.api.EngineException with dockerd's wording when a port is taken or CNI fails;
     *         what was set up is undone
     */
    void attach(String containerId, int pid);

    /**
     * The container has a new name (with its leading slash): its peers find it by that name from now on.
     * Networking without names to keep may ignore it.
     */
    default void renamed(String containerId, String name) {
    }

    /**
     * The container's legacy links on the default bridge (alias → the linked container's ID), set at
     * create and again when {@code docker rm --link} drops one: its /etc/hosts names each linked
     * container that runs, and is rewritten as they start and stop. Networking without hosts files may ignore it.
     */
    default void links(String containerId, Map<String, String> aliasToContainerId) {
    }

    /** The task has ended: endpoints deleted, addresses and ports released. */
    void detach(String containerId);

    /** The container is gone: its settings forgotten too. */
    void forget(String containerId);

    /** The container's network settings as inspect and list show them; empty endpoints for unknown ones. */
    ContainerNetworkState state(String containerId);

    /**
     * How a container's spec joins a network.
     *
     * @param mode      {@link Mode#NEW} (its own namespace: at {@code namespacePath} when networking makes
     *                  it at {@link #prepare}, else the task's), {@link Mode#HOST} or {@link Mode#JOIN}
     *                  (the namespace at {@code namespacePath})
     * @param mounts    files bind-mounted into the container (/etc/hosts, /etc/resolv.conf, /etc/hostname)
     * @param hostname  the hostname the container must have instead of its own ("" to keep its own): the
     *                  host's in host mode, the other container's when it joins one (as dockerd)
     */
    record Sandbox(Mode mode, String namespacePath, List<FileMount> mounts, String hostname) {
        public Sandbox {
            mounts = mounts == null ? List.of() : List.copyOf(mounts);
            hostname = hostname == null ? "" : hostname;
        }
    }

    enum Mode { NEW, HOST, JOIN }

    /** A host file bind-mounted at {@code destination}. */
    record FileMount(String source, String destination) {
    }
}
