package io.linnet.volume.local;

import io.linnet.engine.api.ConflictException;
import io.linnet.engine.api.EngineException;
import io.linnet.engine.api.InvalidParameterException;
import io.linnet.engine.api.NotFoundException;
import io.linnet.engine.api.volume.Volume;
import io.linnet.engine.api.volume.VolumeCreateRequest;
import io.linnet.engine.api.volume.VolumeReferences;
import io.linnet.engine.api.volume.VolumeService;
import io.linnet.engine.api.volume.VolumeUsage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import io.linnet.engine.api.PruneFilter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * dockerd's "local" volume driver and volume store in one: each volume is a directory
 * {@code <dataRoot>/volumes/<name>} holding {@code _data} (what containers see) and
 * {@code volume.json} (labels, options, creation time). The directory tree is the state: a
 * restarted daemon reads it back.
 *
 * <p>Volumes with {@code type}/{@code device} options are recorded only; the mount(8) they
 * describe (tmpfs, bind of a device, nfs...) happens when a container first mounts the volume,
 * which belongs to the container engine.
 */
@Component(service = VolumeService.class, configurationPid = "io.linnet.daemon",
        configurationPolicy = ConfigurationPolicy.REQUIRE)
public final class LocalVolumeService implements VolumeService {
    static final String VOLUMES_DIR = "volumes";
    static final String DATA_DIR = "_data";
    private static final Logger LOG = LoggerFactory.getLogger(LocalVolumeService.class);

    private final Path root;
    /** Volumes by name; guarded by {@code this}. */
    private final Map<String, VolumeMetadata> volumes = new TreeMap<>();
    private final AtomicBoolean pruneRunning = new AtomicBoolean();
    private volatile VolumeReferences references;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile io.linnet.engine.api.event.EventService eventService;
    private final VolumeEvents events = new VolumeEvents(() -> eventService);

    @Activate
    public LocalVolumeService(VolumeConfig config) {
        this(Path.of(config.dataRoot()));
    }

    LocalVolumeService(Path dataRoot) {
        try {
            Path dir = dataRoot.toAbsolutePath().normalize().resolve(VOLUMES_DIR);
            Files.createDirectories(dir);
            setMode(dir, "rwx-----x"); // 0701, as dockerd
            this.root = dir.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the volumes directory under " + dataRoot, e);
        }
        load();
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindReferences(VolumeReferences refs) {
        this.references = refs;
    }

    void unbindReferences(VolumeReferences refs) {
        if (this.references == refs) {
            this.references = null;
        }
    }

    /** Reads the volumes directory back, as dockerd's local driver does at start. */
    private synchronized void load() {
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root)) {
            for (Path dir : dirs) {
                String name = dir.getFileName().toString();
                if (!VolumeNames.isValid(name) || !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                try {
                    VolumeMetadata meta = VolumeMetadata.read(dir);
                    if (meta == null || !name.equals(meta.name())) {
                        // A directory without metadata (created by hand, or a crash mid-create):
                        // dockerd's driver takes every directory for a volume; so do we.
                        meta = new VolumeMetadata(name, LOCAL_DRIVER, changeTime(dir), null, null);
                    }
                    if (meta.createdAt() == null) {
                        meta = new VolumeMetadata(name, LOCAL_DRIVER, changeTime(dir), meta.labels(), meta.options());
                    }
                    volumes.put(name, meta);
                } catch (IOException | RuntimeException e) {
                    LOG.warn("volume {}: unreadable metadata, skipped: {}", name, e.toString());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + root, e);
        }
        LOG.info("{} volume(s) in {}", volumes.size(), root);
    }

    @Override
    public Volume create(VolumeCreateRequest request) {
        String name = request.name() == null ? "" : request.name();
        Map<String, String> labels = copy(request.labels());
        if (name.isEmpty()) {
            name = VolumeNames.generate();
            if (labels == null) {
                labels = new LinkedHashMap<>();
            }
            labels.put(ANONYMOUS_LABEL, "");
        }
        String driver = request.driver() == null || request.driver().isEmpty() ? LOCAL_DRIVER : request.driver();
        try {
            if (!LOCAL_DRIVER.equals(driver)) {
                throw new NotFoundException("error looking up volume plugin " + driver + ": plugin "
                        + VolumeNames.goQuote(driver) + " not found");
            }
            synchronized (this) {
                VolumeMetadata existing = volumes.get(name);
                if (existing != null) {
                    // dockerd returns the existing volume; other labels or options are ignored.
                    return view(existing);
                }
                VolumeNames.validate(name);
                DriverOptions.validate(request.driverOpts());
                VolumeMetadata meta = new VolumeMetadata(name, LOCAL_DRIVER, Instant.now(), labels,
                        copy(request.driverOpts()));
                write(meta);
                volumes.put(name, meta);
                LOG.info("volume {} created", name);
                events.publish(name, "create");
                return view(meta);
            }
        } catch (EngineException e) {
            throw prefixed(e, "create " + name + ": ");
        }
    }

    private void write(VolumeMetadata meta) {
        Path dir = VolumeNames.directory(root, meta.name());
        boolean created = false;
        try {
            Files.createDirectory(dir);
            created = true;
            setMode(dir, "rwx-----x");
            Path data = Files.createDirectory(dir.resolve(DATA_DIR));
            setMode(data, "rwxr-xr-x");
            meta.write(dir);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            throw new ConflictException("volume already exists under " + dir);
        } catch (IOException e) {
            if (created) {
                try {
                    DiskUsage.deleteTree(dir);
                } catch (IOException cleanup) {
                    e.addSuppressed(cleanup);
                }
            }
            throw new UncheckedIOException("error while creating volume path '" + dir + "'", e);
        }
    }

    @Override
    public synchronized List<Volume> list() {
        return volumes.values().stream().map(this::view).toList();
    }

    @Override
    public List<Volume> listWithUsage() {
        List<Volume> out = new ArrayList<>();
        for (Volume v : list()) {
            out.add(v.withUsage(new VolumeUsage(sizeOrUnknown(v), referenceCount(v.name()))));
        }
        return out;
    }

    @Override
    public Volume inspect(String name) {
        return view(lookup(name));
    }

    @Override
    public int referenceCount(String name) {
        return users(name).size();
    }

    @Override
    public void remove(String name, boolean force) {
        VolumeMetadata meta;
        synchronized (this) {
            meta = volumes.get(name);
            if (meta == null || !VolumeNames.isValid(name)) {
                if (force) {
                    return;
                }
                throw noSuchVolume(name);
            }
        }
        Set<String> users = users(name);
        if (!users.isEmpty()) {
            throw new ConflictException("remove " + name + ": volume is in use - [" + String.join(", ", users) + "]");
        }
        synchronized (this) {
            if (volumes.get(name) != meta) {
                if (force) {
                    return;
                }
                throw noSuchVolume(name);
            }
            delete(name);
        }
    }

    /** Removes the volume's directory; only ever a direct child of the volumes root. */
    private void delete(String name) {
        Path dir = VolumeNames.directory(root, name);
        try {
            if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
                if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)
                        || !dir.toRealPath().getParent().equals(root)) {
                    throw new IllegalStateException("unable to remove a directory outside of the local volume root "
                            + root + ": " + dir);
                }
                DiskUsage.deleteTree(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("remove " + name + ": error removing volume path '" + dir + "'", e);
        }
        volumes.remove(name);
        LOG.info("volume {} removed", name);
        events.publish(name, "destroy");
    }

    @Override
    public PruneReport prune(boolean all, PruneFilter filter) {
        if (!pruneRunning.compareAndSet(false, true)) {
            throw new ConflictException("a prune operation is already running");
        }
        try {
            List<String> deleted = new ArrayList<>();
            long reclaimed = 0;
            for (Volume v : list()) {
                if (!prunable(v, all, filter)) {
                    continue;
                }
                long size = sizeOrUnknown(v);
                synchronized (this) {
                    if (!volumes.containsKey(v.name()) || !users(v.name()).isEmpty()) {
                        continue;
                    }
                    try {
                        delete(v.name());
                    } catch (RuntimeException e) {
                        LOG.warn("volume {}: could not prune: {}", v.name(), e.toString());
                        continue;
                    }
                }
                deleted.add(v.name());
                reclaimed += Math.max(size, 0);
            }
            events.pruned(reclaimed);
            return new PruneReport(deleted, reclaimed);
        } finally {
            pruneRunning.set(false);
        }
    }

    /**
     * dockerd's prune selection: local driver, no driver options (a mounted volume's data is not
     * ours to count), unused, anonymous unless {@code all}, accepted by the filter.
     */
    boolean prunable(Volume v, boolean all, PruneFilter filter) {
        return LOCAL_DRIVER.equals(v.driver())
                && (v.options() == null || v.options().isEmpty())
                && (all || v.anonymous())
                && filter.accepts(v.createdAt(), v.labels())
                && users(v.name()).isEmpty();
    }

    private long sizeOrUnknown(Volume v) {
        try {
            return DiskUsage.size(Path.of(v.mountpoint()));
        } catch (IOException e) {
            LOG.warn("volume {}: could not determine its size: {}", v.name(), e.toString());
            return -1;
        }
    }

    private Set<String> users(String name) {
        VolumeReferences refs = references;
        if (refs == null) {
            return Set.of();
        }
        Set<String> ids = refs.containersUsing(name);
        return ids == null ? Set.of() : new TreeSet<>(ids);
    }

    private synchronized VolumeMetadata lookup(String name) {
        VolumeMetadata meta = name == null ? null : volumes.get(name);
        if (meta == null) {
            throw noSuchVolume(name);
        }
        return meta;
    }

    private static NotFoundException noSuchVolume(String name) {
        return new NotFoundException("get " + name + ": no such volume");
    }

    private Volume view(VolumeMetadata meta) {
        return new Volume(meta.name(), meta.driver() == null ? LOCAL_DRIVER : meta.driver(),
                root.resolve(meta.name()).resolve(DATA_DIR).toString(), meta.createdAt(),
                meta.labels() == null ? null : Collections.unmodifiableMap(meta.labels()),
                meta.options() == null ? null : Collections.unmodifiableMap(meta.options()),
                LOCAL_SCOPE, null);
    }

    private static Map<String, String> copy(Map<String, String> map) {
        if (map == null) {
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(k, v == null ? "" : v));
        return out;
    }

    private static EngineException prefixed(EngineException e, String prefix) {
        String message = prefix + e.getMessage();
        if (e instanceof NotFoundException) {
            return new NotFoundException(message, e);
        } else if (e instanceof ConflictException) {
            return new ConflictException(message, e);
        } else if (e instanceof InvalidParameterException) {
            return new InvalidParameterException(message, e);
        }
        return e;
    }

    private static Instant changeTime(Path dir) throws IOException {
        try {
            return ((FileTime) Files.getAttribute(dir, "unix:ctime", LinkOption.NOFOLLOW_LINKS)).toInstant();
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            return Files.getLastModifiedTime(dir, LinkOption.NOFOLLOW_LINKS).toInstant();
        }
    }

    private static void setMode(Path p, String mode) throws IOException {
        try {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
        } catch (UnsupportedOperationException notPosix) {
            // not on a POSIX file system: keep the default mode
        }
    }

    Path root() {
        return root;
    }
}
