package io.linnet.engine.api.image;

import io.linnet.engine.api.container.Container;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What images take on disk, as {@code docker system df} reports it: every layer counted once, and
 * for each image the bytes it shares with other images and the containers that use it.
 *
 * @param layersSize bytes of all distinct layers
 * @param images     one entry per image, in the order given
 */
public record ImageDiskUsage(long layersSize, List<Entry> images) {

    public ImageDiskUsage {
        images = List.copyOf(images);
    }

    /**
     * @param sharedSize bytes of the image's layers that other images hold too
     * @param containers how many containers use the image
     */
    public record Entry(Image image, long sharedSize, int containers) {
    }

    public static ImageDiskUsage of(List<Image> images, List<Container> containers) {
        Map<String, Integer> holders = new HashMap<>();
        Map<String, Long> layerSize = new HashMap<>();
        for (Image image : images) {
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < image.diffIds().size(); i++) {
                String layer = layer(image, i);
                if (seen.add(layer)) {
                    holders.merge(layer, 1, Integer::sum);
                    layerSize.put(layer, i < image.layerSizes().size() ? image.layerSizes().get(i) : 0L);
                }
            }
        }
        Map<String, Integer> users = new HashMap<>();
        containers.forEach(c -> users.merge(c.imageId(), 1, Integer::sum));
        List<Entry> entries = new ArrayList<>();
        for (Image image : images) {
            long shared = 0;
            for (int i = 0; i < image.diffIds().size(); i++) {
                String layer = layer(image, i);
                if (holders.getOrDefault(layer, 0) > 1) {
                    shared += layerSize.getOrDefault(layer, 0L);
                }
            }
            entries.add(new Entry(image, shared, users.getOrDefault(image.id(), 0)));
        }
        return new ImageDiskUsage(layerSize.values().stream().mapToLong(Long::longValue).sum(), entries);
    }

    /** A layer is its chain of diff IDs: the same diff on another base is another layer. */
    private static String layer(Image image, int index) {
        return String.join(",", image.diffIds().subList(0, index + 1));
    }
}
