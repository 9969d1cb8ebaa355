package io.linnet.engine.testing;

import io.linnet.engine.api.ConflictException;
import io.linnet.engine.api.InvalidParameterException;
import io.linnet.engine.api.NotFoundException;
import io.linnet.engine.api.image.Image;
import io.linnet.engine.api.image.ImageConfig;
import io.linnet.engine.api.image.ImageDeleteResult;
import io.linnet.engine.api.image.ImageHistoryEntry;
import io.linnet.engine.api.image.ImageReference;
import io.linnet.engine.api.image.ImageService;
import io.linnet.engine.api.image.ImportRequest;
import io.linnet.engine.api.image.ProgressSink;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Images by ID with their names, resolved as the real service resolves them (familiar or full name,
 * ID with or without "sha256:", unique ID prefix) and with its error texts. Load, import and save
 * move no layers: save writes the names, import makes an image of the given reference.
 */
public final class FakeImageService implements ImageService {
    private static final Pattern ID_PREFIX = Pattern.compile("^(sha256:)?[0-9a-f]{1,64}$");

    private final Map<String, Image> images = new LinkedHashMap<>();
    private final Ids ids = new Ids("image");
    private Instant clock = Instant.parse("2024-01-01T00:00:00Z");

    /** Forgets every image. */
    public synchronized void reset() {
        images.clear();
    }

    /** Adds an image named {@code reference} ("busybox" gets ":latest") with one layer of {@code size} bytes. */
    public Image add(String reference, long size) {
        return add(reference, List.of("sha256:" + ids.next()), List.of(size));
    }

    /** Adds an image with these layers, bottom first (images that share a layer give it the same diff ID). */
    public synchronized Image add(String reference, List<String> diffIds, List<Long> layerSizes) {
        clock = clock.plusSeconds(60);
        Image image = new Image("sha256:" + ids.next(), List.of(familiar(reference)), List.of(), "", "", clock, "", "",
                "amd64", "", "linux", ImageConfig.empty(), diffIds, layerSizes.stream().mapToLong(Long::longValue).sum(),
                layerSizes, "sha256:" + ids.next(), clock);
        images.put(image.id(), image);
        return image;
    }

    /** Adds an image as given (tests that need layers, parents or labels). */
    public synchronized Image add(Image image) {
        images.put(image.id(), image);
        return image;
    }

    @Override
    public synchronized List<Image> list() {
        return List.copyOf(images.values());
    }

    @Override
    public synchronized Image inspect(String nameOrId) {
        return images.get(resolve(nameOrId));
    }

    @Override
    public synchronized List<ImageHistoryEntry> history(String nameOrId) {
        Image image = inspect(nameOrId);
        return List.of(new ImageHistoryEntry(image.id(), image.created(), "/bin/sh -c #(nop) ADD file:fake in / ", "",
                image.size(), image.repoTags()));
    }

    @Override
    public synchronized void tag(String source, ImageReference target) {
        Image image = inspect(source);
        String name = target.withDefaultTag().familiar();
        for (Image other : List.copyOf(images.values())) {
            if (other.repoTags().contains(name)) {
                put(other, without(other.repoTags(), name));
            }
        }
        List<String> tags = new ArrayList<>(images.get(image.id()).repoTags());
        tags.add(name);
        put(images.get(image.id()), tags.stream().sorted().toList());
    }

    @Override
    public synchronized List<ImageDeleteResult> remove(String nameOrId, boolean force, boolean noPrune) {
        String id = resolve(nameOrId);
        Image image = images.get(id);
        String name = byName(nameOrId) ? familiar(nameOrId) : null;
        if (name == null && image.repoTags().size() > 1 && !force) {
            throw new ConflictException("conflict: unable to delete " + shortId(id)
                    + " (must be forced) - image is referenced in multiple repositories");
        }
        List<ImageDeleteResult> results = new ArrayList<>();
        List<String> untag = name == null ? image.repoTags() : List.of(name);
        untag.forEach(tag -> results.add(ImageDeleteResult.untagged(tag)));
        List<String> left = image.repoTags().stream().filter(t -> !untag.contains(t)).toList();
        if (left.isEmpty()) {
            images.remove(id);
            results.add(ImageDeleteResult.deleted(id));
        } else {
            put(image, left);
        }
        return results;
    }

    @Override
    public List<LoadedImage> load(InputStream archive, ProgressSink progress) {
        throw new InvalidParameterException("the fake image service loads no archives");
    }

    @Override
    public synchronized String importRootfs(InputStream tarball, ImportRequest request, ProgressSink progress) {
        long size = drain(tarball);
        Image image = add(request.reference() == null ? "imported-" + images.size() : request.reference().toString(), size);
        if (request.reference() == null) {
            put(image, List.of());
        }
        return image.id();
    }

    @Override
    public void save(List<String> namesOrIds, OutputStream out) {
        try {
            out.write(String.join("\n", namesOrIds).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized PruneReport prune(boolean danglingOnly, io.linnet.engine.api.PruneFilter filter) {
        List<ImageDeleteResult> deleted = new ArrayList<>();
        long reclaimed = 0;
        for (Image image : List.copyOf(images.values())) {
            if ((!danglingOnly || image.dangling()) && filter.accepts(image.created(), image.config() == null ? null : image.config().labels())) {
                images.remove(image.id());
                deleted.add(ImageDeleteResult.deleted(image.id()));
                reclaimed += image.size();
            }
        }
        return new PruneReport(deleted, reclaimed);
    }

    private String resolve(String nameOrId) {
        if (nameOrId != null && ID_PREFIX.matcher(nameOrId).matches()) {
            String hex = nameOrId.startsWith("sha256:") ? nameOrId : "sha256:" + nameOrId;
            List<String> matching = images.keySet().stream().filter(id -> id.startsWith(hex)).toList();
            if (matching.size() == 1) {
                return matching.get(0);
            }
        }
        if (byName(nameOrId)) {
            String name = familiar(nameOrId);
            for (Image image : images.values()) {
                if (image.repoTags().contains(name)) {
                    return image.id();
                }
            }
        }
        throw new NotFoundException("No such image: " + shownAs(nameOrId));
    }

    private static boolean byName(String nameOrId) {
        if (nameOrId == null || nameOrId.isEmpty() || ID_PREFIX.matcher(nameOrId).matches()) {
            return false;
        }
        try {
            ImageReference.parse(nameOrId);
            return true;
        } catch (InvalidParameterException notAName) {
            return false;
        }
    }

    /** As moby 24 names a missing image: a name with its default tag, anything else as typed. */
    private static String shownAs(String nameOrId) {
        return byName(nameOrId) ? familiar(nameOrId) : nameOrId;
    }

    private static String familiar(String reference) {
        return ImageReference.parse(reference).withDefaultTag().familiar();
    }

    private static String shortId(String id) {
        return id.substring("sha256:".length(), "sha256:".length() + 12);
    }

    private static List<String> without(List<String> tags, String name) {
        return tags.stream().filter(t -> !t.equals(name)).toList();
    }

    private void put(Image i, List<String> repoTags) {
        images.put(i.id(), new Image(i.id(), repoTags, i.repoDigests(), i.parent(), i.comment(), i.created(),
                i.author(), i.dockerVersion(), i.architecture(), i.variant(), i.os(), i.config(), i.diffIds(), i.size(),
                i.layerSizes(), i.manifestDigest(), i.lastTagTime()));
    }

    private static long drain(InputStream in) {
        try {
            return in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
