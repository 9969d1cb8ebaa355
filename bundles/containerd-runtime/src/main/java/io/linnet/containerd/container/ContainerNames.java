package io.linnet.containerd.container;

import io.linnet.engine.api.ConflictException;
import io.linnet.engine.api.InvalidParameterException;

import java.util.regex.Pattern;

/**
 * Docker's container names: the allowed characters, the leading '/', and one container per name.
 * Creating and renaming take {@link #lock} while they check and claim a name.
 */
final class ContainerNames {

    static final Pattern NAME = Pattern.compile("^/?[a-zA-Z0-9][a-zA-Z0-9_.-]+$");

    /** Held from the check of a name until its container record holds it. */
    final Object lock = new Object();

    /** A name as the client gave it, checked, with its leading '/'. */
    static String checked(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new InvalidParameterException("Invalid container name (" + name + "), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed");
        }
        return name.startsWith("/") ? name : "/" + name;
    }

    /** dockerd's conflict: the name is taken by {@code holder}. */
    static ConflictException inUse(String name, String holder) {
        return new ConflictException("Conflict. The container name \"" + name + "\" is already in use by container \""
                + holder + "\". You have to remove (or rename) that container to be able to reuse that name.");
    }

}
