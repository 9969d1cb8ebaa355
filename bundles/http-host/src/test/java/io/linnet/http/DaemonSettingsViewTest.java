package io.linnet.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.util.List;
import org.junit.jupiter.api.Test;

/** `docker info` warns about TCP listeners as dockerd does: plain, or TLS without client verification. */
class DaemonSettingsViewTest {
    private static HttpHostConfig config(String hosts, boolean tls, boolean verify) {
        return new HttpHostConfig() {
            public Class<? extends Annotation> annotationType() { return HttpHostConfig.class; }
            public String hosts() { return hosts; }
            public String socketMode() { return "0660"; }
            public boolean tls() { return tls; }
            public boolean tlsVerify() { return verify; }
            public String tlsCaCert() { return ""; }
            public String tlsCert() { return ""; }
            public String tlsKey() { return ""; }
        };
    }

    @Test
    void plainTcpIsWithoutEncryption() {
        List<String> w = DaemonSettingsView.of(config("unix:///run/l.sock,tcp://127.0.0.1:2375", false, false));
        assertEquals(1, w.size());
        assertTrue(w.get(0).startsWith("WARNING: API is accessible on http://127.0.0.1:2375 without encryption.\n"
                + "         Access to the remote API is equivalent to root access on the host."), w.get(0));
    }

    @Test
    void tlsWithoutVerifyIsWithoutClientVerificationAndDefaultsTo2376() {
        List<String> w = DaemonSettingsView.of(config("tcp://0.0.0.0", true, false));
        assertEquals(1, w.size());
        assertTrue(w.get(0).startsWith("WARNING: API is accessible on https://0.0.0.0:2376 without TLS client "
                + "verification."), w.get(0));
    }

    @Test
    void labelsAndDebugFollowTheLiveConfiguration() {
        DaemonSettingsView view = new DaemonSettingsView(config("unix:///run/l.sock", false, false),
                java.util.Map.of("debug", "false"));
        assertEquals(List.of(), view.labels());
        view.modified(java.util.Map.of("debug", "true", "labels", "site=lab,tier=1"));
        assertEquals(List.of("site=lab", "tier=1"), view.labels());
        assertTrue(view.debug());
    }

    @Test
    void experimentalIsTheDaemonsAsStarted() {
        assertTrue(new DaemonSettingsView(config("unix:///run/l.sock", false, false),
                java.util.Map.of("experimental", "true")).experimental());
        assertEquals(false, new DaemonSettingsView(config("unix:///run/l.sock", false, false), java.util.Map.of())
                .experimental());
    }

    @Test
    void verifiedTlsAndUnixSocketsWarnOfNothing() {
        assertEquals(List.of(), DaemonSettingsView.of(config("unix:///run/l.sock,tcp://0.0.0.0:2376", true, true)));
    }
}
