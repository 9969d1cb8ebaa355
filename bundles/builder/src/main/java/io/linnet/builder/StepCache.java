package io.linnet.builder;

import io.linnet.engine.api.NotFoundException;
import io.linnet.engine.api.build.BuildOutput;
import io.linnet.engine.api.image.ImageService;

import java.util.Optional;

/**
 * The build cache as steps use it: a hit moves the stage onto the cached image and says so in the
 * output; with --no-cache nothing is looked up, though every step is still recorded.
 */
final class StepCache {
    private final BuildCache cache;
    private final ImageService images;
    private final boolean noCache;
    private final BuildOutput out;

    StepCache(BuildCache cache, ImageService images, boolean noCache, BuildOutput out) {
        this.cache = cache;
        this.images = images;
        this.noCache = noCache;
        this.out = out;
    }

    /**
     * The key of a step on the stage's image: a step on another config is another step.
     *
     * @param step    the step as text, variables expanded
     * @param options what else makes the step differ, after the config (COPY's owner and mode), "" for none
     * @param inputs  the digest of what it reads from outside the image ("" for none)
     */
    static String key(StageState state, String step, String options, String inputs) {
        return BuildCache.key(state.imageId, step + "\n" + state.config.toImageConfig() + options, inputs);
    }

    /** Whether the step was made before (and its image is still there); then the stage is on that image. */
    boolean reuse(StageState state, String key) {
        Optional<String> cached = lookup(key);
        if (cached.isEmpty()) {
            return false;
        }
        out.stream(" ---> Using cache\n");
        state.imageId = cached.get();
        return true;
    }

    void record(String key, String imageId, String createdBy) {
        cache.put(key, imageId, createdBy);
    }

    private Optional<String> lookup(String key) {
        if (noCache) {
            return Optional.empty();
        }
        return cache.get(key).filter(id -> {
            try {
                images.inspect(id);
                return true;
            } catch (NotFoundException gone) {
                return false;
            }
        });
    }
}
