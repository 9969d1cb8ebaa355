package io.linnet.engine.api;

/** The operation is not allowed on this object (dockerd answers 403). */
public class ForbiddenException extends EngineException {
    public ForbiddenException(String message) {
        super(message);
    }

    public ForbiddenException(String message, Throwable cause) {
        super(message, cause);
    }
}
