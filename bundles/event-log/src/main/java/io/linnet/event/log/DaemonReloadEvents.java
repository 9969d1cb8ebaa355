package io.linnet.event.log;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.linnet.api.model.json.DockerJson;
import io.linnet.engine.api.event.Event;
import io.linnet.engine.api.event.EventService;
import io.linnet.engine.api.system.EngineInfo;
import io.linnet.engine.api.system.SystemService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * dockerd's {@code reload} daemon event: each time the launcher reloads daemon.json (SIGHUP) it
 * rewrites the live configuration (PID io.linnet.daemon.live), and this component says so on the
 * event stream with the reloadable settings as attributes, named and written as dockerd writes them
 * (lists as JSON), the daemon's ID as actor and its host name as {@code name}.
 */
@Component(configurationPid = DaemonReloadEvents.LIVE_PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        immediate = true, service = {})
public final class DaemonReloadEvents {
    static final String LIVE_PID = "io.linnet.daemon.live";
    private static final ObjectMapper JSON = DockerJson.newMapper();
    private final EventService events;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile SystemService system;

    @Activate
    public DaemonReloadEvents(@Reference EventService events) {
        this.events = events;
    }

    @Modified
    void reloaded(Map<String, Object> live) {
        SystemService s = system;
        EngineInfo engine = s == null ? null : s.engineInfo();
        Map<String, String> attributes = attributes(live);
        if (engine != null) {
            attributes.put("name", engine.name());
        }
        events.publish(Event.now("daemon", "reload", engine == null ? "" : engine.id(), attributes));
    }

    static Map<String, String> attributes(Map<String, Object> live) {
        Map<String, String> a = new LinkedHashMap<>();
        a.put("debug", text(live, "debug", "false"));
        a.put("insecure-registries", jsonList(text(live, "insecureRegistries", "")));
        a.put("labels", jsonList(text(live, "labels", "")));
        a.put("live-restore", text(live, "liveRestore", "false"));
        a.put("max-concurrent-downloads", text(live, "maxConcurrentDownloads", "3"));
        a.put("max-concurrent-uploads", text(live, "maxConcurrentUploads", "5"));
        a.put("max-download-attempts", text(live, "maxDownloadAttempts", "5"));
        a.put("registry-mirrors", jsonList(text(live, "registryMirrors", "")));
        a.put("shutdown-timeout", text(live, "shutdownTimeout", "15"));
        // reloadPlatform's (daemon/reload_unix.go)
        a.put("runtimes", runtimes(text(live, "runtimes", "{}")));
        a.put("default-runtime", text(live, "defaultRuntime", "runc"));
        a.put("default-shm-size", text(live, "defaultShmSize", Long.toString(64L << 20)));
        a.put("default-ipc-mode", "private");
        String cgroupns = text(live, "defaultCgroupnsMode", "");
        a.put("default-cgroupns-mode", !cgroupns.isEmpty() ? cgroupns
                : Files.exists(Path.of("/sys/fs/cgroup/cgroup.controllers")) ? "private" : "host");
        a.put("allow-nondistributable-artifacts", "[]");
        return a;
    }

    /** dockerd's "name:path" of each runtime, space separated: runc under both its names, then the configured ones. */
    static String runtimes(String json) {
        Map<String, String> configured;
        try {
            configured = JSON.readValue(json, new TypeReference<Map<String, String>>() { });
        } catch (java.io.IOException e) {
            configured = Map.of();
        }
        Map<String, String> all = new LinkedHashMap<>();
        all.put("io.containerd.runc.v2", "runc");
        all.put("runc", "runc");
        all.putAll(new TreeMap<>(configured));
        return all.entrySet().stream().map(e -> e.getKey() + ":" + e.getValue()).collect(Collectors.joining(" "));
    }

    private static String text(Map<String, Object> live, String key, String fallback) {
        Object v = live.get(key);
        return v == null ? fallback : String.valueOf(v);
    }

    /** A comma-separated setting as the JSON array dockerd puts in the attribute. */
    private static String jsonList(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .map(s -> "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"")
                .collect(Collectors.joining(",", "[", "]"));
    }
}
