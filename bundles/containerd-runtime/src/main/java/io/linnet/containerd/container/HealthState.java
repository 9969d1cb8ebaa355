package io.linnet.containerd.container;

import io.linnet.engine.api.container.ContainerHealth;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/** One container's health as moby's handleProbeResult keeps it: status, failing streak, last 5 results. */
final class HealthState {

    static final int MAX_LOG_ENTRIES = 5;

    private Instant startedAt;
    private Duration startPeriod;
    private int retries;
    private final Deque<ContainerHealth.Result> log = new ArrayDeque<>();
    private String status = ContainerHealth.STARTING;
    private int failingStreak;

    HealthState(Instant startedAt, Duration startPeriod, int retries) {
        this.startedAt = startedAt;
        this.startPeriod = startPeriod;
        this.retries = retries;
    }

    /** A new run of the container (a start or a restart): starting again, the log kept, as dockerd does. */
    synchronized void restarted(Instant startedAt, Duration startPeriod, int retries) {
        this.startedAt = startedAt;
        this.startPeriod = startPeriod;
        this.retries = retries;
        status = ContainerHealth.STARTING;
        failingStreak = 0;
    }

    /** Records a probe result; answers the new status when it changed, else null. */
    synchronized String record(ContainerHealth.Result result) {
        String before = status;
        log.addLast(result);
        while (log.size() > MAX_LOG_ENTRIES) {
            log.removeFirst();
        }
        if (result.exitCode() == 0) {
            failingStreak = 0;
            status = ContainerHealth.HEALTHY;
        } else {
            boolean inStartPeriod = ContainerHealth.STARTING.equals(status)
                    && Duration.between(startedAt, result.start()).compareTo(startPeriod) < 0;
            if (!inStartPeriod) {
                failingStreak++;
                if (failingStreak >= retries) {
                    status = ContainerHealth.UNHEALTHY;
                }
            }
        }
        return status.equals(before) ? null : status;
    }

    synchronized ContainerHealth snapshot() {
        return new ContainerHealth(status, failingStreak, List.copyOf(log));
    }

    /** The run this state belongs to. */
    synchronized Instant startedAt() {
        return startedAt;
    }

    /** The state a daemon kept for a run (status, streak and log), to go on with after a restart. */
    static HealthState resumed(Instant startedAt, Duration startPeriod, int retries, ContainerHealth kept) {
        HealthState state = new HealthState(startedAt, startPeriod, retries);
        state.status = kept.status();
        state.failingStreak = kept.failingStreak();
        state.log.addAll(kept.log());
        return state;
    }
}
