package io.linnet.api.containers;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.linnet.api.model.DockerTime;
import io.linnet.api.model.Filters;
import io.linnet.api.model.container.ContainerCreateRequest;
import io.linnet.api.model.container.ContainerInspect;
import io.linnet.api.model.container.ContainerState;
import io.linnet.api.model.container.ContainerSummary;
import io.linnet.api.model.container.MountPoint;
import io.linnet.api.model.container.NetworkSettings;
import io.linnet.api.model.image.ImageInspect;
import io.linnet.engine.api.InvalidParameterException;
import io.linnet.engine.api.container.Container;
import io.linnet.engine.api.container.ContainerCreate;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Docker JSON ⇄ engine types for the container routes, list filters and status texts. */
final class ContainerViews {

    static final ObjectMapper JSON = io.linnet.api.model.json.DockerJson.newMapper();
    static final Set<String> STATUSES = Set.of("created", "restarting", "running", "removing", "paused", "exited", "dead");

    private ContainerViews() {
    }

    /** dockerd's name check, before anything else of the request. */
    static void checkName(String name) {
        if (name != null && !name.isEmpty()) {
            io.linnet.engine.api.container.ContainerName.checked(name);
        }
    }

    /** The create request as the engine takes it: Docker's own records, defaults are the engine's. */
    static ContainerCreate toCreate(String name, ContainerCreateRequest r) {
        return new ContainerCreate(name, r.config(), r.hostConfig(),
                r.networkingConfig() == null ? null : r.networkingConfig().endpointsConfig());
    }

    /** Mounts as inspect and list show them: sorted by destination (dockerd's order is a map's). */
    static List<MountPoint> mountPoints(Container c) {
        return c.mounts().stream()
                .sorted(java.util.Comparator.comparing(io.linnet.engine.api.container.MountPoint::destination))
                .map(m -> new MountPoint(m.type(), m.name(), m.source(), m.destination(), m.driver(), m.mode(), m.rw(),
                        m.propagation()))
                .toList();
    }

    static ContainerState state(Container c) {
        return state(c, HealthViews.Lookup.NONE);
    }

    static ContainerState state(Container c, HealthViews.Lookup health) {
        var s = c.state();
        return new ContainerState(s.status(), s.running(), s.paused(), "restarting".equals(s.status()), s.oomKilled(),
                false, s.pid(),
                s.exitCode(), s.error(), time(s.startedAt()), time(s.finishedAt()), HealthViews.of(c, health));
    }

    static String time(Instant t) {
        return t == null ? DockerTime.ZERO : DockerTime.rfc3339Nano(t);
    }

    /** The Status column: "Up 3 seconds", "Exited (0) 2 minutes ago", "Created". */
    static String statusText(Container c, Instant now, HealthViews.Lookup health) {
        var s = c.state();
        Duration sinceStarted = s.startedAt() == null ? Duration.ZERO : Duration.between(s.startedAt(), now);
        Duration sinceFinished = s.finishedAt() == null ? Duration.ZERO : Duration.between(s.finishedAt(), now);
        return state(c, health).statusText(sinceStarted, sinceFinished, "removing".equals(s.status()));
    }

    static ContainerInspect inspect(Container c) {
        return inspect(c, null, HealthViews.Lookup.NONE);
    }

    /** With the container's network state (null: none known). */
    static ContainerInspect inspect(Container c, io.linnet.engine.api.network.ContainerNetworkState net,
            HealthViews.Lookup health) {
        return new ContainerInspect(c.id(), time(c.created()), c.path(), c.args(), state(c, health), c.imageId(), "", "", "",
                c.logPath(), c.name(), c.restartCount(), "overlayfs", "linux", "", "", "", null,
                c.hostConfig(), new ImageInspect.GraphDriver(Map.of(), "overlayfs"), null,
                null, mountPoints(c), c.config(),
                net == null ? NetworkSettings.of(Map.of(), Map.of()) : NetworkViews.settings(net));
    }

    static ContainerSummary summary(Container c, Instant now) {
        return summary(c, now, null, HealthViews.Lookup.NONE);
    }

    static ContainerSummary summary(Container c, Instant now, io.linnet.engine.api.network.ContainerNetworkState net,
            HealthViews.Lookup health) {
        String networkMode = c.hostConfig().networkMode();
        List<String> names = new java.util.ArrayList<>(List.of(c.name()));
        names.addAll(c.linkNames()); // as dockerd: "/db", "/web/db"
        return new ContainerSummary(c.id(), names, c.image(), c.imageId(),
                ContainerSummary.command(c.path(), c.args()), c.created().getEpochSecond(),
                net == null ? List.of() : NetworkViews.listPorts(net), 0, 0,
                c.labels(), c.state().status(), statusText(c, now, health),
                new ContainerSummary.SummaryHostConfig(networkMode),
                net == null ? new ContainerSummary.SummaryNetworkSettings(Map.of()) : NetworkViews.listNetworks(net),
                mountPoints(c));
    }

    /**
     * The list filters dockerd knows that this daemon can answer: id, name, label, status, exited.
     *
     * @throws InvalidParameterException for unknown filters or bad values, as dockerd words them
     */
    static Predicate<Container> filter(Filters f, boolean all) {
        return filter(f, all, List.of(), HealthViews.Lookup.NONE);
    }

    /**
     * @param every all containers, for {@code before} and {@code since} (which name other containers)
     */
    static Predicate<Container> filter(Filters f, boolean all, List<Container> every, HealthViews.Lookup health) {
        try {
            f.accept("id", "name", "label", "status", "exited", "ancestor", "before", "since", "volume", "network",
                    "health", "is-task", "publish", "expose");
        } catch (IllegalArgumentException e) {
            throw new InvalidParameterException(e.getMessage().replace("invalid filter", "Invalid filter"));
        }
        for (String s : f.get("status")) {
            if (!STATUSES.contains(s)) {
                throw new InvalidParameterException("Invalid filter 'status=" + s + "'");
            }
        }
        for (String e : f.get("exited")) {
            try {
                Integer.parseInt(e);
            } catch (NumberFormatException ex) {
                throw new InvalidParameterException("invalid filter 'exited=" + e + "'");
            }
        }
        List<Pattern> names = f.get("name").stream().map(ContainerViews::regex).toList();
        for (String h : f.get("health")) {
            if (!Set.of("starting", "healthy", "unhealthy", "none").contains(h)) {
                throw new InvalidParameterException("Unrecognised filter value for health: " + h);
            }
        }
        Instant before = reference(f, "before", every, true);
        Instant since = reference(f, "since", every, false);
        boolean showAll = all || f.has("status") || f.has("exited") || f.has("since") || f.has("before");
        return c -> {
            if (!showAll && !c.state().running()) {
                return false;
            }
            if (f.has("id") && f.get("id").stream().noneMatch(c.id()::startsWith)) {
                return false;
            }
            if (!names.isEmpty() && names.stream().noneMatch(p -> p.matcher(c.name()).find()
                    || p.matcher(c.name().substring(1)).find())) {
                return false;
            }
            if (f.has("status") && !f.get("status").contains(c.state().status())) {
                return false;
            }
            if (f.has("exited")) {
                if (c.state().running() || c.state().startedAt() == null
                        || !f.get("exited").contains(Integer.toString(c.state().exitCode()))) {
                    return false;
                }
            }
            if (f.has("ancestor") && !f.get("ancestor").contains(c.image()) && !f.get("ancestor").contains(c.imageId())) {
                return false;
            }
            if (before != null && !c.created().isBefore(before)) {
                return false;
            }
            if (since != null && !c.created().isAfter(since)) {
                return false;
            }
            if (f.has("volume") && c.mounts().stream().noneMatch(m -> f.get("volume").contains(m.name())
                    || f.get("volume").contains(m.destination()) || f.get("volume").contains(m.source()))) {
                return false;
            }
            if (f.has("health") && !f.get("health").contains(HealthViews.status(c, health))) {
                return false;
            }
            if (f.get("is-task").contains("true")) {
                return false; // no swarm tasks here
            }
            return f.matchesLabels("label", c.labels());
        };
    }

    /** The creation time of the container a {@code before}/{@code since} filter names (404 when unknown). */
    private static Instant reference(Filters f, String key, List<Container> every, boolean earliest) {
        Instant found = null;
        for (String ref : f.get(key)) {
            String name = ref.startsWith("/") ? ref : "/" + ref;
            Container c = every.stream().filter(x -> x.id().equals(ref) || x.name().equals(name)).findFirst()
                    .or(() -> {
                        var byPrefix = every.stream().filter(x -> x.id().startsWith(ref)).toList();
                        return byPrefix.size() == 1 ? java.util.Optional.of(byPrefix.get(0)) : java.util.Optional.empty();
                    })
                    .orElseThrow(() -> new io.linnet.engine.api.NotFoundException("No such container: " + ref));
            if (found == null || (earliest ? c.created().isBefore(found) : c.created().isAfter(found))) {
                found = c.created();
            }
        }
        return found;
    }

    private static Pattern regex(String s) {
        try {
            return Pattern.compile(s);
        } catch (PatternSyntaxException e) {
            throw new InvalidParameterException("error parsing regexp: " + e.getDescription());
        }
    }
}
