package io.linnet.engine.api.build;

/** Where a build reports, in the terms of Docker's JSON-lines build stream. */
public interface BuildOutput {
    /** A {@code {"stream": text}} line. */
    void stream(String text);

    /** The {@code {"aux":{"ID":"sha256:…"}}} line naming the image built. */
    void imageId(String id);
}
