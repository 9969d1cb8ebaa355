package io.linnet.engine.testing;

import io.linnet.engine.api.InvalidParameterException;
import io.linnet.engine.api.build.BuildCachePruneFilter;
import io.linnet.engine.api.build.BuildCacheRecord;
import io.linnet.engine.api.build.BuildCacheService;
import io.linnet.engine.api.build.BuildFailedException;
import io.linnet.engine.api.build.BuildOutput;
import io.linnet.engine.api.build.BuildRequest;
import io.linnet.engine.api.build.BuildService;
import io.linnet.engine.api.image.Image;
import io.linnet.engine.api.image.ImageConfig;
import io.linnet.engine.api.image.ImageLayers;
import io.linnet.engine.api.image.ImageReference;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds, commits and the build cache without a Dockerfile parser: a build reads its context,
 * says one step, and makes an image named by its tags; a context of {@code fail <code>} fails
 * that step as a RUN does. Commits make an image from the container's image; changes may only
 * set labels ({@code LABEL k=v}).
 */
public final class FakeBuilder implements BuildService, BuildCacheService, ImageLayers {
    private final FakeImageService images;
    private final FakeContainerService containers;
    private final Map<String, BuildCacheRecord> cache = new LinkedHashMap<>();
    private final Ids ids = new Ids("committed image");
    /** What the last build was asked, for tests of query parsing. */
    private volatile BuildRequest lastRequest;

    public FakeBuilder(FakeImageService images, FakeContainerService containers) {
        this.images = images;
        this.containers = containers;
    }

    public synchronized void reset() {
        cache.clear();
        lastRequest = null;
    }

    public BuildRequest lastRequest() {
        return lastRequest;
    }

    public synchronized void addCacheRecord(BuildCacheRecord record) {
        cache.put(record.id(), record);
    }

    @Override
    public String build(InputStream context, BuildRequest request, BuildOutput output) {
        lastRequest = request;
        String text;
        try {
            text = new String(context.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        output.stream("Step 1/1 : RUN " + text + "\n");
        if (text.startsWith("fail ")) {
            int code = Integer.parseInt(text.substring(5));
            throw new BuildFailedException("The command '/bin/sh -c " + text + "' returned a non-zero code: " + code,
                    code);
        }
        Image image = images.add(request.tags().isEmpty() ? "built" : request.tags().get(0), text.length());
        for (String tag : request.tags().stream().skip(1).toList()) {
            images.tag(image.id(), ImageReference.parse(tag));
        }
        output.imageId(image.id());
        output.stream("Successfully built " + image.id().substring(7, 19) + "\n");
        return image.id();
    }

    @Override
    public synchronized List<BuildCacheRecord> usage() {
        return List.copyOf(cache.values());
    }

    @Override
    public synchronized PruneReport prune(boolean all, BuildCachePruneFilter filter, long keepStorage) {
        List<String> deleted = new ArrayList<>();
        long reclaimed = 0;
        for (BuildCacheRecord r : List.copyOf(cache.values())) {
            if (!r.inUse() && (all || !r.shared()) && filter.accepts(r)) {
                cache.remove(r.id());
                deleted.add(r.id());
                reclaimed += r.size();
            }
        }
        return new PruneReport(deleted, reclaimed);
    }

    @Override
    public String commitContainer(String containerId, String parentImageId, Step step) {
        Image parent = images.inspect(parentImageId);
        Image image = images.add(new Image("sha256:" + ids.next(), List.of(), List.of(),
                parent.id(), step.comment(), parent.created(), step.author(), "", parent.architecture(), "",
                parent.os(), step.config(), parent.diffIds(), parent.size(), parent.layerSizes(), "", null));
        containers.get(containerId);
        return image.id();
    }

    @Override
    public String addLayer(String parentImageId, InputStream layerTar, Step step) {
        throw new UnsupportedOperationException("the fake builder adds no layers");
    }

    @Override
    public String changeConfig(String parentImageId, Step step) {
        throw new UnsupportedOperationException("the fake builder changes no configs");
    }

    @Override
    public InputStream exportRootfs(String imageId) {
        return InputStream.nullInputStream();
    }

    @Override
    public ImageConfig applyChanges(ImageConfig base, List<String> changes) {
        Map<String, String> labels = new LinkedHashMap<>(base.labels());
        for (String change : changes) {
            String[] words = change.split("\\s+", 2);
            if (!words[0].equalsIgnoreCase("LABEL") || words.length < 2 || !words[1].contains("=")) {
                throw new InvalidParameterException(change + " is not a change the fake builder makes");
            }
            String[] kv = words[1].split("=", 2);
            labels.put(kv[0], kv[1]);
        }
        return new ImageConfig(base.hostname(), base.domainname(), base.user(), base.env(), base.cmd(),
                base.entrypoint(), base.workingDir(), labels, base.exposedPorts(), base.volumes(), base.stopSignal(),
                base.healthcheck(), base.onBuild(), base.shell(), base.argsEscaped());
    }
}
