package io.linnet.containerd.container;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** Which containers hold a key (a volume name, an image ID): the reverse of a per-container set of keys. */
final class ReverseIndex {

    private final Map<String, Set<String>> idsByKey = new HashMap<>();

    /** Moves a container from the keys it held to the keys it holds now. */
    synchronized void replace(String id, Set<String> before, Set<String> after) {
        for (String key : before) {
            if (!after.contains(key)) {
                Set<String> ids = idsByKey.get(key);
                if (ids != null && ids.remove(id) && ids.isEmpty()) {
                    idsByKey.remove(key);
                }
            }
        }
        for (String key : after) {
            idsByKey.computeIfAbsent(key, k -> new HashSet<>()).add(id);
        }
    }

    /** A copy of the containers holding the key; empty when none. */
    synchronized Set<String> get(String key) {
        Set<String> ids = idsByKey.get(key);
        return ids == null ? Set.of() : Set.copyOf(ids);
    }
}
