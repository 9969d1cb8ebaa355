package io.linnet.engine.api;

/**
 * An error dockerd returns without a kind (a plain Go error, moby's errdefs "unknown"): the client sees 500 with
 * the message. Use it only where dockerd answers so, to keep the status a client sees the same as dockerd's.
 */
public class UnknownException extends EngineException {
    public UnknownException(String message) {
        super(message);
    }
}
