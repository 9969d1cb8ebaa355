package io.linnet.api.build;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.linnet.api.model.JsonBody;
import io.linnet.api.model.QueryValues;
import io.linnet.api.model.Whiteboard;
import io.linnet.api.model.container.ContainerConfig;
import io.linnet.engine.api.InvalidParameterException;
import io.linnet.engine.api.ReplaceableService;
import io.linnet.engine.api.build.BuildFailedException;
import io.linnet.engine.api.build.BuildOutput;
import io.linnet.engine.api.build.BuildRequest;
import io.linnet.engine.api.build.BuildService;
import io.linnet.engine.api.container.Container;
import io.linnet.engine.api.container.ContainerService;
import io.linnet.engine.api.image.ImageConfig;
import io.linnet.engine.api.image.ImageLayers;
import io.linnet.engine.api.image.ImageReference;
import io.linnet.engine.api.image.ImageService;
import io.linnet.http.stream.ProgressStreams;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/** POST /build (classic builder) and POST /commit: HTTP in and out, the work is the engine's. */
@Component(service = Object.class, property = Whiteboard.RESOURCE)
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public final class BuildResource {
    private static final ObjectMapper JSON = io.linnet.api.model.json.DockerJson.newMapper();
    private final BuildService builder;
    private final ContainerService containers;
    private final ImageLayers layers;
    private final ImageService images;

    private final ReplaceableService<BuildService> builderBinding = new ReplaceableService<>(BuildService.class);
    private final ReplaceableService<ContainerService> containersBinding = new ReplaceableService<>(ContainerService.class);
    private final ReplaceableService<ImageLayers> layersBinding = new ReplaceableService<>(ImageLayers.class);
    private final ReplaceableService<ImageService> imagesBinding = new ReplaceableService<>(ImageService.class);

    @Activate
    public BuildResource() {
        this.builder = builderBinding.proxy();
        this.containers = containersBinding.proxy();
        this.layers = layersBinding.proxy();
        this.images = imagesBinding.proxy();
    }

    /** Over the given services, as bound (tests). */
    public BuildResource(BuildService builder, ContainerService containers, ImageLayers layers, ImageService images) {
        this();
        bindBuilder(builder);
        bindContainers(containers);
        bindLayers(layers);
        bindImages(images);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindBuilder(BuildService service) {
        builderBinding.bind(service);
    }

    void unbindBuilder(BuildService service) {
        builderBinding.unbind(service);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindContainers(ContainerService service) {
        containersBinding.bind(service);
    }

    void unbindContainers(ContainerService service) {
        containersBinding.unbind(service);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindLayers(ImageLayers service) {
        layersBinding.bind(service);
    }

    void unbindLayers(ImageLayers service) {
        layersBinding.unbind(service);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindImages(ImageService service) {
        imagesBinding.bind(service);
    }

    void unbindImages(ImageService service) {
        imagesBinding.unbind(service);
    }

    /** Requests still running on this revision finish with the services they had. */
    @Deactivate
    void deactivate() {
        builderBinding.retire();
        containersBinding.retire();
        layersBinding.retire();
        imagesBinding.retire();
    }

    @POST
    @Path("build")
    public StreamingOutput build(InputStream context, @QueryParam("dockerfile") String dockerfile,
            @QueryParam("t") List<String> tags, @QueryParam("buildargs") String buildArgs,
            @QueryParam("labels") String labels, @QueryParam("target") String target,
            @QueryParam("nocache") String noCache, @QueryParam("rm") String rm, @QueryParam("forcerm") String forceRm,
            @QueryParam("q") String quiet, @QueryParam("remote") String remote, @QueryParam("version") String version,
            @QueryParam("pull") String pull, @QueryParam("networkmode") String networkMode,
            @QueryParam("extrahosts") List<String> extraHosts, @HeaderParam("X-Registry-Config") String registryConfig) {
        if (remote != null && !remote.isEmpty()) {
            throw new InvalidParameterException("remote build contexts (" + remote + ") are not supported by this daemon");
        }
        if ("2".equals(version)) {
            throw new InvalidParameterException("BuildKit is not supported by this daemon: use DOCKER_BUILDKIT=0");
        }
        BuildRequest request = new BuildRequest(dockerfile, tags, map(buildArgs, "buildargs"), map(labels, "labels"),
                target, QueryValues.bool(noCache), rm == null || QueryValues.bool(rm), QueryValues.bool(forceRm),
                QueryValues.bool(quiet), QueryValues.bool(pull), RegistryConfigHeader.decode(registryConfig),
                networkMode, extraHosts);
        return ProgressStreams.of(lines -> {
            try {
                buildReadingAll(context, request, new BuildOutput() {
                    @Override
                    public void stream(String text) {
                        lines.stream(text);
                    }

                    @Override
                    public void imageId(String id) {
                        lines.object(Map.of("aux", Map.of("ID", id)));
                    }

                    @Override
                    public void status(String id, String status) {
                        lines.status(id, status);
                    }

                    @Override
                    public void progress(String id, String status, long current, long total) {
                        lines.progress(id, status, current, total);
                    }
                });
            } catch (BuildFailedException e) {
                if (!lines.started() || e.code() == 0) {
                    throw e;
                }
                // dockerd's error line for a failed RUN carries the exit code
                Map<String, Object> detail = new LinkedHashMap<>();
                detail.put("code", e.code());
                detail.put("message", e.getMessage());
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("errorDetail", detail);
                line.put("error", e.getMessage());
                lines.object(line);
            }
        });
    }

    /**
     * The build, then the rest of the context read and dropped: a build that failed before it read
     * its whole context (a full disk) answers a client that is still uploading it, where closing
     * the connection would leave the client with a broken pipe and no reason (dockerd reads it too).
     */
    private void buildReadingAll(InputStream context, BuildRequest request, BuildOutput output) {
        try {
            builder.build(context, request, output);
        } finally {
            try {
                context.transferTo(OutputStream.nullOutputStream());
            } catch (IOException clientGone) {
                // nobody left to answer
            }
        }
    }

    private static Map<String, String> map(String json, String name) {
        if (json == null || json.isEmpty()) {
            return Map.of();
        }
        try {
            Map<String, String> parsed = JSON.readValue(json, new TypeReference<LinkedHashMap<String, String>>() { });
            return parsed == null ? Map.of() : parsed;
        } catch (IOException e) {
            throw new InvalidParameterException("invalid " + name + " parameter: " + e.getMessage());
        }
    }

    @POST
    @Path("commit")
    @JsonBody
    public Response commit(@QueryParam("container") String container, @QueryParam("repo") String repo,
            @QueryParam("tag") String tag, @QueryParam("comment") String comment, @QueryParam("author") String author,
            @QueryParam("changes") List<String> changes, @QueryParam("pause") String pause, byte[] body) {
        // The config body is checked as dockerd decodes it (its fields are not applied yet).
        io.linnet.api.model.ApiJson.readBody(JSON, body, io.linnet.api.model.container.ContainerCreateRequest.class);
        ImageReference reference = null;
        if (repo != null && !repo.isEmpty()) {
            try {
                reference = ImageReference.parseRepositoryAndTag(repo, tag == null || tag.isEmpty() ? null : tag);
            } catch (RuntimeException e) {
                throw new InvalidParameterException("invalid reference format");
            }
        }
        Container c = containers.get(container == null ? "" : container);
        ImageConfig base = CommitConfig.fromContainerConfig(c.config());
        ImageConfig config = layers.applyChanges(base, changes == null ? List.of() : changes);
        List<String> cmd = new ArrayList<>();
        cmd.add(c.path());
        cmd.addAll(c.args());
        String id = layers.commitContainer(c.id(), c.imageId(),
                new ImageLayers.Step(config, String.join(" ", cmd), comment, author));
        if (reference != null) {
            images.tag(id, reference);
        }
        return Response.status(201).entity(Map.of("Id", id)).build();
    }

    /** The container's Config as an image config (what dockerd commits). */
    static final class CommitConfig {
        private CommitConfig() {
        }

        static ImageConfig fromContainerConfig(ContainerConfig c) {
            Map<String, String> labels = new LinkedHashMap<>();
            if (c.labels() != null) {
                c.labels().forEach((k, v) -> labels.put(k, v == null ? "" : v));
            }
            return new ImageConfig("", "", text(c.user()), strings(c.env()), strings(c.cmd()), strings(c.entrypoint()),
                    text(c.workingDir()), labels, keys(c.exposedPorts()), keys(c.volumes()), text(c.stopSignal()), null,
                    strings(c.onBuild()), strings(c.shell()), false);
        }

        private static String text(String s) {
            return s == null ? "" : s;
        }

        private static List<String> strings(List<String> values) {
            List<String> out = new ArrayList<>();
            if (values != null) {
                values.forEach(x -> out.add(text(x)));
            }
            return out;
        }

        private static List<String> keys(Map<String, ?> map) {
            return map == null ? new ArrayList<>() : new ArrayList<>(map.keySet());
        }
    }
}
