package io.linnet.api.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The body of every error answer: {@code {"message": "..."}}, as dockerd sends it. */
public record ErrorResponse(@JsonProperty("message") String message) {
}
