package io.linnet.http;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.ext.MessageBodyReader;
import jakarta.ws.rs.ext.MessageBodyWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.io.Writer;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Request and response bodies as JSON with the daemon's one mapper ({@code DockerJson}), in place of
 * Jackson's JAX-RS provider. That provider resolved the body's generic type, looked for annotations
 * and built a reader or writer on every request (a tenth of the CPU of {@code GET /containers/json});
 * here each type's reader and writer is made once. Same rules otherwise: JSON media types (or none),
 * never the types Jersey's own providers write (text, bytes, streams), an empty body reads as null.
 */
@Produces(MediaType.WILDCARD)
@Consumes(MediaType.WILDCARD)
final class DockerJsonProvider implements MessageBodyReader<Object>, MessageBodyWriter<Object> {
    /** Jersey writes these itself; Jackson's provider leaves them alone too. */
    private static final Set<Class<?>> NOT_JSON = Set.of(String.class, byte[].class, char[].class,
            InputStream.class, Reader.class, OutputStream.class, Writer.class, StreamingOutput.class,
            Response.class);

    private final ObjectMapper mapper;
    private final ConcurrentHashMap<Type, ObjectWriter> writers = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Type, ObjectReader> readers = new ConcurrentHashMap<>();

    DockerJsonProvider(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public boolean isReadable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return isJson(mediaType) && !NOT_JSON.contains(type);
    }

    @Override
    public Object readFrom(Class<Object> type, Type genericType, Annotation[] annotations, MediaType mediaType,
            MultivaluedMap<String, String> headers, InputStream body) throws IOException {
        ObjectReader reader = readers.computeIfAbsent(genericType == null ? type : genericType,
                t -> mapper.readerFor(mapper.constructType(t)));
        try (JsonParser parser = reader.createParser(body)) {
            parser.disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);
            if (parser.nextToken() == null) {
                return null; // no body at all: as Jackson's provider (ALLOW_EMPTY_INPUT)
            }
            return reader.readValue(parser);
        }
    }

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return isJson(mediaType) && !NOT_JSON.contains(type);
    }

    @Override
    public void writeTo(Object value, Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType,
            MultivaluedMap<String, Object> headers, OutputStream out) throws IOException {
        ObjectWriter writer = writers.computeIfAbsent(genericType == null ? type : genericType, this::writerFor);
        try (JsonGenerator generator = writer.createGenerator(out, JsonEncoding.UTF8)) {
            generator.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            writer.writeValue(generator, value);
        }
    }

    /** Declared element types count (a {@code List<Summary>}); a plain Object is written as what it is. */
    private ObjectWriter writerFor(Type type) {
        JavaType declared = mapper.constructType(type);
        return declared.getRawClass() == Object.class ? mapper.writer() : mapper.writerFor(declared);
    }

    /** Jackson's provider's rule: no type given, or json, +json and the javascript types. */
    static boolean isJson(MediaType mediaType) {
        if (mediaType == null) {
            return true;
        }
        String subtype = mediaType.getSubtype();
        return "json".equalsIgnoreCase(subtype) || subtype.endsWith("+json") || "javascript".equals(subtype)
                || "x-javascript".equals(subtype) || "x-json".equals(subtype);
    }
}
