package io.linnet.api.model.container;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.linnet.api.model.DockerTime;
import java.time.Duration;

/**
 * State of {@code GET /containers/{id}/json}. StartedAt and FinishedAt are RFC 3339 with
 * nanoseconds, Go's zero time ({@value DockerTime#ZERO}) when it never happened. Health is
 * omitted when the container has no healthcheck. Status is one of the STATUS_ constants.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ContainerState(
        @JsonProperty("Status") String status,
        @JsonProperty("Running") boolean running,
        @JsonProperty("Paused") boolean paused,
        @JsonProperty("Restarting") boolean restarting,
        @JsonProperty("OOMKilled") boolean oomKilled,
        @JsonProperty("Dead") boolean dead,
        @JsonProperty("Pid") int pid,
        @JsonProperty("ExitCode") int exitCode,
        @JsonProperty("Error") String error,
        @JsonProperty("StartedAt") String startedAt,
        @JsonProperty("FinishedAt") String finishedAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("Health") Health health) {

    public static final String STATUS_CREATED = "created";
    public static final String STATUS_RUNNING = "running";
    public static final String STATUS_PAUSED = "paused";
    public static final String STATUS_RESTARTING = "restarting";
    public static final String STATUS_REMOVING = "removing";
    public static final String STATUS_EXITED = "exited";
    public static final String STATUS_DEAD = "dead";

    public ContainerState {
        status = status == null ? "" : status;
        error = error == null ? "" : error;
        startedAt = startedAt == null ? DockerTime.ZERO : startedAt;
        finishedAt = finishedAt == null ? DockerTime.ZERO : finishedAt;
    }

    /** The state of a container that was created and never started. */
    public static ContainerState created() {
        return new ContainerState(STATUS_CREATED, false, false, false, false, false, 0, 0, "", DockerTime.ZERO,
                DockerTime.ZERO, null);
    }

    /**
     * moby's State.String(): the human Status of {@code GET /containers/json} ("Created",
     * "Up 5 minutes", "Up 2 hours (healthy)", "Up 3 seconds (Paused)", "Exited (0) 2 days ago",
     * "Restarting (1) 4 seconds ago", "Removal In Progress", "Dead").
     *
     * @param sinceStarted time since StartedAt (for running containers)
     * @param sinceFinished time since FinishedAt (exited, restarting)
     * @param removing whether a removal is in progress
     */
    public String statusText(Duration sinceStarted, Duration sinceFinished, boolean removing) {
        if (running) {
            if (paused) {
                return "Up " + humanDuration(sinceStarted) + " (Paused)";
            }
            if (restarting) {
                return "Restarting (" + exitCode + ") " + humanDuration(sinceFinished) + " ago";
            }
            if (health != null) {
                String h = Health.STARTING.equals(health.status()) ? "health: starting" : health.status();
                return "Up " + humanDuration(sinceStarted) + " (" + h + ")";
            }
            return "Up " + humanDuration(sinceStarted);
        }
        if (removing) {
            return "Removal In Progress";
        }
        if (dead) {
            return "Dead";
        }
        if (DockerTime.ZERO.equals(startedAt)) {
            return "Created";
        }
        if (DockerTime.ZERO.equals(finishedAt)) {
            return "";
        }
        return "Exited (" + exitCode + ") " + humanDuration(sinceFinished) + " ago";
    }

    /** go-units HumanDuration, as the Status column and {@code docker ps} print it. */
    public static String humanDuration(Duration d) {
        long seconds = d.getSeconds();
        if (seconds < 1) {
            return "Less than a second";
        } else if (seconds == 1) {
            return "1 second";
        } else if (seconds < 60) {
            return seconds + " seconds";
        }
        long minutes = d.toMinutes();
        if (minutes == 1) {
            return "About a minute";
        } else if (minutes < 60) {
            return minutes + " minutes";
        }
        double exactHours = d.toNanos() / 3.6e12;
        long hours = (long) (exactHours + 0.5);
        if (hours == 1) {
            return "About an hour";
        } else if (hours < 48) {
            return hours + " hours";
        } else if (hours < 24 * 7 * 2) {
            return hours / 24 + " days";
        } else if (hours < 24 * 30 * 2) {
            return hours / 24 / 7 + " weeks";
        } else if (hours < 24 * 365 * 2) {
            return hours / 24 / 30 + " months";
        }
        return (long) exactHours / 24 / 365 + " years";
    }
}
