package io.linnet.api.containers;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.linnet.api.model.QueryValues;
import io.linnet.api.model.Whiteboard;
import io.linnet.engine.api.ReplaceableService;
import io.linnet.engine.api.container.ContainerFiles;
import io.linnet.engine.api.container.ContainerFiles.Archive;
import io.linnet.engine.api.container.ContainerFiles.PathStat;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;

/** docker cp, export and diff: /containers/{id}/archive, /export and /changes over the engine's ContainerFiles. */
@Component(service = Object.class, property = Whiteboard.RESOURCE)
@Path("/containers")
public final class ContainerArchiveResource {

    static final String STAT_HEADER = "X-Docker-Container-Path-Stat";
    static final String TAR = "application/x-tar";
    private static final ObjectMapper JSON = io.linnet.api.model.json.DockerJson.newMapper();

    private final ContainerFiles files;

    private static final int WRITE_BUFFER = 256 * 1024;

    private final ReplaceableService<ContainerFiles> filesBinding = new ReplaceableService<>(ContainerFiles.class);

    @Activate
    public ContainerArchiveResource() {
        this.files = filesBinding.proxy();
    }

    /** Over the given services, as bound (tests). */
    public ContainerArchiveResource(ContainerFiles files) {
        this();
        bindFiles(files);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindFiles(ContainerFiles service) {
        filesBinding.bind(service);
    }

    void unbindFiles(ContainerFiles service) {
        filesBinding.unbind(service);
    }

    /** Requests still running on this revision finish with the services they had. */
    @Deactivate
    void deactivate() {
        filesBinding.retire();
    }

    @HEAD
    @Path("{id}/archive")
    public Response stat(@PathParam("id") String id, @QueryParam("path") String path) {
        return Response.ok().header(STAT_HEADER, statHeader(files.stat(id, path))).build();
    }

    @GET
    @Path("{id}/archive")
    public Response archive(@PathParam("id") String id, @QueryParam("path") String path) {
        Archive archive = files.archive(id, path);
        return Response.ok(stream(archive), TAR).header(STAT_HEADER, statHeader(archive.stat())).build();
    }

    @PUT
    @Path("{id}/archive")
    @Consumes(MediaType.WILDCARD)
    public Response extract(@PathParam("id") String id, @QueryParam("path") String path,
            @QueryParam("noOverwriteDirNonDir") String noOverwriteDirNonDir, @QueryParam("copyUIDGID") String copyUidGid,
            InputStream body) {
        files.extract(id, path, body, QueryValues.bool(noOverwriteDirNonDir), QueryValues.bool(copyUidGid));
        return Response.ok().build();
    }

    @GET
    @Path("{id}/export")
    public Response export(@PathParam("id") String id) {
        return Response.ok(stream(files.export(id)), TAR).build();
    }

    @GET
    @Path("{id}/changes")
    @Produces(MediaType.APPLICATION_JSON)
    public Response changes(@PathParam("id") String id) {
        var changes = files.changes(id);
        if (changes.isEmpty()) {
            return Response.ok("null", MediaType.APPLICATION_JSON).build(); // dockerd's nil slice
        }
        ArrayNode out = JSON.createArrayNode();
        changes.forEach(c -> out.addObject().put("Path", c.path()).put("Kind", c.kind()));
        return Response.ok(out.toString(), MediaType.APPLICATION_JSON).build();
    }

    /**
     * The tar, written while the client reads it; the archive (a mount, maybe) is released at the end.
     * Buffered: each write reaches the socket as one blocking write, and the tar's 10 KiB records made
     * copying a large file out four times slower than copying it in.
     */
    private static StreamingOutput stream(Archive archive) {
        return out -> {
            try (archive) {
                java.io.BufferedOutputStream buffered = new java.io.BufferedOutputStream(out, WRITE_BUFFER);
                archive.writeTo(buffered);
                buffered.flush();
            }
        };
    }

    /** base64 of the JSON dockerd sends: mtime in Go's RFC 3339 with nanoseconds, trailing zeros dropped. */
    static String statHeader(PathStat stat) {
        ObjectNode n = JSON.createObjectNode();
        n.put("name", stat.name());
        n.put("size", stat.size());
        n.put("mode", stat.mode());
        n.put("mtime", goTime(stat.mtime()));
        n.put("linkTarget", stat.linkTarget());
        return Base64.getEncoder().encodeToString(n.toString().getBytes(StandardCharsets.UTF_8));
    }

    static String goTime(java.time.Instant t) {
        String base = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC).format(t);
        if (t.getNano() == 0) {
            return base + "Z";
        }
        String nanos = String.format("%09d", t.getNano()).replaceAll("0+$", "");
        return base + "." + nanos + "Z";
    }
}
