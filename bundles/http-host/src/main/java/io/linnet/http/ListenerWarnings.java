package io.linnet.http;

import io.linnet.engine.api.system.ApiListeners;
import java.util.ArrayList;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;

/** dockerd's `docker info` warnings about the configured TCP listeners (daemon/info.go fillAPIInfo). */
@Component(service = ApiListeners.class, configurationPid = "io.linnet.daemon",
        configurationPolicy = ConfigurationPolicy.REQUIRE)
public final class ListenerWarnings implements ApiListeners {
    private static final String ATTACK_SURFACE = "\n         Access to the remote API is equivalent to root access on the host. Refer"
            + "\n         to the 'Docker daemon attack surface' section in the documentation for"
            + "\n         more information: https://docs.docker.com/go/attack-surface/";
    private final List<String> warnings;

    @Activate
    public ListenerWarnings(HttpHostConfig config) {
        this.warnings = of(config);
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
    public List<String> warnings() {
        return warnings;
    }
}
