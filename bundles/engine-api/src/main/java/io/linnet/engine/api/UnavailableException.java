package io.linnet.engine.api;

/** A backend the operation needs is not reachable now (dockerd answers 503). */
public class UnavailableException extends EngineException {
    public UnavailableException(String message) {
        super(message);
    }

    public UnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
