package io.linnet.http;

import io.linnet.engine.api.system.DaemonSettings;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;

/**
 * The daemon settings `docker info` shows, from the daemon configuration and its live part (which a
 * SIGHUP reload changes): dockerd's warnings about the TCP listeners (daemon/info.go fillAPIInfo),
 * experimental (read at start, as dockerd's), debug and the engine's labels.
 */
@Component(service = DaemonSettings.class, configurationPid = {"io.linnet.daemon", "io.linnet.daemon.live"},
        configurationPolicy = ConfigurationPolicy.REQUIRE)
public final class DaemonSettingsView implements DaemonSettings {
    private static final String ATTACK_SURFACE = "\n         Access to the remote API is equivalent to root access on the host. Refer"
            + "\n         to the 'Docker daemon attack surface' section in the documentation for"
            + "\n         more information: https://docs.docker.com/go/attack-surface/";
    private final List<String> warnings;
    private final boolean experimental;
    private volatile boolean debug;
    private volatile List<String> labels = List.of();

    @Activate
    public DaemonSettingsView(HttpHostConfig config, Map<String, Object> properties) {
        this.warnings = of(config);
        // dockerd's --experimental: read at start only (a reload leaves it)
        this.experimental = Boolean.parseBoolean(String.valueOf(properties.get("experimental")));
        modified(properties);
    }

    /** A reload: the listeners stay as they are (they need a restart), debug and labels change. */
    @Modified
    void modified(Map<String, Object> properties) {
        debug = Boolean.parseBoolean(String.valueOf(properties.get("debug")));
        Object list = properties.get("labels");
        labels = list == null ? List.of() : Arrays.stream(String.valueOf(list).split(",")).map(String::trim)
                .filter(s -> !s.isEmpty()).toList();
    }

    static List<String> of(HttpHostConfig config) {
        List<String> out = new ArrayList<>();
        for (String host : config.hosts().split(",")) {
            if (host.isBlank() || !(ListenAddress.parse(host, config.tls()) instanceof ListenAddress.Tcp tcp)) {
                continue;
            }
            String address = tcp.host() + ":" + tcp.port();
            if (!config.tls()) {
                out.add("WARNING: API is accessible on http://" + address + " without encryption." + ATTACK_SURFACE);
            } else if (!config.tlsVerify()) {
                out.add("WARNING: API is accessible on https://" + address + " without TLS client verification."
                        + ATTACK_SURFACE);
            }
        }
        return List.copyOf(out);
    }

    @Override
    public List<String> apiWarnings() {
        return warnings;
    }

    @Override
    public boolean experimental() {
        return experimental;
    }

    @Override
    public boolean debug() {
        return debug;
    }

    @Override
    public List<String> labels() {
        return labels;
    }
}
