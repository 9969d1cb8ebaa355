package io.linnet.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The default bridge network's options: flags, daemon.json, defaults beside dockerd's docker0. */
class BridgeOptionsTest {

    @Test
    void defaultsStayClearOfDocker0() {
        DaemonOptions o = DaemonOptions.merge(Map.of(), Map.of());
        assertEquals("172.30.0.1/16", o.bip());
        assertEquals("linnet0", o.bridge());
    }

    @Test
    void flagsAndFileSetThem() {
        DaemonOptions flags = DaemonOptions.merge(CommandLine.parse(new String[] {"--bip", "10.9.0.1/24", "-b", "lnt1"}),
                Map.of());
        assertEquals("10.9.0.1/24", flags.bip());
        assertEquals("lnt1", flags.bridge());
        DaemonOptions file = DaemonOptions.merge(Map.of(),
                DaemonConfigFile.parse("{\"bip\":\"10.8.0.1/16\",\"bridge\":\"lnt2\"}", "daemon.json"));
        assertEquals("10.8.0.1/16", file.bip());
        assertEquals("lnt2", file.bridge());
        assertThrows(IllegalArgumentException.class, () -> DaemonOptions.merge(
                CommandLine.parse(new String[] {"--bip", "10.9.0.1/24"}),
                DaemonConfigFile.parse("{\"bip\":\"10.8.0.1/16\"}", "daemon.json")));
    }
}
