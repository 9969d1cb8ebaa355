package io.linnet.engine.api.system;

/** How many containers (by state) and images the daemon holds, for `docker info`. */
public record ObjectCounts(int containers, int running, int paused, int stopped, int images) {
}
