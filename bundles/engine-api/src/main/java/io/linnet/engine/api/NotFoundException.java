package io.linnet.engine.api;

/** An object the request names does not exist (dockerd answers 404). */
public class NotFoundException extends EngineException {
    public NotFoundException(String message) {
        super(message);
    }

    public NotFoundException(String message, Throwable cause) {
        super(message, cause);
    }
}
