package io.linnet.engine.api.system;

/** Version of one part of the runtime stack, as `docker version` lists them under Components. */
public record ComponentVersion(String name, String version, String gitCommit) {
}
