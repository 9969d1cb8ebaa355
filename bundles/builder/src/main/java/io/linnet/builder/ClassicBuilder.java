package io.linnet.builder;

import io.linnet.builder.context.BuildContext;
import io.linnet.builder.context.DockerIgnore;
import io.linnet.builder.dockerfile.DockerfileParser;
import io.linnet.engine.api.build.BuildFailedException;
import io.linnet.engine.api.build.BuildOutput;
import io.linnet.engine.api.build.BuildRequest;
import io.linnet.engine.api.build.BuildService;
import io.linnet.engine.api.container.ContainerService;
import io.linnet.engine.api.image.ImageLayers;
import io.linnet.engine.api.image.ImageReference;
import io.linnet.engine.api.image.ImageService;
import io.linnet.engine.api.registry.ImageDistribution;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Docker's classic builder on the engine services: the context is extracted under
 * {@code <dataRoot>/builder/tmp}, .dockerignore applied, the Dockerfile parsed and dispatched.
 */
@Component(service = BuildService.class, configurationPid = "io.linnet.daemon",
        configurationPolicy = ConfigurationPolicy.REQUIRE)
public final class ClassicBuilder implements BuildService {
    private static final Logger LOG = LoggerFactory.getLogger(ClassicBuilder.class);

    private final ImageService images;
    private final ContainerService containers;
    private final ImageLayers layers;
    private final BuildCache cache;
    /** Pulls base images FROM names that are not in the store; absent without a registry client. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ImageDistribution distribution;

    @Activate
    public ClassicBuilder(@Reference ImageService images, @Reference ContainerService containers,
            @Reference ImageLayers layers, BuilderConfig config) {
        this(images, containers, layers, Path.of(config.dataRoot()));
    }

    ClassicBuilder(ImageService images, ContainerService containers, ImageLayers layers, Path dataRoot) {
        this.images = images;
        this.containers = containers;
        this.layers = layers;
        this.cache = new BuildCache(dataRoot.toAbsolutePath().normalize());
    }

    @Override
    public String build(InputStream body, BuildRequest request, BuildOutput output) {
        List<ImageReference> tags = new ArrayList<>();
        for (String t : request.tags()) {
            try {
                tags.add(ImageReference.parse(t).withDefaultTag());
            } catch (RuntimeException e) {
                throw new BuildFailedException(e.getMessage()); // a 500, as dockerd
            }
        }
        QuietOutput quiet = request.quiet() ? new QuietOutput(output) : null;
        BuildOutput out = quiet != null ? quiet : output;
        Path dir;
        try {
            dir = cache.tempDir("context-");
        } catch (IOException e) {
            throw new BuildFailedException(e.getMessage()); // a full disk: the client is told, as dockerd
        }
        try (BuildContext context = extract(body, dir)) {
            String dockerfileName = DockerIgnore.cleanPath(request.dockerfile());
            String text;
            try {
                if (dockerfileName.equals("..") || dockerfileName.startsWith("../")) {
                    throw new java.nio.file.NoSuchFileException(dockerfileName); // outside the context
                }
                text = new String(context.read(dockerfileName), StandardCharsets.UTF_8);
            } catch (java.nio.file.FileSystemException missing) {
                // also a Dockerfile that is a link leading nowhere inside the context (dockerd follows it in scope)
                throw new BuildFailedException("Cannot locate specified Dockerfile: " + request.dockerfile());
            }
            byte[] ignoreText = null;
            try {
                ignoreText = context.read(".dockerignore");
            } catch (java.nio.file.FileSystemException none) {
                if (String.valueOf(none.getReason()).startsWith("file larger than")) {
                    throw none;
                }
                // no .dockerignore, or none that is a file inside the context
            }
            if (ignoreText != null) {
                DockerIgnore ignore = DockerIgnore.parse(new String(ignoreText, StandardCharsets.UTF_8));
                // both were read already: like every other file, they stay out of COPY when .dockerignore names
                // them (moby's removeDockerfile)
                context.applyIgnore(ignore);
            }
            DockerfileParser.Result parsed = DockerfileParser.parse(text);
            Build build = new Build(images, containers, layers, cache, context.root(), request, out, parsed.escape(),
                    distribution);
            String id = build.run(parsed.instructions());
            out.stream("Successfully built " + id.substring(7, 19) + "\n");
            for (ImageReference tag : tags) {
                images.tag(id, tag);
                out.stream("Successfully tagged " + tag.familiar() + "\n");
            }
            LOG.info("built image {} tagged {}", id, request.tags());
            return id;
        } catch (IOException e) {
            if (quiet != null) {
                quiet.release();
            }
            throw new UncheckedIOException("build failed: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            if (quiet != null) {
                quiet.release();
            }
            throw e;
        }
    }

    private static BuildContext extract(InputStream body, Path dir) throws IOException {
        try {
            return BuildContext.extract(body, dir);
        } catch (IOException | RuntimeException e) {
            RootfsExport.delete(dir);
            throw e;
        }
    }

    /** q=1: step output is held back (up to 1 MiB) and shown only when the build fails, as dockerd does. */
    private static final class QuietOutput implements BuildOutput {
        private static final int LIMIT = 1024 * 1024;
        private final BuildOutput output;
        private final StringBuilder held = new StringBuilder();

        QuietOutput(BuildOutput output) {
            this.output = output;
        }

        @Override
        public synchronized void stream(String text) {
            if (held.length() + text.length() <= LIMIT) {
                held.append(text);
            }
        }

        @Override
        public void imageId(String id) {
            output.imageId(id);
        }

        synchronized void release() {
            if (held.length() > 0) {
                output.stream(held.toString());
                held.setLength(0);
            }
        }
    }
}
