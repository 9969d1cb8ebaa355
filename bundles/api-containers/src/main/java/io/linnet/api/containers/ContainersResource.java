package io.linnet.api.containers;

import io.linnet.api.model.ApiJson;
import io.linnet.api.model.ApiVersion;
import io.linnet.api.model.DirectRoute;
import io.linnet.api.model.DockerTime;
import io.linnet.api.model.Filters;
import io.linnet.api.model.JsonBody;
import io.linnet.api.model.QueryValues;
import io.linnet.api.model.Whiteboard;
import io.linnet.api.model.container.ContainerCreateRequest;
import io.linnet.api.model.container.ContainerCreateResponse;
import io.linnet.api.model.container.ContainerInspect;
import io.linnet.api.model.container.ContainerSummary;
import io.linnet.api.model.container.UpdateRequest;
import io.linnet.api.model.container.UpdateResponse;
import io.linnet.api.model.container.ContainerWaitResponse;
import io.linnet.engine.api.InvalidParameterException;
import io.linnet.engine.api.PruneFilter;
import io.linnet.engine.api.ReplaceableService;
import io.linnet.engine.api.container.Container;
import io.linnet.engine.api.container.ContainerService;
import io.linnet.engine.api.container.ContainerService.LogOptions;
import io.linnet.engine.api.container.ContainerService.WaitCondition;
import io.linnet.http.stream.ChunkedStream;
import io.linnet.http.stream.DetachKeys;
import io.linnet.http.stream.DetachingStream;
import io.linnet.http.stream.Hijack;
import io.linnet.http.stream.HijackedStreams;
import io.linnet.http.stream.StdStream;
import io.linnet.http.stream.StdWriter;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
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
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** The /containers routes: HTTP in and out, the work is the engine's container service. */
@Component(service = Object.class, property = Whiteboard.RESOURCE)
@Path("/containers")
@Produces(MediaType.APPLICATION_JSON)
public final class ContainersResource {

    /** How long attached output waits for the hijacked session to begin before the attachment is dropped. */
    private static final long SESSION_START_SECONDS = 30;

    private final ContainerService containers;
    @Reference(cardinality = org.osgi.service.component.annotations.ReferenceCardinality.OPTIONAL,
            policy = org.osgi.service.component.annotations.ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile io.linnet.engine.api.network.ContainerNetworking networking;

    @Reference(cardinality = org.osgi.service.component.annotations.ReferenceCardinality.OPTIONAL,
            policy = org.osgi.service.component.annotations.ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile io.linnet.engine.api.container.HealthService health;

    private final ReplaceableService<ContainerService> containersBinding = new ReplaceableService<>(ContainerService.class);

    @Activate
    public ContainersResource() {
        this.containers = containersBinding.proxy();
    }

    /** Over the given services, as bound (tests). */
    public ContainersResource(ContainerService containers) {
        this();
        bindContainers(containers);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindContainers(ContainerService service) {
        containersBinding.bind(service);
    }

    void unbindContainers(ContainerService service) {
        containersBinding.unbind(service);
    }

    /** Requests still running on this revision finish with the services they had. */
    @Deactivate
    void deactivate() {
        containersBinding.retire();
    }

    @POST
    @Path("create")
    @Consumes(MediaType.WILDCARD)
    @JsonBody
    public Response create(@QueryParam("name") String name, @QueryParam("platform") String platform, byte[] body) {
        ContainerViews.checkName(name);
        if (body == null || body.length == 0) {
            // dockerd decodes the config whatever the length: nothing is an EOF
            throw new InvalidParameterException("invalid JSON: got EOF while reading request body");
        }
        ContainerCreateRequest request = ApiJson.readBody(ContainerViews.JSON, body, ContainerCreateRequest.class);
        if (request == null || request.image().isEmpty()) {
            throw new InvalidParameterException("Config cannot be empty in order to create a container");
        }
        Container c = containers.create(ContainerViews.toCreate(name, request));
        return Response.status(201).entity(new ContainerCreateResponse(c.id(), List.of())).build();
    }

    /** docker container prune: every stopped container the filters (until, label, label!) accept. */
    @POST
    @Path("prune")
    @Consumes(MediaType.WILDCARD)
    public Map<String, Object> prune(@QueryParam("filters") String filters) {
        Filters f;
        try {
            f = Filters.parse(filters, text -> ContainerViews.JSON.readValue(text, Object.class));
            f.accept("until", "label", "label!");
        } catch (IllegalArgumentException e) {
            throw new InvalidParameterException(e.getMessage().replace("invalid filter", "Invalid filter"));
        }
        ContainerService.PruneReport report = containers.prune(pruneFilter(f));
        Map<String, Object> answer = new java.util.LinkedHashMap<>();
        answer.put("ContainersDeleted", report.deleted().isEmpty() ? null : report.deleted());
        answer.put("SpaceReclaimed", report.spaceReclaimed());
        return answer;
    }

    private static PruneFilter pruneFilter(Filters f) {
        try {
            return new PruneFilter(f.until(Instant.now()), List.copyOf(f.get("label")), List.copyOf(f.get("label!")));
        } catch (IllegalArgumentException e) {
            throw new InvalidParameterException(e.getMessage());
        }
    }

    @GET
    @Path("json")
    @DirectRoute
    public List<ContainerSummary> list(@QueryParam("all") String all, @QueryParam("limit") String limit,
            @QueryParam("size") String size, @QueryParam("filters") String filters) {
        Filters f;
        try {
            f = Filters.parse(filters, text -> ContainerViews.JSON.readValue(text, Object.class));
        } catch (IllegalArgumentException e) {
            throw new InvalidParameterException(e.getMessage());
        }
        List<Container> every = containers.list();
        HealthViews.Lookup healthOf = HealthViews.Lookup.of(health);
        Predicate<Container> accepted = ContainerViews.filter(f, QueryValues.bool(all), every, healthOf);
        int max;
        try {
            max = limit == null || limit.isEmpty() ? -1 : Integer.parseInt(limit);
        } catch (NumberFormatException e) {
            throw new InvalidParameterException("strconv.Atoi: parsing \"" + limit + "\": invalid syntax");
        }
        Instant now = Instant.now();
        var stream = every.stream().filter(accepted);
        if (max > 0) {
            stream = stream.limit(max);
        }
        boolean withSize = QueryValues.bool(size);
        var net = networking;
        return stream.map(c -> {
            ContainerSummary summary = ContainerViews.summary(c, now, net == null ? null : net.state(c.id()), healthOf);
            if (!withSize) {
                return summary;
            }
            var sizes = containers.size(c.id());
            return summary.withSize(sizes.rw(), sizes.rootFs());
        }).toList();
    }

    @GET
    @Path("{id: .+}/json") // a legacy link's name too: "/parent/alias"
    public ContainerInspect inspect(@PathParam("id") String id, @QueryParam("size") String size) {
        Container c = containers.get(id);
        var net = networking;
        ContainerInspect inspect = ContainerViews.inspect(c, net == null ? null : net.state(c.id()),
                HealthViews.Lookup.of(health));
        if (QueryValues.bool(size)) {
            var sizes = containers.size(c.id());
            return inspect.withSize(sizes.rw(), sizes.rootFs());
        }
        return inspect;
    }

    @POST
    @Path("{id}/start")
    @Consumes(MediaType.WILDCARD)
    public Response start(@PathParam("id") String id) {
        containers.start(id);
        return Response.noContent().build();
    }

    @POST
    @Path("{id}/stop")
    @Consumes(MediaType.WILDCARD)
    public Response stop(@PathParam("id") String id, @QueryParam("t") String t) {
        containers.stop(id, seconds(t));
        return Response.noContent().build();
    }

    @POST
    @Path("{id}/kill")
    @Consumes(MediaType.WILDCARD)
    public Response kill(@PathParam("id") String id, @QueryParam("signal") String signal) {
        containers.kill(id, signal);
        return Response.noContent().build();
    }

    @POST
    @Path("{id}/restart")
    @Consumes(MediaType.WILDCARD)
    public Response restart(@PathParam("id") String id, @QueryParam("t") String t) {
        containers.restart(id, seconds(t));
        return Response.noContent().build();
    }

    @POST
    @Path("{id}/update")
    @Consumes(MediaType.WILDCARD)
    @JsonBody
    public UpdateResponse update(@PathParam("id") String id, byte[] body) {
        UpdateRequest request = ApiJson.readBody(ContainerViews.JSON, body, UpdateRequest.class);
        containers.update(id, request == null ? UpdateRequest.empty() : request);
        return new UpdateResponse(null);
    }

    @POST
    @Path("{id}/pause")
    @Consumes(MediaType.WILDCARD)
    public Response pause(@PathParam("id") String id) {
        containers.pause(id);
        return Response.noContent().build();
    }

    @POST
    @Path("{id}/unpause")
    @Consumes(MediaType.WILDCARD)
    public Response unpause(@PathParam("id") String id) {
        containers.unpause(id);
        return Response.noContent().build();
    }

    @POST
    @Path("{id}/rename")
    @Consumes(MediaType.WILDCARD)
    public Response rename(@PathParam("id") String id, @QueryParam("name") String name) {
        containers.rename(id, name);
        return Response.noContent().build();
    }

    @POST
    @Path("{id}/resize")
    @Consumes(MediaType.WILDCARD)
    public Response resize(@PathParam("id") String id, @QueryParam("h") String h, @QueryParam("w") String w) {
        containers.resize(id, dimension(h), dimension(w));
        return Response.ok().build();
    }

    /** The seed's (finch-daemon's) alias of DELETE /containers/{id}. */
    @POST
    @Path("{id}/remove")
    @Consumes(MediaType.WILDCARD)
    public Response removeByPost(@PathParam("id") String id, @QueryParam("force") String force,
            @QueryParam("v") String v) {
        return remove(id, force, v, null);
    }

    private static Integer seconds(String t) {
        if (t == null || t.isEmpty()) {
            return null;
        }
        try {
            return Integer.valueOf(t);
        } catch (NumberFormatException e) {
            throw new InvalidParameterException("invalid value for t: " + t);
        }
    }

    private static int dimension(String value) {
        try {
            return value == null || value.isEmpty() ? 0 : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new InvalidParameterException("strconv.Atoi: parsing \"" + value + "\": invalid syntax");
        }
    }

    @DELETE
    @Path("{id: .+}")
    public Response remove(@PathParam("id") String id, @QueryParam("force") String force, @QueryParam("v") String v,
            @QueryParam("link") String link) {
        if (QueryValues.bool(link)) {
            containers.removeLink(id); // docker rm --link /parent/alias: only the link goes
        } else {
            containers.remove(id, QueryValues.bool(force), QueryValues.bool(v));
        }
        return Response.noContent().build();
    }

    @POST
    @Path("{id}/wait")
    @Consumes(MediaType.WILDCARD)
    public Response await(@PathParam("id") String id, @QueryParam("condition") String condition) {
        var result = containers.wait(id, WaitCondition.parse(condition)).toCompletableFuture();
        // dockerd sends the head at once and the body when the condition holds: the CLI relies on it
        StreamingOutput body = out -> {
            // a byte is needed for the flush to send the head; JSON decoders skip the whitespace
            out.write('\n');
            out.flush();
            long code;
            try {
                code = result.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException e) {
                out.write(ContainerViews.JSON.writeValueAsBytes(new ContainerWaitResponse(
                        new ContainerWaitResponse.WaitError(String.valueOf(e.getCause().getMessage())), -1)));
                return;
            }
            out.write((ContainerViews.JSON.writeValueAsString(ContainerWaitResponse.of(code)) + "\n")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8)); // one chunk, line end included
            out.flush();
        };
        return Response.ok(body, MediaType.APPLICATION_JSON).build();
    }

    @GET
    @Path("{id}/logs")
    public Response logs(@PathParam("id") String id, @QueryParam("stdout") String stdout,
            @QueryParam("stderr") String stderr, @QueryParam("follow") String follow,
            @QueryParam("timestamps") String timestamps, @QueryParam("tail") String tail,
            @QueryParam("since") String since, @QueryParam("until") String until,
            @Context ContainerRequestContext request) {
        Container c = containers.get(id);
        boolean out = QueryValues.bool(stdout);
        boolean err = QueryValues.bool(stderr);
        if (!out && !err) {
            throw new InvalidParameterException("Bad parameters: you must choose at least one stream");
        }
        LogOptions options = new LogOptions(out, err, QueryValues.bool(follow), nanos(since), nanos(until), tail(tail));
        boolean withTimes = QueryValues.bool(timestamps);
        boolean multiplexed = !c.tty();
        StreamingOutput body = ChunkedStream.of(request, sink -> {
            // frames gather into large chunks; they go out when the log has nothing more for now
            OutputStream chunks = sink.asOutputStream();
            StdWriter writer = new StdWriter(new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    chunks.write(b);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    chunks.write(b, off, len);
                }
            }, multiplexed);
            containers.logs(c.id(), options, new ContainerService.LogSink() {
                @Override
                public boolean accept(String stream, long time, byte[] data) {
                    try {
                        byte[] payload = data;
                        if (withTimes) {
                            byte[] stamp = (DockerTime.rfc3339Nano(Instant.ofEpochSecond(0, time)) + " ")
                                    .getBytes(StandardCharsets.UTF_8);
                            payload = new byte[stamp.length + data.length];
                            System.arraycopy(stamp, 0, payload, 0, stamp.length);
                            System.arraycopy(data, 0, payload, stamp.length, data.length);
                        }
                        writer.write("stderr".equals(stream) ? StdStream.STDERR : StdStream.STDOUT, payload);
                        return sink.isOpen();
                    } catch (IOException e) {
                        return false;
                    }
                }

                @Override
                public void idle() {
                    try {
                        chunks.flush();
                    } catch (IOException clientGone) {
                        // the next write fails and ends the stream
                    }
                }
            });
            try {
                chunks.flush();
            } catch (IOException clientGone) {
                // nothing more to send anyway
            }
            sink.end();
        });
        String type = multiplexed && !apiVersion(request).isBefore(new ApiVersion(1, 42)) ? Hijack.MULTIPLEXED_STREAM
                : Hijack.RAW_STREAM;
        return Response.ok(body, type).build();
    }

    @POST
    @Path("{id}/attach")
    @Consumes(MediaType.WILDCARD)
    public Response attach(@PathParam("id") String id, @QueryParam("stream") String stream,
            @QueryParam("stdin") String stdin, @QueryParam("stdout") String stdout,
            @QueryParam("stderr") String stderr, @QueryParam("logs") String logs,
            @QueryParam("detachKeys") String detachKeys, @Context ContainerRequestContext request) {
        Container c = containers.get(id);
        byte[] keys;
        try {
            keys = DetachKeys.parse(detachKeys);
        } catch (IllegalArgumentException e) {
            throw new InvalidParameterException("Invalid detach keys (" + detachKeys + ") provided");
        }
        boolean in = QueryValues.bool(stdin);
        boolean out = QueryValues.bool(stdout);
        boolean err = QueryValues.bool(stderr);
        // Attached before the answer, as dockerd: a client that starts the container once it has the
        // answer (docker run, start -a) misses nothing. Output waits until the session has its streams.
        CompletableFuture<HijackedStreams> live = new CompletableFuture<>();
        ContainerService.Attachment attachment = !QueryValues.bool(stream) ? null
                : containers.attach(c.id(), in, out, err, (s, time, data) -> {
                    try {
                        HijackedStreams streams = live.get(SESSION_START_SECONDS, TimeUnit.SECONDS);
                        OutputStream target = "stderr".equals(s) ? streams.stderr() : streams.stdout();
                        target.write(data);
                        target.flush();
                        return true;
                    } catch (IOException | ExecutionException | java.util.concurrent.TimeoutException e) {
                        return false;
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return false;
                    }
                });
        try {
            return Hijack.respond(request, !c.tty(), streams -> {
                try {
                    if (QueryValues.bool(logs) && (out || err)) {
                        replayLog(c.id(), out, err, streams);
                    }
                    if (attachment == null) {
                        return;
                    }
                    live.complete(streams);
                    streams.onClose(attachment::close);
                    if (in && c.openStdin()) {
                        // on a terminal the detach keys (default ctrl-p ctrl-q) end the attachment, not the container
                        streams.forwardStdin(c.tty() ? new DetachingStream(attachment.stdin(), keys, attachment::close)
                                : attachment.stdin());
                    }
                    attachment.done().toCompletableFuture().get();
                } finally {
                    live.completeExceptionally(new IOException("session ended"));
                    if (attachment != null) {
                        attachment.close();
                    }
                }
            });
        } catch (RuntimeException e) {
            if (attachment != null) {
                attachment.close();
            }
            throw e;
        }
    }

    /** What the container wrote so far, from its log (the none driver keeps nothing to replay). */
    private void replayLog(String id, boolean out, boolean err, HijackedStreams streams) throws IOException {
        try {
            containers.logs(id, new LogOptions(out, err, false, 0, 0, -1), (s, time, data) -> {
                try {
                    ("stderr".equals(s) ? streams.stderr() : streams.stdout()).write(data);
                    return true;
                } catch (IOException e) {
                    return false;
                }
            });
            streams.stdout().flush();
        } catch (io.linnet.engine.api.NotImplementedException noLog) {
            // nothing kept
        }
    }

    private static long nanos(String value) {
        if (value == null || value.isEmpty() || value.equals("0")) {
            return 0;
        }
        try {
            Instant t = DockerTime.parseTimestamp(value, Instant.now());
            return t.getEpochSecond() * 1_000_000_000L + t.getNano();
        } catch (IllegalArgumentException e) {
            throw new InvalidParameterException(e.getMessage());
        }
    }

    static int tail(String value) {
        if (value == null || value.isEmpty() || value.equals("all")) {
            return -1;
        }
        try {
            int n = Integer.parseInt(value);
            return n < 0 ? -1 : n;
        } catch (NumberFormatException e) {
            return -1; // dockerd treats an unparsable tail as all
        }
    }

    private static ApiVersion apiVersion(ContainerRequestContext request) {
        Object v = request.getProperty("linnet.apiVersion");
        return v instanceof ApiVersion version ? version : ApiVersion.CURRENT;
    }
}
