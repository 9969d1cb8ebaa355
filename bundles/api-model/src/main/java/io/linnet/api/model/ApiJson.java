package io.linnet.api.model;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * The limits every mapper that reads a client's JSON applies, so hostile input fails as a parse
 * error (a 400) instead of a deep recursion or a huge allocation.
 */
public final class ApiJson {
    /** No Docker API body nests deeper than about ten levels; Jackson's own default is 1000. */
    public static final int MAX_NESTING_DEPTH = 100;
    /** Strings are bounded by the body cap anyway; numbers longer than this are not numbers a client means. */
    public static final int MAX_NUMBER_LENGTH = 100;

    private ApiJson() {
    }

    public static StreamReadConstraints constraints() {
        return StreamReadConstraints.builder()
                .maxNestingDepth(MAX_NESTING_DEPTH)
                .maxNumberLength(MAX_NUMBER_LENGTH)
                .build();
    }

    /**
     * A list of strings as Go reads {@code []string}: a JSON null inside is "" (Java's immutable
     * copies refuse nulls). Null stays null (the field was not given).
     */
    public static java.util.List<String> strings(java.util.List<String> list) {
        return list == null ? null : list.stream().map(s -> s == null ? "" : s).toList();
    }

    /** A map as Go reads {@code map[string]string}: a null value is "". */
    public static java.util.Map<String, String> strings(java.util.Map<String, String> map) {
        if (map == null) {
            return null;
        }
        java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
        map.forEach((k, v) -> out.put(k, v == null ? "" : v));
        return out;
    }

    /**
     * moby's {@code httputils.ReadJSON}: one JSON document of {@code type}, nothing after it; every
     * failure is an {@link InvalidJsonException} worded as dockerd's ("invalid JSON: ..."). An empty
     * body gives null (dockerd's "no body, no fields"); a body of only spaces is an EOF, as Go's
     * decoder sees it.
     */
    public static <T> T readBody(ObjectMapper mapper, byte[] body, Class<T> type) {
        if (body == null || body.length == 0) {
            return null;
        }
        try (JsonParser parser = mapper.createParser(body)) {
            if (parser.nextToken() == null) {
                throw new InvalidJsonException("invalid JSON: got EOF while reading request body");
            }
            T value = mapper.readValue(parser, type);
            if (!atEnd(parser)) {
                throw new InvalidJsonException("unexpected content after JSON");
            }
            return value;
        } catch (JsonProcessingException e) {
            throw new InvalidJsonException("invalid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidJsonException("invalid JSON: " + e.getMessage());
        }
    }

    /** Whether only whitespace follows the document (anything else, even garbage, is "after JSON"). */
    private static boolean atEnd(JsonParser parser) {
        try {
            return parser.nextToken() == null;
        } catch (IOException e) {
            return false;
        }
    }
}
