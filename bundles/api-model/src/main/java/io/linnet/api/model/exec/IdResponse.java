package io.linnet.api.model.exec;

import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code {"Id": "..."}}, the answer to an exec create. */
public record IdResponse(@JsonProperty("Id") String id) {
}
