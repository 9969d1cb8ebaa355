package io.linnet.engine.api.system;

import java.util.List;

/** Daemon-wide settings `docker info` shows, as they are now (a SIGHUP reload changes some). */
public interface DaemonSettings {
    /** dockerd's warnings for TCP listeners without TLS or without client verification; empty when none. */
    List<String> apiWarnings();

    /** Whether the daemon runs with --debug (info's Debug). */
    boolean debug();

    /** The engine's {@code key=value} labels (--label, daemon.json's labels). */
    List<String> labels();

    /** Whether the daemon runs with --experimental (info's ExperimentalBuild, /_ping's Docker-Experimental). */
    default boolean experimental() {
        return false;
    }
}
