package io.linnet.engine.api.volume;

import java.util.Set;

/**
 * Tells the volume service which containers use a volume. The container engine implements it
 * (and registers it as an OSGi service) once containers can mount volumes; until then no
 * implementation exists and every volume counts as unused (dangling).
 *
 * <p>A referenced volume is never pruned, and removing it fails with a conflict ("volume is in
 * use") whatever the force flag says, as with dockerd.
 */
public interface VolumeReferences {

    /** IDs of the containers (running or not) that reference the named volume; empty when none. */
    Set<String> containersUsing(String volumeName);
}
