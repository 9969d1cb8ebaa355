package io.linnet.engine.api.container;

import io.linnet.engine.api.InvalidParameterException;
import java.util.regex.Pattern;

/** Docker's rule for container names (create and rename), with dockerd's words when a name breaks it. */
public final class ContainerName {
    /** moby's {@code RestrictedNamePattern}, with the optional leading '/'. */
    private static final Pattern VALID = Pattern.compile("^/?[a-zA-Z0-9][a-zA-Z0-9_.-]+$");

    private ContainerName() {
    }

    /** The name with its leading '/', or dockerd's 400 when it breaks the rule. */
    public static String checked(String name) {
        if (name == null || !VALID.matcher(name).matches()) {
            throw new InvalidParameterException("Invalid container name (" + name
                    + "), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed");
        }
        return name.startsWith("/") ? name : "/" + name;
    }
}
