package io.linnet.engine.api;

/** Credentials are missing or refused (dockerd answers 401). */
public class UnauthorizedException extends EngineException {
    public UnauthorizedException(String message) {
        super(message);
    }

    public UnauthorizedException(String message, Throwable cause) {
        super(message, cause);
    }
}
