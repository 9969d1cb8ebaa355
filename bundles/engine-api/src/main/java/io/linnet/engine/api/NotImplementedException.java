package io.linnet.engine.api;

/** The daemon does not offer this operation (dockerd answers 501). */
public class NotImplementedException extends EngineException {
    public NotImplementedException(String message) {
        super(message);
    }

    public NotImplementedException(String message, Throwable cause) {
        super(message, cause);
    }
}
