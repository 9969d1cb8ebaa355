package io.linnet.engine.api;

/** A parameter of the request is malformed or out of range (dockerd answers 400). */
public class InvalidParameterException extends EngineException {
    public InvalidParameterException(String message) {
        super(message);
    }

    public InvalidParameterException(String message, Throwable cause) {
        super(message, cause);
    }
}
