package io.linnet.containerd.files;

import io.linnet.containerd.client.ContainerdConnection;
import io.linnet.engine.api.EngineException;
import io.linnet.engine.api.ForbiddenException;
import io.linnet.engine.api.InvalidParameterException;
import io.linnet.engine.api.NotFoundException;
import io.linnet.engine.api.container.Container;
import io.linnet.engine.api.container.ContainerFiles;
import io.linnet.engine.api.container.ContainerService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import io.linnet.engine.api.event.Event;
import io.linnet.engine.api.event.EventService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import io.linnet.files.ConfinedRoot;
import io.linnet.files.FileStat;

/**
 * docker cp, export and diff on containerd: a running container's files through its task's
 * {@code /proc/<pid>/root}, a stopped one's through its snapshot mounted for the request; diff
 * straight from the snapshot's overlay directories.
 */
@Component(service = ContainerFiles.class)
public final class ContainerdContainerFiles implements ContainerFiles {

    private static final Logger LOG = LoggerFactory.getLogger(ContainerdContainerFiles.class);
    /** A running task's kernel file systems: named in an archive, never walked. */
    private static final Set<String> PSEUDO = Set.of("/proc", "/sys", "/dev");

    private final ContainerdConnection containerd;
    private final ContainerService containers;
    private final Path mountRoot;
    private final Path volumesRoot;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile EventService events;

    @Activate
    public ContainerdContainerFiles(@Reference ContainerdConnection containerd, @Reference ContainerService containers) {
        this.containerd = containerd;
        this.containers = containers;
        this.mountRoot = containerd.settings().execRoot().resolve("archive-mounts");
        this.volumesRoot = containerd.settings().dataRoot().resolve("volumes");
    }

    @Override
    public PathStat stat(String idOrName, String path) {
        Container c = containers.get(idOrName);
        requirePath(path);
        try (MountedRoot root = open(c, false)) {
            return located(root.root(), idOrName, path).stat();
        } catch (IOException e) {
            throw failure(e);
        }
    }

    @Override
    public Archive archive(String idOrName, String path) {
        Container c = containers.get(idOrName);
        requirePath(path);
        MountedRoot root = open(c, false);
        try {
            Located located = located(root.root(), idOrName, path);
            String name = located.stat().name().equals("/") ? "." : located.stat().name();
            Set<String> pseudo = root.running() ? PSEUDO : Set.of();
            publish(c, "archive-path");
            return new Archive() {
                @Override
                public PathStat stat() {
                    return located.stat();
                }

                @Override
                public void writeTo(OutputStream out) throws IOException {
                    try (TarWriter tar = new TarWriter(root.root(), out, pseudo)) {
                        tar.write(located.resolved(), name);
                    }
                }

                @Override
                public void close() {
                    root.close();
                }
            };
        } catch (IOException | RuntimeException e) {
            root.close();
            throw e instanceof IOException io ? failure(io) : (RuntimeException) e;
        }
    }

    @Override
    public void extract(String idOrName, String path, InputStream tar, boolean noOverwriteDirNonDir, boolean copyUidGid) {
        Container c = containers.get(idOrName);
        requirePath(path);
        ContainerMounts mounts = ContainerMounts.of(c.hostConfig(), volumesRoot);
        try (MountedRoot root = open(c, true)) {
            String resolved = root.root().resolve(ScopedPath.clean(path), true);
            FileStat stat;
            try {
                stat = root.root().stat(resolved);
            } catch (NoSuchFileException e) {
                throw notFound(path, idOrName);
            }
            if (!stat.isDirectory()) {
                throw new InvalidParameterException("extraction point is not a directory");
            }
            ContainerMounts.Bind bind = mounts.bindHolding(resolved);
            if (bind == null && mounts.readOnlyRootfs()) {
                throw new ForbiddenException("container rootfs is marked read-only");
            }
            if (bind != null && bind.readOnly()) {
                throw new ForbiddenException("mounted volume is marked read-only");
            }
            TarExtractor.Owner owner = copyUidGid ? OwnerLookup.of(root.root(), configUser(c)) : null;
            new TarExtractor(root.root(), resolved, noOverwriteDirNonDir, owner).extract(tar);
            LOG.info("container {}: extracted an archive to {}", c.id(), resolved);
            publish(c, "extract-to-dir");
        } catch (FileSystemException e) {
            if (String.valueOf(e.getReason()).contains("Read-only file system")) {
                throw new ForbiddenException("mounted volume is marked read-only");
            }
            throw failure(e);
        } catch (IOException e) {
            throw failure(e);
        }
    }

    @Override
    public Archive export(String idOrName) {
        Container c = containers.get(idOrName);
        SnapshotMounts snapshot = SnapshotMounts.of(containerd, c.id());
        MountedRoot root;
        try {
            root = MountedRoot.mount(mountRoot, snapshot::readOnlyMountArgs);
        } catch (IOException e) {
            throw failure(e);
        }
        publish(c, "export");
        return new Archive() {
            @Override
            public PathStat stat() {
                return null;
            }

            @Override
            public void writeTo(OutputStream out) throws IOException {
                try (TarWriter tar = new TarWriter(root.root(), out, Set.of())) {
                    tar.writeChildren();
                }
            }

            @Override
            public void close() {
                root.close();
            }
        };
    }

    @Override
    public List<Change> changes(String idOrName) {
        Container c = containers.get(idOrName);
        SnapshotMounts snapshot = SnapshotMounts.of(containerd, c.id());
        List<ConfinedRoot> layers = new ArrayList<>();
        try {
            ConfinedRoot upper = ConfinedRoot.open(Path.of(snapshot.upper()));
            layers.add(upper);
            List<ConfinedRoot> lowers = new ArrayList<>();
            for (String lower : snapshot.lowers()) {
                ConfinedRoot l = ConfinedRoot.open(Path.of(lower));
                layers.add(l);
                lowers.add(l);
            }
            return new SnapshotChanges(upper, lowers).changes();
        } catch (IOException e) {
            throw failure(e);
        } finally {
            layers.forEach(ConfinedRoot::close);
        }
    }

    // ---------------------------------------------------------------- helpers

    /** A path the client named, resolved as docker cp resolves it, and its stat. */
    private record Located(String resolved, PathStat stat) {
    }

    private static Located located(ConfinedRoot root, String idOrName, String path) throws IOException {
        String clean = ScopedPath.clean(path);
        boolean follow = ScopedPath.followsLast(path);
        String resolved = root.resolve(clean, follow);
        FileStat stat;
        try {
            stat = root.lstat(resolved);
        } catch (NoSuchFileException e) {
            throw notFound(path, idOrName);
        } catch (FileSystemException e) {
            throw new ArchiveFailure("lstat " + clean + ": " + reason(e));
        }
        if (path.endsWith("/") && !clean.equals("/") && !stat.isDirectory()) {
            throw new ArchiveFailure("lstat " + clean + "/: not a directory");
        }
        String preserved = clean + (path.endsWith("/.") && !clean.equals("/") ? "/." : "");
        String linkTarget = stat.isSymlink() ? root.resolve(clean, true) : "";
        PathStat pathStat = new PathStat(ScopedPath.base(preserved), stat.size(), GoFileMode.of(stat.mode()),
                java.time.Instant.EPOCH.plusNanos(stat.mtime()), linkTarget);
        return new Located(resolved, pathStat);
    }

    /** The container's root for one request; for a stopped one, mounted with its binds. */
    private MountedRoot open(Container c, boolean writable) {
        if (c.state().running() && c.state().pid() > 0) {
            try {
                return MountedRoot.ofTask(c.state().pid());
            } catch (IOException e) {
                throw failure(e);
            }
        }
        SnapshotMounts snapshot = SnapshotMounts.of(containerd, c.id());
        MountedRoot root = null;
        try {
            root = MountedRoot.mount(mountRoot, writable ? snapshot::writableMountArgs : snapshot::readOnlyMountArgs);
            ContainerMounts mounts = ContainerMounts.of(c.hostConfig(), volumesRoot);
            List<ContainerMounts.Bind> binds = new ArrayList<>(mounts.binds());
            binds.sort((a, b) -> Integer.compare(a.destination().length(), b.destination().length()));
            for (ContainerMounts.Bind b : binds) {
                if (reaches(root.root(), b.destination())) {
                    root.bind(b.source(), b.destination(), b.readOnly());
                }
            }
            return root;
        } catch (IOException e) {
            if (root != null) {
                root.close();
            }
            throw failure(e);
        }
    }

    /** Whether a path reaches something inside the root (a mount target that the image has). */
    private static boolean reaches(ConfinedRoot root, String path) throws IOException {
        try {
            root.stat(path);
            return true;
        } catch (FileSystemException missing) {
            return false;
        }
    }

    /** dockerd's container event for the operation: the container's labels, image and name. */
    private void publish(Container c, String action) {
        EventService service = events;
        if (service == null) {
            return;
        }
        java.util.Map<String, String> attributes = new java.util.HashMap<>(c.labels());
        attributes.put("image", c.image());
        attributes.put("name", c.name().startsWith("/") ? c.name().substring(1) : c.name());
        service.publish(Event.now("container", action, c.id(), attributes));
    }

    private static String configUser(Container c) {
        return c.config().user() == null ? "" : c.config().user();
    }

    private static void requirePath(String path) {
        if (path == null || path.isEmpty()) {
            throw new InvalidParameterException("bad parameter: pathcannot be empty");
        }
    }

    private static NotFoundException notFound(String path, String idOrName) {
        return new NotFoundException("Could not find the file " + path + " in container " + idOrName);
    }

    private static EngineException failure(IOException e) {
        if (e instanceof FileSystemException fs) {
            return new ArchiveFailure(fs.getFile() == null ? reason(fs) : fs.getMessage(), e);
        }
        return new ArchiveFailure(e.getMessage(), e);
    }

    private static String reason(FileSystemException e) {
        String reason = e.getReason() == null ? "" : e.getReason();
        return reason.isEmpty() ? "" : Character.toLowerCase(reason.charAt(0)) + reason.substring(1);
    }
}
