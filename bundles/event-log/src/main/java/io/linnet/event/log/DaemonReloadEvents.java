package io.linnet.event.log;

import io.linnet.engine.api.event.Event;
import io.linnet.engine.api.event.EventService;
import io.linnet.engine.api.system.EngineInfo;
import io.linnet.engine.api.system.SystemService;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

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
    private final EventService events;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
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
        a.put("live-restore", "false");
        a.put("max-concurrent-downloads", text(live, "maxConcurrentDownloads", "3"));
        a.put("max-concurrent-uploads", text(live, "maxConcurrentUploads", "5"));
        a.put("max-download-attempts", text(live, "maxDownloadAttempts", "5"));
        a.put("registry-mirrors", jsonList(text(live, "registryMirrors", "")));
        a.put("shutdown-timeout", text(live, "shutdownTimeout", "15"));
        return a;
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
