package io.linnet.engine.api.build;

import java.io.InputStream;

/** Dockerfile builds (Docker's classic builder) on the daemon's images and containers. */
public interface BuildService {

    /**
     * Builds from a context tar stream (plain, gzip, bzip2 or xz).
     *
     * @return the ID of the image built
     * @throws io.linnet.engine.api.InvalidParameterException for a bad context or Dockerfile (before any output: 400)
     * @throws BuildFailedException when a step fails (the message is Docker's)
     */
    String build(InputStream context, BuildRequest request, BuildOutput output);
}
