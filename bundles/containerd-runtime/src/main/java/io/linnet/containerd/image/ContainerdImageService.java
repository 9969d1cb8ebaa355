package io.linnet.containerd.image;

import io.linnet.containerd.client.BoundedConcurrency;
import io.linnet.containerd.client.ContainerdConnection;
import io.linnet.containerd.image.ImageCatalog.Entry;
import io.linnet.containerd.image.ImageCatalog.Resolved;
import io.linnet.containerd.image.ImageJson.HistoryItem;
import io.linnet.containerd.proto.types.Descriptor;
import io.linnet.engine.api.ConflictException;
import io.linnet.engine.api.InvalidParameterException;
import io.linnet.engine.api.image.Image;
import io.linnet.engine.api.image.ImageDeleteResult;
import io.linnet.engine.api.image.ImageHistoryEntry;
import io.linnet.engine.api.image.ImageReference;
import io.linnet.engine.api.image.ImageService;
import io.linnet.engine.api.image.ImportRequest;
import io.linnet.engine.api.image.ProgressSink;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Docker images on containerd: image records (named with full references, or
 * {@value ImageCatalog#DANGLING_PREFIX}&lt;manifest digest&gt; for untagged images), content and
 * overlayfs snapshots in the daemon's namespace, so {@code ctr -n <ns> images ls} shows them too.
 */
@Component(service = ImageService.class)
public final class ContainerdImageService implements ImageService {

    private static final Logger LOG = LoggerFactory.getLogger(ContainerdImageService.class);

    private final ContainerdConnection containerd;
    private final ImageCatalog catalog;
    private final ImageNames names;
    private final ArchiveLoader loader;
    private final ArchiveSaver saver;
    private final RootfsImporter importer;
    private final ImageUsage usage;
    /** The containers' image usage, when the container service is there (it offers it). */
    private volatile ImageUsage containers;
    @Reference(cardinality = org.osgi.service.component.annotations.ReferenceCardinality.OPTIONAL,
            policy = org.osgi.service.component.annotations.ReferencePolicy.DYNAMIC,
            policyOption = org.osgi.service.component.annotations.ReferencePolicyOption.GREEDY)
    private volatile io.linnet.engine.api.event.EventService eventService;
    private final ImageEvents imageEvents;
    /** Deletes walk and delete content and snapshots: a bounded number at once, the others queued in turn. */
    private final BoundedConcurrency deletes = new BoundedConcurrency(BoundedConcurrency.defaultLimit());

    @Activate
    public ContainerdImageService(@Reference ContainerdConnection containerd, @Reference ImageRecords imageRecords) {
        this(containerd, imageRecords, null);
    }

    /** Containers, when their service is there: an image a container uses is never deleted under it. */
    @Reference(cardinality = org.osgi.service.component.annotations.ReferenceCardinality.OPTIONAL,
            policy = org.osgi.service.component.annotations.ReferencePolicy.DYNAMIC,
            policyOption = org.osgi.service.component.annotations.ReferencePolicyOption.GREEDY)
    void bindContainers(ImageUsage service) {
        containers = service;
    }

    void unbindContainers(ImageUsage service) {
        if (containers == service) {
            containers = null;
        }
    }

    private boolean usedByContainer(String imageId) {
        ImageUsage service = containers;
        return service != null && service.usedByContainer(imageId);
    }

    ContainerdImageService(ContainerdConnection containerd, ImageRecords imageRecords, ImageUsage usage) {
        this.containerd = containerd;
        // Tests give their own; the component asks the container service it is bound to.
        this.usage = usage != null ? usage : this::usedByContainer;
        ContentStore content = new ContentStore(containerd);
        Snapshots snapshots = new Snapshots(containerd);
        this.catalog = new ImageCatalog(imageRecords, content, snapshots);
        this.imageEvents = new ImageEvents(catalog, () -> eventService);
        this.names = new ImageNames(containerd, catalog);
        ImageWriter writer = new ImageWriter(content, snapshots);
        this.loader = new ArchiveLoader(content, snapshots, catalog, names, writer);
        this.saver = new ArchiveSaver(content, catalog);
        this.importer = new RootfsImporter(content, snapshots, names, writer);
    }

    /** For tests: the catalog's caches. */
    ImageCatalog catalog() {
        return catalog;
    }

    @Override
    public List<Image> list() {
        return call("list images", () -> catalog.entries().values().stream().map(catalog::toImage).toList());
    }

    @Override
    public Image inspect(String nameOrId) {
        return call("inspect image " + nameOrId, () -> catalog.toImage(catalog.resolve(nameOrId).entry()));
    }

    @Override
    public List<ImageHistoryEntry> history(String nameOrId) {
        return call("history of image " + nameOrId, () -> {
            Entry entry = catalog.resolve(nameOrId).entry();
            List<Long> sizes = catalog.layerSizes(entry);
            List<ImageHistoryEntry> out = new ArrayList<>();
            int layer = 0;
            for (HistoryItem h : entry.config().history()) {
                long size = 0;
                if (!h.emptyLayer()) {
                    size = layer < sizes.size() ? sizes.get(layer) : 0;
                    layer++;
                }
                out.add(new ImageHistoryEntry("<missing>", h.created(), h.createdBy(), h.comment(), size, List.of()));
            }
            Collections.reverse(out);
            if (!out.isEmpty()) {
                ImageHistoryEntry newest = out.get(0);
                out.set(0, new ImageHistoryEntry(entry.id(), newest.created(), newest.createdBy(), newest.comment(),
                        newest.size(), catalog.toImage(entry).repoTags()));
            }
            return List.copyOf(out);
        });
    }

    @Override
    public void tag(String source, ImageReference target) {
        call("tag image " + source, () -> {
            if (target.digest() != null) {
                throw new InvalidParameterException("refusing to create a tag with a digest reference");
            }
            // resolved and pointed with no rmi in between: a name never points at an image just deleted
            Resolved resolved = names.exclusively(() -> {
                Resolved found = catalog.resolve(source);
                Descriptor descriptor = found.recordName() != null
                        ? catalog.record(found.recordName()).map(r -> r.getTarget()).orElse(found.entry().target())
                        : found.entry().target();
                names.point(target.withDefaultTag().toString(), descriptor, found.entry().id());
                names.markTagged(target.withDefaultTag().toString(), java.time.Instant.now());
                return found;
            });
            LOG.info("image {} tagged {}", resolved.entry().id(), target.withDefaultTag().familiar());
            imageEvents.publish(resolved.entry().id(), target.withDefaultTag().familiar(), "tag");
            return null;
        });
    }

    @Override
    public List<ImageDeleteResult> remove(String nameOrId, boolean force, boolean noPrune) {
        return deletes.call(() -> removeNow(nameOrId, force, noPrune));
    }

    private List<ImageDeleteResult> removeNow(String nameOrId, boolean force, boolean noPrune) {
        return imageEvents.removed(imageEvents.idOf(nameOrId), call("remove image " + nameOrId,
                () -> names.exclusively(() -> untagOrDelete(nameOrId, force))));
    }

    /** Decided on the view as it is with no name moving: a tag made meanwhile is never deleted along. */
    private List<ImageDeleteResult> untagOrDelete(String nameOrId, boolean force) {
        Resolved resolved = catalog.resolve(nameOrId);
        Entry entry = resolved.entry();
        List<ImageDeleteResult> out = new ArrayList<>();
        List<String> named = entry.named().stream().map(r -> r.getName()).sorted().toList();
        if (resolved.recordName() != null && !ImageCatalog.isDangling(resolved.recordName())) {
            out.add(ImageDeleteResult.untagged(familiar(resolved.recordName())));
            // dockerd: a removed tag takes along the digest references (pulls, pushes) of its
            // repository when no other tag of that repository is left
            List<String> digestRefs = digestReferencesLeft(resolved.recordName(), named);
            digestRefs.forEach(d -> out.add(ImageDeleteResult.untagged(familiar(d))));
            int remaining = named.size() - 1 - digestRefs.size();
            if (remaining > 0 || usage.usedByContainer(entry.id())) {
                if (remaining == 0) {
                    // kept by a dangling record made before its last name goes: between the two,
                    // containerd's garbage collector would take its content
                    names.keepDangling(entry.target());
                }
                names.delete(resolved.recordName(), false);
                digestRefs.forEach(d -> names.delete(d, false));
                return out;
            }
            deleteImage(entry, out);
            return out;
        }
        if (!force) {
            if (named.size() > 1 && named.stream().map(ImageCatalog::repositoryOf).distinct().count() > 1) {
                throw new ConflictException("conflict: unable to delete " + Digests.shortId(entry.id())
                        + " (must be forced) - image is referenced in multiple repositories");
            }
            if (usage.usedByContainer(entry.id())) {
                throw new ConflictException("conflict: unable to delete " + Digests.shortId(entry.id())
                        + " (cannot be forced) - image is being used by a container");
            }
        }
        for (String name : named) {
            out.add(ImageDeleteResult.untagged(familiar(name)));
        }
        if (usage.usedByContainer(entry.id())) {
            names.keepDangling(entry.target());
            named.forEach(name -> names.delete(name, false));
            return out;
        }
        deleteImage(entry, out);
        return out;
    }

    /**
     * The digest references ({@code repo@sha256:…}) to remove with the tag {@code removed}: those of
     * its repository, when no other tag of the repository names the image.
     */
    private static List<String> digestReferencesLeft(String removed, List<String> named) {
        ImageReference ref;
        try {
            ref = ImageReference.parse(removed);
        } catch (InvalidParameterException e) {
            return List.of();
        }
        if (ref.digest() != null) {
            return List.of();
        }
        List<String> digests = new ArrayList<>();
        for (String other : named) {
            if (other.equals(removed)) {
                continue;
            }
            ImageReference o;
            try {
                o = ImageReference.parse(other);
            } catch (InvalidParameterException e) {
                continue;
            }
            if (!o.repository().equals(ref.repository())) {
                continue;
            }
            if (o.digest() == null) {
                return List.of(); // another tag of the repository stays
            }
            digests.add(other);
        }
        return digests;
    }

    /** Deletes the image's remaining records; containerd's GC (run synchronously) takes the rest. */
    private void deleteImage(Entry entry, List<ImageDeleteResult> out) {
        List<String> left = catalog.records().stream()
                .filter(r -> catalog.imageId(r).map(entry.id()::equals).orElse(false))
                .map(r -> r.getName()).toList();
        for (int i = 0; i < left.size(); i++) {
            // the last delete is synchronous: containerd collects content and snapshots before answering
            names.delete(left.get(i), i == left.size() - 1);
        }
        out.add(ImageDeleteResult.deleted(entry.id()));
        LOG.info("image {} deleted", entry.id());
    }

    private static String familiar(String recordName) {
        try {
            return ImageReference.parse(recordName).familiar();
        } catch (InvalidParameterException e) {
            return recordName;
        }
    }

    @Override
    public List<LoadedImage> load(InputStream archive, ProgressSink progress) {
        return imageEvents.loaded(call("load images", () -> loader.load(archive, progress)));
    }

    @Override
    public String importRootfs(InputStream tarball, ImportRequest request, ProgressSink progress) {
        return call("import image", () -> {
            try {
                return imageEvents.imported(request, importer.importRootfs(tarball, request, progress));
            } catch (IOException e) {
                throw new InvalidParameterException("invalid tarball: " + e.getMessage(), e);
            }
        });
    }

    @Override
    public void save(List<String> namesOrIds, OutputStream out) {
        call("save images " + namesOrIds, () -> {
            try {
                saver.save(namesOrIds, out);
                imageEvents.saved(namesOrIds);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return null;
        });
    }

    /** The prune filter's until and label terms against an image's creation time and config labels. */
    private static boolean accepts(io.linnet.engine.api.PruneFilter filter, Image image) {
        return filter.accepts(image.created(), image.config() == null ? null : image.config().labels());
    }

    @Override
    public PruneReport prune(boolean danglingOnly, io.linnet.engine.api.PruneFilter filter) {
        return deletes.call(() -> pruneNow(danglingOnly, filter));
    }

    private PruneReport pruneNow(boolean danglingOnly, io.linnet.engine.api.PruneFilter filter) {
        return imageEvents.pruned(call("prune images", () -> names.exclusively(() -> {
            Map<String, Entry> entries = catalog.entries();
            List<Entry> victims = new ArrayList<>();
            for (Entry entry : entries.values()) {
                if (danglingOnly && !entry.named().isEmpty()) {
                    continue;
                }
                if (usage.usedByContainer(entry.id()) || !accepts(filter, catalog.toImage(entry))) {
                    continue;
                }
                victims.add(entry);
            }
            // layers shared with images that stay free nothing
            Set<String> kept = new HashSet<>();
            for (Entry entry : entries.values()) {
                if (!victims.contains(entry)) {
                    kept.addAll(Digests.chainIds(entry.config().diffIds()));
                }
            }
            long reclaimed = 0;
            Set<String> counted = new HashSet<>();
            List<ImageDeleteResult> deleted = new ArrayList<>();
            for (Entry entry : victims) {
                List<String> chains = Digests.chainIds(entry.config().diffIds());
                List<Long> sizes = catalog.layerSizes(entry);
                for (int i = 0; i < chains.size(); i++) {
                    if (!kept.contains(chains.get(i)) && counted.add(chains.get(i))) {
                        reclaimed += sizes.get(i);
                    }
                }
                for (String name : entry.named().stream().map(r -> r.getName()).sorted().toList()) {
                    deleted.add(ImageDeleteResult.untagged(familiar(name)));
                }
                deleteImage(entry, deleted);
            }
            return new PruneReport(List.copyOf(deleted), reclaimed);
        })));
    }

    /** containerd errors become the engine's kinds; unexpected failures name the operation. */
    private <T> T call(String what, Supplier<T> work) {
        return ImageStoreCalls.call(containerd, what, work);
    }
}
