package io.linnet.http.stream;

import io.linnet.api.model.ApiVersion;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/**
 * Connection takeover for {@code POST /containers/{id}/attach} and {@code POST /exec/{id}/start},
 * as dockerd does it. From the JAX-RS resource method (after every check that may still fail with
 * a normal error status):
 *
 * <pre>{@code
 * @POST @Path("{id}/attach")
 * public Response attach(@PathParam("id") String id, @QueryParam("stdin") String stdin,
 *         @Context ContainerRequestContext request) {
 *     Container c = containers.get(id);                 // 404 etc. still possible here
 *     return Hijack.respond(request, !c.tty(), streams -> {
 *         // runs on a session thread once the 101 (or 200) head is out
 *         if (QueryValues.bool(stdin)) {
 *             streams.forwardStdin(c.stdin());           // closes c.stdin() at the client's EOF
 *         }
 *         streams.onClose(c::detach);                   // client gone: stop the output
 *         c.copyOutput(streams.stdout(), streams.stderr()); // blocks until the output ends
 *     });                                               // returning ends the session
 * }
 * }</pre>
 *
 * <p>The answer follows dockerd: when the client sent an {@code Upgrade} header (the docker CLI
 * sends {@code Connection: Upgrade} and {@code Upgrade: tcp}), {@code 101 UPGRADED} with
 * {@code Connection: Upgrade}, {@code Upgrade: tcp} and {@code Content-Type}
 * {@value #MULTIPLEXED_STREAM} for multiplexed output at API 1.42 and later, else
 * {@value #RAW_STREAM}; without it, {@code 200 OK} with {@value #RAW_STREAM} and
 * {@code Connection: close}, the raw bytes following until the connection closes. The connection's
 * idle timeout is lifted for the session.
 */
public final class Hijack {
    public static final String RAW_STREAM = "application/vnd.docker.raw-stream";
    public static final String MULTIPLEXED_STREAM = "application/vnd.docker.multiplexed-stream";
    private static final String UPGRADE = "Upgrade";
    private static final String CONNECTION = "Connection";
    private static final String API_VERSION_PROPERTY = "linnet.apiVersion";
    private static final ApiVersion MULTIPLEXED_TYPE_SINCE = new ApiVersion(1, 42);

    /** The work of a hijacked connection; the session ends when it returns or throws. */
    @FunctionalInterface
    public interface Session {
        void run(HijackedStreams streams) throws Exception;
    }

    private Hijack() {
    }

    /** Whether the client asked for the connection upgrade (any {@code Upgrade} header, as dockerd checks). */
    public static boolean upgradeRequested(ContainerRequestContext request) {
        return request.getHeaders().containsKey(UPGRADE);
    }

    /**
     * Takes the connection over and returns the response head to return from the resource method.
     *
     * @param multiplexed frame the output with Docker's stdio framing (no TTY); raw otherwise
     * @param session what to do with the connection; runs on a session thread after the head is out
     * @throws io.linnet.engine.api.UnavailableException when too many sessions run already (503)
     * @throws IllegalStateException outside a request served by the HTTP host
     */
    public static Response respond(ContainerRequestContext request, boolean multiplexed, Session session) {
        StreamSupport support = support(request);
        support.hijack(multiplexed, session);
        if (upgradeRequested(request)) {
            String type = multiplexed && !apiVersion(request).isBefore(MULTIPLEXED_TYPE_SINCE)
                    ? MULTIPLEXED_STREAM : RAW_STREAM;
            return Response.status(101)
                    .header(CONNECTION, "Upgrade")
                    .header(UPGRADE, "tcp")
                    .header(HttpHeaders.CONTENT_TYPE, type)
                    .build();
        }
        // The host sends this head without a length: the stream that follows ends when the
        // connection closes.
        return Response.ok().header(CONNECTION, "close").header(HttpHeaders.CONTENT_TYPE, RAW_STREAM).build();
    }

    static StreamSupport support(ContainerRequestContext request) {
        Object support = request.getProperty(StreamSupport.PROPERTY);
        if (!(support instanceof StreamSupport s)) {
            throw new IllegalStateException("not a request served by the Linnet HTTP host");
        }
        return s;
    }

    private static ApiVersion apiVersion(ContainerRequestContext request) {
        Object v = request.getProperty(API_VERSION_PROPERTY);
        return v instanceof ApiVersion version ? version : ApiVersion.CURRENT;
    }
}
