package io.linnet.api.model;

/** A request body that is not the JSON its endpoint takes: the host answers it with dockerd's 400. */
public final class InvalidJsonException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidJsonException(String message) {
        super(message);
    }
}
