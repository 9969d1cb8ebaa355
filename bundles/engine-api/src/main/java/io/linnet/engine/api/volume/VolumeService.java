package io.linnet.engine.api.volume;

import io.linnet.engine.api.PruneFilter;
import java.util.List;

/**
 * Named and anonymous volumes, with dockerd's semantics and error texts. Errors are
 * {@link io.linnet.engine.api.InvalidParameterException} (bad name or option),
 * {@link io.linnet.engine.api.NotFoundException} ("get &lt;name&gt;: no such volume", unknown
 * driver), {@link io.linnet.engine.api.ConflictException} (in use, concurrent prune).
 */
public interface VolumeService {
    /** The only driver this engine offers. */
    String LOCAL_DRIVER = "local";
    /** Scope of local volumes. */
    String LOCAL_SCOPE = "local";
    /** dockerd's label on volumes created without a name; prune (API &ge; 1.42) only takes those unless "all". */
    String ANONYMOUS_LABEL = "com.docker.volume.anonymous";

    /**
     * Creates a volume, or returns the existing one of that name unchanged (dockerd is
     * idempotent: other labels or options do not change nor conflict with an existing volume).
     */
    Volume create(VolumeCreateRequest request);

    /** Every volume, without usage data. */
    List<Volume> list();

    /** Every volume with its usage data (size and reference count), as {@code /system/df} needs. */
    List<Volume> listWithUsage();

    /** The named volume. */
    Volume inspect(String name);

    /** Number of containers referencing the volume (0 until containers can use volumes). */
    int referenceCount(String name);

    /**
     * Removes a volume and its data. An unknown name is a not-found error, unless {@code force};
     * a volume in use is a conflict either way (as dockerd does).
     */
    void remove(String name, boolean force);

    /**
     * Removes unused volumes of the local driver that have no driver options (mounted volumes
     * hold no data of ours), among those {@code filter} accepts (its labels; volume prune takes no
     * {@code until}); only anonymous ones unless {@code all}.
     */
    PruneReport prune(boolean all, PruneFilter filter);

    /** What prune removed and the bytes it freed. */
    record PruneReport(List<String> deleted, long spaceReclaimed) {
    }
}
