package io.linnet.containerd.image;

import com.fasterxml.jackson.databind.JsonNode;
import io.linnet.containerd.image.ImageCatalog.Entry;
import io.linnet.containerd.image.ImageJson.ManifestInfo;
import io.linnet.containerd.proto.types.Descriptor;
import io.linnet.engine.api.EngineException;
import io.linnet.engine.api.InvalidParameterException;
import io.linnet.engine.api.NotFoundException;
import io.linnet.engine.api.image.ImageReference;
import io.linnet.engine.api.image.ProgressSink;
import io.linnet.engine.api.registry.RegistryAuth;
import io.linnet.engine.api.registry.RegistryClient;
import io.linnet.engine.api.registry.RegistryException;
import io.linnet.engine.api.registry.RegistrySession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code docker push}: the image's layers and configuration the registry lacks (HEAD first, then a
 * cross-repository mount when the blob is known to be in another repository of the same registry,
 * else an upload), then its manifest under the tag. Layers go gzip-compressed as with dockerd: a
 * pulled image's as they came (its manifest byte for byte), a loaded or built image's plain tar
 * layers compressed once into the content store ({@link #COMPRESSED} remembers the result) under a
 * manifest of their own, which the pushed RepoDigest names. Progress lines are named by the
 * layers' diff IDs and end with dockerd's digest line and aux object. Where blobs are on registries
 * is kept in containerd's distribution-source content labels.
 */
final class RegistryPusher {

    /** dockerd's max-concurrent-uploads default; layers beyond it show "Waiting". */
    static final int CONCURRENT_UPLOADS = 5;
    private static final Logger LOG = LoggerFactory.getLogger(RegistryPusher.class);
    private static final long PROGRESS_STEP = 512 * 1024;
    private static final AtomicInteger THREADS = new AtomicInteger();
    /** On a plain tar layer: the digest of its gzip form in the content store. */
    static final String COMPRESSED = "io.linnet.push/gzip";
    /** Fast rather than small: random-ish layers gain little from higher levels, and CPU is the cost. */
    private static final int GZIP_LEVEL = java.util.zip.Deflater.BEST_SPEED;

    private final ContentStore content;
    private final Snapshots snapshots;
    private final ImageCatalog catalog;
    private final ImageNames names;
    private final RegistryClient registry;

    RegistryPusher(ContentStore content, Snapshots snapshots, ImageCatalog catalog, ImageNames names,
            RegistryClient registry) {
        this.content = content;
        this.snapshots = snapshots;
        this.catalog = catalog;
        this.names = names;
        this.registry = registry;
    }

    /** One tag, or every tag of the repository when the reference has none ({@code docker push -a}). */
    void push(ImageReference reference, RegistryAuth auth, ProgressSink progress) {
        if (reference.digest() != null) {
            throw new InvalidParameterException("cannot push a digest reference");
        }
        List<ImageReference> tags = reference.tag() != null ? List.of(reference) : localTags(reference);
        if (tags.isEmpty()) {
            throw new NotFoundException("An image does not exist locally with the tag: " + reference.familiarRepository());
        }
        RegistrySession session = null;
        for (ImageReference tag : tags) {
            Entry entry = catalog.find(tag.toString()).map(ImageCatalog.Resolved::entry).orElseThrow(() ->
                    new NotFoundException("An image does not exist locally with the tag: " + tag.familiarRepository()));
            if (session == null) {
                session = registry.open(tag, auth, true);
                progress.status(null, "The push refers to repository [" + tag.repository() + "]");
            }
            pushTag(session, tag, entry, progress);
        }
    }

    /** The repository's tags in this daemon, in name order (as dockerd's reference store lists them). */
    private List<ImageReference> localTags(ImageReference repository) {
        String prefix = repository.repository() + ":";
        return catalog.records().stream().map(io.linnet.containerd.proto.images.Image::getName)
                .filter(n -> n.startsWith(prefix) && !n.contains("@")).sorted()
                .map(ImageReference::parse).toList();
    }

    private void pushTag(RegistrySession session, ImageReference named, Entry entry, ProgressSink progress) {
        ManifestInfo manifest = entry.manifest();
        byte[] storedBytes = content.readBytes(manifest.digest(), ImageCatalog.JSON_LIMIT);
        long started = System.nanoTime();
        List<Descriptor> layers = manifest.layers();
        List<String> diffIds = entry.config().diffIds();
        List<Integer> order = new ArrayList<>();
        for (int i = layers.size() - 1; i >= 0; i--) {
            order.add(i); // top layer first, as dockerd lists them
        }
        for (int i : order) {
            progress.status(lineId(diffIds, layers, i), "Preparing");
        }
        for (int n = CONCURRENT_UPLOADS; n < order.size(); n++) {
            progress.status(lineId(diffIds, layers, order.get(n)), "Waiting");
        }
        String lease = snapshots.createLease("push");
        ExecutorService pool = Executors.newFixedThreadPool(CONCURRENT_UPLOADS, r -> {
            Thread t = new Thread(r, "linnet-push-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Descriptor>> uploads = new ArrayList<>();
            for (int i = 0; i < layers.size(); i++) {
                uploads.add(null);
            }
            for (int i : order) {
                Descriptor layer = layers.get(i);
                String id = lineId(diffIds, layers, i);
                String diffId = i < diffIds.size() ? diffIds.get(i) : layer.getDigest();
                uploads.set(i, pool.submit(() -> {
                    Descriptor pushed = compressed(lease, layer, diffId);
                    pushLayer(session, named, pushed, id, progress);
                    return pushed;
                }));
            }
            List<Descriptor> pushedLayers = new ArrayList<>();
            for (Future<Descriptor> upload : uploads) {
                pushedLayers.add(await(upload));
            }
            Descriptor config = manifest.config();
            if (!session.hasBlob(config.getDigest())) {
                session.putBlob(config.getDigest(), config.getSize(), () -> content.open(config.getDigest()), null);
            }
            byte[] manifestBytes = pushedLayers.equals(layers) ? storedBytes
                    : compressedManifest(lease, storedBytes, config, pushedLayers);
            String mediaType = mediaTypeOf(manifestBytes);
            String digest = session.putManifest(named.tag(), mediaType, manifestBytes);
            Descriptor target = Descriptor.newBuilder().setMediaType(mediaType).setDigest(digest)
                    .setSize(manifestBytes.length).build();
            if (digest.equals(Digests.of(manifestBytes))) {
                names.point(named.repository() + "@" + digest, target, entry.id());
            }
            LOG.info("pushed image {} {} as {} in {} ms", named.familiar(), entry.id(), digest,
                    (System.nanoTime() - started) / 1_000_000);
            progress.status(null, named.tag() + ": digest: " + digest + " size: " + manifestBytes.length);
            Map<String, Object> aux = new LinkedHashMap<>();
            aux.put("Tag", named.tag());
            aux.put("Digest", digest);
            aux.put("Size", manifestBytes.length);
            progress.aux(aux);
        } finally {
            pool.shutdownNow();
            snapshots.deleteLease(lease);
        }
    }

    /**
     * The layer as it goes to the registry: a compressed one as it is, a plain tar one as its gzip
     * form, made (under the push's lease) unless an earlier push left it in the content store.
     */
    private Descriptor compressed(String lease, Descriptor layer, String diffId) throws java.io.IOException {
        if (!MediaTypes.isUncompressedLayer(layer.getMediaType())) {
            return layer;
        }
        String known = content.info(layer.getDigest()).map(i -> i.getLabelsMap().get(COMPRESSED)).orElse(null);
        if (known != null && content.holdIfPresent(lease, known)) {
            long size = content.info(known).map(i -> i.getSize()).orElse(-1L);
            if (size > 0) {
                return Descriptor.newBuilder().setMediaType(MediaTypes.gzipOf(layer.getMediaType()))
                        .setDigest(known).setSize(size).build();
            }
        }
        ContentStore.Blob blob;
        try (java.io.InputStream gz = new GzipCompressingInputStream(content.open(layer.getDigest()), GZIP_LEVEL)) {
            blob = content.write(lease, gz, -1, Map.of("containerd.io/uncompressed", diffId), null);
        }
        content.addLabels(layer.getDigest(), Map.of(COMPRESSED, blob.digest()));
        return Descriptor.newBuilder().setMediaType(MediaTypes.gzipOf(layer.getMediaType()))
                .setDigest(blob.digest()).setSize(blob.size()).build();
    }

    /** The stored manifest with the compressed layers, kept in the content store with its references. */
    private byte[] compressedManifest(String lease, byte[] stored, Descriptor config, List<Descriptor> layers) {
        com.fasterxml.jackson.databind.node.ObjectNode root =
                (com.fasterxml.jackson.databind.node.ObjectNode) ImageJson.parse(stored, "manifest");
        com.fasterxml.jackson.databind.node.ArrayNode array = root.putArray("layers");
        Map<String, String> references = new LinkedHashMap<>();
        references.put("containerd.io/gc.ref.content.config", config.getDigest());
        for (int i = 0; i < layers.size(); i++) {
            Descriptor d = layers.get(i);
            array.addObject().put("mediaType", d.getMediaType()).put("digest", d.getDigest()).put("size", d.getSize());
            references.put("containerd.io/gc.ref.content.l." + i, d.getDigest());
        }
        byte[] bytes = root.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        content.write(lease, bytes, references);
        return bytes;
    }

    /** Progress lines name a layer by its diff ID, as dockerd does (the blob digest when they differ in number). */
    private static String lineId(List<String> diffIds, List<Descriptor> layers, int i) {
        return Digests.shortId(i < diffIds.size() ? diffIds.get(i) : layers.get(i).getDigest());
    }

    private void pushLayer(RegistrySession session, ImageReference named, Descriptor layer, String id,
            ProgressSink progress) {
        String digest = layer.getDigest();
        String host = named.domain();
        if (session.hasBlob(digest)) {
            remember(digest, host, named.path());
            progress.status(id, "Layer already exists");
            return;
        }
        for (String from : DistributionSources.repositories(content.info(digest).map(i -> i.getLabelsMap())
                .orElse(Map.of()), host)) {
            if (!from.equals(named.path()) && session.mountBlob(digest, from)) {
                remember(digest, host, named.path());
                progress.status(id, "Mounted from " + from);
                return;
            }
        }
        long size = content.info(digest).map(i -> i.getSize())
                .orElseThrow(() -> new ContentStore.MissingContentException(digest));
        long[] reported = {0};
        progress.progress(id, "Pushing", 0, size);
        session.putBlob(digest, size, () -> content.open(digest), done -> {
            if (done - reported[0] >= PROGRESS_STEP || done == size) {
                reported[0] = done;
                progress.progress(id, "Pushing", done, size);
            }
        });
        remember(digest, host, named.path());
        progress.status(id, "Pushed");
    }

    /** Records that the registry holds the blob in this repository, for later mounts. */
    private void remember(String digest, String host, String repository) {
        try {
            content.info(digest).ifPresent(info -> {
                var label = DistributionSources.withRepository(info.getLabelsMap(), host, repository);
                if (label != null) {
                    content.addLabels(digest, Map.of(label.getKey(), label.getValue()));
                }
            });
        } catch (RuntimeException e) {
            LOG.debug("could not label {} with its source {}/{}: {}", digest, host, repository, e.toString());
        }
    }

    private static String mediaTypeOf(byte[] manifest) {
        JsonNode root = ImageJson.parse(manifest, "manifest");
        String own = root.path("mediaType").asText("");
        return own.isEmpty() ? MediaTypes.OCI_MANIFEST : own;
    }

    private static <T> T await(Future<T> upload) {
        try {
            return upload.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException("push interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof EngineException engine) {
                throw engine;
            }
            if (cause instanceof RuntimeException runtime) {
                throw new RegistryException(String.valueOf(runtime.getMessage()), runtime);
            }
            throw new RegistryException(String.valueOf(cause.getMessage()), cause);
        }
    }
}
