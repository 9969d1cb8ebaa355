package io.linnet.http;

import io.linnet.api.model.ApiVersion;
import io.linnet.api.model.DirectRoute;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.glassfish.jersey.uri.UriComponent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The resource methods marked {@link DirectRoute}, called straight from Jetty's handler: a ping
 * through Jersey spent about two thirds of its CPU in Jersey's and HK2's per-request work. The answer
 * is the one Jersey gives: the same method, the same JSON writer, the same Docker headers, and what
 * it throws mapped by the same exception mappers. A request out of the ordinary (a body, an API
 * version to refuse) is left to Jersey before the method is called ({@link #handle} answers false).
 */
final class DirectRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(DirectRoutes.class);
    /** Answers up to this size go out in one write with their length; longer ones stream. */
    static final int BUFFERED_BYTES = 32 * 1024;

    private record Route(Object resource, Method method, String[] queryNames, String contentType) {
    }

    private final Map<String, Route> gets;
    private final Map<String, Route> heads;
    private final DockerJsonProvider json;
    private final DockerHeadersFilter dockerHeaders;
    private final ExceptionMappers.Set errors;

    private DirectRoutes(Map<String, Route> gets, Map<String, Route> heads, DockerJsonProvider json,
            DockerHeadersFilter dockerHeaders, ExceptionMappers.Set errors) {
        this.gets = gets;
        this.heads = heads;
        this.json = json;
        this.dockerHeaders = dockerHeaders;
        this.errors = errors;
    }

    /** The marked methods of {@code resources}; a mark on a method that does not qualify is logged and ignored. */
    static DirectRoutes of(List<Object> resources, DockerJsonProvider json, DockerHeadersFilter dockerHeaders,
            ExceptionMappers.Set errors) {
        Map<String, Route> gets = new HashMap<>();
        Map<String, Route> heads = new HashMap<>();
        for (Object resource : resources) {
            Path base = resource.getClass().getAnnotation(Path.class);
            for (Method method : resource.getClass().getMethods()) {
                if (!method.isAnnotationPresent(DirectRoute.class) || base == null) {
                    continue;
                }
                Path sub = method.getAnnotation(Path.class);
                String path = join(base.value(), sub == null ? "" : sub.value());
                String[] names = queryNames(method);
                boolean get = method.isAnnotationPresent(GET.class);
                if (path.indexOf('{') >= 0 || names == null || get == method.isAnnotationPresent(HEAD.class)) {
                    LOG.warn("{}.{} is marked as a direct route but does not qualify (a literal path, only"
                            + " String query parameters, GET or HEAD): served by Jersey only",
                            resource.getClass().getName(), method.getName());
                    continue;
                }
                (get ? gets : heads).put(path, new Route(resource, method, names, contentType(method)));
            }
        }
        return new DirectRoutes(Map.copyOf(gets), Map.copyOf(heads), json, dockerHeaders, errors);
    }

    /** Answers the request if it is one of these routes, plain and the method returns; else false, nothing written. */
    boolean handle(Request request, Response response, Callback callback) {
        Map<String, Route> routes = switch (request.getMethod()) {
            case "GET" -> gets;
            case "HEAD" -> heads;
            default -> null;
        };
        if (routes == null || routes.isEmpty() || request.getLength() > 0
                || request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING)) {
            return false;
        }
        ApiVersion.Prefixed prefixed = ApiVersion.splitPath(request.getHttpURI().getPath());
        Route route = routes.get(prefixed.path());
        if (route == null || !versionAccepted(prefixed)) {
            return false;
        }
        Object answer;
        try {
            answer = route.method().invoke(route.resource(), arguments(route, request.getHttpURI().getQuery()));
        } catch (InvocationTargetException thrown) {
            // mapped here as Jersey maps it: asking Jersey to call again would pay a slow failure twice
            return writeBuilt(errors.toResponse(thrown.getCause()), response, callback);
        } catch (IllegalAccessException | RuntimeException e) {
            LOG.debug("{} left to Jersey: {}", prefixed.path(), e.toString());
            return false;
        }
        if (answer instanceof jakarta.ws.rs.core.Response built) {
            return writeBuilt(built, response, callback);
        }
        return writeJson(answer, route.method().getReturnType(), route.method().getGenericReturnType(),
                route.contentType(), 200, response, callback);
    }

    private static boolean versionAccepted(ApiVersion.Prefixed prefixed) {
        try {
            ApiVersion.negotiate(prefixed.requested());
            return true;
        } catch (IllegalArgumentException refused) {
            return false; // Jersey's filter answers dockerd's 400
        }
    }

    /** As Jersey decodes {@code @QueryParam} values: the first of each name, or null. */
    private static Object[] arguments(Route route, String rawQuery) {
        Object[] args = new Object[route.queryNames().length];
        if (rawQuery == null || rawQuery.isEmpty() || args.length == 0) {
            return args;
        }
        MultivaluedMap<String, String> query = UriComponent.decodeQuery(rawQuery, true);
        for (int i = 0; i < args.length; i++) {
            args[i] = query.getFirst(route.queryNames()[i]);
        }
        return args;
    }

    /**
     * A {@code Response}: its status and headers, and its entity as text or JSON (an error's); an
     * entity that only Jersey's own writers take (bytes, streams) is left to Jersey.
     */
    private boolean writeBuilt(jakarta.ws.rs.core.Response built, Response response, Callback callback) {
        Object entity = built.getEntity();
        boolean text = entity instanceof String;
        if (entity != null && !text && !json.isWriteable(entity.getClass(), entity.getClass(), null, null)) {
            return false;
        }
        for (Map.Entry<String, List<String>> header : built.getStringHeaders().entrySet()) {
            for (String value : header.getValue()) {
                response.getHeaders().add(header.getKey(), value);
            }
        }
        if (entity != null && !text) {
            String type = response.getHeaders().get(HttpHeader.CONTENT_TYPE);
            return writeJson(entity, entity.getClass(), entity.getClass(), type == null ? MediaType.APPLICATION_JSON : type,
                    built.getStatus(), response, callback);
        }
        response.setStatus(built.getStatus());
        dockerHeaders.forEach(response.getHeaders()::put);
        if (entity == null) {
            callback.succeeded();
        } else {
            byte[] body = ((String) entity).getBytes(StandardCharsets.UTF_8);
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
            response.write(true, ByteBuffer.wrap(body), callback);
        }
        return true;
    }

    private boolean writeJson(Object answer, Class<?> type, java.lang.reflect.Type genericType, String contentType,
            int status, Response response, Callback callback) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        dockerHeaders.forEach(response.getHeaders()::put);
        LengthOrStream body = new LengthOrStream(response);
        try {
            json.writeTo(answer, type, genericType, new Annotation[0], MediaType.APPLICATION_JSON_TYPE, null, body);
        } catch (IOException | RuntimeException e) {
            if (!body.streaming()) {
                response.reset();
                return false; // nothing sent yet: Jersey answers, with its error
            }
            callback.failed(e);
            return true;
        }
        body.finish(callback);
        return true;
    }

    private static String join(String base, String sub) {
        String first = strip(base);
        String second = strip(sub);
        return first.isEmpty() || second.isEmpty() ? "/" + first + second : "/" + first + "/" + second;
    }

    private static String strip(String segment) {
        String s = segment.startsWith("/") ? segment.substring(1) : segment;
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    /** The query parameter names, or null when a parameter is anything but a {@code @QueryParam String}. */
    private static String[] queryNames(Method method) {
        Annotation[][] annotations = method.getParameterAnnotations();
        Class<?>[] types = method.getParameterTypes();
        String[] names = new String[types.length];
        for (int i = 0; i < types.length; i++) {
            for (Annotation a : annotations[i]) {
                if (a instanceof QueryParam q) {
                    names[i] = q.value();
                }
            }
            if (names[i] == null || types[i] != String.class) {
                return null;
            }
        }
        return names;
    }

    private static String contentType(Method method) {
        Produces produces = method.getAnnotation(Produces.class);
        if (produces == null) {
            produces = method.getDeclaringClass().getAnnotation(Produces.class);
        }
        return produces == null || produces.value().length == 0 || produces.value()[0].contains("*")
                ? MediaType.APPLICATION_JSON : produces.value()[0];
    }

    /**
     * The body: kept while it fits {@link #BUFFERED_BYTES}, then sent with its length in one write; a
     * longer one goes out through Jetty's blocking stream as it is written (chunked), never held whole.
     */
    private static final class LengthOrStream extends OutputStream {
        private final Response response;
        private byte[] buffer = new byte[512];
        private int count;
        private OutputStream stream;

        LengthOrStream(Response response) {
            this.response = response;
        }

        boolean streaming() {
            return stream != null;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            if (stream == null && count + length > BUFFERED_BYTES) {
                stream = Content.Sink.asOutputStream(response);
                stream.write(buffer, 0, count);
            }
            if (stream != null) {
                stream.write(bytes, offset, length);
                return;
            }
            if (count + length > buffer.length) {
                buffer = java.util.Arrays.copyOf(buffer, Math.max(count + length, Math.min(2 * buffer.length,
                        BUFFERED_BYTES)));
            }
            System.arraycopy(bytes, offset, buffer, count, length);
            count += length;
        }

        void finish(Callback callback) {
            if (stream == null) {
                response.getHeaders().put(HttpHeader.CONTENT_LENGTH, count);
                response.write(true, ByteBuffer.wrap(buffer, 0, count), callback);
                return;
            }
            try {
                stream.close();
                callback.succeeded();
            } catch (IOException e) {
                callback.failed(e);
            }
        }
    }
}
