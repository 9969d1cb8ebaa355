package io.linnet.engine.api;

/** The request conflicts with the object's state (dockerd answers 409). */
public class ConflictException extends EngineException {
    public ConflictException(String message) {
        super(message);
    }

    public ConflictException(String message, Throwable cause) {
        super(message, cause);
    }
}
