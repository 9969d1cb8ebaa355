package io.linnet.containerd.image;

import io.linnet.containerd.image.ImageJson.ConfigInfo;
import io.linnet.containerd.image.ImageJson.ManifestInfo;
import io.linnet.containerd.proto.types.Descriptor;
import io.linnet.engine.api.InvalidParameterException;
import io.linnet.engine.api.NotFoundException;
import io.linnet.engine.api.image.Image;
import io.linnet.engine.api.image.ImageReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * containerd's image records seen as Docker images: grouped by image ID (config digest), with
 * manifests, configurations and layer sizes cached by digest (they never change). The records come
 * from the bundle's {@link ImageRecords} view; the grouping is made again only when the view changed,
 * so a lookup by name, ID or ID prefix costs no containerd call and no walk over every image.
 */
final class ImageCatalog {

    /** Name of the record that keeps an untagged image alive: never shown as a RepoTag. */
    static final String DANGLING_PREFIX = "linnet-dangling@";
    /** Label of a built image's record naming the image it was built on (see ContainerdImageLayers). */
    static final String PARENT_LABEL = "io.linnet.image.parent";
    static final long JSON_LIMIT = 8L * 1024 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(ImageCatalog.class);
    private static final Pattern ID_PREFIX = Pattern.compile("^(sha256:)?[a-f0-9]{1,64}$");
    private static final Pattern FULL_ID = Pattern.compile("^(sha256:)?[a-f0-9]{64}$");
    /** Records by creation (containerd keeps it across updates), then by name. */
    private static final Comparator<io.linnet.containerd.proto.images.Image> OLDEST_FIRST = Comparator
            .comparingLong((io.linnet.containerd.proto.images.Image r) -> r.getCreatedAt().getSeconds())
            .thenComparingInt(r -> r.getCreatedAt().getNanos())
            .thenComparing(io.linnet.containerd.proto.images.Image::getName);

    private final ImageRecords imageRecords;
    private final ContentStore content;
    private final Snapshots snapshots;
    private final Map<String, ManifestInfo> manifestByTarget = new ConcurrentHashMap<>();
    private final Map<String, ConfigInfo> configs = new ConcurrentHashMap<>();
    private final LayerSizes layerSizes;

    /** The records grouped as of a version of the view, with the indexes lookups use. */
    private record Grouped(long version, Map<String, Entry> entries, Map<String, Entry> byRecordName,
            NavigableMap<String, Entry> byId) {
    }

    private volatile Grouped grouped;

    /** @param imageRecords the view of the records; null for a catalog that only reads manifests ({@link ImageIds}) */
    ImageCatalog(ImageRecords imageRecords, ContentStore content, Snapshots snapshots) {
        this.imageRecords = imageRecords;
        this.content = content;
        this.snapshots = snapshots;
        this.layerSizes = new LayerSizes(content);
    }

    /** One Docker image: its ID, manifest, configuration and the records that point at it. */
    record Entry(String id, ManifestInfo manifest, ConfigInfo config,
            List<io.linnet.containerd.proto.images.Image> records) {

        /** Records with a real name (not the dangling keeper). */
        List<io.linnet.containerd.proto.images.Image> named() {
            return records.stream().filter(r -> !isDangling(r.getName())).toList();
        }

        /** The target of its oldest name (else of its dangling record), as the manifest it is shown by. */
        Descriptor target() {
            return named().stream().min(OLDEST_FIRST).orElse(records.get(0)).getTarget();
        }

        /** When `docker tag` last pointed a name at it; null when never (as dockerd). */
        Instant lastTagTime() {
            return records.stream().map(r -> r.getLabelsMap().get(ImageNames.LAST_TAG_TIME))
                    .filter(java.util.Objects::nonNull).map(Instant::parse)
                    .max(Comparator.naturalOrder()).orElse(null);
        }
    }

    /** How moby 24 names a missing image: a name with its default tag, anything else as typed. */
    static String shownAs(String nameOrId) {
        if (ID_PREFIX.matcher(nameOrId).matches()) {
            return nameOrId;
        }
        try {
            return io.linnet.engine.api.image.ImageReference.parse(nameOrId).withDefaultTag().familiar();
        } catch (io.linnet.engine.api.InvalidParameterException notAName) {
            return nameOrId;
        }
    }

    /** A lookup's answer: the image, and the record name when the user named one (null for an ID). */
    record Resolved(Entry entry, String recordName) {
    }

    static boolean isDangling(String recordName) {
        return recordName.startsWith(DANGLING_PREFIX);
    }

    static String danglingName(String manifestDigest) {
        return DANGLING_PREFIX + manifestDigest;
    }

    List<io.linnet.containerd.proto.images.Image> records() {
        return imageRecords.all();
    }

    Optional<io.linnet.containerd.proto.images.Image> record(String name) {
        return imageRecords.get(name);
    }

    /** The daemon wrote the record: lookups see it at once. */
    void written(io.linnet.containerd.proto.images.Image record) {
        imageRecords.written(record);
    }

    /** The daemon deleted the record. */
    void deleted(String name) {
        imageRecords.deleted(name);
    }

    /** Every image, in the order of its first record; records whose content is gone are skipped. */
    Map<String, Entry> entries() {
        return grouped().entries();
    }

    private Grouped grouped() {
        long version = imageRecords.version(); // read first: a change made meanwhile groups again next time
        Grouped current = grouped;
        if (current != null && current.version() == version) {
            return current;
        }
        List<io.linnet.containerd.proto.images.Image> records = records();
        Map<String, Entry> entries = Collections.unmodifiableMap(group(records));
        forgetDeleted(records, entries);
        Map<String, Entry> byRecordName = new HashMap<>();
        NavigableMap<String, Entry> byId = new TreeMap<>();
        for (Entry entry : entries.values()) {
            byId.put(entry.id(), entry);
            entry.records().forEach(r -> byRecordName.putIfAbsent(r.getName(), entry));
        }
        current = new Grouped(version, entries, byRecordName, byId);
        grouped = current;
        return current;
    }

    /**
     * Drops what the caches hold for images no record points at any more: built images come and go
     * for the daemon's whole life. A lookup racing this reads its JSON again, nothing worse.
     */
    private void forgetDeleted(List<io.linnet.containerd.proto.images.Image> records, Map<String, Entry> entries) {
        Set<String> targets = new HashSet<>();
        records.forEach(r -> targets.add(r.getTarget().getDigest()));
        entries.values().forEach(e -> targets.add(e.manifest().digest()));
        manifestByTarget.keySet().retainAll(targets);
        configs.keySet().retainAll(entries.keySet());
        Set<String> diffIds = new HashSet<>();
        entries.values().forEach(e -> diffIds.addAll(e.config().diffIds()));
        layerSizes.retain(diffIds);
    }

    /** Manifests, configurations and layer sizes the caches hold (a test's measure of forgetting). */
    int cached() {
        return manifestByTarget.size() + configs.size() + layerSizes.cached();
    }

    /**
     * Groups records by image ID. An image named by several manifests (a local image pushed and
     * pulled again: gzip layers) is described by the manifest of its oldest record, so names that
     * come and go beside it never change what its own name shows or which blobs that reads.
     */
    Map<String, Entry> group(List<io.linnet.containerd.proto.images.Image> records) {
        Map<String, List<io.linnet.containerd.proto.images.Image>> byId = new LinkedHashMap<>();
        Map<String, ManifestInfo> manifests = new LinkedHashMap<>();
        Map<String, io.linnet.containerd.proto.images.Image> oldest = new HashMap<>();
        for (var record : records) {
            Optional<ManifestInfo> manifest = manifestOf(record);
            if (manifest.isEmpty()) {
                continue;
            }
            String id = manifest.get().config().getDigest();
            byId.computeIfAbsent(id, k -> new ArrayList<>()).add(record);
            var before = oldest.get(id);
            if (before == null || OLDEST_FIRST.compare(record, before) < 0) {
                oldest.put(id, record);
                manifests.put(id, manifest.get());
            }
        }
        Map<String, Entry> out = new LinkedHashMap<>();
        for (var e : byId.entrySet()) {
            try {
                ConfigInfo config = config(e.getKey());
                out.put(e.getKey(), new Entry(e.getKey(), manifests.get(e.getKey()), config, List.copyOf(e.getValue())));
            } catch (RuntimeException ex) {
                LOG.warn("image {} ({}) skipped: its configuration cannot be read: {}", e.getKey(),
                        e.getValue().get(0).getName(), ex.getMessage());
            }
        }
        return out;
    }

    /** The ID of the image a record points at, if its content is there. */
    Optional<String> imageId(io.linnet.containerd.proto.images.Image record) {
        return manifestOf(record).map(m -> m.config().getDigest());
    }

    private Optional<ManifestInfo> manifestOf(io.linnet.containerd.proto.images.Image record) {
        try {
            return Optional.of(manifest(record.getTarget()));
        } catch (RuntimeException e) {
            LOG.warn("image record {} skipped: {}", record.getName(), e.getMessage());
            return Optional.empty();
        }
    }

    /** The platform manifest a target (manifest or index) stands for. */
    ManifestInfo manifest(Descriptor target) {
        ManifestInfo cached = manifestByTarget.get(target.getDigest());
        if (cached != null) {
            return cached;
        }
        ManifestInfo manifest;
        if (MediaTypes.isIndex(target.getMediaType())) {
            byte[] json = content.readBytes(target.getDigest(), JSON_LIMIT);
            var entries = ImageJson.indexManifests("index " + target.getDigest(), ImageJson.parse(json, "index"));
            Descriptor chosen = Platforms.pick(entries).orElseThrow(() -> new IllegalStateException(
                    "index " + target.getDigest() + " has no manifest for " + Platforms.os() + "/" + Platforms.architecture()));
            manifest = manifest(chosen);
        } else {
            manifest = ImageJson.manifest(target.getDigest(), content.readBytes(target.getDigest(), JSON_LIMIT));
        }
        manifestByTarget.put(target.getDigest(), manifest);
        return manifest;
    }

    ConfigInfo config(String id) {
        ConfigInfo cached = configs.get(id);
        if (cached != null) {
            return cached;
        }
        ConfigInfo config = ImageJson.config(id, content.readBytes(id, JSON_LIMIT));
        configs.put(id, config);
        return config;
    }

    /** Bytes each layer holds, bottom first, as dockerd counts them (see LayerSizes). */
    List<Long> layerSizes(Entry entry) {
        List<Long> sizes = new ArrayList<>();
        List<Descriptor> layers = entry.manifest().layers();
        List<String> diffIds = entry.config().diffIds();
        for (int i = 0; i < layers.size(); i++) {
            sizes.add(layerSizes.of(i < diffIds.size() ? diffIds.get(i) : layers.get(i).getDigest(), layers.get(i)));
        }
        return sizes;
    }

    long size(Entry entry) {
        return layerSizes(entry).stream().mapToLong(Long::longValue).sum();
    }

    Image toImage(Entry entry) {
        List<String> tags = new ArrayList<>();
        List<String> digests = new ArrayList<>();
        for (var record : entry.named()) {
            try {
                ImageReference ref = ImageReference.parse(record.getName());
                if (ref.digest() != null) {
                    digests.add(ref.familiar());
                } else if (ref.tag() != null) {
                    tags.add(ref.familiar());
                }
            } catch (InvalidParameterException e) {
                LOG.debug("image record {} has no Docker name", record.getName());
            }
        }
        tags.sort(null);
        digests.sort(null);
        ConfigInfo c = entry.config();
        List<Long> sizes = layerSizes(entry);
        String parent = entry.records().stream().map(r -> r.getLabelsMap().get(PARENT_LABEL))
                .filter(java.util.Objects::nonNull).findFirst().orElse("");
        return new Image(entry.id(), List.copyOf(tags), List.copyOf(digests), parent, c.comment(), c.created(), c.author(),
                c.dockerVersion(), c.architecture(), c.variant(), c.os(), c.config(), c.diffIds(),
                sizes.stream().mapToLong(Long::longValue).sum(), List.copyOf(sizes), entry.manifest().digest(),
                entry.lastTagTime());
    }

    /** dockerd's lookup: name (missing tag = latest), digest reference, full or short ID. */
    Resolved resolve(String nameOrId) {
        return find(nameOrId).orElseThrow(() -> new NotFoundException("No such image: " + shownAs(nameOrId)));
    }

    Optional<Resolved> find(String nameOrId) {
        if (nameOrId == null || nameOrId.isEmpty()) {
            return Optional.empty();
        }
        Grouped current = grouped();
        Map<String, Entry> entries = current.entries();
        if (FULL_ID.matcher(nameOrId).matches()) {
            String id = nameOrId.startsWith("sha256:") ? nameOrId : "sha256:" + nameOrId;
            return Optional.ofNullable(entries.get(id)).map(e -> new Resolved(e, null));
        }
        ImageReference ref = null;
        try {
            ref = ImageReference.parse(nameOrId).withDefaultTag();
        } catch (InvalidParameterException e) {
            if (!ID_PREFIX.matcher(nameOrId).matches()) {
                throw e;
            }
        }
        if (ref != null) {
            String name = ref.toString();
            Entry named = current.byRecordName().get(name);
            if (named != null) {
                return Optional.of(new Resolved(named, name));
            }
            if (ref.digest() != null) {
                String repository = ref.repository();
                for (Entry entry : entries.values()) {
                    for (var record : entry.named()) {
                        if (repositoryOf(record.getName()).equals(repository)
                                && (record.getTarget().getDigest().equals(ref.digest())
                                || entry.manifest().digest().equals(ref.digest()))) {
                            return Optional.of(new Resolved(entry, null));
                        }
                    }
                }
            }
        }
        if (ID_PREFIX.matcher(nameOrId).matches()) {
            String prefix = nameOrId.startsWith("sha256:") ? nameOrId : "sha256:" + nameOrId;
            List<Entry> matches = current.byId().tailMap(prefix, true).values().stream()
                    .takeWhile(e -> e.id().startsWith(prefix)).limit(2).toList();
            if (matches.size() == 1) {
                return Optional.of(new Resolved(matches.get(0), null));
            }
        }
        return Optional.empty();
    }

    static String repositoryOf(String recordName) {
        try {
            return ImageReference.parse(recordName).repository();
        } catch (InvalidParameterException e) {
            return "";
        }
    }
}
