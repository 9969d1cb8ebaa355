package io.linnet.api.images;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.linnet.api.model.ApiVersion;
import io.linnet.api.model.Filters;
import io.linnet.api.model.QueryValues;
import io.linnet.api.model.Whiteboard;
import io.linnet.api.model.image.DeleteItem;
import io.linnet.api.model.image.HistoryItem;
import io.linnet.api.model.image.ImageInspect;
import io.linnet.api.model.image.ImageSummary;
import io.linnet.api.model.image.PruneResponse;
import io.linnet.engine.api.PruneFilter;
import io.linnet.engine.api.InvalidParameterException;
import io.linnet.engine.api.NotImplementedException;
import io.linnet.engine.api.ReplaceableService;
import io.linnet.engine.api.image.Image;
import io.linnet.engine.api.image.ImageReference;
import io.linnet.engine.api.image.ImageService;
import io.linnet.engine.api.image.ImportRequest;
import io.linnet.engine.api.image.ProgressSink;
import io.linnet.engine.api.registry.ImageDistribution;
import io.linnet.http.stream.ProgressStreams;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.InputStream;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/** The /images routes: HTTP in and out, the work is the engine's image service. */
@Component(service = Object.class, property = Whiteboard.RESOURCE)
@Path("/images")
@Produces(MediaType.APPLICATION_JSON)
public final class ImagesResource {
    private static final ObjectMapper JSON = io.linnet.api.model.json.DockerJson.newMapper();
    private static final String TAR = "application/x-tar";
    private final ImageService images;
    /** Pull and push; absent while no registry client is installed (then they answer 501). */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ImageDistribution distribution;

    private final ReplaceableService<ImageService> imagesBinding = new ReplaceableService<>(ImageService.class);

    @Activate
    public ImagesResource() {
        this.images = imagesBinding.proxy();
    }

    /** Over the given services, as bound (tests). */
    public ImagesResource(ImageService images) {
        this();
        bindImages(images);
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
        imagesBinding.retire();
    }

    @GET
    @Path("json")
    public List<ImageSummary> list(@QueryParam("all") String all, @QueryParam("digests") String digests,
            @QueryParam("shared-size") String sharedSize, @QueryParam("filters") String filters,
            @Context ContainerRequestContext request) {
        Filters f = filters(filters);
        Predicate<Image> accepted = invalidAsBadRequest(
                () -> ImageFilters.forList(f, ref -> images.inspect(ref).created()));
        boolean virtualSize = apiVersion(request).isBefore(new ApiVersion(1, 43));
        List<Image> known = images.list();
        if (!QueryValues.bool(all)) {
            // Without "all", untagged images that are the parent of another (build steps) are hidden, as dockerd.
            java.util.Set<String> parents = known.stream().map(Image::parent).filter(p -> !p.isEmpty())
                    .collect(java.util.stream.Collectors.toSet());
            known = known.stream().filter(i -> !(i.dangling() && parents.contains(i.id()))).toList();
        }
        java.util.Map<String, Long> shared = QueryValues.bool(sharedSize) ? ImageViews.sharedSizes(known)
                : java.util.Map.of();
        return known.stream()
                .filter(accepted)
                .map(image -> ImageFilters.withMatchingNames(f, image))
                .filter(java.util.Objects::nonNull)
                // Newest first, as dockerd sorts.
                .sorted(Comparator.comparing((Image i) -> i.created() == null ? Instant.EPOCH : i.created()).reversed())
                .map(image -> ImageViews.summary(image, virtualSize, shared.getOrDefault(image.id(), -1L)))
                .toList();
    }

    @GET
    @Path("{name: .+}/json")
    public ImageInspect inspect(@PathParam("name") String name, @Context ContainerRequestContext request) {
        return ImageViews.inspect(images.inspect(name), apiVersion(request).isBefore(new ApiVersion(1, 43)));
    }

    @GET
    @Path("{name: .+}/history")
    public List<HistoryItem> history(@PathParam("name") String name) {
        return ImageViews.history(images.history(name));
    }

    @POST
    @Path("{name: .+}/tag")
    public Response tag(@PathParam("name") String name, @QueryParam("repo") String repo,
            @QueryParam("tag") String tag) {
        images.inspect(name); // dockerd looks the image up before it reads the new name
        images.tag(name, ImageReference.parseRepositoryAndTag(repo == null ? "" : repo, tag));
        return Response.status(Response.Status.CREATED).build();
    }

    @DELETE
    @Path("{name: .+}")
    public List<DeleteItem> remove(@PathParam("name") String name, @QueryParam("force") String force,
            @QueryParam("noprune") String noPrune) {
        return ImageViews.deleted(images.remove(name, QueryValues.bool(force), QueryValues.bool(noPrune)));
    }

    @POST
    @Path("load")
    @Consumes(MediaType.WILDCARD)
    public StreamingOutput load(InputStream archive, @QueryParam("quiet") String quiet) {
        boolean silent = QueryValues.bool(quiet);
        return ProgressStreams.errorsInStream(lines -> images.load(archive, silent ? onlyResults(lines) : lines));
    }

    /**
     * {@code docker import} (fromSrc) and {@code docker pull} (fromImage). Pulling arrives with the
     * registry support; until then it is refused clearly.
     */
    @POST
    @Path("create")
    @Consumes(MediaType.WILDCARD)
    public StreamingOutput create(InputStream body, @QueryParam("fromSrc") String fromSrc,
            @QueryParam("fromImage") String fromImage, @QueryParam("repo") String repo,
            @QueryParam("tag") String tag, @QueryParam("message") String message,
            @QueryParam("changes") List<String> changes, @QueryParam("platform") String platform,
            @HeaderParam("X-Registry-Auth") String registryAuth) {
        if (fromSrc == null || fromSrc.isEmpty()) {
            if (fromImage != null && !fromImage.isEmpty()) {
                ImageDistribution pulls = distribution();
                var auth = RegistryAuthHeader.decode(registryAuth);
                if (allTags(fromImage, tag)) {
                    // dockerd: a repository without tag or digest is a pull of all its tags (docker pull -a)
                    ImageReference repository = ImageReference.parse(fromImage);
                    return ProgressStreams.of(lines -> pulls.pullAllTags(repository, platform, auth, lines));
                }
                ImageReference reference = pullReference(fromImage, tag);
                return ProgressStreams.of(lines -> pulls.pull(reference, platform, auth, lines));
            }
            throw new InvalidParameterException("either fromSrc or fromImage must be given");
        }
        if (!fromSrc.equals("-")) {
            throw new InvalidParameterException("importing from a URL is not supported; send the tarball in the "
                    + "request body (fromSrc=-)");
        }
        ImageReference reference = importReference(repo, tag);
        ImportRequest request = new ImportRequest(reference, message == null ? "" : message,
                changes == null ? List.of() : changes, platform == null ? "" : platform);
        return ProgressStreams.of(lines -> {
            String id = images.importRootfs(body, request, lines);
            lines.status(null, id);
        });
    }

    /** {@code docker push}: the tag of the repository {@code name}, or all its tags when none is given ({@code -a}). */
    @POST
    @Path("{name: .+}/push")
    @Consumes(MediaType.WILDCARD)
    public StreamingOutput push(@PathParam("name") String name, @QueryParam("tag") String tag,
            @HeaderParam("X-Registry-Auth") String registryAuth) {
        ImageDistribution pushes = distribution();
        ImageReference named = ImageReference.parse(name);
        ImageReference reference = (tag == null || tag.isEmpty()) && named.tag() == null && named.digest() == null
                ? named : ImageReference.parseRepositoryAndTag(name, tag);
        var auth = RegistryAuthHeader.decode(registryAuth);
        return ProgressStreams.of(lines -> pushes.push(reference, auth, lines));
    }

    private ImageDistribution distribution() {
        ImageDistribution d = distribution;
        if (d == null) {
            throw new NotImplementedException("no registry client is installed in this daemon (bundle "
                    + "io.linnet.registry); bring images in with docker load or docker import");
        }
        return d;
    }

    /** Neither fromImage nor tag names a tag or digest: dockerd pulls every tag of the repository. */
    static boolean allTags(String fromImage, String tag) {
        ImageReference ref = ImageReference.parse(fromImage);
        return (tag == null || tag.isEmpty()) && ref.tag() == null && ref.digest() == null;
    }

    /** dockerd's PullImage: the tag parameter is a tag or a digest and replaces what fromImage carries. */
    static ImageReference pullReference(String fromImage, String tag) {
        ImageReference ref = ImageReference.parse(fromImage);
        if (tag == null || tag.isEmpty()) {
            return ref.withDefaultTag();
        }
        if (tag.matches("[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}")) {
            return new ImageReference(ref.domain(), ref.path(), null, tag);
        }
        return ImageReference.parseRepositoryAndTag(ref.repository(), tag);
    }

    @GET
    @Path("{name: .+}/get")
    @Produces(TAR)
    public Response saveOne(@PathParam("name") String name) {
        return save(List.of(name));
    }

    @GET
    @Path("get")
    @Produces(TAR)
    public Response saveMany(@QueryParam("names") List<String> names) {
        if (names == null || names.isEmpty()) {
            throw new InvalidParameterException("no image names given");
        }
        return save(names);
    }

    private Response save(List<String> names) {
        // Resolve first, so an unknown name is a 404 and not a broken tarball.
        names.forEach(images::inspect);
        StreamingOutput tar = out -> {
            // one socket write per 256 KiB instead of one per tar record
            java.io.BufferedOutputStream buffered = new java.io.BufferedOutputStream(out, 256 * 1024);
            images.save(names, buffered);
            buffered.flush();
        };
        return Response.ok(tar, TAR).build();
    }

    @POST
    @Path("prune")
    public PruneResponse prune(@QueryParam("filters") String filters) {
        Filters f = filters(filters);
        PruneFilter accepted = invalidAsBadRequest(() -> ImageFilters.forPrune(f, Instant.now()));
        boolean danglingOnly = invalidAsBadRequest(() -> f.bool("dangling", true));
        ImageService.PruneReport report = images.prune(danglingOnly, accepted);
        return new PruneResponse(report.deleted().isEmpty() ? null : ImageViews.deleted(report.deleted()),
                report.spaceReclaimed());
    }

    private static ImageReference importReference(String repo, String tag) {
        if (repo == null || repo.isEmpty()) {
            return null;
        }
        ImageReference ref = ImageReference.parse(repo);
        if (tag != null && !tag.isEmpty()) {
            return ImageReference.parseRepositoryAndTag(ref.repository(), tag);
        }
        return ref.withDefaultTag();
    }

    /** With quiet, only the "Loaded image" lines are sent, as dockerd does. */
    private static ProgressSink onlyResults(ProgressSink lines) {
        return new ProgressSink() {
            @Override
            public void stream(String text) {
                lines.stream(text);
            }

            @Override
            public void status(String id, String status) {
            }

            @Override
            public void progress(String id, String status, long current, long total) {
            }
        };
    }

    private static Filters filters(String json) {
        return invalidAsBadRequest(() -> Filters.parse(json, text -> JSON.readValue(text, Object.class)));
    }

    private static <T> T invalidAsBadRequest(java.util.function.Supplier<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            throw new InvalidParameterException(e.getMessage());
        }
    }

    private static ApiVersion apiVersion(ContainerRequestContext request) {
        Object v = request.getProperty("linnet.apiVersion");
        return v instanceof ApiVersion version ? version : ApiVersion.CURRENT;
    }
}
