package io.linnet.containerd.container;

import io.linnet.engine.api.ConflictException;
import io.linnet.engine.api.container.ContainerName;

import java.util.HashMap;
import java.util.Map;

/**
 * Docker's container names: the allowed characters, the leading '/', and one container per name.
 * Creating and renaming take {@link #lock} while they check and claim a name; a create's claim
 * stands for its name until the container's record holds it.
 */
final class ContainerNames {

    /** Held while a name is checked and claimed (a create) or given (a rename). */
    final Object lock = new Object();
    /** Names of creates in progress, with the IDs they are for (guarded by {@link #lock}). */
    private final Map<String, String> claims = new HashMap<>();

    /** The ID of the create in progress claiming the name, or null (the caller holds the lock). */
    String claimant(String name) {
        return claims.get(name);
    }

    /** The caller holds the lock and checked the name is free. */
    void claim(String name, String id) {
        claims.put(name, id);
    }

    void release(String name, String id) {
        synchronized (lock) {
            claims.remove(name, id);
        }
    }

    /** A name as the client gave it, checked, with its leading '/'. */
    static String checked(String name) {
        return ContainerName.checked(name);
    }

    /** dockerd's conflict: the name is taken by {@code holder}. */
    static ConflictException inUse(String name, String holder) {
        return new ConflictException("Conflict. The container name \"" + name + "\" is already in use by container \""
                + holder + "\". You have to remove (or rename) that container to be able to reuse that name.");
    }

}
