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
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code docker push}: the image's layers and configuration the registry lacks (HEAD first), as
 * they are stored (a loaded image's layers go as plain tar, a pulled one's as they came), then its
 * manifest, byte for byte, under the tag. The pushed digest becomes a RepoDigest, as in dockerd.
 */
final class RegistryPusher {

    static final int CONCURRENT_UPLOADS = 3;
    private static final Logger LOG = LoggerFactory.getLogger(RegistryPusher.class);
    private static final long PROGRESS_STEP = 512 * 1024;
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final ContentStore content;
    private final ImageCatalog catalog;
    private final ImageNames names;
    private final RegistryClient registry;

    RegistryPusher(ContentStore content, ImageCatalog catalog, ImageNames names, RegistryClient registry) {
        this.content = content;
        this.catalog = catalog;
        this.names = names;
        this.registry = registry;
    }

    void push(ImageReference reference, RegistryAuth auth, ProgressSink progress) {
        if (reference.digest() != null) {
            throw new InvalidParameterException("cannot push a digest reference");
        }
        ImageReference named = reference.withDefaultTag();
        Entry entry = catalog.find(named.toString()).map(ImageCatalog.Resolved::entry).orElseThrow(() ->
                new NotFoundException("An image does not exist locally with the tag: " + named.familiarRepository()));
        ManifestInfo manifest = entry.manifest();
        byte[] manifestBytes = content.readBytes(manifest.digest(), ImageCatalog.JSON_LIMIT);
        String mediaType = mediaTypeOf(manifestBytes);
        RegistrySession session = registry.open(named, auth, true);
        progress.status(null, "The push refers to repository [" + named.repository() + "]");
        long started = System.nanoTime();
        List<Descriptor> layers = new ArrayList<>(manifest.layers());
        java.util.Collections.reverse(layers); // top layer first, as dockerd lists them
        for (Descriptor layer : layers) {
            progress.status(Digests.shortId(layer.getDigest()), "Preparing");
        }
        ExecutorService pool = Executors.newFixedThreadPool(CONCURRENT_UPLOADS, r -> {
            Thread t = new Thread(r, "linnet-push-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> uploads = new ArrayList<>();
            for (Descriptor layer : layers) {
                uploads.add(pool.submit(() -> {
                    pushLayer(session, layer, progress);
                    return null;
                }));
            }
            for (Future<?> upload : uploads) {
                await(upload);
            }
            Descriptor config = manifest.config();
            if (!session.hasBlob(config.getDigest())) {
                session.putBlob(config.getDigest(), config.getSize(), () -> content.open(config.getDigest()), null);
            }
            String digest = session.putManifest(named.tag(), mediaType, manifestBytes);
            Descriptor target = Descriptor.newBuilder().setMediaType(mediaType).setDigest(digest)
                    .setSize(manifestBytes.length).build();
            if (digest.equals(manifest.digest())) {
                names.point(named.repository() + "@" + digest, target, entry.id());
            }
            LOG.info("pushed image {} {} as {} in {} ms", named.familiar(), entry.id(), digest,
                    (System.nanoTime() - started) / 1_000_000);
            progress.status(null, named.tag() + ": digest: " + digest + " size: " + manifestBytes.length);
        } finally {
            pool.shutdownNow();
        }
    }

    private void pushLayer(RegistrySession session, Descriptor layer, ProgressSink progress) {
        String id = Digests.shortId(layer.getDigest());
        if (session.hasBlob(layer.getDigest())) {
            progress.status(id, "Layer already exists");
            return;
        }
        long size = content.info(layer.getDigest()).map(i -> i.getSize())
                .orElseThrow(() -> new ContentStore.MissingContentException(layer.getDigest()));
        long[] reported = {0};
        progress.progress(id, "Pushing", 0, size);
        session.putBlob(layer.getDigest(), size, () -> content.open(layer.getDigest()), done -> {
            if (done - reported[0] >= PROGRESS_STEP || done == size) {
                reported[0] = done;
                progress.progress(id, "Pushing", done, size);
            }
        });
        progress.status(id, "Pushed");
    }

    private static String mediaTypeOf(byte[] manifest) {
        JsonNode root = ImageJson.parse(manifest, "manifest");
        String own = root.path("mediaType").asText("");
        return own.isEmpty() ? MediaTypes.OCI_MANIFEST : own;
    }

    private static void await(Future<?> upload) {
        try {
            upload.get();
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
