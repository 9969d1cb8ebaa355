package io.linnet.api.images;

import io.linnet.api.model.DockerTime;
import io.linnet.api.model.container.ContainerConfig;
import io.linnet.api.model.image.DeleteItem;
import io.linnet.api.model.image.HistoryItem;
import io.linnet.api.model.image.ImageInspect;
import io.linnet.api.model.image.ImageSummary;
import io.linnet.engine.api.image.Image;
import io.linnet.engine.api.image.ImageConfig;
import io.linnet.engine.api.image.ImageDeleteResult;
import io.linnet.engine.api.image.ImageHistoryEntry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Engine images in the JSON shapes dockerd answers with. */
final class ImageViews {
    private ImageViews() {
    }

    /** dockerd's list entry; SharedSize is -1 unless the caller computed it. */
    static ImageSummary summary(Image image, boolean withVirtualSize) {
        return summary(image, withVirtualSize, -1);
    }

    static ImageSummary summary(Image image, boolean withVirtualSize, long sharedSize) {
        return new ImageSummary(
                -1,
                image.created() == null ? 0 : image.created().getEpochSecond(),
                image.id(),
                image.config().labels().isEmpty() ? null : image.config().labels(),
                image.parent(),
                // dockerd lists an image without digests as null here (and [] in inspect).
                image.repoDigests().isEmpty() ? null : image.repoDigests(),
                image.repoTags(),
                sharedSize,
                image.size(),
                withVirtualSize ? image.size() : null);
    }

    static ImageInspect inspect(Image image, boolean withVirtualSize) {
        return new ImageInspect(
                image.id(),
                image.repoTags(),
                image.repoDigests(),
                image.parent(),
                image.comment(),
                DockerTime.rfc3339Nano(image.created()),
                "",
                ContainerConfig.zero(),
                image.dockerVersion(),
                image.author(),
                config(image.config()),
                image.architecture(),
                image.variant(),
                image.os(),
                "",
                image.size(),
                withVirtualSize ? image.size() : null,
                new ImageInspect.GraphDriver(null, "overlayfs"),
                new ImageInspect.RootFs("layers", image.diffIds()),
                new ImageInspect.Metadata(image.lastTagTime() == null ? DockerTime.ZERO
                        : DockerTime.rfc3339Nano(image.lastTagTime())));
    }

    /** An image's run-time defaults as Docker's Config; empty lists are Go's nil (JSON null). */
    static ContainerConfig config(ImageConfig c) {
        ImageConfig.Healthcheck h = c.healthcheck();
        return new ContainerConfig(
                c.hostname(), c.domainname(), c.user(),
                false, false, false,
                set(c.exposedPorts()),
                false, false, false,
                nil(c.env()),
                nil(c.cmd()),
                h == null ? null : new ContainerConfig.HealthConfig(h.test(), h.interval(), h.timeout(), h.retries(),
                        h.startPeriod(), h.startInterval()),
                c.argsEscaped() ? Boolean.TRUE : null,
                "",
                set(c.volumes()),
                c.workingDir(),
                nil(c.entrypoint()),
                null,
                null,
                nil(c.onBuild()),
                c.labels().isEmpty() ? null : c.labels(),
                c.stopSignal().isEmpty() ? null : c.stopSignal(),
                null,
                nil(c.shell()));
    }

    /**
     * Bytes of an image's layers that other images use too (dockerd's SharedSize). A layer is the
     * same layer when the whole stack below it is the same, so layers are keyed by their chain.
     */
    static java.util.Map<String, Long> sharedSizes(List<Image> images) {
        java.util.Map<String, Integer> users = new java.util.HashMap<>();
        for (Image image : images) {
            for (String chain : chains(image)) {
                users.merge(chain, 1, Integer::sum);
            }
        }
        java.util.Map<String, Long> shared = new java.util.HashMap<>();
        for (Image image : images) {
            List<String> chains = chains(image);
            long bytes = 0;
            for (int i = 0; i < chains.size() && i < image.layerSizes().size(); i++) {
                if (users.get(chains.get(i)) > 1) {
                    bytes += image.layerSizes().get(i);
                }
            }
            shared.put(image.id(), bytes);
        }
        return shared;
    }

    private static List<String> chains(Image image) {
        List<String> chains = new java.util.ArrayList<>();
        StringBuilder chain = new StringBuilder();
        for (String diffId : image.diffIds()) {
            chain.append(diffId).append(' ');
            chains.add(chain.toString());
        }
        return chains;
    }

    static List<HistoryItem> history(List<ImageHistoryEntry> entries) {
        return entries.stream().map(e -> new HistoryItem(
                e.comment(),
                e.created() == null ? 0 : e.created().getEpochSecond(),
                e.createdBy(),
                e.id(),
                e.size(),
                e.tags() == null || e.tags().isEmpty() ? null : e.tags())).toList();
    }

    static List<DeleteItem> deleted(List<ImageDeleteResult> results) {
        return results.stream().map(r -> new DeleteItem(r.untagged(), r.deleted())).toList();
    }

    private static <T> List<T> nil(List<T> list) {
        return list == null || list.isEmpty() ? null : list;
    }

    /** Docker's "set" objects: {"80/tcp": {}}. */
    private static Map<String, Map<String, Object>> set(List<String> keys) {
        if (keys == null || keys.isEmpty()) {
            return null;
        }
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        for (String k : keys) {
            out.put(k, Map.of());
        }
        return out;
    }
}
