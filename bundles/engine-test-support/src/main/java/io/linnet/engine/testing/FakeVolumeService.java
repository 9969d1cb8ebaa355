package io.linnet.engine.testing;

import io.linnet.engine.api.ConflictException;
import io.linnet.engine.api.InvalidParameterException;
import io.linnet.engine.api.NotFoundException;
import io.linnet.engine.api.volume.Volume;
import io.linnet.engine.api.volume.VolumeCreateRequest;
import io.linnet.engine.api.volume.VolumeService;
import io.linnet.engine.api.volume.VolumeUsage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Local volumes by name, with the real service's idempotent create, in-use conflicts and error texts. */
public final class FakeVolumeService implements VolumeService {
    private final Map<String, Volume> volumes = new TreeMap<>();
    private final Map<String, Integer> users = new HashMap<>();
    private final Map<String, Long> sizes = new HashMap<>();
    private final Ids ids = new Ids("volume");

    /** Forgets every volume, its users and size. */
    public synchronized void reset() {
        volumes.clear();
        users.clear();
        sizes.clear();
    }

    @Override
    public synchronized Volume create(VolumeCreateRequest request) {
        String driver = request.driver() == null || request.driver().isEmpty() ? LOCAL_DRIVER : request.driver();
        if (!driver.equals(LOCAL_DRIVER)) {
            throw new NotFoundException("error looking up volume plugin " + driver + ": plugin \"" + driver
                    + "\" not found");
        }
        boolean anonymous = request.name() == null || request.name().isEmpty();
        String name = anonymous ? ids.next() : request.name();
        if (!name.matches("[a-zA-Z0-9][a-zA-Z0-9_.-]+")) {
            throw new InvalidParameterException("create " + name + ": \"" + name + "\" includes invalid characters for"
                    + " a local volume name, only \"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are allowed. If you intended to pass a"
                    + " host directory, use absolute path");
        }
        Volume existing = volumes.get(name);
        if (existing != null) {
            return existing;
        }
        Map<String, String> labels = request.labels();
        if (anonymous) {
            labels = new TreeMap<>(labels == null ? Map.of() : labels);
            labels.put(ANONYMOUS_LABEL, "");
        }
        Volume v = new Volume(name, LOCAL_DRIVER, "/var/lib/linnet/volumes/" + name + "/_data",
                Instant.parse("2024-01-02T03:04:05Z"), labels, request.driverOpts(), LOCAL_SCOPE, null);
        volumes.put(name, v);
        return v;
    }

    @Override
    public synchronized List<Volume> list() {
        return List.copyOf(volumes.values());
    }

    @Override
    public synchronized List<Volume> listWithUsage() {
        return volumes.values().stream()
                .map(v -> v.withUsage(new VolumeUsage(sizes.getOrDefault(v.name(), 0L), referenceCount(v.name()))))
                .toList();
    }

    @Override
    public synchronized Volume inspect(String name) {
        Volume v = volumes.get(name);
        if (v == null) {
            throw new NotFoundException("get " + name + ": no such volume");
        }
        return v;
    }

    @Override
    public synchronized int referenceCount(String name) {
        return users.getOrDefault(name, 0);
    }

    /** Marks the volume as used by {@code count} containers (prune and remove then leave it). */
    public synchronized void setUsers(String name, int count) {
        users.put(name, count);
    }

    /** The bytes {@code listWithUsage} reports for the volume. */
    public synchronized void setSize(String name, long bytes) {
        sizes.put(name, bytes);
    }

    @Override
    public synchronized void remove(String name, boolean force) {
        if (!volumes.containsKey(name)) {
            if (force) {
                return;
            }
            inspect(name);
        }
        if (referenceCount(name) > 0) {
            throw new ConflictException("remove " + name + ": volume is in use - [fake]");
        }
        volumes.remove(name);
    }

    @Override
    public synchronized PruneReport prune(boolean all, io.linnet.engine.api.PruneFilter filter) {
        List<String> deleted = new ArrayList<>();
        long reclaimed = 0;
        for (Volume v : List.copyOf(volumes.values())) {
            if ((all || v.anonymous()) && referenceCount(v.name()) == 0 && v.options() == null
                    && filter.accepts(v.createdAt(), v.labels())) {
                volumes.remove(v.name());
                deleted.add(v.name());
                reclaimed += sizes.getOrDefault(v.name(), 0L);
            }
        }
        return new PruneReport(deleted, reclaimed);
    }
}
