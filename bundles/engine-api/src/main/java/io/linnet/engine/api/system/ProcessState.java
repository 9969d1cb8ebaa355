package io.linnet.engine.api.system;

import java.time.Instant;

/**
 * The daemon's process now, as {@code docker info} shows it.
 *
 * @param openFileDescriptors NFd: descriptors the process holds open
 * @param threads             NGoroutines: dockerd counts goroutines, the engine counts its live threads
 * @param systemTime          SystemTime: the host's clock when asked
 */
public record ProcessState(int openFileDescriptors, int threads, Instant systemTime) {
}
