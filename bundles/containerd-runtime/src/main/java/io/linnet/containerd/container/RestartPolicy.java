package io.linnet.containerd.container;

import io.linnet.api.model.container.HostConfig;
import io.linnet.engine.api.InvalidParameterException;

import java.time.Duration;

/**
 * HostConfig.RestartPolicy with dockerd's rules (moby restartmanager): {@code always} and
 * {@code unless-stopped} restart whatever the exit code, {@code on-failure[:max]} on a non-zero one up
 * to max times; nothing restarts a container its user stopped.
 */
record RestartPolicy(String name, int maxRetries) {

    static final RestartPolicy NO = new RestartPolicy("no", 0);
    static final Duration FIRST_DELAY = Duration.ofMillis(100);
    static final Duration MAX_DELAY = Duration.ofMinutes(1);
    /** A container that ran this long before it exited restarts after the first delay again. */
    static final Duration RESET_AFTER = Duration.ofSeconds(10);

    static RestartPolicy of(HostConfig hostConfig) {
        boolean autoRemove = hostConfig.autoRemove();
        String name = hostConfig.restartPolicy().name();
        int max = hostConfig.restartPolicy().maximumRetryCount();
        RestartPolicy parsed = switch (name) {
            case "", "no" -> {
                if (max != 0) {
                    throw new InvalidParameterException("invalid restart policy: maximum retry count can only be used with 'on-failure'");
                }
                yield NO;
            }
            case "always", "unless-stopped" -> {
                if (max != 0) {
                    throw new InvalidParameterException("invalid restart policy: maximum retry count can only be used with 'on-failure'");
                }
                yield new RestartPolicy(name, 0);
            }
            case "on-failure" -> {
                if (max < 0) {
                    throw new InvalidParameterException("invalid restart policy: maximum retry count cannot be negative");
                }
                yield new RestartPolicy(name, max);
            }
            default -> throw new InvalidParameterException("invalid restart policy: unknown policy '" + name
                    + "'; use one of 'no', 'always', 'on-failure', or 'unless-stopped'");
        };
        if (autoRemove && parsed != NO) {
            throw new InvalidParameterException(AUTO_REMOVE_CONFLICT);
        }
        return parsed;
    }

    static final String AUTO_REMOVE_CONFLICT = "can't create 'AutoRemove' container with restart policy";

    /** After an exit while the daemon runs. */
    boolean restartsAfter(int exitCode, boolean stoppedByUser, int restartCount) {
        if (stoppedByUser) {
            return false;
        }
        return switch (name) {
            case "always", "unless-stopped" -> true;
            case "on-failure" -> exitCode != 0 && (maxRetries == 0 || restartCount < maxRetries);
            default -> false;
        };
    }

    /** When the daemon starts and finds the container stopped. */
    boolean startsWithDaemon(boolean stoppedByUser) {
        return name.equals("always") || (name.equals("unless-stopped") && !stoppedByUser);
    }

    /** moby's back-off: 100 ms, doubled at each restart up to a minute, reset by 10 s of running. */
    static Duration nextDelay(Duration previous, Duration ranFor) {
        if (previous == null || ranFor.compareTo(RESET_AFTER) >= 0) {
            return FIRST_DELAY;
        }
        Duration doubled = previous.multipliedBy(2);
        return doubled.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : doubled;
    }
}
