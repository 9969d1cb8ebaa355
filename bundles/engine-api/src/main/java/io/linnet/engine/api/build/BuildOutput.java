package io.linnet.engine.api.build;

import io.linnet.engine.api.image.ProgressSink;

/**
 * Where a build reports, in the terms of Docker's JSON-lines build stream: {@code stream} lines
 * for steps and RUN output, {@code status}/{@code progress} lines while a base image is pulled.
 */
public interface BuildOutput extends ProgressSink {

    /** The {@code {"aux":{"ID":"sha256:…"}}} line naming the image a stage built. */
    void imageId(String id);

    @Override
    default void status(String id, String status) {
    }

    @Override
    default void progress(String id, String status, long current, long total) {
    }
}
