package io.linnet.containerd.config;

import io.linnet.containerd.client.ContainerdConnection;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;

/**
 * The daemon-wide defaults as they are now: those read at start, with the ones a SIGHUP reloads (runtimes,
 * default runtime, default-shm-size, default-cgroupns-mode, live-restore, shutdown-timeout) from the live
 * configuration, which the launcher rewrites on each reload. Read at each use, so the next container, the next
 * {@code docker info} and the next daemon stop see a reload; containers already created keep what they got.
 */
@Component(service = LiveDefaults.class, configurationPid = LiveDefaults.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
public final class LiveDefaults {
    static final String PID = "io.linnet.daemon.live";
    private final ContainerdConnection containerd;
    private volatile Map<String, ?> live = Map.of();
    /** The last answer and the start defaults it was made from: parsed once per reload, not per request. */
    private volatile Merged merged;

    private record Merged(EngineDefaults atStart, Map<String, ?> live, EngineDefaults current) {
    }

    @Activate
    public LiveDefaults(@Reference ContainerdConnection containerd, Map<String, Object> properties) {
        this.containerd = containerd;
        modified(properties);
    }

    /** The defaults read at start only (no live configuration). */
    public static LiveDefaults atStart(ContainerdConnection containerd) {
        return new LiveDefaults(containerd, Map.of());
    }

    @Modified
    void modified(Map<String, Object> properties) {
        live = Map.copyOf(properties);
    }

    public EngineDefaults current() {
        EngineDefaults atStart = containerd.settings().defaults();
        Map<String, ?> now = live;
        Merged m = merged;
        if (m == null || m.atStart() != atStart || m.live() != now) {
            m = new Merged(atStart, now, atStart.reloaded(now));
            merged = m;
        }
        return m.current();
    }
}
