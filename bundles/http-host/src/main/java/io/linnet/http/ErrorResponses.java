package io.linnet.http;

import io.linnet.api.model.ErrorResponse;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Builds Docker's error answers: a status and {@code {"message": "..."}}. */
final class ErrorResponses {
    private ErrorResponses() {
    }

    static Response of(int status, String message) {
        if (status == 304) {
            // A 304 carries no body.
            return Response.notModified().build();
        }
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorResponse(io.linnet.http.stream.SystemErrorText.asDockerd(message)))
                .build();
    }
}
