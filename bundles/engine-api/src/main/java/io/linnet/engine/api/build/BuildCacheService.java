package io.linnet.engine.api.build;

import java.util.List;

/** The build cache's records, for {@code GET /system/df} and {@code POST /build/prune}. */
public interface BuildCacheService {

    /** Every record, with its usage. */
    List<BuildCacheRecord> usage();

    /**
     * Removes records (and the untagged intermediate images only the cache kept alive; never an
     * image that is tagged, used by a container, or the parent of an image that stays).
     *
     * @param all         false: only records whose image is not shared with a tagged image (dangling)
     * @param filter      accepts the records that may go
     * @param keepStorage stop once the records left hold at most this many bytes (0: no limit)
     */
    PruneReport prune(boolean all, BuildCachePruneFilter filter, long keepStorage);

    /** The IDs of the removed records and the bytes their deleted images held. */
    record PruneReport(List<String> cachesDeleted, long spaceReclaimed) {
    }
}
