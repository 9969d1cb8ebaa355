package io.linnet.containerd.image;

import com.fasterxml.jackson.databind.JsonNode;
import io.linnet.containerd.image.ImageJson.ConfigInfo;
import io.linnet.containerd.image.ImageJson.ManifestInfo;
import io.linnet.containerd.image.PlatformSelection.Platform;
import io.linnet.containerd.proto.types.Descriptor;
import io.linnet.engine.api.EngineException;
import io.linnet.engine.api.NotFoundException;
import io.linnet.engine.api.image.ImageReference;
import io.linnet.engine.api.image.ProgressSink;
import io.linnet.engine.api.registry.RegistryAuth;
import io.linnet.engine.api.registry.RegistryClient;
import io.linnet.engine.api.registry.RegistryException;
import io.linnet.engine.api.registry.RegistrySession;
import io.linnet.engine.api.registry.RegistrySession.Manifest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code docker pull}: the manifest (the platform's, from an index), configuration and layers go
 * from the registry straight into containerd's content store, verified by digest on the way and
 * under a lease; at most {@value #CONCURRENT_DOWNLOADS} layers download at once while finished ones
 * are unpacked in order. The image ends as a loaded one does: GC labels, snapshots by chain ID,
 * a record named by the reference, and one named repo@digest (RepoDigests).
 */
final class RegistryPuller {

    static final int CONCURRENT_DOWNLOADS = 3;
    private static final Logger LOG = LoggerFactory.getLogger(RegistryPuller.class);
    private static final long PROGRESS_STEP = 512 * 1024;
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final ContentStore content;
    private final Snapshots snapshots;
    private final ImageCatalog catalog;
    private final ImageNames names;
    private final ImageWriter writer;
    private final RegistryClient registry;
    private volatile int maxDownloadAttempts;

    RegistryPuller(ContentStore content, Snapshots snapshots, ImageCatalog catalog, ImageNames names,
            ImageWriter writer, RegistryClient registry) {
        this(content, snapshots, catalog, names, writer, registry, ResumingBlobStream.DEFAULT_MAX_ATTEMPTS);
    }

    RegistryPuller(ContentStore content, Snapshots snapshots, ImageCatalog catalog, ImageNames names,
            ImageWriter writer, RegistryClient registry, int maxDownloadAttempts) {
        this.maxDownloadAttempts = maxDownloadAttempts;
        this.content = content;
        this.snapshots = snapshots;
        this.catalog = catalog;
        this.names = names;
        this.writer = writer;
        this.registry = registry;
    }

    /** dockerd's max-download-attempts, changed by a configuration reload. */
    void maxDownloadAttempts(int attempts) {
        this.maxDownloadAttempts = attempts;
    }

    void pull(ImageReference reference, String platformText, RegistryAuth auth, ProgressSink progress) {
        ImageReference named = reference.withDefaultTag();
        String tagOrDigest = named.digest() != null ? named.digest() : named.tag();
        // Errors up to the manifest come before any progress line: the client gets the status code.
        // As dockerd, a pull that fails on a mirror (manifest, configuration or layers) starts over
        // on the next source; the last source's failure is the answer.
        List<RegistryClient.PullSource> sources = registry.pullSources(named, auth);
        for (int i = 0; ; i++) {
            Resolved<Manifest> resolved = resolve(named, sources.subList(i, sources.size()),
                    session -> session.manifest(tagOrDigest));
            i += resolved.skipped();
            boolean downloaded;
            try {
                downloaded = pullResolved(named, platformText, resolved.session(), resolved.value(), progress);
            } catch (RuntimeException e) {
                if (i == sources.size() - 1 || !sources.get(i).mirror()) {
                    throw e;
                }
                LOG.info("pull of {} from mirror {} failed, falling back: {}", named.familiar(),
                        sources.get(i).name(), e.getMessage());
                continue;
            }
            progress.status(null, (downloaded ? "Status: Downloaded newer image for "
                    : "Status: Image is up to date for ") + named.familiar());
            return;
        }
    }

    /**
     * {@code docker pull --all-tags}: the tags the registry lists, each pulled as dockerd does it
     * (its own "Pulling from" and "Digest" lines), then one status line for the repository.
     */
    void pullAllTags(ImageReference repository, String platformText, RegistryAuth auth, ProgressSink progress) {
        ImageReference name = new ImageReference(repository.domain(), repository.path(), null, null);
        Resolved<List<String>> listed = resolve(name, registry.pullSources(name, auth), RegistrySession::tags);
        List<String> tags = listed.value();
        boolean downloaded = false;
        for (String tag : tags) {
            ImageReference tagged = new ImageReference(name.domain(), name.path(), tag, null);
            Manifest top = listed.session().manifest(tag);
            downloaded |= pullResolved(tagged, platformText, listed.session(), top, progress);
        }
        progress.status(null, (downloaded ? "Status: Downloaded newer image for " : "Status: Image is up to date for ")
                + name.familiarRepository());
    }

    /**
     * A session on the first source (mirror, then the registry) that answered, its answer, and how
     * many sources before it failed.
     */
    record Resolved<T>(RegistrySession session, T value, int skipped) {
    }

    /**
     * Tries the pull sources in order, as dockerd does with mirrors and HTTPS/HTTP endpoints: any
     * failure on a mirror falls back to the next source; the last source's failure is the answer.
     */
    private <T> Resolved<T> resolve(ImageReference named, List<RegistryClient.PullSource> sources,
            java.util.function.Function<RegistrySession, T> first) {
        for (int i = 0; i < sources.size(); i++) {
            RegistryClient.PullSource source = sources.get(i);
            boolean last = i == sources.size() - 1;
            try {
                RegistrySession session = source.session().get();
                return new Resolved<>(session, first.apply(session), i);
            } catch (RuntimeException e) {
                if (last || !source.mirror()) {
                    throw e;
                }
                LOG.info("pull of {} from mirror {} failed, falling back: {}", named.familiar(), source.name(),
                        e.getMessage());
            }
        }
        throw new IllegalStateException("no pull source for " + named.familiar());
    }

    /** Pulls one resolved manifest; returns whether anything new was stored (else it was up to date). */
    private boolean pullResolved(ImageReference named, String platformText, RegistrySession session, Manifest top,
            ProgressSink progress) {
        Platform platform = PlatformSelection.parse(platformText);
        boolean hostPlatform = platform.equals(PlatformSelection.host());
        Manifest platformManifest = top;
        Descriptor chosen = null;
        int chosenIndex = -1;
        if (MediaTypes.isIndex(top.mediaType())) {
            JsonNode index = ImageJson.parse(top.content(), "index " + top.digest());
            List<Descriptor> entries = ImageJson.indexManifests("index " + top.digest(), index);
            chosen = PlatformSelection.pick(entries, platform).orElseThrow(() -> new NotFoundException(
                    "no matching manifest for " + platform + " in the manifest list entries"));
            chosenIndex = entries.indexOf(chosen);
            platformManifest = session.manifest(chosen.getDigest());
        }
        if (!MediaTypes.isManifest(platformManifest.mediaType())) {
            throw new RegistryException("unsupported manifest media type " + platformManifest.mediaType()
                    + " for " + named.familiar());
        }
        ManifestInfo manifest = ImageJson.manifest(platformManifest.digest(), platformManifest.content());
        for (Descriptor layer : manifest.layers()) {
            if (!isPullableLayer(layer.getMediaType())) {
                throw new RegistryException("unsupported layer media type " + layer.getMediaType() + " of "
                        + layer.getDigest());
            }
        }
        boolean targetIsIndex = chosen != null && hostPlatform;
        Descriptor manifestDescriptor = Descriptor.newBuilder().setMediaType(platformManifest.mediaType())
                .setDigest(platformManifest.digest()).setSize(platformManifest.content().length).build();
        Descriptor target = targetIsIndex ? Descriptor.newBuilder().setMediaType(top.mediaType())
                .setDigest(top.digest()).setSize(top.content().length).build() : manifestDescriptor;
        String digestName = named.repository() + "@" + target.getDigest();

        progress.status(named.digest() != null ? named.digest() : named.tag(), "Pulling from " + named.path());
        long started = System.nanoTime();
        String lease = snapshots.createLease("pull");
        ExecutorService pool = null;
        try {
            Descriptor configDescriptor = manifest.config();
            if (!content.holdIfPresent(lease, configDescriptor.getDigest())) {
                download(lease, session, configDescriptor, null, null);
            }
            ConfigInfo config = catalog.config(configDescriptor.getDigest());
            if (config.diffIds().size() != manifest.layers().size()) {
                throw new RegistryException("manifest " + manifest.digest() + " lists " + manifest.layers().size()
                        + " layers, its configuration " + config.diffIds().size());
            }
            if (upToDate(named.toString(), target, manifest, config)) {
                names.point(digestName, target, config.id());
                progress.status(null, "Digest: " + target.getDigest());
                return false;
            }
            List<Descriptor> layers = manifest.layers();
            List<String> diffIds = config.diffIds();
            List<Future<?>> downloads = new ArrayList<>();
            pool = Executors.newFixedThreadPool(CONCURRENT_DOWNLOADS, r -> {
                Thread t = new Thread(r, "linnet-pull-" + THREADS.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            List<Boolean> present = new ArrayList<>();
            for (Descriptor layer : layers) {
                String id = Digests.shortId(layer.getDigest());
                // held under this pull's lease so the collector cannot take it before the image refers to it
                present.add(content.holdIfPresent(lease, layer.getDigest()));
                progress.status(id, present.get(present.size() - 1) ? "Already exists" : "Pulling fs layer");
                downloads.add(null);
            }
            for (int i = 0; i < layers.size(); i++) {
                if (downloads.get(i) == null && !present.get(i)) {
                    Descriptor layer = layers.get(i);
                    downloads.set(i, pool.submit(() -> {
                        download(lease, session, layer, Digests.shortId(layer.getDigest()), progress);
                        return null;
                    }));
                }
            }
            // unpack in order as downloads finish (bottom layer first), while the rest still download
            for (int i = 0; i < layers.size(); i++) {
                Future<?> download = downloads.get(i);
                if (download == null) {
                    continue;
                }
                await(download);
                String id = Digests.shortId(layers.get(i).getDigest());
                long size = layers.get(i).getSize();
                progress.progress(id, "Extracting", 0, size);
                snapshots.unpack(lease, layers.subList(0, i + 1), diffIds.subList(0, i + 1));
                progress.progress(id, "Extracting", size, size);
                progress.status(id, "Pull complete");
            }
            if (targetIsIndex) {
                content.write(lease, top.content(), Map.of("containerd.io/gc.ref.content.m." + chosenIndex,
                        manifestDescriptor.getDigest()));
            }
            Map<String, String> noLabels = Map.of();
            ContentStore.Blob stored = content.write(lease, platformManifest.content(), noLabels);
            if (!stored.digest().equals(manifestDescriptor.getDigest())) {
                throw new IllegalStateException("manifest stored as " + stored.digest());
            }
            // labels, remaining unpacking (layers that existed as content but not as snapshots), GC references
            writer.commit(lease, configDescriptor, layers, diffIds, manifestDescriptor);
            rememberSource(layers, named);
            names.point(named.toString(), target, config.id());
            if (named.digest() == null) {
                names.point(digestName, target, config.id());
            }
            LOG.info("pulled image {} {} ({}) in {} ms", named.familiar(), config.id(), target.getDigest(),
                    (System.nanoTime() - started) / 1_000_000);
            progress.status(null, "Digest: " + target.getDigest());
            return true;
        } catch (Snapshots.LayerMismatchException e) {
            throw new RegistryException(e.getMessage(), e);
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
            snapshots.deleteLease(lease);
        }
    }

    /** Gzip (or zstd) compressed and plain tar layers, OCI and Docker types; no foreign layers. */
    static boolean isPullableLayer(String mediaType) {
        return switch (mediaType) {
            case "application/vnd.oci.image.layer.v1.tar", "application/vnd.oci.image.layer.v1.tar+gzip",
                    "application/vnd.oci.image.layer.v1.tar+zstd", "application/vnd.docker.image.rootfs.diff.tar",
                    "application/vnd.docker.image.rootfs.diff.tar.gzip" -> true;
            default -> false;
        };
    }

    /** The name already points at this content, and it is all there, unpacked. */
    private boolean upToDate(String name, Descriptor target, ManifestInfo manifest, ConfigInfo config) {
        var record = catalog.record(name);
        if (record.isEmpty() || !record.get().getTarget().getDigest().equals(target.getDigest())) {
            return false;
        }
        for (Descriptor layer : manifest.layers()) {
            if (content.info(layer.getDigest()).isEmpty()) {
                return false;
            }
        }
        List<String> chains = Digests.chainIds(config.diffIds());
        return chains.isEmpty() || snapshots.exists(chains.get(chains.size() - 1));
    }

    /** The layers are in this repository: a push to another one of the registry can mount them. */
    private void rememberSource(List<Descriptor> layers, ImageReference named) {
        for (Descriptor layer : layers) {
            try {
                content.info(layer.getDigest()).ifPresent(info -> {
                    var label = DistributionSources.withRepository(info.getLabelsMap(), named.domain(), named.path());
                    if (label != null) {
                        content.addLabels(layer.getDigest(), Map.of(label.getKey(), label.getValue()));
                    }
                });
            } catch (RuntimeException e) {
                LOG.debug("could not label {} with its source: {}", layer.getDigest(), e.toString());
            }
        }
    }

    /** Streams a blob from the registry into the content store, verified; progress lines when id is given. */
    private void download(String lease, RegistrySession session, Descriptor d, String id, ProgressSink progress) {
        long total = d.getSize();
        // a broken connection is resumed from where it broke, as dockerd retries
        try (ResumingBlobStream blob = new ResumingBlobStream(session, d.getDigest(), total > 0 ? total : -1, id,
                progress, maxDownloadAttempts, ResumingBlobStream.RETRY_UNIT_MILLIS)) {
            long size = total > 0 ? total : blob.announcedSize();
            // sizes checked here; the digest by containerd at commit (hashing twice costs seconds per 100 MB)
            InputStream in = new VerifyingInputStream(blob, d.getDigest(), size, false);
            long[] reported = {0};
            content.writeExpected(lease, in, size, d.getDigest(), Map.of(),
                    id == null ? null : done -> {
                        if (done - reported[0] >= PROGRESS_STEP || done == total) {
                            reported[0] = done;
                            progress.progress(id, "Downloading", done, total);
                        }
                    });
            if (id != null) {
                progress.status(id, "Verifying Checksum");
                progress.status(id, "Download complete");
            }
        } catch (ContentStore.DigestMismatchException e) {
            throw new RegistryException(e.getMessage(), e); // dockerd's words
        } catch (IOException e) {
            throw new RegistryException("failed to download " + d.getDigest() + ": " + e.getMessage(), e);
        }
    }

    private static void await(Future<?> download) {
        try {
            download.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException("pull interrupted", e);
        } catch (CancellationException e) {
            throw new RegistryException("download cancelled", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof EngineException engine) {
                throw engine;
            }
            if (cause instanceof UncheckedIOException io) {
                throw new RegistryException(io.getMessage(), io);
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new RegistryException(String.valueOf(cause.getMessage()), cause);
        }
    }
}
