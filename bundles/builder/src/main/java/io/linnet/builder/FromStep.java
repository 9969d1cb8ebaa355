package io.linnet.builder;

import io.linnet.builder.dockerfile.Instruction;
import io.linnet.builder.dockerfile.ShellLex;
import io.linnet.engine.api.InvalidParameterException;
import io.linnet.engine.api.NotFoundException;
import io.linnet.engine.api.build.BuildOutput;
import io.linnet.engine.api.build.BuildRequest;
import io.linnet.engine.api.image.ImageReference;
import io.linnet.engine.api.image.ImageService;
import io.linnet.engine.api.registry.ImageDistribution;
import io.linnet.engine.api.registry.RegistryAuth;

import java.util.Map;

/**
 * FROM: a stage starts on an earlier stage's image, on scratch (no image), or on an image from
 * the store, pulled when it is missing or the build asks to pull, with its config as the start.
 */
final class FromStep {
    private final ImageService images;
    /** Absent without a registry client: then only images in the store can be built on. */
    private final ImageDistribution distribution;
    private final BuildRequest request;
    private final BuildOutput out;
    private final StageImages stageImages;

    FromStep(ImageService images, ImageDistribution distribution, BuildRequest request, BuildOutput out,
            StageImages stageImages) {
        this.images = images;
        this.distribution = distribution;
        this.request = request;
        this.out = out;
        this.stageImages = stageImages;
    }

    void execute(StageState state, Instruction.From from, ShellLex metaLex) {
        String base = metaLex.processWord(from.image());
        if (base.isEmpty()) {
            throw new InvalidParameterException("base name (" + from.rest() + ") should not be blank");
        }
        String stageImage = stageImages.find(base);
        if (stageImage != null) {
            state.imageId = stageImage;
        } else if (base.equalsIgnoreCase("scratch")) {
            state.imageId = "";
            return;
        } else {
            boolean present;
            try {
                images.inspect(base);
                present = true;
            } catch (NotFoundException e) {
                present = false;
            }
            if (!present || request.pull()) {
                pull(base, present);
            }
            state.imageId = images.inspect(base).id();
        }
        state.config = RunConfig.of(images.inspect(state.imageId).config());
    }

    /** A base image from its registry, with the pull's progress in the build stream, as dockerd's builder. */
    private void pull(String base, boolean present) {
        ImageReference reference;
        try {
            reference = ImageReference.parse(base);
        } catch (InvalidParameterException e) {
            throw new InvalidParameterException("invalid reference format: " + base);
        }
        if (reference.digest() == null) {
            reference = reference.withDefaultTag();
        }
        if (distribution == null) {
            if (present) {
                return;
            }
            throw new NotFoundException("pull access denied for " + reference.familiarRepository()
                    + ", repository does not exist or may require 'docker login': No such image: " + reference.familiar());
        }
        distribution.pull(reference, null, auth(reference.domain()), out);
    }

    private RegistryAuth auth(String domain) {
        Map<String, RegistryAuth> auths = request.registryAuths();
        for (Map.Entry<String, RegistryAuth> e : auths.entrySet()) {
            String key = e.getKey().replaceFirst("^https?://", "").replaceAll("/.*$", "");
            boolean hub = ImageReference.DEFAULT_DOMAIN.equals(domain)
                    && (key.equals("index.docker.io") || key.equals("docker.io") || key.equals("registry-1.docker.io"));
            if (key.equals(domain) || hub) {
                return e.getValue();
            }
        }
        return RegistryAuth.NONE;
    }
}
