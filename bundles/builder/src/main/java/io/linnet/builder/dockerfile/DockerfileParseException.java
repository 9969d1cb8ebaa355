package io.linnet.builder.dockerfile;

import io.linnet.engine.api.InvalidParameterException;

/** A Dockerfile that does not parse; the message names the line, as Docker's. */
public class DockerfileParseException extends InvalidParameterException {
    public DockerfileParseException(int line, String message) {
        super("dockerfile parse error line " + line + ": " + message);
    }
}
