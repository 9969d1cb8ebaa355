package io.linnet.containerd.container;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The daemon's handles of its containers, by full ID; a removed container's handle goes with it. */
final class ContainerHandles {

    private final Map<String, ContainerHandle> byId = new ConcurrentHashMap<>();

    ContainerHandle of(String id) {
        return byId.computeIfAbsent(id, ContainerHandle::new);
    }

    /** The handle if the daemon has one (null otherwise): for questions that must not make one. */
    ContainerHandle existing(String id) {
        return byId.get(id);
    }

    void forget(String id) {
        byId.remove(id);
    }

    Collection<ContainerHandle> all() {
        return byId.values();
    }
}
