package io.linnet.engine.api;

/** The object is already in the requested state (dockerd answers 304). */
public class NotModifiedException extends EngineException {
    public NotModifiedException(String message) {
        super(message);
    }

    public NotModifiedException(String message, Throwable cause) {
        super(message, cause);
    }
}
