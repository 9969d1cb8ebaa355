package io.linnet.engine.api.registry;

import java.util.List;
import java.util.Map;

/**
 * The daemon's registry settings as {@code docker info} reports them (RegistryConfig): insecure
 * networks, the registries known by name with whether they are secure, and Docker Hub's mirrors.
 */
public record RegistryServiceInfo(List<String> insecureRegistryCidrs, Map<String, IndexInfo> indexConfigs,
        List<String> mirrors) {

    /** dockerd's defaults: loopback is insecure, Docker Hub secure and official, no mirrors. */
    public static final RegistryServiceInfo DEFAULT = new RegistryServiceInfo(List.of("127.0.0.0/8"),
            Map.of("docker.io", new IndexInfo("docker.io", List.of(), true, true)), List.of());

    /** One entry of IndexConfigs. */
    public record IndexInfo(String name, List<String> mirrors, boolean secure, boolean official) {
    }
}
